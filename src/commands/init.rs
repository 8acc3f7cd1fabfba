//! `kmi init [DIR]`: a new dossier — `kmi.toml`, the folders, a short README
//! for coordinators, a git pre-commit hook that runs `kmi check` (and a
//! `.pre-commit-config.yaml` for teams that use the pre-commit tool), and a
//! git repository with a first commit. Only into an empty (or new)
//! directory — one that holds nothing but a fresh `git init` counts as
//! empty, and that repository is used: init never overwrites anything, and
//! never makes a repository inside another one without being told.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::session::{Outcome, RunError, Session};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The directory of the new dossier: empty, or not there yet.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,

    /// The dossier's name in kmi.toml.
    #[arg(long, default_value = "Keurmerkinstituut — JB/JR")]
    pub name: String,

    /// Do not create a git repository, install no hook and make no commit (for a dossier inside a repository that exists).
    #[arg(long)]
    pub no_git: bool,
}

/// The files of a new dossier, by path.
pub fn files(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kmi.toml", kmi_toml(name)),
        ("README.md", README.to_owned()),
        (".pre-commit-config.yaml", PRE_COMMIT.to_owned()),
        (".gitignore", gitignore()),
        ("people/.gitkeep", String::new()),
        ("institutions/.gitkeep", String::new()),
    ]
}

fn kmi_toml(name: &str) -> String {
    format!(
        r#"# The root of a certification dossier (certificatiedossier), checked by
# `kmi check`. The dossier format: `kmi schema kmi`, and docs/format.md of kmi.

[dossier]
name = {name}
# The certification scheme (certificatieschema): the built-in "jbjr", or a
# scheme file of this dossier that extends it with the norms of the
# normenkader, e.g. "scheme.toml" holding `extends = "jbjr"` and [[norm]]s.
scheme = "jbjr"
# The time zone that decides what "today" is for deadlines (peildatum).
timezone = "Europe/Amsterdam"

# Per-rule severity (ernst): "error", "warning" or "off"; `kmi rules` lists
# the rules, e.g.  scope = "off"
[rules]

# `kmi check --since REV` (history-backdated): how many days a date may lie
# before the commit that first records it.
[history]
backdate_days = 30

# Context factors (contextfactoren) this dossier allows beside the built-in
# list, e.g.  extra = ["covid-measures"]
[context]
extra = []
"#,
        name = toml::Value::String(name.to_owned())
    )
}

const README: &str = r#"# Certification dossier

The certification dossier (certificatiedossier) of the Keurmerkinstituut for
the JB/JR scheme: every person, institution, audit, finding and decision as a
TOML file, checked by `kmi` before every commit.

## Layout

```text
kmi.toml                                     settings of the dossier
people/<person>.toml                         auditors, experts, decision makers (personen)
institutions/<i>/institution.toml            a certified institution (GI) or applicant
institutions/<i>/audits/<audit>.toml         an audit with its findings (bevindingen) and follow-ups
institutions/<i>/decisions/<decision>.toml   a certificate decision (certificaatbesluit)
institutions/<i>/progress/<yyyy-mm>.toml     a monthly progress report (voortgangsrapportage)
```

## Working on the dossier

New records come from templates, with the required keys and comments; `kmi`
never overwrites a file:

```sh
kmi new person anna-jansen --name "Anna Jansen" --role lead-auditor --role expert
kmi new institution jbn --name "Jeugdbescherming Noord"
kmi new audit jbn 2025-05-initial --day 2025-05-08 --lead anna-jansen --expert bram-bakker
kmi new finding jbn 2025-05-initial --norm 4.2 --class non-critical
kmi new decision jbn 2025-07-08-grant --by dirk-de-vries --audit 2025-05-initial
kmi new progress jbn 2025-01
```

Then fill in the `TODO`s, and before you commit:

```sh
kmi check            # every rule, every file; `kmi rules <id>` explains a rule
```

`kmi init` installed a git hook (`.git/hooks/pre-commit`) that runs
`kmi check` before every commit; git does not copy hooks with a clone, so
in another clone copy it there, or, if your team uses the pre-commit tool,
run `pre-commit install` once (it reads `.pre-commit-config.yaml`).

Records are never deleted or rewritten after the fact: a finding is closed or
reclassified by a follow-up of a later audit, a certificate by a new decision.
"#;

/// Never commit kmi's temporary files: a writer stopped by `kill -9` or a
/// power cut leaves its copy of a record behind (`kmi check` warns about it).
fn gitignore() -> String {
    format!(
        "# kmi's temporary files: a copy of a record being written, left behind only\n# when kmi was killed; `kmi check` names them. Delete them.\n{}\n",
        crate::write::TEMP_PATTERN
    )
}

const PRE_COMMIT: &str = r#"# pre-commit (https://pre-commit.com) runs `kmi check` before every commit.
# Install the hook once per clone with `pre-commit install`; kmi must be on PATH.
repos:
  - repo: local
    hooks:
      - id: kmi-check
        name: kmi check (certification dossier)
        entry: kmi check
        language: system
        # The rules compare records across files: check the whole dossier.
        pass_filenames: false
        always_run: true
"#;

/// The git hook `kmi init` installs: `kmi check` before every commit.
/// Git runs hooks at the top of the working tree, which is the dossier.
pub const HOOK: &str = "#!/bin/sh\n# Installed by `kmi init`: check the certification dossier before every commit.\n# Skip once with `git commit --no-verify`.\nexec kmi check\n";

pub fn run(_s: &Session, args: &Args, _out: &mut dyn Write) -> Result<Outcome, RunError> {
    let dir = &args.dir;
    refuse_unless_empty(dir)?;
    if !args.no_git {
        refuse_nested_repository(dir)?;
    }
    for (rel, text) in files(&args.name) {
        crate::write::create_new_in(dir, rel, text.as_bytes())?;
    }
    let mut note = String::new();
    if !args.no_git {
        let (repo, commit) = first_commit(dir)?;
        let hook = install_hook(&repo)?;
        note = format!(
            ", git repository with its first commit {commit:.7}{}",
            if hook {
                " and a pre-commit hook that runs `kmi check`"
            } else {
                " (a pre-commit hook was there already: left as it was)"
            }
        );
    }
    eprintln!(
        "created a new dossier in {}{note}\nnext: `kmi new person <id>`, `kmi new institution <id>`; `kmi check` before every commit",
        dir.display()
    );
    Ok(Outcome::Clean)
}

/// Whether `dir` holds only what counts as empty: nothing, or the `.git`
/// of a `git init`.
fn refuse_unless_empty(dir: &Path) -> Result<(), RunError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(RunError::said(
                format!("{} is a file, not a directory", dir.display()),
                format!("{} is een bestand, geen map", dir.display()),
            ));
        }
        Err(source) => {
            return Err(crate::write::WriteError::Io {
                path: dir.to_path_buf(),
                source,
            }
            .into());
        }
    };
    if let Some(first) = entries.flatten().find(|e| e.file_name() != ".git") {
        let name = first.file_name().to_string_lossy().into_owned();
        return Err(RunError::said(
            format!(
                "{} is not empty (it holds {name}): kmi init starts a dossier only in an empty or new directory",
                dir.display(),
            ),
            format!(
                "{} is niet leeg (er staat {name} in): kmi init begint een dossier alleen in een lege of nieuwe map",
                dir.display(),
            ),
        ));
    }
    Ok(())
}

/// A dossier inside another repository would get a repository of its own
/// (a nested repository, which the outer one sees as an unknown folder):
/// refuse and say how to add it to the outer one instead.
fn refuse_nested_repository(dir: &Path) -> Result<(), RunError> {
    if dir.join(".git").exists() {
        return Ok(());
    }
    // The nearest directory that exists: the repository is found from there.
    let existing = dir
        .ancestors()
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .find(|d| d.is_dir())
        .unwrap_or(Path::new("."));
    let Ok(outer) = git2::Repository::discover(existing) else {
        return Ok(());
    };
    let top = outer.workdir().map_or_else(
        || outer.path().display().to_string(),
        |w| w.display().to_string(),
    );
    let d = dir.display();
    Err(RunError::said(
        format!(
            "{d} is inside the git repository at {top}; kmi init would make a repository inside it. \
             To keep the dossier in that repository, run `kmi init --no-git {d}` and commit the files there; \
             for a repository of its own, choose a directory outside it"
        ),
        format!(
            "{d} ligt in de git-repository in {top}; kmi init zou er een repository in maken. \
             Om het dossier in die repository te houden: `kmi init --no-git {d}` en leg de bestanden daar vast; \
             kies voor een eigen repository een map daarbuiten"
        ),
    ))
}

/// Install [`HOOK`] as the repository's pre-commit hook, executable; a hook
/// that is there already is left alone (false).
fn install_hook(repo: &git2::Repository) -> Result<bool, RunError> {
    let path = repo.path().join("hooks").join("pre-commit");
    match crate::write::create_new(&path, HOOK.as_bytes()) {
        Ok(()) => {}
        Err(crate::write::WriteError::Exists(_)) => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .map_err(|source| crate::write::WriteError::Io {
                path: path.clone(),
                source,
            })?
            .permissions()
            .mode();
        // Executable for whoever may read it.
        std::fs::set_permissions(
            &path,
            std::fs::Permissions::from_mode(mode | ((mode & 0o444) >> 2)),
        )
        .map_err(|source| crate::write::WriteError::Io { path, source })?;
    }
    Ok(true)
}

/// `git init` (or the repository of a `git init` already there) and a first
/// commit of everything init wrote.
fn first_commit(dir: &Path) -> Result<(git2::Repository, git2::Oid), git2::Error> {
    let repo = match git2::Repository::open(dir) {
        Ok(r) if r.workdir().is_some() => r,
        _ => git2::Repository::init(dir)?,
    };
    let mut index = repo.index()?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    // Without user.name and user.email in git's configuration, kmi signs.
    let signature = repo
        .signature()
        .or_else(|_| git2::Signature::now("kmi init", "kmi@localhost"))?;
    let commit = repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        "Start the certification dossier\n\nCreated by `kmi init`: kmi.toml, people/, institutions/, a README\nfor coordinators and a pre-commit hook that runs `kmi check`.\n",
        &tree,
        &[],
    )?;
    drop(tree);
    Ok((repo, commit))
}

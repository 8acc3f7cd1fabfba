//! `kmi init [DIR]`: a new dossier — `kmi.toml`, the folders, a short README
//! for coordinators, a pre-commit hook that runs `kmi check`, and a git
//! repository with a first commit. Only into an empty (or new) directory:
//! init never overwrites anything.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, Outcome, RunError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The directory of the new dossier: empty, or not there yet.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,

    /// The dossier's name in kmi.toml.
    #[arg(long, default_value = "Keurmerkinstituut — JB/JR")]
    pub name: String,

    /// Do not create a git repository (for a dossier inside a repository that exists).
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

`pre-commit install` (once per clone) makes git run `kmi check` before every
commit.

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

pub fn run(_cli: &Cli, args: &Args, _out: &mut dyn Write) -> Result<Outcome, RunError> {
    let dir = &args.dir;
    refuse_unless_empty(dir)?;
    for (rel, text) in files(&args.name) {
        crate::write::create_new_in(dir, rel, text.as_bytes())?;
    }
    let mut note = String::new();
    if !args.no_git {
        let commit = first_commit(dir)?;
        note = format!(", git repository with its first commit {:.7}", commit);
    }
    eprintln!(
        "created a new dossier in {}{note}\nnext: `kmi new person <id>`, `kmi new institution <id>`; `kmi check` before every commit",
        dir.display()
    );
    Ok(Outcome::Clean)
}

fn refuse_unless_empty(dir: &Path) -> Result<(), RunError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(RunError::Usage(format!(
                "{} is a file, not a directory",
                dir.display()
            )));
        }
        Err(source) => {
            return Err(crate::write::WriteError::Io {
                path: dir.to_path_buf(),
                source,
            }
            .into());
        }
    };
    if let Some(first) = entries.flatten().next() {
        return Err(RunError::Usage(format!(
            "{} is not empty (it holds {}): kmi init starts a dossier only in an empty or new directory",
            dir.display(),
            first.file_name().to_string_lossy()
        )));
    }
    Ok(())
}

/// `git init` and a first commit of everything init wrote.
fn first_commit(dir: &Path) -> Result<git2::Oid, git2::Error> {
    let repo = git2::Repository::init(dir)?;
    let mut index = repo.index()?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    // Without user.name and user.email in git's configuration, kmi signs.
    let signature = repo
        .signature()
        .or_else(|_| git2::Signature::now("kmi init", "kmi@localhost"))?;
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        "Start the certification dossier\n\nCreated by `kmi init`: kmi.toml, people/, institutions/, a README\nfor coordinators and a pre-commit hook that runs `kmi check`.\n",
        &tree,
        &[],
    )
}

//! `kmi check`: every rule on every file, every problem in one run.

use std::io::Write;
use std::path::Path;

use crate::diag::{Diagnostic, Severity};
use crate::dossier::Dossier;
use crate::facts::Facts;
use crate::history::History;
use crate::render::{self, Report, Summary};
use crate::session::{Outcome, RunError, Session};

crate::formats! {
    /// Every format: check is what CI runs.
    pub enum Out {
        Human,
        Json,
        Sarif,
        Github,
        Junit,
        Gitlab,
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Also judge the change since this git revision (sinds revisie): the
    /// history rules refuse deleted or rewritten records, in-place
    /// reclassifications, and warn on backdated dates (see docs/git.md).
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,

    /// Also name, on stderr, the files under people/ and institutions/ that kmi does not read
    /// (only `.toml` record files are read; see docs/format.md).
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    // The working tree without --since is judged a few institutions at a
    // time (`rules::check_in_parts`); a revision or a history is judged whole.
    let (dossier, mut diags) = if args.since.is_none() && s.rev().is_none() {
        let parts = s.load_parts()?;
        let as_of = s.as_of(&parts.base);
        crate::rules::check_in_parts(parts, as_of, crate::rules::INSTITUTIONS_PER_PART)
    } else {
        judge_whole(s, args)?
    };
    for d in &mut diags {
        d.localize(s.lang);
    }
    if args.verbose && s.rev().is_none() {
        for rel in not_read(&dossier.root) {
            let said = match s.lang {
                crate::i18n::Lang::En => format!("not read: {rel} (not a .toml record file)"),
                crate::i18n::Lang::Nl => {
                    format!("niet gelezen: {rel} (geen .toml-recordbestand)")
                }
            };
            eprintln!("{said}");
        }
    }
    let summary = Summary::of(&diags, dossier.files.len());
    let ci = || Report::new(&dossier, &diags, ci_base(&dossier.root));
    let text = match s.format::<Out>() {
        Out::Human => {
            let base = std::env::current_dir()
                .map(|cwd| render::display_base(&dossier.root, &cwd))
                .unwrap_or_default();
            render::human::render(&dossier, &diags, summary, s.lang, &base)
        }
        Out::Json => render::json::render(&diags, summary),
        Out::Sarif => render::sarif::render(&ci()),
        Out::Github => render::github::render(&ci()),
        Out::Junit => render::junit::render(&ci()),
        Out::Gitlab => render::gitlab::render(&ci()),
    };
    out.write_all(text.as_bytes())?;
    warn_leftovers(&dossier.leftovers);
    // The process ends after this: the operating system takes the memory
    // back at once, where freeing a whole dossier's records (with --rev or
    // --since) or every file read one by one costs CPU that nobody waits for.
    std::mem::forget(dossier);
    let failing = diags.iter().any(|d| {
        d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning)
    });
    Ok(if failing {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// `check --rev` or `check --since`: the dossier loaded and judged whole,
/// with the history rules.
fn judge_whole(s: &Session, args: &Args) -> Result<(Dossier, Vec<Diagnostic>), RunError> {
    let mut dossier = s.load()?;
    let as_of = s.as_of(&dossier);
    let history = match &args.since {
        None => None,
        Some(since) => {
            let (repo, _) = s.repo()?;
            let since = repo.resolve(since)?;
            let current = s.rev().map(|r| repo.resolve(r)).transpose()?;
            Some(History::build(
                &repo,
                &since,
                current.as_ref(),
                &dossier,
                as_of,
            )?)
        }
    };
    // The history rules judge what was written; the others the dossier as
    // it stood on the as-of date.
    let mut found = history
        .as_ref()
        .map(|h| crate::rules::run_history(&dossier, h))
        .unwrap_or_default();
    crate::asof::restrict(&mut dossier, as_of);
    let facts = Facts::build(&dossier, as_of);
    found.extend(crate::rules::run_rules(&dossier, &facts));
    let diags = crate::rules::finish(&dossier, found, history.as_ref());
    // See the end of `run`.
    std::mem::forget(facts);
    Ok((dossier, diags))
}

/// Temporary files of a kmi writer that was killed are copies of records:
/// say where they are, so they are deleted rather than committed.
fn warn_leftovers(leftovers: &[String]) {
    if leftovers.is_empty() {
        return;
    }
    eprintln!(
        "warning: {} temporary file{} of an interrupted kmi write (a copy of a record; delete {}): {}",
        leftovers.len(),
        if leftovers.len() == 1 { "" } else { "s" },
        if leftovers.len() == 1 { "it" } else { "them" },
        crate::render::escape(&leftovers.join(", "))
    );
}

/// The files in the record folders that are not `.toml` files, relative to
/// the root: kmi leaves them alone (hidden files, such as `.gitkeep`, aside).
fn not_read(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for top in crate::load::layout::TOPS {
        let walk = walkdir::WalkDir::new(root.join(top))
            .max_depth(crate::load::layout::max_depth(top))
            .sort_by_file_name();
        for entry in walk.into_iter().flatten() {
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || name.starts_with('.') || name.ends_with(".toml") {
                continue;
            }
            if let Ok(rel) = entry.path().strip_prefix(root) {
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out
}

/// Where the CI formats' paths start: the dossier root as seen from the
/// working directory (a CI job runs in the checkout), or the root itself.
fn ci_base(root: &Path) -> String {
    let Ok(cwd) = std::env::current_dir() else {
        return String::new();
    };
    match (root.canonicalize(), cwd.canonicalize()) {
        (Ok(root), Ok(cwd)) => render::base_path(&root, &cwd),
        _ => String::new(),
    }
}

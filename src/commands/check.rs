//! `kmi check`: every rule on every file, every problem in one run.

use std::io::Write;
use std::path::Path;

use crate::cli::{Cli, Format, Outcome, RunError};
use crate::diag::Severity;
use crate::facts::Facts;
use crate::render::{self, Report, Summary};

/// Every format: check is what CI runs.
pub const FORMATS: &[Format] = &[
    Format::Human,
    Format::Json,
    Format::Sarif,
    Format::Github,
    Format::Junit,
    Format::Gitlab,
];

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    let dossier = crate::cli::load_dossier(cli)?;
    let as_of = crate::cli::as_of(cli, &dossier);
    let facts = Facts::build(&dossier);
    let diags = crate::rules::check(&dossier, &facts, as_of);
    let summary = Summary::of(&diags, dossier.files.len());
    let ci = || Report::new(&dossier, &diags, ci_base(&dossier.root));
    let text = match cli.format {
        Format::Human => render::human::render(&dossier, &diags, summary),
        Format::Json => render::json::render(&diags, summary),
        Format::Sarif => render::sarif::render(&ci()),
        Format::Github => render::github::render(&ci()),
        Format::Junit => render::junit::render(&ci()),
        Format::Gitlab => render::gitlab::render(&ci()),
    };
    out.write_all(text.as_bytes())?;
    let failing = diags.iter().any(|d| {
        d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning)
    });
    Ok(if failing {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
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

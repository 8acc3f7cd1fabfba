//! `kmi check`: every rule on every file, every problem in one run.

use std::io::Write;

use crate::cli::{Cli, Format, Outcome, RunError};
use crate::diag::Severity;
use crate::facts::Facts;
use crate::render::{self, Summary};

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
    let text = match cli.format {
        Format::Human => render::human::render(&dossier, &diags, summary),
        Format::Json => render::json::render(&diags, summary),
    };
    out.write_all(text.as_bytes())?;
    drop(facts);
    drop_in_background(dossier);
    let failing = diags.iter().any(|d| {
        d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning)
    });
    Ok(if failing {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// Free `value` on another thread. Freeing the records of a large dossier
/// takes tens of milliseconds that nobody needs to wait for once the output
/// is written; when the process exits first, the operating system takes the
/// memory back at once.
fn drop_in_background<T: Send + 'static>(value: T) {
    // Should the thread not start, the closure and `value` are dropped here.
    let _ = std::thread::Builder::new()
        .name("drop".to_owned())
        .spawn(move || drop(value));
}

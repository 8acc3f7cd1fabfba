//! `kmi consistency`: per norm, how it was classified at each institution and
//! why — where equal cases were judged differently without a recorded reason.

use std::io::Write;

use crate::cli::{Cli, Format, Outcome, RunError};
use crate::clock::Date;
use crate::facts::Facts;
use crate::render::consistency as render;

/// What this command prints; the first is the default.
pub const FORMATS: &[Format] = &[Format::Human, Format::Markdown, Format::Json];

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this norm (e.g. 4.2 or D.5.3).
    #[arg(long, value_name = "ID")]
    pub norm: Option<String>,
    /// Only audits that started on or after this date.
    #[arg(long, value_name = "DATE")]
    pub since: Option<Date>,
}

pub fn run(cli: &Cli, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    let (dossier, as_of) = crate::cli::load_as_of(cli)?;
    let facts = Facts::build(&dossier, as_of);
    let views = crate::consistency::build(&dossier, &facts, args.norm.as_deref(), args.since);
    let text = match cli.format {
        Format::Human => render::table(&views, cli.lang),
        Format::Markdown => render::markdown(&views, cli.lang),
        Format::Json => render::json(&views),
        other => {
            return Err(crate::cli::unsupported(other, "consistency", FORMATS));
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

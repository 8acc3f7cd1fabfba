//! `kmi register`: the public register (openbaar register) — certified
//! institutions and pending applications; nothing confidential.

use std::io::Write;

use crate::cli::{Cli, Format, Outcome, RunError};
use crate::facts::Facts;
use crate::render::register as render;

/// What this command prints; the first is the default.
pub const FORMATS: &[Format] = &[
    Format::Human,
    Format::Markdown,
    Format::Csv,
    Format::Json,
    Format::Html,
];

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(cli: &Cli, _args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    let (dossier, as_of) = crate::cli::load_as_of(cli)?;
    let facts = Facts::build(&dossier, as_of);
    let register = crate::register::build(&facts, as_of);
    let text = match cli.format {
        Format::Human => render::table(&register, cli.lang),
        Format::Markdown => render::markdown(&register, cli.lang),
        Format::Csv => render::csv(&register),
        Format::Json => render::json(&register),
        Format::Html => render::html(&register, cli.lang),
        other => {
            return Err(crate::cli::unsupported(other, "register", FORMATS));
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

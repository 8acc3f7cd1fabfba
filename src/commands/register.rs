//! `kmi register`: the public register (openbaar register) — certified
//! institutions and pending applications; nothing confidential.

use std::io::Write;

use crate::facts::Facts;
use crate::render::register as render;
use crate::session::{Outcome, RunError, Session};

crate::formats! {
    /// What this command prints; the first is the default.
    pub enum Out {
        Human,
        Markdown,
        Csv,
        Json,
        Html,
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(s: &Session, _args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    let (dossier, as_of) = s.load_as_of()?;
    let facts = Facts::build(&dossier, as_of);
    let register = crate::register::build(&facts, as_of);
    let text = match s.format::<Out>() {
        Out::Human => render::table(&register, s.lang),
        Out::Markdown => render::markdown(&register, s.lang),
        Out::Csv => render::csv(&register),
        Out::Json => render::json(&register),
        Out::Html => render::html(&register, s.lang),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

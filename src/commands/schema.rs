//! `kmi schema [KIND]`: the JSON Schemas of the record files.

use std::io::Write;

use crate::load::Kind;
use crate::session::{Outcome, RunError, Session};

crate::formats! {
    /// A JSON Schema is JSON whichever of these is asked for.
    pub enum Out {
        Human,
        Json,
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One record kind: kmi, scheme, person, institution, audit, decision, progress.
    pub kind: Option<String>,
}

/// The committed text of a kind's schema file (`schema/<kind>.schema.json`).
pub fn schema_text(kind: Kind) -> String {
    let mut s = serde_json::to_string_pretty(&kind.json_schema()).expect("schemas serialize");
    s.push('\n');
    s
}

pub fn run(_s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    match &args.kind {
        Some(name) => {
            let kind = Kind::ALL
                .iter()
                .find(|k| k.schema_name() == name)
                .ok_or_else(|| {
                    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.schema_name()).collect();
                    RunError::said(
                        format!("no record kind `{name}`; one of: {}", names.join(", ")),
                        format!("geen soort record `{name}`; een van: {}", names.join(", ")),
                    )
                })?;
            out.write_all(schema_text(*kind).as_bytes())?;
        }
        None => {
            let all: serde_json::Map<String, serde_json::Value> = Kind::ALL
                .iter()
                .map(|k| (k.schema_name().to_owned(), k.json_schema()))
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&all).expect("schemas serialize")
            )?;
        }
    }
    Ok(Outcome::Clean)
}

//! `kmi consistency`: per norm, how it was classified at each institution and
//! why — where equal cases were judged differently without a recorded reason.

use std::io::Write;

use crate::clock::Date;
use crate::facts::Facts;
use crate::render::consistency as render;
use crate::session::{Outcome, RunError, Session};

crate::formats! {
    /// What this command prints; the first is the default.
    pub enum Out {
        Human,
        Markdown,
        Json,
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this norm (e.g. 4.2 or D.5.3).
    #[arg(long, value_name = "ID")]
    pub norm: Option<String>,
    /// Only audits that started on or after this date.
    #[arg(long, value_name = "DATE")]
    pub since: Option<Date>,
}

pub fn run(s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    let (dossier, as_of) = s.load_as_of()?;
    if let Some(norm) = &args.norm {
        check_norm(&dossier, norm)?;
    }
    let facts = Facts::build(&dossier, as_of);
    let views = crate::consistency::build(&dossier, &facts, args.norm.as_deref(), args.since);
    let text = match s.format::<Out>() {
        Out::Human => render::table(&views, s.lang),
        Out::Markdown => render::markdown(&views, s.lang),
        Out::Json => render::json(&views),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// A norm that is neither in the scheme's catalogue nor named by a finding
/// is a mistake: say so rather than print an empty report.
fn check_norm(dossier: &crate::dossier::Dossier, norm: &str) -> Result<(), RunError> {
    let in_catalogue = dossier.scheme.norms.keys().any(|n| n.as_str() == norm);
    let found = dossier.institutions.values().any(|i| {
        i.audits.values().any(|a| {
            a.data
                .finding
                .iter()
                .any(|f| f.get_ref().norm.get_ref().as_str() == norm)
        })
    });
    if in_catalogue || found {
        return Ok(());
    }
    let known: Vec<&str> = dossier.scheme.norms.keys().map(|n| n.as_str()).collect();
    let close = crate::diag::did_you_mean(norm, known.iter().copied());
    Err(RunError::said(
        format!("norm `{norm}` is not in the scheme's catalogue and no finding names it"),
        format!(
            "norm `{norm}` staat niet in de normencatalogus van het schema en geen bevinding noemt hem"
        ),
    )
    .did_you_mean(close))
}

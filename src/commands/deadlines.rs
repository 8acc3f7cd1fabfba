//! `kmi deadlines`: what is due, overdue and coming (termijnen).

use std::io::Write;

use crate::deadlines::{self, Kind, Status};
use crate::facts::Facts;
use crate::render::deadlines as render;
use crate::session::{Outcome, RunError, Session};

crate::formats! {
    /// What this command prints; the first is the default.
    pub enum Out {
        Human,
        Json,
        Csv,
        Yaml,
        Ics,
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The window in days: deadlines due from today through today + DAYS are `due`, later ones `upcoming`.
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub within: u32,
    /// Only this institution's deadlines.
    #[arg(long, value_name = "ID")]
    pub institution: Option<String>,
    /// Only the deadlines about this person (VOG, expertise, rotation).
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,
    /// Only deadlines of these kinds (repeat the option or separate with commas).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub kind: Vec<Kind>,
    /// Only overdue deadlines.
    #[arg(long)]
    pub overdue: bool,
    /// Hide deadlines later than the window.
    #[arg(long)]
    pub hide_upcoming: bool,
    /// In the calendar (`--format ics`), name institutions and people by id instead of by name.
    #[arg(long)]
    pub redact: bool,
}

pub fn run(s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    // One institution's deadlines need only its folder (and the people).
    let (dossier, as_of) = match &args.institution {
        Some(i) => s.load_institution_as_of(i)?,
        None => s.load_as_of()?,
    };
    if let Some(i) = &args.institution {
        RunError::known_institution(&dossier, i)?;
    }
    if let Some(p) = &args.person
        && !dossier.people.contains_key(p)
    {
        return Err(RunError::no_such(
            ("person", "persoon"),
            p,
            dossier.people.keys().map(String::as_str),
        ));
    }
    let facts = Facts::build(&dossier, as_of);
    let items: Vec<_> = deadlines::compute_in(&dossier, &facts, args.within, s.lang)
        .into_iter()
        .filter(|i| args.institution.is_none() || i.institution == args.institution)
        .filter(|i| args.person.is_none() || i.person == args.person)
        .filter(|i| args.kind.is_empty() || args.kind.contains(&i.kind))
        .filter(|i| !args.overdue || i.status == Status::Overdue)
        .filter(|i| !args.hide_upcoming || i.status != Status::Upcoming)
        .collect();
    let text = match s.format::<Out>() {
        Out::Human => render::table::render(&items, as_of, args.within, s.lang),
        Out::Json => render::json::render(&items),
        Out::Csv => render::csv::render(&items),
        Out::Yaml => render::yaml::render(&items),
        Out::Ics => {
            let name = dossier
                .config
                .as_ref()
                .map_or("dossier", |c| c.data.dossier.name.as_str());
            let names = |id: &str| -> Option<String> {
                if args.redact {
                    return None;
                }
                dossier
                    .institutions
                    .get(id)
                    .and_then(|i| i.record.as_ref())
                    .map(|r| r.data.name.clone())
                    .or_else(|| dossier.people.get(id).map(|p| p.data.name.clone()))
            };
            render::ics::render(&items, as_of, name, s.lang, &names)
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

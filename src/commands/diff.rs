//! `kmi diff`: compare the findings of two audits of an institution, or the
//! dossier at two git revisions.
//!
//! The forms are told apart by their arguments: three arguments whose first
//! is an institution of the dossier compare audits; one or two arguments
//! are revisions (the second defaults to the working tree).

use std::io::Write;

use crate::diag::did_you_mean;
use crate::diff::{audits, revisions};
use crate::facts::Facts;
use crate::session::{Outcome, RunError, Session};

crate::formats! {
    /// What this command prints; the first is the default.
    pub enum Out {
        Human,
        Json,
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Forms:\n  kmi diff <INSTITUTION> <AUDIT-A> <AUDIT-B>\n      the findings of two audits by norm: new, persisting, reclassified,\n      open (carried over), resolved; recurring norms\n  kmi diff <REV-A> [<REV-B>]\n      records changed between two git revisions\n      (default REV-B: the working tree)\n\nThree arguments whose first is an institution of the dossier compare\naudits; one or two compare revisions."
)]
pub struct Args {
    /// `<institution> <audit-a> <audit-b>`, or `<rev-a> [<rev-b>]`.
    #[arg(required = true, num_args = 1..=3, value_name = "ARG")]
    pub args: Vec<String>,
}

pub fn run(s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    match args.args.as_slice() {
        [institution, a, b] => run_audits(s, institution, a, b, out),
        [from, rest @ ..] => run_revisions(s, from, rest.first(), out),
        [] => unreachable!("clap requires an argument"),
    }
}

fn run_audits(
    s: &Session,
    institution: &str,
    a: &str,
    b: &str,
    out: &mut dyn Write,
) -> Result<Outcome, RunError> {
    let (dossier, as_of) = s.load_as_of()?;
    let facts = Facts::build(&dossier, as_of);
    let Some(inst) = facts.institutions.iter().find(|i| i.id() == institution) else {
        let close = did_you_mean(institution, dossier.institutions.keys().map(String::as_str));
        return Err(RunError::said(
            format!(
                "`{institution}` is not an institution of the dossier; three arguments compare two audits: kmi diff <institution> <audit-a> <audit-b>; to compare revisions give one or two"
            ),
            format!(
                "`{institution}` is geen instelling van het dossier; drie argumenten vergelijken twee audits: kmi diff <instelling> <audit-a> <audit-b>; geef er een of twee om versies te vergelijken"
            ),
        )
        .did_you_mean(close));
    };
    let audit = |id: &str| {
        inst.files.audits.get(id).ok_or_else(|| {
            let close = did_you_mean(id, inst.files.audits.keys().map(String::as_str));
            RunError::said(
                format!("institution `{institution}` has no audit `{id}`"),
                format!("instelling `{institution}` heeft geen audit `{id}`"),
            )
            .did_you_mean(close)
        })
    };
    let (a, b) = (audit(a)?, audit(b)?);
    let d = audits::compare(inst, |r| dossier.file(r.file).path.clone(), a, b);
    let text = match s.format::<Out>() {
        Out::Human => audits::render_human(&d, s.lang, crate::render::table_width(100)),
        Out::Json => json(&d),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

fn run_revisions(
    s: &Session,
    from: &str,
    to: Option<&String>,
    out: &mut dyn Write,
) -> Result<Outcome, RunError> {
    if s.rev().is_some() {
        return Err(RunError::said(
            "`kmi diff` of revisions takes them as arguments: kmi diff <rev-a> [<rev-b>], without --rev",
            "`kmi diff` van versies krijgt ze als argumenten: kmi diff <rev-a> [<rev-b>], zonder --rev",
        ));
    }
    let (repo, root) = s.repo()?;
    let from = repo.resolve(from)?;
    let to = to.map(|t| repo.resolve(t)).transpose()?;
    // The working tree is read only when it is one side.
    let working_tree = match to {
        Some(_) => None,
        None => Some(crate::load::FsReader::new(&root).map_err(|source| {
            crate::load::LoadError::Io {
                path: root.clone(),
                source,
            }
        })?),
    };
    let d = revisions::compare(&repo, &from, to.as_ref(), working_tree.as_ref())?;
    let text = match s.format::<Out>() {
        Out::Human => revisions::render_human(&d, s.lang),
        Out::Json => json(&d),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

fn json(v: &impl serde::Serialize) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("diffs serialize");
    s.push('\n');
    s
}

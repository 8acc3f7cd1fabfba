//! `vog`: a certificate of conduct (VOG) at most 5 years old on every audit
//! day of every team member, and on the decision date of the decision maker.

use crate::rules::RuleId;
use std::collections::HashMap;

use super::Ctx;
use crate::clock::{Date, Period};
use crate::diag::Diagnostic;
use crate::dossier::Record;
use crate::i18n::period_nl;
use crate::model::Person;

/// Each VOG on file as (issued, valid through).
type Windows = Vec<(Date, Date)>;

/// A person's VOG windows, computed once per person: the calendar arithmetic
/// would otherwise be redone for every audit day.
fn windows(ctx: &Ctx<'_>, person: &Person) -> Windows {
    windows_for(ctx.clocks().vog, person)
}

fn windows_for(period: Period, person: &Person) -> Windows {
    person.vog.iter().map(|&v| (v, period.after(v))).collect()
}

/// The first of `days` on which `person` has no VOG valid (`period` is the
/// scheme's VOG clock), with why in English and Dutch; `None` when every
/// day is covered. `kmi lsp` marks the people it completes with this.
pub fn uncovered(
    period: Period,
    person: &Person,
    days: impl IntoIterator<Item = Date>,
) -> Option<(Date, (String, String))> {
    let day = uncovered_day(&windows_for(period, person), days)?;
    Some((day, describe_for(period, person, day)))
}

/// The first of `days` on which no VOG window covers the day.
fn uncovered_day(windows: &[(Date, Date)], days: impl IntoIterator<Item = Date>) -> Option<Date> {
    days.into_iter().find(|&day| {
        !windows
            .iter()
            .any(|&(issued, until)| issued <= day && day <= until)
    })
}

/// Why no VOG covers `day`, in English and Dutch.
fn describe(ctx: &Ctx<'_>, person: &Person, day: Date) -> (String, String) {
    describe_for(ctx.clocks().vog, person, day)
}

fn describe_for(period: Period, person: &Person, day: Date) -> (String, String) {
    match person.vog.iter().filter(|&&v| v <= day).max() {
        Some(v) => (
            format!(
                "latest VOG {v} expired {} ({v} + {period})",
                period.after(*v)
            ),
            format!(
                "laatste VOG {v} verliep {} ({v} + {})",
                period.after(*v),
                period_nl(period)
            ),
        ),
        None if person.vog.is_empty() => (
            "no VOG on file".to_owned(),
            "geen VOG in het dossier".to_owned(),
        ),
        None => (
            "no VOG issued before that day".to_owned(),
            "geen VOG afgegeven voor die dag".to_owned(),
        ),
    }
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let people: HashMap<&str, (&Record<Person>, Windows)> = ctx
        .dossier
        .people
        .iter()
        .map(|(id, p)| (id.as_str(), (p, windows(ctx, &p.data))))
        .collect();
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let mut days: Vec<Date> = audit
                .data
                .days
                .get_ref()
                .iter()
                .map(|d| *d.get_ref())
                .collect();
            days.sort();
            for member in audit.data.team() {
                let Some((person, windows)) = people.get(member.get_ref().as_str()) else {
                    continue;
                };
                if let Some(day) = uncovered_day(windows, days.iter().copied()) {
                    let (en, nl) = describe(ctx, &person.data, day);
                    out.push(
                        ctx.diag(
                            RuleId::Vog,
                            audit.file,
                            member.span(),
                            &person.id,
                            format!("{} has no VOG valid on audit day {day}: {en}", person.id),
                        )
                        .nl(format!(
                            "{} heeft geen geldige VOG op auditdag {day}: {nl}",
                            person.id
                        ))
                        .hints(
                            format!(
                                "add the issue date of a current VOG to people/{}.toml",
                                person.id
                            ),
                            format!(
                                "voeg de afgiftedatum van een actuele VOG toe aan people/{}.toml",
                                person.id
                            ),
                        ),
                    );
                }
            }
        }
        for d in inst.files.decisions.values() {
            let Some((person, windows)) = people.get(d.data.by.get_ref().as_str()) else {
                continue;
            };
            let date = d.data.date();
            if uncovered_day(windows, [date]).is_some() {
                let (en, nl) = describe(ctx, &person.data, date);
                out.push(
                    ctx.diag(
                        RuleId::Vog,
                        d.file,
                        d.data.by.span(),
                        &person.id,
                        format!("decision maker {} has no VOG valid on the decision date {date}: {en}", person.id),
                    )
                    .nl(format!("certificatiebeslisser {} heeft geen geldige VOG op de besluitdatum {date}: {nl}", person.id))
                    .hints(
                        format!("add the issue date of a current VOG to people/{}.toml", person.id),
                        format!("voeg de afgiftedatum van een actuele VOG toe aan people/{}.toml", person.id),
                    ),
                );
            }
        }
    }
}

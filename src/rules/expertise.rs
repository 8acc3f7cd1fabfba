//! `expertise`: every expert has shown their expertise at most 2 years
//! before each day of the audit (settled question 3: people's requirements
//! hold on every audit day).

use super::Ctx;
use crate::clock::{Date, Period};
use crate::diag::Diagnostic;
use crate::model::Person;
use crate::rules::RuleId;

/// The first of `days` on which `person` has not shown expertise within
/// `period` (the scheme's expertise clock) before it, with why in English
/// and Dutch; `None` when every day is covered. The rule judges each expert
/// with this, and so do `kmi lsp` (the experts it completes) and `kmi plan`.
pub fn not_shown(
    period: Period,
    person: &Person,
    days: impl IntoIterator<Item = Date>,
) -> Option<(Date, (String, String))> {
    let shown = &person.expertise;
    let day = days
        .into_iter()
        .find(|&day| !shown.iter().any(|&s| s <= day && day <= period.after(s)))?;
    let latest = shown.iter().filter(|&&s| s <= day).max();
    Some((
        day,
        match latest {
            Some(s) => (
                format!(
                    "last shown {s}, valid through {} ({s} + {period})",
                    period.after(*s)
                ),
                format!(
                    "laatst aangetoond {s}, geldig tot en met {} ({s} + {})",
                    period.after(*s),
                    crate::i18n::period_nl(period)
                ),
            ),
            None => (
                "no expertise shown before it".to_owned(),
                "daarvoor nooit aangetoond".to_owned(),
            ),
        },
    ))
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let period = ctx.clocks().expertise;
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let first = audit.data.first_day();
            let mut days: Vec<crate::clock::Date> = audit
                .data
                .days
                .get_ref()
                .iter()
                .map(|d| *d.get_ref())
                .collect();
            days.sort();
            for e in audit.data.experts.get_ref() {
                let Some(person) = ctx.facts.person(e.get_ref().as_str()) else {
                    continue;
                };
                // The first audit day that no showing of expertise covers.
                let Some((day, (detail, detail_nl))) =
                    not_shown(period, &person.data, days.iter().copied())
                else {
                    continue;
                };
                let (when, when_nl) = if day == first {
                    (
                        format!("the audit of {first}"),
                        format!("de audit van {first}"),
                    )
                } else {
                    (
                        format!("audit day {day} (audit of {first})"),
                        format!("auditdag {day} (audit van {first})"),
                    )
                };
                out.push(
                    ctx.diag(
                        RuleId::Expertise,
                        audit.file,
                        e.span(),
                        &person.id,
                        format!("expert {} has not shown expertise in the {period} before {when}: {detail}", person.id),
                    )
                    .nl(format!(
                        "materiedeskundige {} heeft in de {} voor {when_nl} geen deskundigheid aangetoond: {detail_nl}",
                        person.id,
                        crate::i18n::period_nl(period)
                    ))
                    .hints(
                        format!("record the date expertise was shown in `expertise` of people/{}.toml", person.id),
                        format!("leg de datum waarop de deskundigheid is aangetoond vast in `expertise` van people/{}.toml", person.id),
                    ),
                );
            }
        }
    }
}

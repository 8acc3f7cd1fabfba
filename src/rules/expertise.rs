//! `expertise`: every expert has shown their expertise at most 2 years before the audit.

use super::Ctx;
use crate::clock::{Date, Period};
use crate::diag::Diagnostic;
use crate::model::Person;
use crate::rules::RuleId;

/// Why `person` has not shown expertise within `period` (the scheme's
/// expertise clock) before an audit starting `first`, in English and Dutch;
/// `None` when they have. `kmi lsp` marks the experts it completes with this.
pub fn not_shown(period: Period, person: &Person, first: Date) -> Option<(String, String)> {
    let shown = &person.expertise;
    if shown
        .iter()
        .any(|&s| s <= first && first <= period.after(s))
    {
        return None;
    }
    let latest = shown.iter().filter(|&&s| s <= first).max();
    Some(match latest {
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
    })
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let period = ctx.clocks().expertise;
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let first = audit.data.first_day();
            for e in audit.data.experts.get_ref() {
                let Some(person) = ctx.facts.person(e.get_ref().as_str()) else {
                    continue;
                };
                let Some((detail, detail_nl)) = not_shown(period, &person.data, first) else {
                    continue;
                };
                out.push(
                    ctx.diag(
                        RuleId::Expertise,
                        audit.file,
                        e.span(),
                        &person.id,
                        format!("expert {} has not shown expertise in the {period} before the audit of {first}: {detail}", person.id),
                    )
                    .nl(format!(
                        "materiedeskundige {} heeft in de {} voor de audit van {first} geen deskundigheid aangetoond: {detail_nl}",
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

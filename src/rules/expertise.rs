//! `expertise`: every expert has shown their expertise at most 2 years before the audit.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let period = ctx.clocks().expertise;
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let first = audit.data.first_day();
            for e in audit.data.experts.get_ref() {
                let Some(person) = ctx.facts.person(e.get_ref().as_str()) else {
                    continue;
                };
                let shown = &person.data.expertise;
                if shown
                    .iter()
                    .any(|&s| s <= first && first <= period.after(s))
                {
                    continue;
                }
                let detail = match shown.iter().filter(|&&s| s <= first).max() {
                    Some(s) => format!(
                        "last shown {s}, valid through {} ({s} + {period})",
                        period.after(*s)
                    ),
                    None => "no expertise shown before it".to_owned(),
                };
                let detail_nl = match shown.iter().filter(|&&s| s <= first).max() {
                    Some(s) => format!(
                        "laatst aangetoond {s}, geldig tot en met {} ({s} + {})",
                        period.after(*s),
                        crate::i18n::period_nl(period)
                    ),
                    None => "daarvoor nooit aangetoond".to_owned(),
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

//! `rotation`: at most 6 years with one institution; a break of a full cycle
//! (3 years) without an audit there starts the count again.

use super::Ctx;
use crate::clock::Date;
use crate::diag::Diagnostic;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let limit = ctx.clocks().rotation;
    let gap = ctx.clocks().rotation_break;
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let first = audit.data.first_day();
            for member in audit.data.team() {
                let Some(history) = ctx
                    .facts
                    .person_audits
                    .get(&(member.get_ref().as_str(), inst.id()))
                else {
                    continue;
                };
                let Some(start) = rotation_start(
                    history
                        .iter()
                        .map(|a| (a.data.first_day(), a.data.last_day())),
                    first,
                    gap,
                ) else {
                    continue;
                };
                let until = limit.after(start);
                if first > until {
                    out.push(
                        ctx.diag(
                            "rotation",
                            audit.file,
                            member.span(),
                            member.get_ref().as_str(),
                            format!(
                                "{} has served {} since {start}: the limit was {until} ({start} + {limit}), this audit starts {first}",
                                member.get_ref(),
                                inst.id()
                            ),
                        )
                        .nl(format!(
                            "{} auditeert {} sinds {start}: de grens was {until} ({start} + {}), deze audit begint {first}",
                            member.get_ref(),
                            inst.id(),
                            crate::i18n::period_nl(limit)
                        ))
                        .hints(
                            format!("rotate: an auditor may serve one institution at most {limit}"),
                            format!("roteer: een auditor is bij één instelling ten hoogste {} betrokken", crate::i18n::period_nl(limit)),
                        ),
                    );
                }
            }
        }
    }
}

/// The first day of the current run of a person's audits at one institution
/// as of an audit starting on `at`; `audits` are (first day, last day) in order.
pub fn rotation_start(
    audits: impl Iterator<Item = (Date, Date)>,
    at: Date,
    gap: crate::clock::Period,
) -> Option<Date> {
    let mut start: Option<Date> = None;
    let mut last_end: Option<Date> = None;
    for (first, last) in audits.take_while(|(f, _)| *f <= at) {
        match last_end {
            Some(end) if first < gap.after(end) => {}
            _ => start = Some(first),
        }
        last_end = Some(last_end.map_or(last, |e| e.max(last)));
    }
    start
}

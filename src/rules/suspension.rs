//! `suspension`: at most 6 months before reinstatement or withdrawal.

use super::Ctx;
use crate::clock::{Deadline, days};
use crate::diag::Diagnostic;
use crate::i18n::{arithmetic_nl, days_nl};
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let max = ctx.clocks().suspension_max;
    for inst in &ctx.facts.institutions {
        for c in &inst.certificates {
            for s in &c.suspensions {
                let dl = Deadline::new("suspension", s.start, max);
                let (en, nl) = match s.lifted {
                    Some((on, _)) if dl.met_by(on) => continue,
                    Some((on, by)) => (
                        format!(
                            "suspension lasted until {on} ({}), past {} ({}): {} too long",
                            by.id,
                            dl.due,
                            dl.arithmetic(),
                            days(dl.days_late(on))
                        ),
                        format!(
                            "schorsing duurde tot {on} ({}), na {} ({}): {} te lang",
                            by.id,
                            dl.due,
                            arithmetic_nl(&dl),
                            days_nl(dl.days_late(on))
                        ),
                    ),
                    None if dl.met_by(ctx.as_of) => continue,
                    None => (
                        format!(
                            "suspended since {} without reinstatement or withdrawal; the limit was {} ({}), overdue {}",
                            s.start,
                            dl.due,
                            dl.arithmetic(),
                            days(dl.days_late(ctx.as_of))
                        ),
                        format!(
                            "geschorst sinds {} zonder opheffing of intrekking; de grens was {} ({}), {} verstreken",
                            s.start,
                            dl.due,
                            arithmetic_nl(&dl),
                            days_nl(dl.days_late(ctx.as_of))
                        ),
                    ),
                };
                out.push(
                    ctx.diag(
                        RuleId::Suspension,
                        s.decision.file,
                        s.decision.data.outcome.span(),
                        &s.decision.id,
                        en,
                    )
                    .nl(nl)
                    .hints(
                        "decide: reinstate (the deviations are resolved) or withdraw",
                        "besluit: opheffen (de afwijkingen zijn opgelost) of intrekken",
                    ),
                );
            }
        }
    }
}

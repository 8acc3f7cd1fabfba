//! `plan-deadline`: every deviation needs a plan of action within the plan
//! clock (4 weeks) of its audit's report.

use super::Ctx;
use crate::clock::days;
use crate::diag::Diagnostic;
use crate::i18n::{arithmetic_nl, days_nl};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for f in inst.findings.values() {
            let Some(dl) = f.plan_deadline(ctx.clocks()) else {
                continue;
            };
            let finding = f.finding.get_ref();
            let (span, message, nl) = match &finding.plan {
                Some(plan) => {
                    let received = *plan.received.get_ref();
                    if dl.met_by(received) {
                        continue;
                    }
                    (
                        plan.received.span(),
                        format!(
                            "plan of action due {} ({}), received {received}: {} late",
                            dl.due,
                            dl.arithmetic(),
                            days(dl.days_late(received))
                        ),
                        format!(
                            "plan van aanpak uiterlijk {} ({}), ontvangen {received}: {} te laat",
                            dl.due,
                            arithmetic_nl(&dl),
                            days_nl(dl.days_late(received))
                        ),
                    )
                }
                None => {
                    if dl.met_by(ctx.as_of) {
                        continue;
                    }
                    (
                        finding.id.span(),
                        format!(
                            "plan of action due {} ({}), none received (overdue {})",
                            dl.due,
                            dl.arithmetic(),
                            days(dl.days_late(ctx.as_of))
                        ),
                        format!(
                            "plan van aanpak uiterlijk {} ({}), niet ontvangen (termijn {} verstreken)",
                            dl.due,
                            arithmetic_nl(&dl),
                            days_nl(dl.days_late(ctx.as_of))
                        ),
                    )
                }
            };
            out.push(
                ctx.diag("plan-deadline", f.audit.file, span, f.subject(), message)
                    .nl(nl)
                    .hints(
                        "record the plan under [finding.plan] with the date it was received",
                        "leg het plan vast onder [finding.plan] met de datum van ontvangst",
                    ),
            );
        }
    }
}

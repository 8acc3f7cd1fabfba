//! `plan-deadline`: every deviation needs a plan of action within the plan
//! clock (4 weeks) of its audit's report. The obligation and what met it
//! come from `obligations`; this rule only words the judgment.

use super::Ctx;
use crate::clock::days;
use crate::diag::Diagnostic;
use crate::facts::obligations::{Kind, Standing};
use crate::i18n::{arithmetic_nl, days_nl};
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for ob in ctx.facts.obligations_of(Kind::Plan) {
        let dl = &ob.deadline;
        let diag = match (ob.standing(ctx.as_of), &ob.met) {
            (Standing::Late(late), Some(met)) => {
                let received = met.on;
                ctx.diag(
                    RuleId::PlanDeadline,
                    met.file,
                    met.span.clone(),
                    &ob.subject,
                    format!(
                        "plan of action due {} ({}), received {received}: {} late",
                        dl.due,
                        dl.arithmetic(),
                        days(late)
                    ),
                )
                .nl(format!(
                    "plan van aanpak uiterlijk {} ({}), ontvangen {received}: {} te laat",
                    dl.due,
                    arithmetic_nl(dl),
                    days_nl(late)
                ))
                .hints(
                    "a late plan stays late: if the received date is wrong, correct it; otherwise say why it came late (e.g. in a follow-up's note)",
                    "een te laat plan blijft te laat: klopt de ontvangstdatum niet, corrigeer die; zeg anders waarom het te laat kwam (bijv. in de notitie van een opvolging)",
                )
            }
            (Standing::Overdue(late), _) => ctx
                .diag(
                    RuleId::PlanDeadline,
                    ob.file,
                    ob.span.clone(),
                    &ob.subject,
                    format!(
                        "plan of action due {} ({}), none received (overdue {})",
                        dl.due,
                        dl.arithmetic(),
                        days(late)
                    ),
                )
                .nl(format!(
                    "plan van aanpak uiterlijk {} ({}), niet ontvangen (termijn {} verstreken)",
                    dl.due,
                    arithmetic_nl(dl),
                    days_nl(late)
                ))
                .hints(
                    "record the plan under [finding.plan] with the date it was received",
                    "leg het plan vast onder [finding.plan] met de datum van ontvangst",
                ),
            _ => continue,
        };
        out.push(diag.about(ob.reference()));
    }
}

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
                    "the plan is on record as received late; nothing to record — agree with the institution how to keep the next deadline",
                    "het plan is te laat ontvangen en zo vastgelegd; niets vast te leggen — spreek met de instelling af hoe de volgende termijn wordt gehaald",
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
        out.push(diag.about(ob));
    }
}

//! `decision-maker`: decisions are taken by the decision maker or deputy, who
//! had not left and did not sit on a team of the audits it rests on.

use super::Ctx;
use crate::clock::Date;
use crate::diag::Diagnostic;
use crate::model::{Person, Role};
use crate::rules::RuleId;

/// Why `person` (id `by`) may not take a decision on `date`, whatever audits
/// it rests on, in English and Dutch; empty when they may. `kmi lsp` marks
/// the decision makers it completes with these same reasons.
pub fn problems(by: &str, person: &Person, date: Date) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    if !person
        .roles
        .iter()
        .any(|r| matches!(r, Role::DecisionMaker | Role::DeputyDecisionMaker))
    {
        problems.push((
            format!("{by} holds neither the decision-maker nor the deputy-decision-maker role"),
            format!("{by} heeft de rol certificatiebeslisser noch plaatsvervangend beslisser"),
        ));
    }
    if let Some(left) = person.left
        && left < date
    {
        problems.push((
            format!("{by} had left on {left}, before the decision of {date}"),
            format!("{by} was op {left} uit dienst, voor het besluit van {date}"),
        ));
    }
    problems
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for d in inst.files.decisions.values() {
            let by = d.data.by.get_ref().as_str();
            let Some(person) = ctx.facts.person(by) else {
                continue;
            };
            let date = d.data.date();
            let mut problems = problems(by, &person.data, date);
            for a in &d.data.audits {
                if let Some(audit) = inst.files.audits.get(a.get_ref().as_str())
                    && audit.data.team().iter().any(|m| m.get_ref().as_str() == by)
                {
                    problems.push((
                        format!(
                            "{by} sat on the team of audit {} that this decision rests on",
                            a.get_ref()
                        ),
                        format!(
                            "{by} zat in het team van audit {} waarop dit besluit rust",
                            a.get_ref()
                        ),
                    ));
                }
            }
            for (en, nl) in problems {
                out.push(
                    ctx.diag(RuleId::DecisionMaker, d.file, d.data.by.span(), &d.id, en)
                        .nl(nl),
                );
            }
        }
    }
}

//! `continuity`: every team has someone from the most recent earlier audit there.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let first = audit.data.first_day();
            let previous = inst
                .audits
                .iter()
                .filter(|a| a.data.last_day() < first)
                .max_by_key(|a| (a.data.last_day(), a.data.first_day(), a.id.as_str()));
            let Some(previous) = previous else { continue };
            let team = audit.data.team();
            let before = previous.data.team();
            if team
                .iter()
                .any(|m| before.iter().any(|b| b.get_ref() == m.get_ref()))
            {
                continue;
            }
            let names: Vec<&str> = before.iter().map(|b| b.get_ref().as_str()).collect();
            out.push(
                ctx.diag(
                    RuleId::Continuity,
                    audit.file,
                    audit.data.lead.span(),
                    &audit.id,
                    format!(
                        "nobody in this team was in the most recent audit here, {} ({})",
                        previous.id,
                        names.join(", ")
                    ),
                )
                .nl(format!(
                    "niemand in dit team zat in de meest recente audit hier, {} ({})",
                    previous.id,
                    names.join(", ")
                ))
                .hints(
                    "keep at least one auditor of the previous audit in the team",
                    "houd ten minste één auditor van de vorige audit in het team",
                ),
            );
        }
    }
}

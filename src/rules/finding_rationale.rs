//! `finding-rationale`: a deviation without the consideration behind its class.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for f in inst.findings.values() {
            let finding = f.finding.get_ref();
            if !f.is_deviation()
                || finding
                    .rationale
                    .as_deref()
                    .is_some_and(|r| !r.trim().is_empty())
            {
                continue;
            }
            out.push(
                ctx.diag(
                    RuleId::FindingRationale,
                    f.audit.file,
                    finding.class.span(),
                    f.subject(),
                    format!("{} finding without a rationale: why this class here", f.original_class().as_str()),
                )
                .nl(format!(
                    "{} afwijking zonder onderbouwing: waarom deze classificatie hier",
                    if f.original_class() == crate::model::Class::Critical { "kritische" } else { "niet-kritische" }
                ))
                .hints(
                    "add `rationale = \"...\"`: the consideration the team made, with the context weighed",
                    "voeg `rationale = \"...\"` toe: de afweging van het team, met de gewogen context",
                ),
            );
        }
    }
}

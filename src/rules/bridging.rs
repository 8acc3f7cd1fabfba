//! `bridging`: a bridging certificate runs at most 9 months and holds an
//! initial audit inside it.

use super::Ctx;
use crate::clock::Deadline;
use crate::diag::Diagnostic;
use crate::facts::InstitutionFacts;
use crate::i18n::arithmetic_nl;
use crate::model::AuditKind;
use crate::rules::RuleId;
use crate::timeline::{CertKind, Certificate};

/// Whether an initial audit of `inst` starts within the bridging
/// certificate `c` (its start through its last day). The rule reads this,
/// and so does `kmi plan calendar` to know which bridging certificates still
/// owe their initial audit.
pub fn initial_held(inst: &InstitutionFacts<'_>, c: &Certificate<'_>) -> bool {
    let last = c.last_day();
    inst.audits.iter().any(|a| {
        *a.data.kind.get_ref() == AuditKind::Initial
            && c.start <= a.data.first_day()
            && a.data.first_day() <= last
    })
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let max = ctx.clocks().bridging_max;
    for inst in &ctx.facts.institutions {
        for c in inst
            .certificates
            .iter()
            .filter(|c| c.kind == CertKind::Bridging)
        {
            let d = c.decision;
            let limit = Deadline::new("start", c.start, max);
            if c.end > limit.due {
                let span = d
                    .data
                    .valid_until
                    .as_ref()
                    .map_or_else(|| d.data.outcome.span(), |v| v.span());
                out.push(
                    ctx.diag(
                        RuleId::Bridging,
                        d.file,
                        span,
                        &d.id,
                        format!(
                            "bridging certificate runs through {}, past {} ({})",
                            c.end,
                            limit.due,
                            limit.arithmetic()
                        ),
                    )
                    .nl(format!(
                        "overbruggingscertificaat loopt tot en met {}, na {} ({})",
                        c.end,
                        limit.due,
                        arithmetic_nl(&limit)
                    )),
                );
            }
            let last = c.last_day();
            if last >= ctx.as_of {
                continue;
            }
            if !initial_held(inst, c) {
                out.push(
                    ctx.diag(
                        RuleId::Bridging,
                        d.file,
                        d.data.outcome.span(),
                        &d.id,
                        format!("no initial audit was held during the bridging certificate ({} to {last})", c.start),
                    )
                    .nl(format!(
                        "geen initiële audit gehouden tijdens het overbruggingscertificaat ({} tot en met {last})",
                        c.start
                    ))
                    .hints(
                        "a bridging certificate holds an initial audit inside its period",
                        "binnen de looptijd van een overbruggingscertificaat vindt een initiële audit plaats",
                    ),
                );
            }
        }
    }
}

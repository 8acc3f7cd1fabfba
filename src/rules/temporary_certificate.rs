//! `temporary-certificate` (warning): a temporary certificate is not under accreditation.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::rules::RuleId;
use crate::timeline::CertKind;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for c in inst
            .certificates
            .iter()
            .filter(|c| c.kind == CertKind::Temporary)
        {
            out.push(
                ctx.diag(
                    RuleId::TemporaryCertificate,
                    c.decision.file,
                    c.decision.data.outcome.span(),
                    &c.decision.id,
                    format!(
                        "temporary certificate {} through {} is not issued under accreditation",
                        c.start, c.end
                    ),
                )
                .nl(format!(
                    "tijdelijk certificaat {} tot en met {} valt niet onder accreditatie",
                    c.start, c.end
                )),
            );
        }
    }
}

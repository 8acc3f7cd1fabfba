//! `closed-unverified`: a follow-up that closes a finding not judged effective.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            for fu in &audit.data.follow_up {
                let f = fu.get_ref();
                if *f.closed.get_ref() && !f.effective {
                    out.push(
                        ctx.diag(
                            RuleId::ClosedUnverified,
                            audit.file,
                            f.closed.span(),
                            f.finding.get_ref().to_string(),
                            format!("closes {} although its measures were not judged effective", f.finding.get_ref()),
                        )
                        .nl(format!("sluit {} terwijl de maatregelen niet effectief zijn bevonden", f.finding.get_ref()))
                        .hints(
                            "close a finding only after the effectiveness of its measures was verified (effective = true)",
                            "sluit een afwijking pas als de effectiviteit van de maatregelen is geverifieerd (effective = true)",
                        ),
                    );
                }
            }
        }
    }
}

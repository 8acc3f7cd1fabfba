//! `history-reclassified`: a finding's class changed in place instead of by
//! a follow-up with a reason.

use crate::diag::Diagnostic;
use crate::load::Kind;
use crate::recdiff;

use super::HistoryCtx;
use crate::rules::RuleId;

const RULE: RuleId = RuleId::HistoryReclassified;

pub fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Diagnostic>) {
    for c in ctx
        .history
        .changed
        .iter()
        .filter(|c| c.planned.kind == Kind::Audit)
    {
        let (Some(old), Some(new), Some(file)) = (&c.old, &c.new, c.file) else {
            continue;
        };
        let text = &ctx.dossier.file(file).text;
        for change in recdiff::diff(old, new) {
            let (Some(f), Some(was), Some(now)) =
                (change.path.item_of("finding"), &change.old, &change.new)
            else {
                continue;
            };
            if change.path.len() != 3 || change.path.shape() != "finding.class" {
                continue;
            }
            let was = recdiff::show(was, 40);
            let now = recdiff::show(now, 40);
            out.push(
                ctx.diag(
                    RULE,
                    &c.planned.rel,
                    c.planned.institution.as_deref(),
                    recdiff::locate(text, &change.path),
                    format!("{}/{f}", c.planned.id),
                    format!(
                        "finding {}/{f} was {was} at {} and is now {now}: its class changed in place",
                        c.planned.id,
                        ctx.since()
                    ),
                )
                .nl(format!(
                    "bevinding {}/{f} was {was} in {} en is nu {now}: de classificatie is ter plekke gewijzigd",
                    c.planned.id,
                    ctx.since()
                ))
                .hints(
                    format!(
                        "restore class = \"{was}\" and reclassify in a [[follow_up]] of a later audit: finding = \"{}/{f}\", reclassify = \"{now}\", reason = \"...\"",
                        c.planned.id
                    ),
                    format!(
                        "zet class = \"{was}\" terug en herclassificeer in een [[follow_up]] van een latere audit: finding = \"{}/{f}\", reclassify = \"{now}\", reason = \"...\"",
                        c.planned.id
                    ),
                ),
            );
        }
    }
}

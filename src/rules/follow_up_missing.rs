//! `follow-up-missing`: a control audit or re-assessment must follow up every
//! finding open at its first day.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::AuditKind;
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let kind = *audit.data.kind.get_ref();
            if !matches!(kind, AuditKind::Control | AuditKind::Recertification) {
                continue;
            }
            let first = audit.data.first_day();
            // A planned audit (first day after the as-of date) has followed
            // nothing up yet: its team is checked in advance, its follow-ups
            // are judged once it is held.
            if crate::asof::is_planned(first, ctx.as_of) {
                continue;
            }
            for f in inst.open_on(first) {
                if f.audit.id == audit.id {
                    continue;
                }
                let followed = audit.data.follow_up.iter().any(|fu| {
                    let r = fu.get_ref().finding.get_ref();
                    r.audit.as_str() == f.audit.id && r.finding.as_str() == f.id()
                });
                if !followed {
                    out.push(
                        ctx.diag(
                            RuleId::FollowUpMissing,
                            audit.file,
                            audit.data.kind.span(),
                            &audit.id,
                            format!(
                                "{} audit does not follow up {} ({}, open on its first day {first})",
                                if kind == AuditKind::Control { "control" } else { "recertification" },
                                f.subject(),
                                f.class_on(first).as_str()
                            ),
                        )
                        .nl(format!(
                            "{} volgt {} niet op ({}, open op de eerste dag {first})",
                            if kind == AuditKind::Control { "controleaudit" } else { "herbeoordeling" },
                            f.subject(),
                            crate::i18n::term_nl(f.class_on(first).as_str())
                        ))
                        .hints(
                            format!("add a [[follow_up]] with finding = \"{}\"", f.subject()),
                            format!("voeg een [[follow_up]] toe met finding = \"{}\"", f.subject()),
                        ),
                    );
                }
            }
        }
    }
}

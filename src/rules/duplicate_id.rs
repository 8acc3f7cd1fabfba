//! `duplicate-id`: finding ids within an audit, and the same finding twice in
//! one audit's follow-ups or one decision's open findings.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::FindingRef;
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for audit in inst.files.audits.values() {
            let file = ctx.dossier.file(audit.file);
            // An audit has a handful of findings: a list beats a hash map.
            let mut seen: Vec<(&str, usize)> = Vec::new();
            for f in &audit.data.finding {
                let id = f.get_ref().id.get_ref().as_str();
                if let Some(&(_, first)) = seen.iter().find(|(s, _)| *s == id) {
                    let (line, _) = file.line_col(first);
                    out.push(
                        ctx.diag(
                            RuleId::DuplicateId,
                            audit.file,
                            f.get_ref().id.span(),
                            format!("{}/{id}", audit.id),
                            format!("finding id `{id}` is used twice in this audit (first on line {line})"),
                        )
                        .nl(format!("bevinding-id `{id}` komt twee keer voor in deze audit (eerst op regel {line})"))
                        .hints(
                            "give every finding of an audit its own id (f1, f2, …)",
                            "geef elke bevinding van een audit een eigen id (f1, f2, …)",
                        ),
                    );
                } else {
                    seen.push((id, f.span().start));
                }
            }
            let mut seen: Vec<(&FindingRef, usize)> = Vec::new();
            for fu in &audit.data.follow_up {
                let r = fu.get_ref().finding.get_ref();
                if let Some(&(_, first)) = seen.iter().find(|(s, _)| *s == r) {
                    let (line, _) = file.line_col(first);
                    out.push(
                        ctx.diag(
                            RuleId::DuplicateId,
                            audit.file,
                            fu.get_ref().finding.span(),
                            r.to_string(),
                            format!("finding {r} is followed up twice in this audit (first on line {line})"),
                        )
                        .nl(format!("bevinding {r} wordt twee keer opgevolgd in deze audit (eerst op regel {line})"))
                        .hints(
                            "record one [[follow_up]] per finding per audit",
                            "leg per audit één [[follow_up]] per bevinding vast",
                        ),
                    );
                } else {
                    seen.push((r, fu.span().start));
                }
            }
        }
        for d in inst.files.decisions.values() {
            let file = ctx.dossier.file(d.file);
            let mut seen: Vec<(&FindingRef, usize)> = Vec::new();
            for of in &d.data.open_finding {
                let r = of.get_ref().finding.get_ref();
                if let Some(&(_, first)) = seen.iter().find(|(s, _)| *s == r) {
                    let (line, _) = file.line_col(first);
                    out.push(
                        ctx.diag(
                            RuleId::DuplicateId,
                            d.file,
                            of.get_ref().finding.span(),
                            d.id.clone(),
                            format!("finding {r} is listed twice in [[open_finding]] (first on line {line})"),
                        )
                        .nl(format!("bevinding {r} staat twee keer in [[open_finding]] (eerst op regel {line})")),
                    );
                } else {
                    seen.push((r, of.span().start));
                }
            }
        }
    }
}

//! `history-deleted`: an audit, finding, follow-up or decision that existed
//! at the `--since` revision is gone.

use crate::diag::Diagnostic;
use crate::load::Kind;
use crate::recdiff;

use super::HistoryCtx;
use crate::rules::RuleId;

const RULE: RuleId = RuleId::HistoryDeleted;

pub fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Diagnostic>) {
    for c in &ctx.history.changed {
        let p = &c.planned;
        let inst = p.institution.as_deref();
        let Some(old) = &c.old else { continue };
        let what = match p.kind {
            Kind::Audit => "audit",
            Kind::Decision => "decision",
            _ => continue,
        };
        let Some(new) = &c.new else {
            // A file still there that no longer parses is the `parse` rule's.
            if c.file.is_none() {
                out.push(
                    ctx.diag(
                        RULE,
                        &p.rel,
                        inst,
                        0..0,
                        &p.id,
                        format!(
                            "{what} {} existed at {} and is gone: records on file are never deleted",
                            p.id,
                            ctx.since()
                        ),
                    )
                    .nl(format!(
                        "{} {} bestond in {} en is verdwenen: vastgelegde records worden nooit verwijderd",
                        if what == "audit" { "audit" } else { "besluit" },
                        p.id,
                        ctx.since()
                    ))
                    .hints(
                        "restore the file; a record made in error is corrected by a later record that says so",
                        "zet het bestand terug; een record dat ten onrechte is gemaakt, wordt rechtgezet door een later record dat dat zegt",
                    ),
                );
            }
            continue;
        };
        for change in recdiff::diff(old, new) {
            if change.path.len() != 2 || change.new.is_some() {
                continue;
            }
            let gone = change.old.as_ref().and_then(|v| v.as_table());
            let field = |k: &str| {
                gone.and_then(|t| t.get(k))
                    .and_then(|v| v.as_str())
                    .unwrap_or("?")
            };
            if let Some(f) = change.path.item_of("finding") {
                out.push(
                    ctx.diag(
                        RULE,
                        &p.rel,
                        inst,
                        0..0,
                        format!("{}/{f}", p.id),
                        format!(
                            "finding {}/{f} ({} on norm {}) existed at {} and is gone",
                            p.id,
                            field("class"),
                            field("norm"),
                            ctx.since()
                        ),
                    )
                    .nl(format!(
                        "bevinding {}/{f} ({} op norm {}) bestond in {} en is verdwenen",
                        p.id,
                        crate::i18n::term_nl(field("class")),
                        field("norm"),
                        ctx.since()
                    ))
                    .hints(
                        "restore the [[finding]]; a finding is closed or reclassified by a follow-up of a later audit, never removed",
                        "zet de [[finding]] terug; een bevinding wordt gesloten of geherclassificeerd door een opvolging in een latere audit, nooit verwijderd",
                    ),
                );
            } else if let Some(r) = change.path.item_of("follow_up") {
                out.push(
                    ctx.diag(
                        RULE,
                        &p.rel,
                        inst,
                        0..0,
                        &p.id,
                        format!(
                            "the follow-up of {r} in audit {} existed at {} and is gone",
                            p.id,
                            ctx.since()
                        ),
                    )
                    .nl(format!(
                        "de opvolging van {r} in audit {} bestond in {} en is verdwenen",
                        p.id,
                        ctx.since()
                    ))
                    .hints(
                        "restore the [[follow_up]]; what an audit judged stays on record",
                        "zet de [[follow_up]] terug; wat een audit oordeelde, blijft vastgelegd",
                    ),
                );
            }
        }
    }
}

//! `history-rewritten`: a decision, or a closed finding (or the follow-up
//! that closed it), changed after the fact.

use crate::diag::Diagnostic;
use crate::load::Kind;
use crate::recdiff::{self, FieldChange, KeyPath, Seg};

use super::HistoryCtx;
use crate::rules::RuleId;

const RULE: RuleId = RuleId::HistoryRewritten;

fn was_now(change: &FieldChange) -> String {
    let show = |v: &Option<toml::Value>| {
        v.as_ref().map_or_else(
            || "absent".to_owned(),
            |v| format!("`{}`", recdiff::show(v, 40)),
        )
    };
    format!(
        "`{}` was {}, now {}",
        change.path,
        show(&change.old),
        show(&change.new)
    )
}

pub fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Diagnostic>) {
    for c in &ctx.history.changed {
        let (Some(old), Some(new), Some(file)) = (&c.old, &c.new, c.file) else {
            continue;
        };
        let p = &c.planned;
        let inst = p.institution.as_deref();
        let text = &ctx.dossier.file(file).text;
        for change in recdiff::diff(old, new) {
            let span = recdiff::locate(text, &change.path);
            match p.kind {
                Kind::Decision => out.push(
                    ctx.diag(
                        RULE,
                        &p.rel,
                        inst,
                        span,
                        &p.id,
                        format!(
                            "decision {} changed after the fact (since {}): {}",
                            p.id,
                            ctx.since(),
                            was_now(&change)
                        ),
                    )
                    .with_hint("a decision is not edited once taken: restore it, and record a new decision with its own date and considerations"),
                ),
                Kind::Audit => {
                    if change.path.len() < 3 {
                        continue;
                    }
                    if let Some(f) = change.path.item_of("finding") {
                        // A class changed in place is `history-reclassified`'s.
                        if change.path.shape() == "finding.class" {
                            continue;
                        }
                        let key = (
                            inst.unwrap_or_default().to_owned(),
                            p.id.clone(),
                            f.to_owned(),
                        );
                        let Some(closed_by) = ctx.history.closed_at_since.get(&key) else {
                            continue;
                        };
                        out.push(
                            ctx.diag(
                                RULE,
                                &p.rel,
                                inst,
                                span,
                                format!("{}/{f}", p.id),
                                format!(
                                    "finding {}/{f} was closed by {closed_by} at {} and changed after the fact: {}",
                                    p.id,
                                    ctx.since(),
                                    was_now(&change)
                                ),
                            )
                            .with_hint("a closed finding stays as it was judged: restore it; a new observation is a new finding"),
                        );
                    } else if let Some(r) = change.path.item_of("follow_up") {
                        let closed = KeyPath(vec![
                            Seg::Key("follow_up".into()),
                            Seg::Item(r.to_owned()),
                            Seg::Key("closed".into()),
                        ]);
                        if recdiff::get(old, &closed).and_then(toml::Value::as_bool) != Some(true) {
                            continue;
                        }
                        out.push(
                            ctx.diag(
                                RULE,
                                &p.rel,
                                inst,
                                span,
                                &p.id,
                                format!(
                                    "the follow-up that closed {r} changed after the fact (since {}): {}",
                                    ctx.since(),
                                    was_now(&change)
                                ),
                            )
                            .with_hint("restore the follow-up; if the finding proves not solved after all, a later audit records a new finding"),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

//! `history-rewritten`: a decision, or a closed finding (or the follow-up
//! that closed it), changed after the fact.

use crate::diag::Diagnostic;
use crate::load::Kind;
use crate::recdiff::{self, FieldChange, KeyPath, Seg};

use super::HistoryCtx;
use crate::rules::RuleId;

const RULE: RuleId = RuleId::HistoryRewritten;

/// "`x` was `1`, now `2`", in English and Dutch.
fn was_now(change: &FieldChange) -> (String, String) {
    let show = |v: &Option<toml::Value>, absent: &str| {
        v.as_ref().map_or_else(
            || absent.to_owned(),
            |v| format!("`{}`", recdiff::show(v, 40)),
        )
    };
    let (old, new) = (show(&change.old, "absent"), show(&change.new, "absent"));
    if old == new
        && let (Some(toml::Value::String(a)), Some(toml::Value::String(b))) =
            (&change.old, &change.new)
    {
        // Cut off (or spaced) alike: show the place where they differ.
        let (a, b) = where_they_differ(a, b);
        return (
            format!("`{}` was `{a}`, now `{b}` (where they differ)", change.path),
            format!(
                "`{}` was `{a}`, nu `{b}` (waar ze verschillen)",
                change.path
            ),
        );
    }
    (
        format!("`{}` was {old}, now {new}", change.path),
        format!(
            "`{}` was {}, nu {}",
            change.path,
            show(&change.old, "afwezig"),
            show(&change.new, "afwezig")
        ),
    )
}

/// The parts of `a` and `b` around their first difference, at most 40
/// characters each, with `…` where text is left out.
fn where_they_differ(a: &str, b: &str) -> (String, String) {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let start = common.saturating_sub(10);
    let part = |s: &str| {
        let total = s.chars().count();
        let mut out: String = s.chars().skip(start).take(40).collect();
        if start > 0 {
            out.insert(0, '…');
        }
        if start + 40 < total {
            out.push('…');
        }
        out
    };
    (part(a), part(b))
}

pub fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Diagnostic>) {
    rules_changed(ctx, out);
    for c in &ctx.history.changed {
        let (Some(old), Some(new), Some(file)) = (&c.old, &c.new, c.file) else {
            continue;
        };
        let p = &c.planned;
        let inst = p.institution.as_deref();
        let text = &ctx.dossier.file(file).text;
        for change in recdiff::diff(old, new) {
            let span = recdiff::locate(text, &change.path);
            let (was_now, was_now_nl) = was_now(&change);
            match p.kind {
                Kind::Decision => out.push(
                    ctx.diag(
                        RULE,
                        &p.rel,
                        inst,
                        span,
                        &p.id,
                        format!(
                            "decision {} changed after the fact (since {}): {was_now}",
                            p.id,
                            ctx.since(),
                        ),
                    )
                    .nl(format!(
                        "besluit {} is achteraf gewijzigd (sinds {}): {was_now_nl}",
                        p.id,
                        ctx.since(),
                    ))
                    .hints(
                        "a decision is not edited once taken: restore it, and record a new decision with its own date and considerations",
                        "een genomen besluit wordt niet bewerkt: zet het terug en leg een nieuw besluit vast met een eigen datum en afwegingen",
                    ),
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
                                    "finding {}/{f} was closed by {closed_by} at {} and changed after the fact: {was_now}",
                                    p.id,
                                    ctx.since(),
                                ),
                            )
                            .nl(format!(
                                "bevinding {}/{f} was gesloten door {closed_by} in {} en is achteraf gewijzigd: {was_now_nl}",
                                p.id,
                                ctx.since(),
                            ))
                            .hints(
                                "a closed finding stays as it was judged: restore it; a new observation is a new finding",
                                "een gesloten bevinding blijft zoals zij beoordeeld is: zet haar terug; een nieuwe waarneming is een nieuwe bevinding",
                            ),
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
                                    "the follow-up that closed {r} changed after the fact (since {}): {was_now}",
                                    ctx.since(),
                                ),
                            )
                            .nl(format!(
                                "de opvolging die {r} sloot is achteraf gewijzigd (sinds {}): {was_now_nl}",
                                ctx.since(),
                            ))
                            .hints(
                                "restore the follow-up; if the finding proves not solved after all, a later audit records a new finding",
                                "zet de opvolging terug; blijkt de bevinding toch niet opgelost, dan legt een latere audit een nieuwe bevinding vast",
                            ),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// A change to `[rules]` of kmi.toml since the revision: it decides what the
/// next check refuses, so it is reported, and the history rules of this
/// check keep the severities of the revision.
fn rules_changed(ctx: &HistoryCtx<'_>, out: &mut Vec<Diagnostic>) {
    let changes = &ctx.history.rules_changed;
    if changes.is_empty() {
        return;
    }
    let level = |l: &Option<crate::model::Level>| match l {
        None => "absent".to_owned(),
        Some(crate::model::Level::Error) => "`error`".to_owned(),
        Some(crate::model::Level::Warning) => "`warning`".to_owned(),
        Some(crate::model::Level::Off) => "`off`".to_owned(),
    };
    let list: Vec<String> = changes
        .iter()
        .map(|(id, then, now)| format!("`{id}` was {}, now {}", level(then), level(now)))
        .collect();
    let text = ctx
        .dossier
        .files
        .iter()
        .find(|f| f.path == "kmi.toml")
        .map_or("", |f| f.text.as_str());
    let span = text
        .find("[rules]")
        .map_or(0..0, |i| i..i + "[rules]".len());
    out.push(
        ctx.diag(
            RULE,
            "kmi.toml",
            None,
            span,
            "kmi",
            format!(
                "the rules of the dossier changed since {}: {}; the history rules of this check keep the severities of {}",
                ctx.since(),
                list.join(", "),
                ctx.since()
            ),
        )
        .with_hint("commit a change to [rules] on its own, reviewed as such; a change to the records in the same commit is judged by the rules as they were"),
    );
}

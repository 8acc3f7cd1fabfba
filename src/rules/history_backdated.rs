//! `history-backdated`: a date recorded in a commit long after it, e.g. a
//! plan "received" more than `[history] backdate_days` (30) days before the
//! commit that first records it.

use crate::diag::Diagnostic;
use crate::recdiff;

use super::HistoryCtx;
use crate::rules::RuleId;

const RULE: RuleId = RuleId::HistoryBackdated;

/// What the date is, in English and Dutch.
fn what(shape: &str) -> (&'static str, &'static str) {
    match shape {
        "finding.plan.received" => ("plan received", "plan van aanpak ontvangen"),
        "finding.plan.accepted" => ("plan accepted", "plan van aanpak aanvaard"),
        "report" => ("report", "rapport"),
        "date" => ("decision date", "besluitdatum"),
        "received" => ("progress report received", "voortgangsrapportage ontvangen"),
        _ => ("date", "datum"),
    }
}

pub fn check(ctx: &HistoryCtx<'_>, out: &mut Vec<Diagnostic>) {
    let window = i64::from(ctx.history.backdate_days);
    for r in &ctx.history.recorded {
        let lag = r.date.days_until(r.committed);
        if lag <= window {
            continue;
        }
        // Only a date still on record now: a later correction is judged by its own commit.
        let Some(file) = ctx.dossier.files.iter().find(|f| f.path == r.rel) else {
            continue;
        };
        let Ok(now) = file.text.parse::<toml::Table>() else {
            continue;
        };
        if recdiff::get(&now, &r.path).and_then(recdiff::as_date) != Some(r.date) {
            continue;
        }
        let id = r
            .rel
            .rsplit('/')
            .next()
            .unwrap_or(&r.rel)
            .trim_end_matches(".toml");
        let subject = match r.path.item_of("finding") {
            Some(f) => format!("{id}/{f}"),
            None => id.to_owned(),
        };
        let (by, by_nl) = if r.author.is_empty() {
            (String::new(), String::new())
        } else {
            (format!(" by {}", r.author), format!(" door {}", r.author))
        };
        let (what, what_nl) = what(&r.path.shape());
        out.push(
            ctx.diag(
                RULE,
                &r.rel,
                r.institution.as_deref(),
                recdiff::locate(&file.text, &r.path),
                subject,
                format!(
                    "{what} {} first recorded on {} ({}{by}), {lag} days later: more than {window} days",
                    r.date,
                    r.committed,
                    r.commit
                ),
            )
            .nl(format!(
                "{what_nl} {} pas vastgelegd op {} ({}{by_nl}), {lag} dagen later: meer dan {window} dagen",
                r.date,
                r.committed,
                r.commit
            ))
            .hints(
                format!(
                    "if the date is right, say in the record where it comes from; the warning then stays only while `--since` reaches back before {}: check from a later revision, or widen the window with `[history] backdate_days` (now {window}) in kmi.toml",
                    r.commit
                ),
                format!(
                    "klopt de datum, zeg dan in het record waar hij vandaan komt; de waarschuwing blijft dan alleen zolang `--since` terugreikt tot vóór {}: controleer vanaf een latere revisie, of verruim het venster met `[history] backdate_days` (nu {window}) in kmi.toml",
                    r.commit
                ),
            ),
        );
    }
}

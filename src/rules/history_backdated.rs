//! `history-backdated`: a date recorded in a commit long after it, e.g. a
//! plan "received" more than `[history] backdate_days` (30) days before the
//! commit that first records it.

use crate::diag::Diagnostic;
use crate::recdiff;

use super::HistoryCtx;
use crate::rules::RuleId;

const RULE: RuleId = RuleId::HistoryBackdated;

fn what(shape: &str) -> &'static str {
    match shape {
        "finding.plan.received" => "plan received",
        "finding.plan.accepted" => "plan accepted",
        "report" => "report",
        "date" => "decision date",
        "received" => "progress report received",
        _ => "date",
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
        let by = if r.author.is_empty() {
            String::new()
        } else {
            format!(" by {}", r.author)
        };
        out.push(
            ctx.diag(
                RULE,
                &r.rel,
                r.institution.as_deref(),
                recdiff::locate(&file.text, &r.path),
                subject,
                format!(
                    "{} {} first recorded on {} ({}{by}), {lag} days later: more than {window} days",
                    what(&r.path.shape()),
                    r.date,
                    r.committed,
                    r.commit
                ),
            )
            .with_hint("if the date is right, say in the record where it comes from (a note, the letter's reference); the window is `[history] backdate_days` in kmi.toml"),
        );
    }
}

//! `certificate-gap`: after the first certificate, no day without a valid
//! one — except after a `withdraw` or `refuse` decision that no certificate
//! follows on the same day (settled question 8): from that day no
//! certificate is owed, until a later certificate starts a new period.

use super::Ctx;
use crate::clock::days;
use crate::diag::Diagnostic;
use crate::i18n::{days_nl, term_nl};
use crate::model::Outcome;
use crate::rules::RuleId;
use crate::timeline::Ending;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        let certs = &inst.certificates;
        for c in certs {
            let last = c.last_day();
            let next_day = last.add_days(1);
            if next_day > ctx.as_of || certs.iter().any(|o| o.valid_on(next_day)) {
                continue;
            }
            let resumed = certs
                .iter()
                .filter(|o| o.start > last)
                .map(|o| o.start)
                .min();
            // The first withdrawal or refusal after this certificate began
            // that no certificate follows on its day: no certificate is owed
            // from it.
            let closed = inst
                .files
                .decisions
                .values()
                .filter(|x| matches!(x.data.outcome(), Outcome::Withdraw | Outcome::Refuse))
                .filter(|x| x.data.date() > c.start)
                .filter(|x| !certs.iter().any(|o| o.start == x.data.date()))
                .min_by_key(|x| (x.data.date(), x.id.as_str()))
                .filter(|x| resumed.is_none_or(|r| x.data.date() < r));
            if closed.is_some_and(|x| x.data.date() <= next_day) {
                continue;
            }
            let (how, how_nl) = match c.ended {
                Some((_, Ending::Withdrawn(w))) if c.last_day() < c.end => (
                    format!("withdrawn by {}", w.id),
                    format!("ingetrokken bij {}", w.id),
                ),
                _ => (format!("ended {last}"), format!("afgelopen op {last}")),
            };
            let kind = c.kind.as_str();
            let (en, nl) = match (closed, resumed) {
                (Some(x), _) => {
                    let r = x.data.date();
                    let what = if x.data.outcome() == Outcome::Withdraw {
                        ("withdrawal", "intrekking")
                    } else {
                        ("refusal", "weigering")
                    };
                    (
                        format!(
                            "{kind} certificate {how}; no valid certificate from {next_day} until the {} {} of {r} ({})",
                            what.0,
                            x.id,
                            days(next_day.days_until(r))
                        ),
                        format!(
                            "certificaat ({}) {how_nl}; geen geldig certificaat van {next_day} tot de {} {} van {r} ({})",
                            term_nl(kind),
                            what.1,
                            x.id,
                            days_nl(next_day.days_until(r))
                        ),
                    )
                }
                (None, Some(r)) => (
                    format!(
                        "{kind} certificate {how}; no valid certificate from {next_day} until {r} ({})",
                        days(next_day.days_until(r))
                    ),
                    format!(
                        "certificaat ({}) {how_nl}; geen geldig certificaat van {next_day} tot {r} ({})",
                        term_nl(kind),
                        days_nl(next_day.days_until(r))
                    ),
                ),
                (None, None) => (
                    format!(
                        "{kind} certificate {how}; no valid certificate since {next_day} ({} as of {})",
                        days(next_day.days_until(ctx.as_of) + 1),
                        ctx.as_of
                    ),
                    format!(
                        "certificaat ({}) {how_nl}; geen geldig certificaat sinds {next_day} ({} op {})",
                        term_nl(kind),
                        days_nl(next_day.days_until(ctx.as_of) + 1),
                        ctx.as_of
                    ),
                ),
            };
            out.push(
                ctx.diag(RuleId::CertificateGap, c.decision.file, c.decision.data.outcome.span(), &c.decision.id, en)
                    .nl(nl)
                    .hints(
                        "record the decision that continued the certification (renew, bridging or temporary)",
                        "leg het besluit vast waarmee de certificering doorliep (renew, bridging of temporary)",
                    ),
            );
        }
    }
}

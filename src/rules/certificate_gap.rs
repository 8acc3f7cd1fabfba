//! `certificate-gap`: after the first certificate, no day without a valid one.

use super::Ctx;
use crate::clock::days;
use crate::diag::Diagnostic;
use crate::i18n::{days_nl, term_nl};
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
            let (how, how_nl) = match c.ended {
                Some((_, Ending::Withdrawn(w))) if c.last_day() < c.end => (
                    format!("withdrawn by {}", w.id),
                    format!("ingetrokken bij {}", w.id),
                ),
                _ => (format!("ended {last}"), format!("afgelopen op {last}")),
            };
            let kind = c.kind.as_str();
            let (en, nl) = match resumed {
                Some(r) => (
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
                None => (
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

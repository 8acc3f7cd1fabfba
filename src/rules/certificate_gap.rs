//! `certificate-gap`: after the first certificate, no day without a valid one.

use super::Ctx;
use crate::clock::days;
use crate::diag::Diagnostic;
use crate::timeline::Ending;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        let certs = &inst.certificates;
        for c in certs {
            let last = c.last_day();
            let next_day = last.add_days(1);
            if next_day > ctx.as_of {
                continue;
            }
            if certs.iter().any(|o| o.valid_on(next_day)) {
                continue;
            }
            let resumed = certs
                .iter()
                .filter(|o| o.start > last)
                .map(|o| o.start)
                .min();
            let how = match c.ended {
                Some((_, Ending::Withdrawn(w))) if c.last_day() < c.end => {
                    format!("withdrawn by {}", w.id)
                }
                _ => format!("ended {last}"),
            };
            let message = match resumed {
                Some(r) => format!(
                    "{} certificate {how}; no valid certificate from {next_day} until {r} ({})",
                    c.kind.as_str(),
                    days(next_day.days_until(r))
                ),
                None => format!(
                    "{} certificate {how}; no valid certificate since {next_day} ({} as of {})",
                    c.kind.as_str(),
                    days(next_day.days_until(ctx.as_of) + 1),
                    ctx.as_of
                ),
            };
            out.push(
                ctx.diag("certificate-gap", c.decision.file, c.decision.data.outcome.span(), &c.decision.id, message)
                    .with_hint("record the decision that continued the certification (renew, bridging or temporary)"),
            );
        }
    }
}

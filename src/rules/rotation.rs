//! `rotation`: at most 6 years with one institution; a break of a full cycle
//! (3 years) without an audit there starts the count again.

use crate::rules::RuleId;
use std::collections::HashMap;

use super::Ctx;
use crate::clock::Date;
use crate::diag::Diagnostic;
use crate::facts::run_starts;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let limit = ctx.clocks().rotation;
    let gap = ctx.clocks().rotation_break;
    // Each person's runs at each institution, worked out once rather than
    // again for every audit of the run.
    let runs: HashMap<(&str, &str), Vec<(Date, Date)>> = ctx
        .facts
        .person_audits
        .iter()
        .map(|(key, history)| {
            let audits = history
                .iter()
                .map(|a| (a.data.first_day(), a.data.last_day()));
            (*key, run_starts(audits, gap).collect())
        })
        .collect();
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let first = audit.data.first_day();
            for member in audit.data.team() {
                let Some(runs) = runs.get(&(member.get_ref().as_str(), inst.id())) else {
                    continue;
                };
                // The audits are in order of first day: those up to this one are a prefix.
                let held = runs.partition_point(|(f, _)| *f <= first);
                let Some(&(_, start)) = held.checked_sub(1).and_then(|i| runs.get(i)) else {
                    continue;
                };
                let until = limit.after(start);
                if first > until {
                    out.push(
                        ctx.diag(
                            RuleId::Rotation,
                            audit.file,
                            member.span(),
                            member.get_ref().as_str(),
                            format!(
                                "{} has served {} since {start}: the limit was {until} ({start} + {limit}), this audit starts {first}",
                                member.get_ref(),
                                inst.id()
                            ),
                        )
                        .nl(format!(
                            "{} auditeert {} sinds {start}: de grens was {until} ({start} + {}), deze audit begint {first}",
                            member.get_ref(),
                            inst.id(),
                            crate::i18n::period_nl(limit)
                        ))
                        .hints(
                            format!("rotate: an auditor may serve one institution at most {limit}"),
                            format!("roteer: een auditor is bij één instelling ten hoogste {} betrokken", crate::i18n::period_nl(limit)),
                        ),
                    );
                }
            }
        }
    }
}

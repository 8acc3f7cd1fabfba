//! `date-order`: dates in an impossible order.

use super::Ctx;
use crate::diag::Diagnostic;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for person in ctx.dossier.people.values() {
        if let (Some(q), Some(l)) = (person.data.qualified, person.data.left)
            && l < q
        {
            out.push(ctx.diag(
                "date-order",
                person.file,
                0..0,
                &person.id,
                format!("left {l} before being qualified {q}"),
            ));
        }
    }
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let a = &audit.data;
            let days = a.days.get_ref();
            for w in days.windows(2) {
                if w[1].get_ref() <= w[0].get_ref() {
                    out.push(
                        ctx.diag(
                            "date-order",
                            audit.file,
                            w[1].span(),
                            &audit.id,
                            format!(
                                "audit day {} is not after the day before it ({})",
                                w[1].get_ref(),
                                w[0].get_ref()
                            ),
                        )
                        .with_hint("list the audit days once each, in order"),
                    );
                }
            }
            if let Some(r) = &a.report
                && *r.get_ref() < a.last_day()
            {
                out.push(ctx.diag(
                    "date-order",
                    audit.file,
                    r.span(),
                    &audit.id,
                    format!(
                        "report {} is dated before the last audit day {}",
                        r.get_ref(),
                        a.last_day()
                    ),
                ));
            }
            for f in &a.finding {
                let f = f.get_ref();
                let Some(plan) = &f.plan else { continue };
                // Made only for a diagnostic: most plans are in order.
                let subject = || format!("{}/{}", audit.id, f.id.get_ref());
                let received = *plan.received.get_ref();
                if let Some(r) = a.report()
                    && received < r
                {
                    out.push(ctx.diag(
                        "date-order",
                        audit.file,
                        plan.received.span(),
                        subject(),
                        format!("plan of action received {received}, before the report {r}"),
                    ));
                }
                if let Some(acc) = &plan.accepted
                    && *acc.get_ref() < received
                {
                    out.push(ctx.diag(
                        "date-order",
                        audit.file,
                        acc.span(),
                        subject(),
                        format!(
                            "plan of action accepted {}, before it was received {received}",
                            acc.get_ref()
                        ),
                    ));
                }
            }
            for fu in &a.follow_up {
                let r = fu.get_ref().finding.get_ref();
                let Some(target) = inst.files.audits.get(r.audit.as_str()) else {
                    continue;
                };
                if r.audit.as_str() == audit.id {
                    out.push(
                        ctx.diag(
                            "date-order",
                            audit.file,
                            fu.get_ref().finding.span(),
                            r.to_string(),
                            format!("follows up {r}, a finding of this same audit"),
                        )
                        .with_hint("a follow-up judges a finding of an earlier audit"),
                    );
                } else if a.first_day() < target.data.last_day() {
                    out.push(ctx.diag(
                        "date-order",
                        audit.file,
                        fu.get_ref().finding.span(),
                        r.to_string(),
                        format!(
                            "follows up {r}, but this audit starts {} before that audit ended {}",
                            a.first_day(),
                            target.data.last_day()
                        ),
                    ).with_hint("a follow-up judges a finding of an earlier audit"));
                }
            }
        }
        for d in inst.files.decisions.values() {
            let date = d.data.date();
            for a in &d.data.audits {
                if let Some(audit) = inst.files.audits.get(a.get_ref().as_str())
                    && date < audit.data.last_day()
                {
                    out.push(ctx.diag(
                        "date-order",
                        d.file,
                        a.span(),
                        &d.id,
                        format!(
                            "decision of {date} rests on audit {}, which ended later ({})",
                            a.get_ref(),
                            audit.data.last_day()
                        ),
                    ));
                }
            }
            if let Some(v) = &d.data.valid_until
                && *v.get_ref() <= date
            {
                out.push(ctx.diag(
                    "date-order",
                    d.file,
                    v.span(),
                    &d.id,
                    format!(
                        "valid_until {} is not after the decision date {date}",
                        v.get_ref()
                    ),
                ));
            }
        }
        for (month, p) in &inst.files.progress {
            let Some(start) = crate::clock::Date::parse(&format!("{month}-01")) else {
                continue;
            };
            let received = *p.data.received.get_ref();
            if received < start {
                out.push(ctx.diag(
                    "date-order",
                    p.file,
                    p.data.received.span(),
                    format!("progress/{month}"),
                    format!(
                        "progress report on {month} received {received}, before that month began"
                    ),
                ));
            }
        }
    }
}

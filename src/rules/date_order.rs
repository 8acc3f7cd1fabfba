//! `date-order`: dates in an impossible order.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::rules::RuleId;

const EARLIER_EN: &str = "a follow-up judges a finding of an earlier audit";
const EARLIER_NL: &str = "een opvolging beoordeelt een bevinding van een eerdere audit";

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for person in ctx.dossier.people.values() {
        if let (Some(q), Some(l)) = (person.data.qualified, person.data.left)
            && l < q
        {
            out.push(
                ctx.diag(
                    RuleId::DateOrder,
                    person.file,
                    0..0,
                    &person.id,
                    format!("left {l} before being qualified {q}"),
                )
                .nl(format!("uit dienst {l} voordat gekwalificeerd {q}")),
            );
        }
    }
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let a = &audit.data;
            let days = a.days.get_ref();
            for w in days.windows(2) {
                let (before, day) = (w[0].get_ref(), w[1].get_ref());
                if day <= before {
                    out.push(
                        ctx.diag(
                            RuleId::DateOrder,
                            audit.file,
                            w[1].span(),
                            &audit.id,
                            format!("audit day {day} is not after the day before it ({before})"),
                        )
                        .nl(format!(
                            "auditdag {day} valt niet na de dag ervoor ({before})"
                        ))
                        .hints(
                            "list the audit days once each, in order",
                            "noem elke auditdag één keer, op volgorde",
                        ),
                    );
                }
            }
            if let Some(r) = &a.report
                && *r.get_ref() < a.last_day()
            {
                let (report, last) = (r.get_ref(), a.last_day());
                out.push(
                    ctx.diag(
                        RuleId::DateOrder,
                        audit.file,
                        r.span(),
                        &audit.id,
                        format!("report {report} is dated before the last audit day {last}"),
                    )
                    .nl(format!(
                        "rapport {report} is gedateerd voor de laatste auditdag {last}"
                    )),
                );
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
                    out.push(
                        ctx.diag(
                            RuleId::DateOrder,
                            audit.file,
                            plan.received.span(),
                            subject(),
                            format!("plan of action received {received}, before the report {r}"),
                        )
                        .nl(format!(
                            "plan van aanpak ontvangen {received}, voor het rapport {r}"
                        )),
                    );
                }
                if let Some(acc) = &plan.accepted
                    && *acc.get_ref() < received
                {
                    let accepted = acc.get_ref();
                    out.push(
                        ctx.diag(
                            RuleId::DateOrder,
                            audit.file,
                            acc.span(),
                            subject(),
                            format!("plan of action accepted {accepted}, before it was received {received}"),
                        )
                        .nl(format!("plan van aanpak geaccepteerd {accepted}, voordat het ontvangen werd {received}")),
                    );
                }
            }
            for fu in &a.follow_up {
                let r = fu.get_ref().finding.get_ref();
                let Some(target) = inst.files.audits.get(r.audit.as_str()) else {
                    continue;
                };
                let span = fu.get_ref().finding.span();
                if r.audit.as_str() == audit.id {
                    out.push(
                        ctx.diag(
                            RuleId::DateOrder,
                            audit.file,
                            span,
                            r.to_string(),
                            format!("follows up {r}, a finding of this same audit"),
                        )
                        .nl(format!("volgt {r} op, een bevinding van deze zelfde audit"))
                        .hints(EARLIER_EN, EARLIER_NL),
                    );
                } else if a.first_day() < target.data.last_day() {
                    let (first, ended) = (a.first_day(), target.data.last_day());
                    out.push(
                        ctx.diag(
                            RuleId::DateOrder,
                            audit.file,
                            span,
                            r.to_string(),
                            format!("follows up {r}, but this audit starts {first} before that audit ended {ended}"),
                        )
                        .nl(format!("volgt {r} op, maar deze audit begint {first}, voordat die audit eindigde {ended}"))
                        .hints(EARLIER_EN, EARLIER_NL),
                    );
                }
            }
        }
        for d in inst.files.decisions.values() {
            let date = d.data.date();
            for a in &d.data.audits {
                if let Some(audit) = inst.files.audits.get(a.get_ref().as_str())
                    && date < audit.data.last_day()
                {
                    let (id, ended) = (a.get_ref(), audit.data.last_day());
                    out.push(
                        ctx.diag(
                            RuleId::DateOrder,
                            d.file,
                            a.span(),
                            &d.id,
                            format!("decision of {date} rests on audit {id}, which ended later ({ended})"),
                        )
                        .nl(format!("besluit van {date} rust op audit {id}, die later eindigde ({ended})")),
                    );
                } else if let Some(audit) = inst.files.audits.get(a.get_ref().as_str()) {
                    // Settled question 4: a decision rests only on audits
                    // whose report is dated on or before it.
                    let id = a.get_ref();
                    match audit.data.report() {
                        Some(r) if r <= date => {}
                        Some(r) => out.push(
                            ctx.diag(
                                RuleId::DateOrder,
                                d.file,
                                a.span(),
                                &d.id,
                                format!("decision of {date} rests on audit {id}, whose report is dated later ({r})"),
                            )
                            .nl(format!("besluit van {date} rust op audit {id}, waarvan het rapport later is gedateerd ({r})"))
                            .hints(
                                "a decision rests only on reported audits: date the decision on or after the report",
                                "een besluit rust alleen op gerapporteerde audits: dateer het besluit op of na het rapport",
                            ),
                        ),
                        None => out.push(
                            ctx.diag(
                                RuleId::DateOrder,
                                d.file,
                                a.span(),
                                &d.id,
                                format!("decision of {date} rests on audit {id}, which has no report on file"),
                            )
                            .nl(format!("besluit van {date} rust op audit {id}, waarvan geen rapport in het dossier staat"))
                            .hints(
                                format!("record the audit's `report` date in its file, on or before {date}"),
                                format!("leg de `report`-datum van de audit vast, op of voor {date}"),
                            ),
                        ),
                    }
                }
            }
            if let Some(v) = &d.data.valid_until
                && *v.get_ref() <= date
            {
                let until = v.get_ref();
                out.push(
                    ctx.diag(
                        RuleId::DateOrder,
                        d.file,
                        v.span(),
                        &d.id,
                        format!("valid_until {until} is not after the decision date {date}"),
                    )
                    .nl(format!(
                        "valid_until {until} valt niet na de besluitdatum {date}"
                    )),
                );
            }
        }
        for (month, p) in &inst.files.progress {
            let Some(start) = crate::clock::Date::parse(&format!("{month}-01")) else {
                continue;
            };
            let received = *p.data.received.get_ref();
            if received < start {
                out.push(
                    ctx.diag(
                        RuleId::DateOrder,
                        p.file,
                        p.data.received.span(),
                        format!("progress/{month}"),
                        format!("progress report on {month} received {received}, before that month began"),
                    )
                    .nl(format!("voortgangsrapportage over {month} ontvangen {received}, voordat die maand begon")),
                );
            }
        }
    }
}

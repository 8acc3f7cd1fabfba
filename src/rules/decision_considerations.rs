//! `decision-considerations`: every decision records its considerations and
//! the checklist, and names each critical finding open on its date with why
//! the outcome holds anyway.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::i18n::term_nl;
use crate::model::{Class, Outcome};
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for d in inst.files.decisions.values() {
            let data = &d.data;
            if data
                .considerations
                .as_deref()
                .is_none_or(|c| c.trim().is_empty())
            {
                out.push(
                    ctx.diag(RuleId::DecisionConsiderations, d.file, data.outcome.span(), &d.id, "decision without considerations")
                        .nl("besluit zonder afwegingen")
                        .hints(
                            "add `considerations = \"\"\"...\"\"\"`: why this outcome in these circumstances, in full sentences",
                            "voeg `considerations = \"\"\"...\"\"\"` toe: waarom deze uitkomst in deze omstandigheden, in volzinnen",
                        ),
                );
            }
            match &data.checklist {
                Some(c) if *c.get_ref() => {}
                Some(c) => out.push(
                    ctx.diag(
                        RuleId::DecisionConsiderations,
                        d.file,
                        c.span(),
                        &d.id,
                        "the report was not checked against the audit programme (checklist = false)",
                    )
                    .nl("het rapport is niet aan het auditprogramma getoetst (checklist = false)"),
                ),
                None => out.push(
                    ctx.diag(RuleId::DecisionConsiderations, d.file, data.outcome.span(), &d.id, "decision without the checklist")
                        .nl("besluit zonder checklist")
                        .hints(
                            "check the report against the audit programme and record `checklist = true`",
                            "toets het rapport aan het auditprogramma en leg `checklist = true` vast",
                        ),
                ),
            }
            for of in &data.open_finding {
                if of.get_ref().why.trim().is_empty() {
                    let r = of.get_ref().finding.get_ref();
                    out.push(
                        ctx.diag(
                            RuleId::DecisionConsiderations,
                            d.file,
                            of.span(),
                            &d.id,
                            format!("open finding {r} without why the outcome holds anyway"),
                        )
                        .nl(format!(
                            "open afwijking {r} zonder reden waarom de uitkomst toch standhoudt"
                        )),
                    );
                }
            }
            if matches!(
                data.outcome(),
                Outcome::Refuse | Outcome::Suspend | Outcome::Withdraw
            ) {
                continue;
            }
            let date = data.date();
            for f in inst
                .open_on(date)
                .filter(|f| f.class_on(date) == Class::Critical)
            {
                let listed = data.open_finding.iter().any(|of| {
                    let r = of.get_ref().finding.get_ref();
                    r.audit.as_str() == f.audit.id && r.finding.as_str() == f.id()
                });
                if !listed {
                    let outcome = data.outcome().as_str();
                    out.push(
                        ctx.diag(
                            RuleId::DecisionConsiderations,
                            d.file,
                            data.outcome.span(),
                            &d.id,
                            format!(
                                "{outcome} decision of {date} does not account for critical finding {}, open on that date",
                                f.subject()
                            ),
                        )
                        .nl(format!(
                            "besluit ({}) van {date} verantwoordt de kritische afwijking {} niet, die op die datum open was",
                            term_nl(outcome),
                            f.subject()
                        ))
                        .hints(
                            format!("add [[open_finding]] finding = \"{}\" with `why` the outcome holds anyway", f.subject()),
                            format!("voeg [[open_finding]] finding = \"{}\" toe met `why`: waarom de uitkomst toch standhoudt", f.subject()),
                        )
                        .concerning(f.subject()),
                    );
                }
            }
        }
    }
}

//! `decision-considerations`: every decision records its considerations and
//! the checklist, and names each critical finding open on its date with why
//! the outcome holds anyway.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{Class, Outcome};

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
                    ctx.diag("decision-considerations", d.file, data.outcome.span(), &d.id, "decision without considerations")
                        .with_hint("add `considerations = \"\"\"...\"\"\"`: why this outcome in these circumstances, in full sentences"),
                );
            }
            match &data.checklist {
                Some(c) if *c.get_ref() => {}
                Some(c) => out.push(ctx.diag(
                    "decision-considerations",
                    d.file,
                    c.span(),
                    &d.id,
                    "the report was not checked against the audit programme (checklist = false)",
                )),
                None => out.push(
                    ctx.diag("decision-considerations", d.file, data.outcome.span(), &d.id, "decision without the checklist")
                        .with_hint("check the report against the audit programme and record `checklist = true`"),
                ),
            }
            for of in &data.open_finding {
                if of.get_ref().why.trim().is_empty() {
                    out.push(ctx.diag(
                        "decision-considerations",
                        d.file,
                        of.span(),
                        &d.id,
                        format!(
                            "open finding {} without why the outcome holds anyway",
                            of.get_ref().finding.get_ref()
                        ),
                    ));
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
                    out.push(
                        ctx.diag(
                            "decision-considerations",
                            d.file,
                            data.outcome.span(),
                            &d.id,
                            format!("{} decision of {date} does not account for critical finding {}, open on that date", data.outcome().as_str(), f.subject()),
                        )
                        .with_hint(format!("add [[open_finding]] finding = \"{}\" with `why` the outcome holds anyway", f.subject())),
                    );
                }
            }
        }
    }
}

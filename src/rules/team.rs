//! `team`: a lead auditor in `lead`, and an expert other than the lead in `experts`.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{Person, Role};
use crate::rules::RuleId;

/// Why `p` may not be the lead of an audit, in English and Dutch (each to
/// follow the words "lead <id>"); `None` when they may. The rule judges the
/// lead with this, and `kmi lsp` marks the leads it completes with it.
pub fn lead_role(p: &Person) -> Option<(String, String)> {
    (!p.roles.contains(&Role::LeadAuditor)).then(|| {
        (
            "does not hold the lead-auditor role".to_owned(),
            "heeft de rol lead-auditor (hoofdauditor) niet".to_owned(),
        )
    })
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let has = |id: &str, role: Role| {
        ctx.facts
            .person(id)
            .is_some_and(|p| p.data.roles.contains(&role))
    };
    let known = |id: &str| ctx.facts.person(id).is_some();
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let lead = audit.data.lead.get_ref().as_str();
            if let Some((en, nl)) = ctx.facts.person(lead).and_then(|p| lead_role(&p.data)) {
                out.push(
                    ctx.diag(RuleId::Team, audit.file, audit.data.lead.span(), &audit.id, format!("lead {lead} {en}"))
                        .nl(format!("hoofdauditor {lead} {nl}"))
                        .hints(
                            "name a lead auditor (hoofdauditor) in `lead`, or add the role to the person if they hold it",
                            "noem een hoofdauditor in `lead`, of voeg de rol toe aan de persoon als die haar heeft",
                        ),
                );
            }
            let experts = audit.data.experts.get_ref();
            let unknown_only = experts.iter().all(|e| !known(e.get_ref().as_str()));
            if !unknown_only
                && !experts.iter().any(|e| {
                    e.get_ref().as_str() != lead && has(e.get_ref().as_str(), Role::Expert)
                })
            {
                out.push(
                    ctx.diag(
                        RuleId::Team,
                        audit.file,
                        audit.data.experts.span(),
                        &audit.id,
                        "no subject-matter expert (materiedeskundige) other than the lead in `experts`",
                    )
                    .nl("geen materiedeskundige naast de hoofdauditor in `experts`")
                    .hints(
                        "a team is a lead auditor and one or more subject-matter experts",
                        "een team bestaat uit een hoofdauditor en een of meer materiedeskundigen",
                    ),
                );
            } else if experts.is_empty() {
                out.push(
                    ctx.diag(
                        RuleId::Team,
                        audit.file,
                        audit.data.experts.span(),
                        &audit.id,
                        "the team has no subject-matter expert: `experts` is empty",
                    )
                    .nl("het team heeft geen materiedeskundige: `experts` is leeg"),
                );
            }
        }
    }
}

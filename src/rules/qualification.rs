//! `qualification`: a lead or expert who is not qualified on the audit's
//! first day, a person in `experts` without the expert role, or someone who
//! had left before the audit's last day (settled questions 3 and 5: the
//! requirements hold on every audit day; `left` is the last working day, so
//! serving on it is allowed). The lead's role is `team`'s: one diagnostic
//! per fact.

use super::Ctx;
use crate::clock::Date;
use crate::diag::Diagnostic;
use crate::model::{Person, Role};
use crate::rules::RuleId;

/// Why `p` may not serve on an audit from `first` to `last`, in English and
/// Dutch (each to follow the person's id); empty when they may. `expert`:
/// they are in `experts` (not only the lead), so they need the expert role;
/// the lead's role is `team`'s ([`crate::rules::team::lead_role`]). The rule
/// judges each team member with this, and `kmi lsp` marks the people it
/// completes with it.
pub fn problems(p: &Person, first: Date, last: Date, expert: bool) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    match p.qualified {
        None => problems.push((
            "is not qualified for the scheme (no `qualified` date)".to_owned(),
            "is niet gekwalificeerd voor het schema (geen `qualified`-datum)".to_owned(),
        )),
        Some(q) if q > first => problems.push((
            format!("was qualified only on {q}, after the audit's first day {first}"),
            format!("was pas op {q} gekwalificeerd, na de eerste auditdag {first}"),
        )),
        _ => {}
    }
    // An expert's role is judged here, even when another expert on the
    // team holds the role.
    if expert && !p.roles.contains(&Role::Expert) {
        problems.push((
            "is in `experts` without the expert role".to_owned(),
            "staat in `experts` zonder de rol materiedeskundige".to_owned(),
        ));
    }
    if let Some(left) = p.left
        && left < last
    {
        problems.push((
            format!("had left on {left}, before the audit's last day {last}"),
            format!("was op {left} uit dienst, voor de laatste auditdag {last}"),
        ));
    }
    problems
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let first = audit.data.first_day();
            let last = audit.data.last_day();
            let lead = audit.data.lead.get_ref().as_str();
            for member in audit.data.team() {
                let Some(person) = ctx.facts.person(member.get_ref().as_str()) else {
                    continue;
                };
                let expert = member.get_ref().as_str() != lead;
                let problems = problems(&person.data, first, last, expert);
                for (en, nl) in problems {
                    out.push(
                        ctx.diag(
                            RuleId::Qualification,
                            audit.file,
                            member.span(),
                            &person.id,
                            format!("{} {en}", person.id),
                        )
                        .nl(format!("{} {nl}", person.id)),
                    );
                }
            }
        }
    }
}

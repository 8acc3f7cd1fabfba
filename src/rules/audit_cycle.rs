//! `audit-cycle`: a regular certificate owes control audits by 12 and 24
//! months after its start and a re-assessment before its end — the
//! obligations that fall due while it is in force. The obligations and the
//! audits that met them come from `obligations`; this rule words the judgment.

use super::Ctx;
use crate::clock::days;
use crate::diag::Diagnostic;
use crate::facts::obligations::{About, Kind, Standing};
use crate::i18n::{arithmetic_nl, days_nl};
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let cycle = ctx
        .facts
        .obligations
        .iter()
        .filter(|o| matches!(o.kind, Kind::ControlAudit | Kind::Recertification));
    for ob in cycle {
        let (what, what_nl) = match ob.about {
            About::ControlAudit(n) => (format!("control audit {n}"), format!("controleaudit {n}")),
            _ => (
                "re-assessment (recertification audit)".to_owned(),
                "herbeoordeling".to_owned(),
            ),
        };
        let dl = &ob.deadline;
        let (en, nl) = match (ob.standing(ctx.as_of), &ob.met) {
            (Standing::Late(late), Some(met)) => (
                format!(
                    "{what} due {} ({}), held {} ({}): {} late",
                    dl.due,
                    dl.arithmetic(),
                    met.on,
                    met.by,
                    days(late)
                ),
                format!(
                    "{what_nl} uiterlijk {} ({}), gehouden {} ({}): {} te laat",
                    dl.due,
                    arithmetic_nl(dl),
                    met.on,
                    met.by,
                    days_nl(late)
                ),
            ),
            (Standing::Overdue(late), _) => (
                format!(
                    "{what} due {} ({}), none held (overdue {})",
                    dl.due,
                    dl.arithmetic(),
                    days(late)
                ),
                format!(
                    "{what_nl} uiterlijk {} ({}), niet gehouden (termijn {} verstreken)",
                    dl.due,
                    arithmetic_nl(dl),
                    days_nl(late)
                ),
            ),
            _ => continue,
        };
        out.push(
            ctx.diag(
                RuleId::AuditCycle,
                ob.file,
                ob.span.clone(),
                &ob.subject,
                en,
            )
            .nl(nl)
            .about(ob.reference()),
        );
    }
}

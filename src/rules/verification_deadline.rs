//! `verification-deadline`: a critical finding must be verified within the
//! verification clock (3 months) of the report. The obligation and what
//! met it come from `obligations`; this rule only words the judgment.

use super::Ctx;
use crate::clock::days;
use crate::diag::Diagnostic;
use crate::i18n::{arithmetic_nl, days_nl};
use crate::obligations::{Kind, Standing};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for ob in ctx.facts.obligations_of(Kind::Verification) {
        let dl = &ob.deadline;
        let (en, nl) = match (ob.standing(ctx.as_of), &ob.met) {
            (Standing::Late(late), Some(met)) => (
                format!(
                    "critical finding verified and closed on {} by audit {}, due {} ({}): {} late",
                    met.on,
                    met.by,
                    dl.due,
                    dl.arithmetic(),
                    days(late)
                ),
                format!(
                    "kritische afwijking op {} geverifieerd en gesloten door audit {}, uiterlijk {} ({}): {} te laat",
                    met.on,
                    met.by,
                    dl.due,
                    arithmetic_nl(dl),
                    days_nl(late)
                ),
            ),
            (Standing::Overdue(late), _) => (
                format!(
                    "critical finding not closed by an effective follow-up; verification due {} ({}), overdue {}",
                    dl.due,
                    dl.arithmetic(),
                    days(late)
                ),
                format!(
                    "kritische afwijking niet gesloten na effectieve opvolging; verificatie uiterlijk {} ({}), termijn {} verstreken",
                    dl.due,
                    arithmetic_nl(dl),
                    days_nl(late)
                ),
            ),
            _ => continue,
        };
        out.push(
            ctx.diag("verification-deadline", ob.file, ob.span.clone(), &ob.subject, en)
                .nl(nl)
                .hints(
                    "a verification audit records a [[follow_up]] with effective = true and closed = true",
                    "een verificatieonderzoek legt een [[follow_up]] vast met effective = true en closed = true",
                )
                .about(ob),
        );
    }
}

//! `verification-deadline`: a critical finding's verification must be held
//! within the verification clock (3 months) of the report (§2a, point 1). The obligation and what
//! met it come from `obligations`; this rule only words the judgment.

use super::Ctx;
use crate::clock::days;
use crate::diag::Diagnostic;
use crate::facts::obligations::{Kind, Standing};
use crate::i18n::{arithmetic_nl, days_nl};
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for ob in ctx.facts.obligations_of(Kind::Verification) {
        let dl = &ob.deadline;
        let (en, nl, hint, hint_nl) = match (ob.standing(ctx.as_of), &ob.met) {
            (Standing::Late(late), Some(met)) => (
                format!(
                    "verification of the critical finding held on {} by audit {}, due {} ({}): {} late",
                    met.on,
                    met.by,
                    dl.due,
                    dl.arithmetic(),
                    days(late)
                ),
                format!(
                    "verificatie van de kritische afwijking gehouden op {} door audit {}, uiterlijk {} ({}): {} te laat",
                    met.on,
                    met.by,
                    dl.due,
                    arithmetic_nl(dl),
                    days_nl(late)
                ),
                "the verification is on record as held late: nothing to record; the next decision's considerations say why the certificate held",
                "de verificatie is te laat gehouden en zo vastgelegd: niets vast te leggen; de afwegingen van het volgende besluit zeggen waarom het certificaat standhield",
            ),
            (Standing::Overdue(late), _) => (
                format!(
                    "critical finding not verified: verification due {} ({}), none held (overdue {})",
                    dl.due,
                    dl.arithmetic(),
                    days(late)
                ),
                format!(
                    "kritische afwijking niet geverifieerd: verificatie uiterlijk {} ({}), niet gehouden (termijn {} verstreken)",
                    dl.due,
                    arithmetic_nl(dl),
                    days_nl(late)
                ),
                "hold a verification audit and record its [[follow_up]] of the finding, whatever it found (closed = true only when the measures were judged effective)",
                "houd een verificatieonderzoek en leg de [[follow_up]] van de afwijking vast, wat het ook vond (closed = true alleen als de maatregelen effectief zijn bevonden)",
            ),
            _ => continue,
        };
        out.push(
            ctx.diag(
                RuleId::VerificationDeadline,
                ob.file,
                ob.span.clone(),
                &ob.subject,
                en,
            )
            .nl(nl)
            .hints(hint, hint_nl)
            .about(ob.reference()),
        );
    }
}

//! `temporary-basis` (settled question 7): a temporary certificate is issued
//! "bij intrekking of schorsing" (seed 000, note 20): on the day of a
//! withdrawal, or while a suspension runs. The scheme gives it no validity,
//! so a temporary decision needs `valid_until` unless a scheme file sets
//! `temporary_months`; that is a `schema` diagnostic, found here because it
//! depends on the scheme.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::Outcome;
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for d in inst.files.decisions.values() {
            if d.data.outcome() != Outcome::Temporary {
                continue;
            }
            let date = d.data.date();
            if d.data.valid_until.is_none() && ctx.clocks().temporary.is_none() {
                out.push(
                    ctx.diag(
                        RuleId::Schema,
                        d.file,
                        d.data.outcome.span(),
                        &d.id,
                        "a temporary decision needs `valid_until`: the scheme gives a temporary certificate no validity",
                    )
                    .nl("een besluit `temporary` heeft `valid_until` nodig: het schema geeft een tijdelijk certificaat geen geldigheidsduur")
                    .hints(
                        "add `valid_until = <date>` (the last valid day), or set `temporary_months` in the scheme file",
                        "voeg `valid_until = <datum>` toe (de laatste geldige dag), of zet `temporary_months` in het schemabestand",
                    ),
                );
            }
            let withdrawal = inst
                .files
                .decisions
                .values()
                .any(|w| w.data.outcome() == Outcome::Withdraw && w.data.date() == date);
            let suspension = inst.certificates.iter().any(|c| c.suspended_on(date));
            if withdrawal || suspension {
                continue;
            }
            out.push(
                ctx.diag(
                    RuleId::TemporaryBasis,
                    d.file,
                    d.data.outcome.span(),
                    &d.id,
                    format!("temporary certificate of {date} is issued neither on the day of a withdrawal nor during a suspension"),
                )
                .nl(format!("tijdelijk certificaat van {date} is niet afgegeven op de dag van een intrekking of tijdens een schorsing"))
                .hints(
                    "a temporary certificate is issued on a withdrawal or suspension (bij intrekking of schorsing): record that decision, or choose another outcome",
                    "een tijdelijk certificaat wordt afgegeven bij intrekking of schorsing: leg dat besluit vast, of kies een andere uitkomst",
                ),
            );
        }
    }
}

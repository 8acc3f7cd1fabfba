//! `verification-deadline`: a critical finding must be closed by an effective
//! follow-up within the verification clock (3 months) of the report.

use super::Ctx;
use crate::clock::days;
use crate::diag::Diagnostic;
use crate::i18n::{arithmetic_nl, days_nl};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for f in inst.findings.values() {
            let Some(dl) = f.verification_deadline(ctx.clocks()) else {
                continue;
            };
            let (en, nl) = match f.verified_by() {
                Some(v) => {
                    let on = v.effective_on();
                    if dl.met_by(on) {
                        continue;
                    }
                    (
                        format!(
                            "critical finding verified and closed on {on} by audit {}, due {} ({}): {} late",
                            v.audit.id,
                            dl.due,
                            dl.arithmetic(),
                            days(dl.days_late(on))
                        ),
                        format!(
                            "kritische afwijking op {on} geverifieerd en gesloten door audit {}, uiterlijk {} ({}): {} te laat",
                            v.audit.id,
                            dl.due,
                            arithmetic_nl(&dl),
                            days_nl(dl.days_late(on))
                        ),
                    )
                }
                None => {
                    if dl.met_by(ctx.as_of) {
                        continue;
                    }
                    (
                        format!(
                            "critical finding not closed by an effective follow-up; verification due {} ({}), overdue {}",
                            dl.due,
                            dl.arithmetic(),
                            days(dl.days_late(ctx.as_of))
                        ),
                        format!(
                            "kritische afwijking niet gesloten na effectieve opvolging; verificatie uiterlijk {} ({}), termijn {} verstreken",
                            dl.due,
                            arithmetic_nl(&dl),
                            days_nl(dl.days_late(ctx.as_of))
                        ),
                    )
                }
            };
            out.push(
                ctx.diag(
                    "verification-deadline",
                    f.audit.file,
                    f.finding.get_ref().id.span(),
                    f.subject(),
                    en,
                )
                .nl(nl)
                .hints(
                    "a verification audit records a [[follow_up]] with effective = true and closed = true",
                    "een verificatieonderzoek legt een [[follow_up]] vast met effective = true en closed = true",
                ),
            );
        }
    }
}

//! `progress-reports`: a monthly progress report for every month under a
//! bridging certificate. The months owed and the reports received come from
//! `obligations`; this rule words the judgment, at the decision that issued
//! the bridging certificate.

use super::Ctx;
use crate::clock::days;
use crate::diag::Diagnostic;
use crate::facts::obligations::{About, Kind, Standing};
use crate::i18n::days_nl;
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for ob in ctx.facts.obligations_of(Kind::ProgressReport) {
        let About::ProgressReport { month: m, decision } = &ob.about else {
            continue;
        };
        let dl = &ob.deadline;
        let (en, nl) = match (ob.standing(ctx.as_of), &ob.met) {
            (Standing::Late(late), Some(met)) => (
                format!(
                    "progress report on {m} received {}, due {} (end of the next month): {} late",
                    met.on,
                    dl.due,
                    days(late)
                ),
                format!(
                    "voortgangsrapportage over {m} ontvangen {}, uiterlijk {} (einde volgende maand): {} te laat",
                    met.on,
                    dl.due,
                    days_nl(late)
                ),
            ),
            (Standing::Overdue(late), _) => (
                format!(
                    "no progress report on {m} (progress/{m}.toml), due {} (end of the next month), overdue {}",
                    dl.due,
                    days(late)
                ),
                format!(
                    "geen voortgangsrapportage over {m} (progress/{m}.toml), uiterlijk {} (einde volgende maand), termijn {} verstreken",
                    dl.due,
                    days_nl(late)
                ),
            ),
            _ => continue,
        };
        out.push(
            ctx.diag(
                RuleId::ProgressReports,
                ob.file,
                ob.span.clone(),
                decision,
                en,
            )
            .nl(nl)
            .about(ob.reference()),
        );
    }
}

//! `progress-reports`: a monthly progress report for every month under a
//! bridging certificate.

use super::Ctx;
use crate::clock::{Date, Deadline, Period, days};
use crate::diag::Diagnostic;
use crate::facts::InstitutionFacts;
use crate::i18n::days_nl;
use crate::timeline::{CertKind, Certificate};

/// A month reported on, with the report's due date (the end of the next month).
#[derive(Debug)]
pub struct ReportDue {
    /// `yyyy-mm`
    pub month: String,
    pub deadline: Deadline,
}

/// The months a bridging certificate needs reports on: every month whose last
/// day falls inside it (from its start through its last day).
pub fn reports_due(cert: &Certificate<'_>) -> Vec<ReportDue> {
    if cert.kind != CertKind::Bridging {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut month = cert.start.month_start();
    while month <= cert.last_day() {
        let end = month.month_end();
        if cert.start <= end && end <= cert.last_day() {
            let due = end.add_months(1).month_end();
            out.push(ReportDue {
                month: format!("{:04}-{:02}", month.year(), month.month()),
                deadline: Deadline {
                    anchor_name: "month end",
                    anchor: end,
                    period: Period::Days(end.days_until(due) as u32),
                    due,
                },
            });
        }
        month = month.add_months(1);
    }
    out
}

/// The report on a month, if received.
pub fn received(inst: &InstitutionFacts<'_>, month: &str) -> Option<Date> {
    inst.files
        .progress
        .get(month)
        .map(|p| *p.data.received.get_ref())
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for c in &inst.certificates {
            for due in reports_due(c) {
                let dl = &due.deadline;
                let m = &due.month;
                let (en, nl) = match received(inst, m) {
                    Some(r) if dl.met_by(r) => continue,
                    Some(r) => (
                        format!(
                            "progress report on {m} received {r}, due {} (end of the next month): {} late",
                            dl.due,
                            days(dl.days_late(r))
                        ),
                        format!(
                            "voortgangsrapportage over {m} ontvangen {r}, uiterlijk {} (einde volgende maand): {} te laat",
                            dl.due,
                            days_nl(dl.days_late(r))
                        ),
                    ),
                    None if dl.met_by(ctx.as_of) => continue,
                    None => (
                        format!(
                            "no progress report on {m} (progress/{m}.toml), due {} (end of the next month), overdue {}",
                            dl.due,
                            days(dl.days_late(ctx.as_of))
                        ),
                        format!(
                            "geen voortgangsrapportage over {m} (progress/{m}.toml), uiterlijk {} (einde volgende maand), termijn {} verstreken",
                            dl.due,
                            days_nl(dl.days_late(ctx.as_of))
                        ),
                    ),
                };
                out.push(
                    ctx.diag(
                        "progress-reports",
                        c.decision.file,
                        c.decision.data.outcome.span(),
                        &c.decision.id,
                        en,
                    )
                    .nl(nl),
                );
            }
        }
    }
}

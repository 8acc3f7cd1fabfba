//! `progress-reports`: a monthly progress report for every month under a
//! bridging certificate.

use super::Ctx;
use crate::clock::{Date, Deadline, Period, days};
use crate::diag::Diagnostic;
use crate::facts::InstitutionFacts;
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
                let message = match received(inst, &due.month) {
                    Some(r) if due.deadline.met_by(r) => continue,
                    Some(r) => format!(
                        "progress report on {} received {r}, due {} (end of the next month): {} late",
                        due.month,
                        due.deadline.due,
                        days(due.deadline.days_late(r))
                    ),
                    None if due.deadline.met_by(ctx.as_of) => continue,
                    None => format!(
                        "no progress report on {} (progress/{}.toml), due {} (end of the next month), overdue {}",
                        due.month,
                        due.month,
                        due.deadline.due,
                        days(due.deadline.days_late(ctx.as_of))
                    ),
                };
                out.push(ctx.diag(
                    "progress-reports",
                    c.decision.file,
                    c.decision.data.outcome.span(),
                    &c.decision.id,
                    message,
                ));
            }
        }
    }
}

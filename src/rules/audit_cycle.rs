//! `audit-cycle`: a regular certificate owes control audits by 12 and 24
//! months after its start and a re-assessment before its end — the
//! obligations that fall due while it is in force.

use super::Ctx;
use crate::clock::{Deadline, days};
use crate::diag::Diagnostic;
use crate::dossier::Record;
use crate::facts::InstitutionFacts;
use crate::i18n::{arithmetic_nl, days_nl};
use crate::model::{Audit, AuditKind};
use crate::scheme::Clocks;
use crate::timeline::{CertKind, Certificate};

/// One audit a certificate owes.
#[derive(Debug)]
pub struct CycleObligation<'d> {
    pub kind: AuditKind,
    /// 1-based number of the control audit; 0 for the re-assessment.
    pub number: usize,
    pub deadline: Deadline,
    /// The audit that met it, when held in time or late.
    pub held: Option<&'d Record<Audit>>,
}

/// The audits a regular certificate owes, with the audits that met them.
/// Only obligations due while the certificate is in force are listed.
pub fn obligations<'d>(
    inst: &InstitutionFacts<'d>,
    cert: &Certificate<'d>,
    clocks: &Clocks,
) -> Vec<CycleObligation<'d>> {
    if cert.kind != CertKind::Regular {
        return Vec::new();
    }
    let mut out = Vec::new();
    let in_force_until = cert.last_day();
    let after_start = |kind: AuditKind| {
        inst.audits
            .iter()
            .filter(move |a| *a.data.kind.get_ref() == kind && a.data.first_day() > cert.start)
            .copied()
    };
    let controls: Vec<&Record<Audit>> = after_start(AuditKind::Control).collect();
    for (i, period) in clocks.control_audits.iter().enumerate() {
        let deadline = Deadline::new("certificate start", cert.start, *period);
        if deadline.due > in_force_until {
            continue;
        }
        out.push(CycleObligation {
            kind: AuditKind::Control,
            number: i + 1,
            deadline,
            held: controls.get(i).copied(),
        });
    }
    if cert.end <= in_force_until {
        let held = after_start(AuditKind::Recertification).find(|a| a.data.first_day() <= cert.end);
        out.push(CycleObligation {
            kind: AuditKind::Recertification,
            number: 0,
            deadline: Deadline::new("certificate start", cert.start, period_to(cert)),
            held,
        });
    }
    out
}

/// The period from a certificate's start to its end, for messages.
fn period_to(cert: &Certificate<'_>) -> crate::clock::Period {
    if cert.decision.data.valid_until.is_none() {
        cert.default_period
    } else {
        crate::clock::Period::Days(cert.start.days_until(cert.end).max(0) as u32)
    }
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for cert in &inst.certificates {
            for ob in obligations(inst, cert, ctx.clocks()) {
                let (what, what_nl) = match ob.kind {
                    AuditKind::Control => (
                        format!("control audit {}", ob.number),
                        format!("controleaudit {}", ob.number),
                    ),
                    _ => (
                        "re-assessment (recertification audit)".to_owned(),
                        "herbeoordeling".to_owned(),
                    ),
                };
                let dl = &ob.deadline;
                let (en, nl) = match ob.held {
                    Some(a) if dl.met_by(a.data.first_day()) => continue,
                    Some(a) => (
                        format!(
                            "{what} due {} ({}), held {} ({}): {} late",
                            dl.due,
                            dl.arithmetic(),
                            a.data.first_day(),
                            a.id,
                            days(dl.days_late(a.data.first_day()))
                        ),
                        format!(
                            "{what_nl} uiterlijk {} ({}), gehouden {} ({}): {} te laat",
                            dl.due,
                            arithmetic_nl(dl),
                            a.data.first_day(),
                            a.id,
                            days_nl(dl.days_late(a.data.first_day()))
                        ),
                    ),
                    None if dl.met_by(ctx.as_of) => continue,
                    None => (
                        format!(
                            "{what} due {} ({}), none held (overdue {})",
                            dl.due,
                            dl.arithmetic(),
                            days(dl.days_late(ctx.as_of))
                        ),
                        format!(
                            "{what_nl} uiterlijk {} ({}), niet gehouden (termijn {} verstreken)",
                            dl.due,
                            arithmetic_nl(dl),
                            days_nl(dl.days_late(ctx.as_of))
                        ),
                    ),
                };
                out.push(
                    ctx.diag(
                        "audit-cycle",
                        cert.decision.file,
                        cert.decision.data.outcome.span(),
                        &cert.decision.id,
                        en,
                    )
                    .nl(nl),
                );
            }
        }
    }
}

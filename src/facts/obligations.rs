//! Every obligation of the dossier, computed once, as data: what is owed,
//! by when (with the arithmetic), what met it (date and record) or nothing,
//! and where an unmet obligation is reported.
//!
//! The deadline rules of `kmi check` (`plan-deadline`,
//! `verification-deadline`, `audit-cycle`, `progress-reports`), `kmi
//! deadlines` and `kmi trace` all read these; none recomputes a due date or
//! decides for itself whether it was met. So an obligation is overdue in
//! `deadlines` exactly when `check` reports it unmet and past due.
//!
//! Some kinds are reminders rather than the dossier's obligations: the end
//! of a certificate, and the VOG, expertise and rotation clocks of people
//! who still serve. `check` reports those only when an audit or a decision
//! falls past them (rules `vog`, `expertise`, `rotation`).

use std::ops::Range;

use crate::clock::{Date, Deadline, Period};
use crate::dossier::Record;
use crate::dossier::{Dossier, FileId};
use crate::facts::{FindingFacts, FollowUpAt, InstitutionFacts};
use crate::model::{Audit, AuditKind, Class, Outcome, Role};
use crate::scheme::Clocks;
use crate::timeline::{CertKind, Certificate};

pub use crate::ids::{DeadlineRef, Kind};

/// What met an obligation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Met {
    /// The day it was met: the plan's `received`, an audit's first day, a
    /// follow-up's effective day, a progress report's `received`.
    pub on: Date,
    /// The record that met it (an audit id, `plan`, `progress/<yyyy-mm>`).
    pub by: String,
    /// Where a late one is reported.
    pub file: FileId,
    pub span: Range<usize>,
}

/// What an obligation is about, for the words around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum About {
    /// A finding, with its class when the obligation arose.
    Finding(Class),
    /// The n-th control audit (1-based) of a certificate.
    ControlAudit(usize),
    Recertification,
    /// The end of a certificate of this kind.
    CertificateEnd(CertKind),
    /// The progress report on a month (`yyyy-mm`) that a bridging
    /// certificate's decision owes.
    ProgressReport {
        month: String,
        decision: String,
    },
    /// A person's own clock (VOG, expertise, rotation at an institution).
    Person,
}

/// One obligation.
#[derive(Clone, Debug)]
pub struct Obligation {
    pub kind: Kind,
    pub institution: Option<String>,
    /// The obligation's subject exactly as `kmi deadlines` prints it:
    /// `<audit>/<finding>`, `<decision>`, `progress/<yyyy-mm>`, `<person>`.
    pub subject: String,
    pub deadline: Deadline,
    /// What met it, on or before the as-of date; `None` while unmet.
    pub met: Option<Met>,
    /// Where it is reported while unmet, and the record it is about.
    pub file: FileId,
    pub span: Range<usize>,
    /// The person it is about (VOG, expertise, rotation).
    pub person: Option<String>,
    /// Tells apart obligations of one record (control audit 1 and 2).
    pub nth: usize,
    pub about: About,
}

/// How an obligation stands as of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Met on or before its due date.
    OnTime,
    /// Met this many days after its due date.
    Late(i64),
    /// Unmet, and its due date has passed by this many days.
    Overdue(i64),
    /// Unmet, not yet due.
    Pending,
}

impl Obligation {
    pub fn standing(&self, as_of: Date) -> Standing {
        match &self.met {
            Some(m) if self.deadline.met_by(m.on) => Standing::OnTime,
            Some(m) => Standing::Late(self.deadline.days_late(m.on)),
            None if self.deadline.met_by(as_of) => Standing::Pending,
            None => Standing::Overdue(self.deadline.days_late(as_of)),
        }
    }

    /// The `deadline` field of a diagnostic about this obligation.
    pub fn reference(&self) -> DeadlineRef {
        DeadlineRef {
            kind: self.kind,
            subject: self.subject.clone(),
            due: self.deadline.due,
            met: self.met.as_ref().map(|m| m.on),
        }
    }

    /// Whether `kmi check` judges it (the other kinds are reminders).
    pub fn is_checked(&self) -> bool {
        matches!(
            self.kind,
            Kind::Plan
                | Kind::Verification
                | Kind::ControlAudit
                | Kind::Recertification
                | Kind::ProgressReport
        )
    }
}

/// The obligations of one institution's findings and certificates, in a
/// stable order (findings, then certificates in the order issued).
pub fn of_institution(
    inst: &InstitutionFacts<'_>,
    clocks: &Clocks,
    as_of: Date,
) -> Vec<Obligation> {
    let mut out = Vec::new();
    let ends = final_ends(inst);
    for f in inst.findings.values() {
        // After a withdrawal or refusal that no same-day certificate
        // follows, the institution's findings owe nothing that falls due
        // later (§2a, point 8).
        let owes = |dl: &Deadline| {
            !ends
                .iter()
                .any(|&end| f.audit.data.first_day() <= end && dl.due > end)
        };
        out.extend(plan(inst, f, clocks).filter(|o| owes(&o.deadline)));
        out.extend(
            verifications(inst, f, clocks)
                .into_iter()
                .filter(|o| owes(&o.deadline)),
        );
    }
    for cert in &inst.certificates {
        out.extend(cycle(inst, cert, clocks, as_of));
        out.extend(progress_reports(inst, cert));
    }
    out
}

/// The days of the withdrawals and refusals that no certificate follows on
/// the same day: after such a day the institution is owed nothing.
fn final_ends(inst: &InstitutionFacts<'_>) -> Vec<Date> {
    let decisions = &inst.files.decisions;
    decisions
        .values()
        .filter(|d| matches!(d.data.outcome(), Outcome::Withdraw | Outcome::Refuse))
        .map(|d| d.data.date())
        .filter(|&day| {
            !decisions
                .values()
                .any(|o| o.data.date() == day && o.data.outcome().issues_certificate())
        })
        .collect()
}

/// The plan of action a deviation owes: due 4 weeks after the report of the
/// audit where the finding became a deviation (its own, or the audit whose
/// follow-up upgraded a remark), met by `[finding.plan]`. A finding made a
/// remark before its plan fell due owes none (§2a, point 2).
fn plan(inst: &InstitutionFacts<'_>, f: &FindingFacts<'_>, clocks: &Clocks) -> Option<Obligation> {
    let finding = f.finding.get_ref();
    let (anchor, class) = if f.original_class().is_deviation() {
        (f.audit, f.original_class())
    } else {
        let up = f
            .follow_ups
            .iter()
            .find(|fu| reclassified_to(fu).is_some_and(Class::is_deviation))?;
        (up.audit, reclassified_to(up)?)
    };
    let deadline = Deadline::new("report", anchor.data.report()?, clocks.plan);
    let met = finding.plan.as_ref().map(|p| Met {
        on: *p.received.get_ref(),
        by: "plan".to_owned(),
        file: f.audit.file,
        span: p.received.span(),
    });
    if met.is_none()
        && let Some(remark_on) = f
            .follow_ups
            .iter()
            .find(|fu| reclassified_to(fu) == Some(Class::Remark))
            .map(|fu| fu.effective_on())
        && remark_on < deadline.due
    {
        return None;
    }
    Some(Obligation {
        kind: Kind::Plan,
        institution: Some(inst.id().to_owned()),
        subject: f.subject(),
        deadline,
        met,
        file: f.audit.file,
        span: finding.id.span(),
        person: None,
        nth: 0,
        about: About::Finding(class),
    })
}

/// The class a follow-up gives its finding, if it reclassifies.
fn reclassified_to(fu: &FollowUpAt<'_>) -> Option<Class> {
    fu.follow_up
        .get_ref()
        .reclassify
        .as_ref()
        .map(|c| *c.get_ref())
}

/// The verifications a finding owes (§2a, points 1–3): one each time it
/// becomes critical — at its own audit, or at the audit whose follow-up
/// upgraded it — due 3 months after that audit's report. The verification
/// is *held* by the next follow-up of the finding at a later audit of any
/// kind, on that audit's first day, whatever it finds: measures found not
/// effective keep the finding open for the next control audit or
/// re-assessment, and a downgrade at that follow-up is the verification.
fn verifications(
    inst: &InstitutionFacts<'_>,
    f: &FindingFacts<'_>,
    clocks: &Clocks,
) -> Vec<Obligation> {
    let mut out = Vec::new();
    let finding = f.finding.get_ref();
    // The audit whose report started a verification not yet held.
    let mut open: Option<&Record<Audit>> = None;
    let close = |anchor: &Record<Audit>, met: Option<Met>, out: &mut Vec<Obligation>| {
        if let Some(report) = anchor.data.report() {
            out.push(Obligation {
                kind: Kind::Verification,
                institution: Some(inst.id().to_owned()),
                subject: f.subject(),
                deadline: Deadline::new("report", report, clocks.verification),
                met,
                file: f.audit.file,
                span: finding.id.span(),
                person: None,
                nth: out.len(),
                about: About::Finding(Class::Critical),
            });
        }
    };
    let mut class = f.original_class();
    if class == Class::Critical {
        open = Some(f.audit);
    }
    for fu in &f.follow_ups {
        if let Some(anchor) = open
            && fu.audit.id != anchor.id
            && fu.audit.data.first_day() >= anchor.data.last_day()
        {
            let met = Met {
                on: fu.audit.data.first_day(),
                by: fu.audit.id.clone(),
                file: fu.audit.file,
                span: fu.follow_up.span(),
            };
            close(anchor, Some(met), &mut out);
            open = None;
        }
        let new = reclassified_to(fu).unwrap_or(class);
        if new == Class::Critical && class != Class::Critical {
            open = Some(fu.audit);
        }
        class = new;
    }
    if let Some(anchor) = open {
        close(anchor, None, &mut out);
    }
    out
}

/// The audits a regular certificate owes (control audits by 12 and 24
/// months, a re-assessment before its end), with the audits that met them.
/// Only obligations due while the certificate is in force are listed; an
/// audit is held on its first day, and a planned one meets nothing yet.
fn cycle(
    inst: &InstitutionFacts<'_>,
    cert: &Certificate<'_>,
    clocks: &Clocks,
    as_of: Date,
) -> Vec<Obligation> {
    if cert.kind != CertKind::Regular {
        return Vec::new();
    }
    let mut out = Vec::new();
    let in_force_until = cert.last_day();
    let after_start = |kind: AuditKind| {
        inst.audits.iter().copied().filter(move |a| {
            *a.data.kind.get_ref() == kind
                && a.data.first_day() > cert.start
                && a.data.first_day() <= as_of
        })
    };
    let held = |a: &crate::dossier::Record<crate::model::Audit>| Met {
        on: a.data.first_day(),
        by: a.id.clone(),
        file: cert.decision.file,
        span: cert.decision.data.outcome.span(),
    };
    let controls: Vec<_> = after_start(AuditKind::Control).collect();
    for (i, period) in clocks.control_audits.iter().enumerate() {
        let deadline = Deadline::new("certificate start", cert.start, *period);
        if deadline.due > in_force_until {
            continue;
        }
        out.push(Obligation {
            kind: Kind::ControlAudit,
            institution: Some(inst.id().to_owned()),
            subject: cert.decision.id.clone(),
            deadline,
            met: controls.get(i).map(|a| held(a)),
            file: cert.decision.file,
            span: cert.decision.data.outcome.span(),
            person: None,
            nth: i + 1,
            about: About::ControlAudit(i + 1),
        });
    }
    if cert.end <= in_force_until {
        let period = if cert.decision.data.valid_until.is_none() {
            cert.default_period
        } else {
            Period::Days(cert.start.days_until(cert.end).max(0) as u32)
        };
        out.push(Obligation {
            kind: Kind::Recertification,
            institution: Some(inst.id().to_owned()),
            subject: cert.decision.id.clone(),
            deadline: Deadline::new("certificate start", cert.start, period),
            met: after_start(AuditKind::Recertification)
                .find(|a| a.data.first_day() <= cert.end)
                .map(held),
            file: cert.decision.file,
            span: cert.decision.data.outcome.span(),
            person: None,
            nth: 0,
            about: About::Recertification,
        });
    }
    out
}

/// The monthly progress reports a bridging certificate owes (§2a, point 9):
/// one on every calendar month that overlaps its validity, the partial first
/// and last months included, named for the month reported on and due by the
/// end of the next month. Months after an early end owe nothing.
fn progress_reports(inst: &InstitutionFacts<'_>, cert: &Certificate<'_>) -> Vec<Obligation> {
    if cert.kind != CertKind::Bridging {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut month = cert.start.month_start();
    while month <= cert.last_day() {
        let end = month.month_end();
        let due = end.add_months(1).month_end();
        let name = format!("{:04}-{:02}", month.year(), month.month());
        let met = inst.files.progress.get(&name).map(|p| Met {
            on: *p.data.received.get_ref(),
            by: format!("progress/{name}"),
            file: cert.decision.file,
            span: cert.decision.data.outcome.span(),
        });
        out.push(Obligation {
            kind: Kind::ProgressReport,
            institution: Some(inst.id().to_owned()),
            subject: format!("progress/{name}"),
            deadline: Deadline {
                anchor_name: "month end",
                anchor: end,
                period: Period::Days(end.days_until(due) as u32),
                due,
            },
            met,
            file: cert.decision.file,
            span: cert.decision.data.outcome.span(),
            person: None,
            nth: 0,
            about: About::ProgressReport {
                month: name,
                decision: cert.decision.id.clone(),
            },
        });
        month = month.add_months(1);
    }
    out
}

/// The reminders of one institution as of `as_of`: the end of the
/// certificate in force, the follow-up that open deviations wait for, and
/// the rotation clocks of the people who audit there and still serve.
pub fn reminders_of_institution(
    dossier: &Dossier,
    inst: &InstitutionFacts<'_>,
    obligations: &[Obligation],
    person_audits: &crate::facts::PersonAudits<'_>,
    as_of: Date,
) -> Vec<Obligation> {
    let clocks = &dossier.scheme.clocks;
    let mut out = Vec::new();
    let iid = Some(inst.id().to_owned());
    if let Some(cert) = crate::timeline::in_force(&inst.certificates, as_of) {
        let kind = if cert.kind == CertKind::Bridging {
            Kind::BridgingEnd
        } else {
            Kind::CertificateEnd
        };
        let deadline = if cert.decision.data.valid_until.is_some() {
            Deadline {
                anchor_name: "valid_until",
                anchor: cert.end,
                period: Period::Days(0),
                due: cert.end,
            }
        } else {
            Deadline::new("certificate start", cert.start, cert.default_period)
        };
        out.push(Obligation {
            kind,
            institution: iid.clone(),
            subject: cert.decision.id.clone(),
            deadline,
            met: None,
            file: cert.decision.file,
            span: cert.decision.data.outcome.span(),
            person: None,
            nth: 0,
            about: About::CertificateEnd(cert.kind),
        });
        // Deviations still open wait for the next control audit or re-assessment.
        let next = obligations
            .iter()
            .filter(|o| {
                matches!(o.kind, Kind::ControlAudit | Kind::Recertification)
                    && o.subject == cert.decision.id
                    && o.met.is_none()
            })
            .min_by_key(|o| o.deadline.due);
        if let Some(next) = next {
            // Open deviations wait for it, unless a verification is still
            // owed first (a critical finding whose verification was held and
            // found the measures not effective waits for it too).
            let awaiting_verification = |subject: &str| {
                obligations.iter().any(|o| {
                    o.kind == Kind::Verification && o.met.is_none() && o.subject == subject
                })
            };
            for f in inst
                .open_on(as_of)
                .filter(|f| !awaiting_verification(&f.subject()))
            {
                let class = f.class_on(as_of);
                out.push(Obligation {
                    kind: Kind::FollowUp,
                    institution: iid.clone(),
                    subject: f.subject(),
                    deadline: next.deadline,
                    met: None,
                    file: f.audit.file,
                    span: f.finding.get_ref().id.span(),
                    person: None,
                    nth: 0,
                    about: About::Finding(class),
                });
            }
        }
    }
    // Only the people on this institution's audits can have a rotation clock
    // here; in id order, as the people map is.
    let team: std::collections::BTreeSet<&str> = inst
        .audits
        .iter()
        .flat_map(|a| a.data.team())
        .map(|m| m.get_ref().as_str())
        .collect();
    for person in team.into_iter().filter_map(|id| dossier.people.get(id)) {
        if !serves(&person.data, as_of) {
            continue;
        }
        let Some(history) = person_audits.get(&(person.id.as_str(), inst.id())) else {
            continue;
        };
        // Only audits held by now count; a planned audit after a full break
        // starts a new count.
        let held: Vec<(Date, Date)> = history
            .iter()
            .map(|a| (a.data.first_day(), a.data.last_day()))
            .filter(|(first, _)| *first <= as_of)
            .collect();
        let Some(last) = held.iter().map(|(_, l)| *l).max() else {
            continue;
        };
        if clocks.rotation_break.after(last) <= as_of {
            continue; // a full break: the count starts again at their next audit here
        }
        let Some(start) =
            crate::facts::rotation_start(held.into_iter(), as_of, clocks.rotation_break)
        else {
            continue;
        };
        out.push(Obligation {
            kind: Kind::Rotation,
            institution: iid.clone(),
            subject: person.id.clone(),
            deadline: Deadline::new("first audit here", start, clocks.rotation),
            met: None,
            file: person.file,
            span: 0..0,
            person: Some(person.id.clone()),
            nth: 0,
            about: About::Person,
        });
    }
    out
}

/// Whether a person still serves on `as_of`: holds a role that audits or
/// decides, and has not left before that day (`left` is the last working day).
pub fn serves(p: &crate::model::Person, as_of: Date) -> bool {
    p.left.is_none_or(|l| as_of <= l)
        && p.roles.iter().any(|r| {
            matches!(
                r,
                Role::LeadAuditor | Role::Expert | Role::DecisionMaker | Role::DeputyDecisionMaker
            )
        })
}

/// The VOG and expertise clocks of the people who still serve.
pub fn reminders_of_people(dossier: &Dossier, as_of: Date) -> Vec<Obligation> {
    let clocks = &dossier.scheme.clocks;
    let mut out = Vec::new();
    for person in dossier.people.values() {
        let p = &person.data;
        if !serves(p, as_of) {
            continue;
        }
        if let Some(v) = p.vog.iter().max() {
            out.push(Obligation {
                kind: Kind::Vog,
                institution: None,
                subject: person.id.clone(),
                deadline: Deadline::new("VOG", *v, clocks.vog),
                met: None,
                file: person.file,
                span: 0..0,
                person: Some(person.id.clone()),
                nth: 0,
                about: About::Person,
            });
        }
        if p.roles.contains(&Role::Expert)
            && let Some(e) = p.expertise.iter().max()
        {
            out.push(Obligation {
                kind: Kind::Expertise,
                institution: None,
                subject: person.id.clone(),
                deadline: Deadline::new("expertise shown", *e, clocks.expertise),
                met: None,
                file: person.file,
                span: 0..0,
                person: Some(person.id.clone()),
                nth: 0,
                about: About::Person,
            });
        }
    }
    out
}

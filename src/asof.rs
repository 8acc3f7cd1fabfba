//! The dossier as it stood on a date (product brief §2a, settled question
//! 13): as of `D`, nothing later has happened. Every command reads the
//! dossier through [`restrict`], so no command can judge a day with what
//! was recorded after it.
//!
//! As of `D`:
//! - a decision dated after `D` has not been taken (so no certificate is cut
//!   short by it);
//! - a report, a plan received or accepted, a progress report received, a
//!   VOG issued or expertise shown after `D` is not on file;
//! - a follow-up takes effect on its audit's last day: one whose audit ends
//!   after `D` has not happened yet;
//! - an audit whose first day is after `D` is *planned*: its team stays, so
//!   it is checked in advance (VOG, expertise, qualification, team, rotation,
//!   continuity on its days), but it has no findings, follow-ups or report
//!   yet, and meets no deadline.
//!
//! History rules (`check --since`) judge what was written, not what had
//! happened: they read the dossier before this restriction.

use crate::clock::Date;
use crate::dossier::Dossier;

/// What [`restrict`] set aside, for `--verbose` and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SetAside {
    pub decisions: usize,
    pub planned_audits: usize,
    pub findings: usize,
    pub follow_ups: usize,
    pub reports: usize,
    pub plans: usize,
    pub progress: usize,
    pub person_dates: usize,
}

/// Whether an audit whose first day is `first` is still planned as of `d`.
pub fn is_planned(first: Date, d: Date) -> bool {
    first > d
}

/// Remove from `dossier` everything that happened after `d`.
pub fn restrict(dossier: &mut Dossier, d: Date) -> SetAside {
    let mut gone = SetAside::default();
    // The parts of a dossier loaded in parts share its people, restricted
    // once before they are shared: they are written (and so copied) only
    // when something is to go.
    let later = |p: &crate::model::Person| p.vog.iter().chain(&p.expertise).any(|v| *v > d);
    let people = if dossier.people.values().any(|r| later(&r.data)) {
        std::sync::Arc::make_mut(&mut dossier.people).values_mut()
    } else {
        Default::default()
    };
    for person in people {
        let p = &mut person.data;
        let before = p.vog.len() + p.expertise.len();
        p.vog.retain(|v| *v <= d);
        p.expertise.retain(|e| *e <= d);
        gone.person_dates += before - p.vog.len() - p.expertise.len();
    }
    for inst in dossier.institutions.values_mut() {
        let before = inst.decisions.len();
        inst.decisions.retain(|_, dec| dec.data.date() <= d);
        gone.decisions += before - inst.decisions.len();
        let before = inst.progress.len();
        inst.progress.retain(|_, p| *p.data.received.get_ref() <= d);
        gone.progress += before - inst.progress.len();
        for audit in inst.audits.values_mut() {
            let a = &mut audit.data;
            if is_planned(a.first_day(), d) {
                gone.planned_audits += 1;
                gone.findings += a.finding.len();
                gone.follow_ups += a.follow_up.len();
                gone.reports += usize::from(a.report.is_some());
                a.finding.clear();
                a.follow_up.clear();
                a.report = None;
                continue;
            }
            if a.report().is_some_and(|r| r > d) {
                a.report = None;
                gone.reports += 1;
            }
            if a.last_day() > d {
                gone.follow_ups += a.follow_up.len();
                a.follow_up.clear();
            }
            for f in &mut a.finding {
                let finding = f.get_mut();
                let Some(plan) = &mut finding.plan else {
                    continue;
                };
                if *plan.received.get_ref() > d {
                    finding.plan = None;
                    gone.plans += 1;
                } else if plan.accepted.as_ref().is_some_and(|a| *a.get_ref() > d) {
                    plan.accepted = None;
                }
            }
        }
    }
    gone
}

//! Certificates, derived from decisions: one timeline per institution.
//!
//! `grant` and `renew` issue a regular certificate, `provisional` a
//! provisional one, `bridging` a bridging certificate, `temporary` a temporary
//! one (not under accreditation). A certificate issued on day D runs through
//! its `valid_until` or D + the scheme's validity, inclusive. A decision that
//! issues a certificate replaces the one in force from its date; `withdraw`
//! ends it; `suspend` suspends it until `reinstate`. Decisions of one date
//! apply ending ones (`suspend`, `withdraw`, `refuse`) first.

use crate::clock::{Date, Period};
use crate::dossier::{InstitutionFiles, Record};
use crate::model::{Decision, Outcome};
use crate::scheme::Clocks;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CertKind {
    Regular,
    Provisional,
    Bridging,
    Temporary,
}

impl CertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CertKind::Regular => "regular",
            CertKind::Provisional => "provisional",
            CertKind::Bridging => "bridging",
            CertKind::Temporary => "temporary",
        }
    }

    fn of(outcome: Outcome) -> Option<CertKind> {
        match outcome {
            Outcome::Grant | Outcome::Renew => Some(CertKind::Regular),
            Outcome::Provisional => Some(CertKind::Provisional),
            Outcome::Bridging => Some(CertKind::Bridging),
            Outcome::Temporary => Some(CertKind::Temporary),
            _ => None,
        }
    }
}

/// How a certificate ended before its end date.
#[derive(Clone, Copy, Debug)]
pub enum Ending<'d> {
    Replaced(&'d Record<Decision>),
    Withdrawn(&'d Record<Decision>),
}

#[derive(Clone, Debug)]
pub struct Suspension<'d> {
    pub decision: &'d Record<Decision>,
    pub start: Date,
    /// The reinstatement or withdrawal that ended the suspension.
    pub lifted: Option<(Date, &'d Record<Decision>)>,
}

#[derive(Clone, Debug)]
pub struct Certificate<'d> {
    pub kind: CertKind,
    pub decision: &'d Record<Decision>,
    pub start: Date,
    /// The end date it was issued with (inclusive).
    pub end: Date,
    /// The validity period when `end` was not given (for messages).
    pub default_period: Period,
    /// Its last valid day when it ended early, and how.
    pub ended: Option<(Date, Ending<'d>)>,
    pub suspensions: Vec<Suspension<'d>>,
}

impl Certificate<'_> {
    /// The last day it was (or will be) valid.
    pub fn last_day(&self) -> Date {
        match self.ended {
            Some((d, _)) => d.min(self.end),
            None => self.end,
        }
    }

    pub fn valid_on(&self, d: Date) -> bool {
        self.start <= d && d <= self.last_day()
    }

    pub fn suspended_on(&self, d: Date) -> bool {
        self.suspensions
            .iter()
            .any(|s| s.start <= d && s.lifted.is_none_or(|(l, _)| d < l))
    }
}

/// The decisions of an institution in the order they apply.
pub fn ordered_decisions(inst: &InstitutionFiles) -> Vec<&Record<Decision>> {
    let mut ds: Vec<&Record<Decision>> = inst.decisions.values().collect();
    ds.sort_by_key(|d| (d.data.date(), !d.data.outcome().is_ending(), d.id.as_str()));
    ds
}

/// The certificates of one institution, in the order issued.
pub fn certificates<'d>(inst: &'d InstitutionFiles, clocks: &Clocks) -> Vec<Certificate<'d>> {
    let mut certs: Vec<Certificate<'d>> = Vec::new();
    for d in ordered_decisions(inst) {
        let date = d.data.date();
        let outcome = d.data.outcome();
        let current = certs
            .iter_mut()
            .rev()
            .find(|c| c.ended.is_none() && c.start <= date && date <= c.end);
        if let Some(kind) = CertKind::of(outcome) {
            if let Some(cur) = current {
                cur.ended = Some((date.add_days(-1), Ending::Replaced(d)));
                for s in cur.suspensions.iter_mut().filter(|s| s.lifted.is_none()) {
                    s.lifted = Some((date, d));
                }
            }
            let default_period = match kind {
                CertKind::Regular => clocks.validity,
                CertKind::Provisional => clocks.provisional,
                CertKind::Bridging => clocks.bridging_max,
                CertKind::Temporary => clocks.temporary,
            };
            let end = d
                .data
                .valid_until
                .as_ref()
                .map_or_else(|| default_period.after(date), |v| *v.get_ref());
            certs.push(Certificate {
                kind,
                decision: d,
                start: date,
                end,
                default_period,
                ended: None,
                suspensions: Vec::new(),
            });
            continue;
        }
        let Some(cur) = current else { continue };
        match outcome {
            Outcome::Suspend => cur.suspensions.push(Suspension {
                decision: d,
                start: date,
                lifted: None,
            }),
            Outcome::Reinstate => {
                if let Some(s) = cur
                    .suspensions
                    .iter_mut()
                    .rev()
                    .find(|s| s.lifted.is_none())
                {
                    s.lifted = Some((date, d));
                }
            }
            Outcome::Withdraw => {
                cur.ended = Some((date.add_days(-1), Ending::Withdrawn(d)));
                for s in cur.suspensions.iter_mut().filter(|s| s.lifted.is_none()) {
                    s.lifted = Some((date, d));
                }
            }
            _ => {}
        }
    }
    certs
}

/// The certificate in force on `d`, if any (the latest issued).
pub fn in_force<'a, 'd>(certs: &'a [Certificate<'d>], d: Date) -> Option<&'a Certificate<'d>> {
    certs.iter().rev().find(|c| c.valid_on(d))
}

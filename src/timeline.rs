//! Certificates, derived from decisions: one timeline per institution.
//!
//! `grant` and `renew` issue a regular certificate, `provisional` a
//! provisional one, `bridging` a bridging certificate, `temporary` a temporary
//! one (not under accreditation). A certificate issued on day D runs through
//! its `valid_until` or D + the scheme's validity, inclusive. A decision that
//! issues a certificate replaces the one in force from its date; `withdraw`
//! ends it; `suspend` suspends it until `reinstate`. Decisions of one date
//! apply ending ones (`suspend`, `withdraw`, `refuse`) first.
//!
//! A `temporary` certificate issued while the current certificate is
//! suspended does not replace it (settled question 7): the suspension runs
//! on, and the reinstatement or withdrawal that follows is about the
//! suspended certificate. A reinstatement ends such a temporary certificate
//! (the day before); after a withdrawal it runs on to its own end.

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
        // A reinstatement or withdrawal is about the suspended certificate,
        // also when a temporary certificate was issued during the suspension
        // (settled question 7).
        let suspended = matches!(outcome, Outcome::Reinstate | Outcome::Withdraw)
            .then(|| {
                certs.iter().rposition(|c| {
                    c.ended.is_none()
                        && c.start <= date
                        && date <= c.end
                        && c.suspensions.iter().any(|s| s.lifted.is_none())
                })
            })
            .flatten();
        let current_at = suspended.or_else(|| {
            certs
                .iter()
                .rposition(|c| c.ended.is_none() && c.start <= date && date <= c.end)
        });
        if let Some(kind) = CertKind::of(outcome) {
            let current = current_at.map(|i| &mut certs[i]);
            // A temporary certificate issued while the current one is
            // suspended does not end that suspension: the suspended
            // certificate stays, its 6-month clock runs on until
            // reinstatement or withdrawal.
            let keeps_suspension = kind == CertKind::Temporary
                && current
                    .as_ref()
                    .is_some_and(|c| c.suspensions.iter().any(|s| s.lifted.is_none()));
            if let Some(cur) = current.filter(|_| !keeps_suspension) {
                cur.ended = Some((date.add_days(-1), Ending::Replaced(d)));
                for s in cur.suspensions.iter_mut().filter(|s| s.lifted.is_none()) {
                    s.lifted = Some((date, d));
                }
            }
            let default_period = match kind {
                CertKind::Regular => clocks.validity,
                CertKind::Provisional => clocks.provisional,
                CertKind::Bridging => clocks.bridging_max,
                // The scheme gives a temporary certificate no validity
                // (settled question 7): without `valid_until` or a scheme
                // file's `temporary_months` (a `schema` diagnostic) it is
                // taken to run on its date only.
                CertKind::Temporary => clocks.temporary.unwrap_or(Period::Days(0)),
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
        let Some(i) = current_at else { continue };
        if outcome == Outcome::Reinstate {
            // The certificate is back: a temporary certificate issued during
            // its suspension has done its work and ends the day before.
            for t in certs[i + 1..].iter_mut().filter(|t| {
                t.kind == CertKind::Temporary
                    && t.ended.is_none()
                    && t.start <= date
                    && date <= t.end
            }) {
                t.ended = Some((date.add_days(-1), Ending::Replaced(d)));
            }
        }
        let cur = &mut certs[i];
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

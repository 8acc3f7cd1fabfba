//! The public register (openbaar register): certified institutions with
//! their certificate, and pending applications. Only public facts: no
//! findings, no people, no considerations.

use serde::Serialize;

use crate::clock::Date;
use crate::facts::Facts;
use crate::model::Outcome;
use crate::timeline::{self, CertKind};

#[derive(Debug, Serialize)]
pub struct Certified {
    pub institution: String,
    pub name: String,
    pub region: Option<String>,
    /// regular, provisional, bridging or temporary
    pub certificate: String,
    /// false for a temporary certificate (not under accreditation)
    pub accredited: bool,
    pub start: Date,
    pub end: Date,
    pub suspended: bool,
}

#[derive(Debug, Serialize)]
pub struct Applicant {
    pub institution: String,
    pub name: String,
    pub region: Option<String>,
    pub applied: Date,
}

#[derive(Debug, Serialize)]
pub struct Register {
    pub as_of: Date,
    pub certified: Vec<Certified>,
    pub applicants: Vec<Applicant>,
}

/// The register as of `as_of`.
pub fn build(facts: &Facts<'_>, as_of: Date) -> Register {
    let mut certified = Vec::new();
    let mut applicants = Vec::new();
    for inst in &facts.institutions {
        let Some(record) = &inst.files.record else {
            continue;
        };
        let name = record.data.name.trim().to_owned();
        let region = record.data.region.clone();
        if let Some(c) = timeline::in_force(&inst.certificates, as_of) {
            certified.push(Certified {
                institution: inst.id().to_owned(),
                name,
                region,
                certificate: c.kind.as_str().to_owned(),
                accredited: c.kind != CertKind::Temporary,
                start: c.start,
                end: c.last_day(),
                suspended: c.suspended_on(as_of),
            });
            continue;
        }
        // Pending: applied, never certified since, and not refused since.
        let Some(applied) = record.data.applied.filter(|a| *a <= as_of) else {
            continue;
        };
        let decided = inst.files.decisions.values().any(|d| {
            let date = d.data.date();
            date >= applied
                && date <= as_of
                && (d.data.outcome() == Outcome::Refuse
                    || inst.certificates.iter().any(|c| c.start == date))
        });
        if !decided {
            applicants.push(Applicant {
                institution: inst.id().to_owned(),
                name,
                region,
                applied,
            });
        }
    }
    Register {
        as_of,
        certified,
        applicants,
    }
}

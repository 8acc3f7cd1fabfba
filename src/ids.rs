//! The ids that every part of kmi shares and no part owns: the rule ids
//! (typed: a misspelt id does not compile) and the kinds of obligation, with
//! the `deadline` field a diagnostic carries. A leaf module: it imports
//! nothing of kmi but dates, so the loader, the facts, the rules and the
//! diagnostics can all name them without depending on one another.

use serde::Serialize;

use crate::clock::Date;

macro_rules! rule_ids {
    ($($variant:ident $id:literal,)*) => {
        /// A rule's id, typed: a misspelt id does not compile. Its string
        /// form (`as_str`) is the stable id of the output and `[rules]`.
        /// The registry (`rules::REGISTRY`) lists the rules in this order.
        ///
        /// ```compile_fail
        /// let _ = kmi::ids::RuleId::PlanDeadlin;
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $($variant),*
        }

        impl RuleId {
            /// Every rule id, in the order `kmi rules` lists them.
            pub const ALL: &[RuleId] = &[$(RuleId::$variant),*];

            /// The stable id, e.g. `plan-deadline`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id),*
                }
            }
        }
    };
}

rule_ids! {
    Io "io",
    Parse "parse",
    Schema "schema",
    DuplicateId "duplicate-id",
    UnknownReference "unknown-reference",
    DateOrder "date-order",
    PlanDeadline "plan-deadline",
    VerificationDeadline "verification-deadline",
    ClosedUnverified "closed-unverified",
    FollowUpMissing "follow-up-missing",
    FindingRationale "finding-rationale",
    Vog "vog",
    Expertise "expertise",
    Qualification "qualification",
    Team "team",
    Rotation "rotation",
    Continuity "continuity",
    DecisionMaker "decision-maker",
    DecisionConsiderations "decision-considerations",
    AuditCycle "audit-cycle",
    CertificateGap "certificate-gap",
    Suspension "suspension",
    Bridging "bridging",
    ProgressReports "progress-reports",
    TemporaryCertificate "temporary-certificate",
    Scope "scope",
    ReportMissing "report-missing",
    TemporaryBasis "temporary-basis",
    PersonalData "personal-data",
    HistoryDeleted "history-deleted",
    HistoryRewritten "history-rewritten",
    HistoryReclassified "history-reclassified",
    HistoryBackdated "history-backdated",
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<RuleId> for &str {
    fn eq(&self, other: &RuleId) -> bool {
        *self == other.as_str()
    }
}

/// The kinds of obligation, as `kmi deadlines` names them (a contract).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Plan,
    Verification,
    FollowUp,
    ControlAudit,
    Recertification,
    CertificateEnd,
    BridgingEnd,
    ProgressReport,
    Vog,
    Expertise,
    Rotation,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Verification => "verification",
            Kind::FollowUp => "follow-up",
            Kind::ControlAudit => "control-audit",
            Kind::Recertification => "recertification",
            Kind::CertificateEnd => "certificate-end",
            Kind::BridgingEnd => "bridging-end",
            Kind::ProgressReport => "progress-report",
            Kind::Vog => "vog",
            Kind::Expertise => "expertise",
            Kind::Rotation => "rotation",
        }
    }

    /// The kind in Dutch, for the human outputs.
    pub fn dutch(self) -> &'static str {
        match self {
            Kind::Plan => "plan van aanpak",
            Kind::Verification => "verificatie",
            Kind::FollowUp => "opvolging",
            Kind::ControlAudit => "controleaudit",
            Kind::Recertification => "herbeoordeling",
            Kind::CertificateEnd => "einde certificaat",
            Kind::BridgingEnd => "einde overbrugging",
            Kind::ProgressReport => "voortgangsrapportage",
            Kind::Vog => "vog",
            Kind::Expertise => "deskundigheid",
            Kind::Rotation => "rotatie",
        }
    }
}

/// The obligation a diagnostic is about (the `deadline` field of the JSON
/// contract): `kind` and `subject` exactly as `kmi deadlines` prints them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeadlineRef {
    pub kind: Kind,
    pub subject: String,
    pub due: Date,
    /// The day it was met, or `null` while unmet.
    pub met: Option<Date>,
}

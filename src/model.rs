//! The record types of a dossier, exactly as the file format (docs/format.md)
//! defines them. The JSON Schemas under `schema/` are generated from these
//! types, and the loader validates every file against those schemas before it
//! deserializes it, so a record that reaches the rules is well-formed.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use toml::Spanned;

use crate::clock::Date;

/// Whether `s` is a record id: `[a-z0-9][a-z0-9-]*`.
pub fn is_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// Whether `s` is a norm id: dot-separated parts, the first a letter or a
/// number, the others numbers (`4.2`, `D.5.3`).
pub fn is_norm_id(s: &str) -> bool {
    let mut parts = s.split('.');
    let first_ok = parts.next().is_some_and(|p| {
        !p.is_empty()
            && (p.bytes().all(|b| b.is_ascii_digit())
                || (p.len() == 1 && p.bytes().all(|b| b.is_ascii_uppercase())))
    });
    first_ok && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";
pub const NORM_PATTERN: &str = "^([0-9]+|[A-Z])(\\.[0-9]+)*$";
pub const FINDING_REF_PATTERN: &str = "^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$";

macro_rules! string_newtype {
    ($(#[$meta:meta])* $name:ident, $check:expr, $pattern:expr, $what:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                if ($check)(s.as_str()) {
                    Ok($name(s))
                } else {
                    Err(serde::de::Error::custom(format!("`{s}` is not {}", $what)))
                }
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": $what,
                    "type": "string",
                    "pattern": $pattern
                })
            }
        }
    };
}

string_newtype!(
    /// The id of a person: their file name under `people/`.
    PersonId, is_id, ID_PATTERN, "a person id (lowercase letters, digits and -)"
);
string_newtype!(
    /// The id of an audit: its file name under `audits/`.
    AuditId, is_id, ID_PATTERN, "an audit id (lowercase letters, digits and -)"
);
string_newtype!(
    /// A finding id, unique within its audit (`f1`).
    FindingId, is_id, ID_PATTERN, "a finding id (lowercase letters, digits and -)"
);
string_newtype!(
    /// A norm id of the scheme's normenkader (`4.2`, `D.5.3`).
    NormId, is_norm_id, NORM_PATTERN, "a norm id like 4.2 or D.5.3"
);
string_newtype!(
    /// A context factor weighed in a classification or decision.
    ContextFactor, is_id, ID_PATTERN, "a context factor (lowercase letters, digits and -)"
);

/// A reference to a finding of an audit of the same institution: `<audit>/<finding>`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct FindingRef {
    pub audit: AuditId,
    pub finding: FindingId,
}

impl fmt::Display for FindingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.audit, self.finding)
    }
}

impl FindingRef {
    pub fn parse(s: &str) -> Option<FindingRef> {
        let (a, f) = s.split_once('/')?;
        (is_id(a) && is_id(f)).then(|| FindingRef {
            audit: AuditId(a.to_owned()),
            finding: FindingId(f.to_owned()),
        })
    }
}

impl Serialize for FindingRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FindingRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        FindingRef::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not a finding reference like 2024-11-recertification/f1"
            ))
        })
    }
}

impl JsonSchema for FindingRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FindingRef".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "a finding reference <audit>/<finding>, e.g. 2024-11-recertification/f1",
            "type": "string",
            "pattern": FINDING_REF_PATTERN
        })
    }
}

// ---------------------------------------------------------------- kmi.toml

/// `kmi.toml`: the root of a dossier.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "kmi.toml")]
pub struct Config {
    pub dossier: DossierSettings,
    /// Per-rule severity: "error", "warning" or "off".
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Level>")]
    pub rules: BTreeMap<String, Spanned<Level>>,
    #[serde(default)]
    pub context: ContextSettings,
    #[serde(default)]
    pub history: HistorySettings,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DossierSettings {
    /// The dossier's name.
    pub name: String,
    /// A built-in scheme ("jbjr") or the path of a scheme file relative to the dossier root.
    #[serde(default = "default_scheme")]
    #[schemars(with = "String")]
    pub scheme: Spanned<String>,
    /// The IANA time zone that decides what "today" is (default Europe/Amsterdam).
    #[schemars(with = "Option<String>")]
    pub timezone: Option<Spanned<String>>,
}

fn default_scheme() -> Spanned<String> {
    Spanned::new(0..0, "jbjr".to_owned())
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContextSettings {
    /// Context factors this dossier allows beside the built-in list.
    #[serde(default)]
    pub extra: Vec<ContextFactor>,
}

/// `[history]`: the history rules of `kmi check --since`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistorySettings {
    /// `history-backdated`: how many days a date may lie before the commit that first records it (default 30).
    #[serde(default = "default_backdate_days")]
    pub backdate_days: u32,
}

impl Default for HistorySettings {
    fn default() -> Self {
        HistorySettings {
            backdate_days: default_backdate_days(),
        }
    }
}

fn default_backdate_days() -> u32 {
    30
}

/// A rule's severity as configured in `[rules]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Error,
    Warning,
    Off,
}

// ------------------------------------------------------------------ people

/// `people/<person>.toml`: an auditor, expert or decision maker.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "person")]
pub struct Person {
    pub name: String,
    pub roles: Vec<Role>,
    /// Qualified as auditor for the scheme.
    pub qualified: Option<Date>,
    /// Issue dates of certificates of conduct (VOG) on file.
    #[serde(default)]
    pub vog: Vec<Date>,
    /// Dates expertise was shown to the certification manager.
    #[serde(default)]
    pub expertise: Vec<Date>,
    /// Left the certification body.
    pub left: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    LeadAuditor,
    Expert,
    DecisionMaker,
    DeputyDecisionMaker,
}

// ------------------------------------------------------------ institutions

/// `institutions/<institution>/institution.toml`: a certified institution (GI) or applicant.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "institution")]
pub struct Institution {
    pub name: String,
    pub region: Option<String>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// Application for certification (public register of applicants).
    pub applied: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    ChildProtection,
    YouthProbation,
    Guardianship,
}

// ------------------------------------------------------------------ audits

/// `institutions/<institution>/audits/<audit>.toml`: one audit and its findings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "audit")]
pub struct Audit {
    #[schemars(with = "AuditKind")]
    pub kind: Spanned<AuditKind>,
    /// The audit days.
    #[schemars(with = "Vec<Date>", length(min = 1))]
    pub days: Spanned<Vec<Spanned<Date>>>,
    /// The written report was issued: the deadline clocks start here.
    #[schemars(with = "Option<Date>")]
    pub report: Option<Spanned<Date>>,
    #[schemars(with = "PersonId")]
    pub lead: Spanned<PersonId>,
    #[schemars(with = "Vec<PersonId>")]
    pub experts: Spanned<Vec<Spanned<PersonId>>>,
    /// What the audit covered.
    pub scope: Option<String>,
    /// Pilots or special ways of working inside the scope.
    #[serde(default)]
    pub pilots: Vec<String>,
    #[serde(default)]
    #[schemars(with = "Vec<Finding>")]
    pub finding: Vec<Spanned<Finding>>,
    #[serde(default)]
    #[schemars(with = "Vec<FollowUp>")]
    pub follow_up: Vec<Spanned<FollowUp>>,
}

impl Audit {
    pub fn first_day(&self) -> Date {
        self.days
            .get_ref()
            .iter()
            .map(|d| *d.get_ref())
            .min()
            .expect("days is non-empty")
    }
    pub fn last_day(&self) -> Date {
        self.days
            .get_ref()
            .iter()
            .map(|d| *d.get_ref())
            .max()
            .expect("days is non-empty")
    }
    pub fn report(&self) -> Option<Date> {
        self.report.as_ref().map(|r| *r.get_ref())
    }
    /// The lead and the experts, each once, in the order written.
    pub fn team(&self) -> Vec<&Spanned<PersonId>> {
        let mut team = vec![&self.lead];
        for e in self.experts.get_ref() {
            if !team.iter().any(|t| t.get_ref() == e.get_ref()) {
                team.push(e);
            }
        }
        team
    }
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum AuditKind {
    Initial,
    Control,
    Recertification,
    Verification,
    Extra,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    #[schemars(with = "FindingId")]
    pub id: Spanned<FindingId>,
    #[schemars(with = "NormId")]
    pub norm: Spanned<NormId>,
    #[schemars(with = "Class")]
    pub class: Spanned<Class>,
    pub summary: String,
    /// Why this class: the consideration the team made.
    pub rationale: Option<String>,
    /// Context factors weighed.
    #[serde(default)]
    #[schemars(with = "Vec<ContextFactor>")]
    pub context: Vec<Spanned<ContextFactor>>,
    /// The institution's plan of action.
    pub plan: Option<Plan>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    Critical,
    NonCritical,
    Remark,
}

impl AuditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Initial => "initial",
            AuditKind::Control => "control",
            AuditKind::Recertification => "recertification",
            AuditKind::Verification => "verification",
            AuditKind::Extra => "extra",
        }
    }
}

impl Class {
    /// Critical and non-critical findings are deviations; remarks are not.
    pub fn is_deviation(self) -> bool {
        self != Class::Remark
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Critical => "critical",
            Class::NonCritical => "non-critical",
            Class::Remark => "remark",
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    #[schemars(with = "Date")]
    pub received: Spanned<Date>,
    /// The team accepted the plan.
    #[schemars(with = "Option<Date>")]
    pub accepted: Option<Spanned<Date>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    #[schemars(with = "FindingRef")]
    pub finding: Spanned<FindingRef>,
    #[serde(default)]
    pub implemented: bool,
    #[serde(default)]
    pub effective: bool,
    #[serde(default = "spanned_false")]
    #[schemars(with = "bool")]
    pub closed: Spanned<bool>,
    pub note: Option<String>,
    #[schemars(with = "Option<Class>")]
    pub reclassify: Option<Spanned<Class>>,
    /// Why the finding was reclassified.
    pub reason: Option<String>,
}

fn spanned_false() -> Spanned<bool> {
    Spanned::new(0..0, false)
}

// --------------------------------------------------------------- decisions

/// `institutions/<institution>/decisions/<decision>.toml`: a certificate decision.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "decision")]
// Settled question 7: the scheme gives a temporary certificate no validity,
// so a temporary decision states its `valid_until` (`kmi check` lets a
// scheme file's `temporary_months` stand in for it).
#[schemars(extend("if" = {"properties": {"outcome": {"const": "temporary"}}, "required": ["outcome"]}, "then" = {"required": ["valid_until"]}))]
pub struct Decision {
    #[schemars(with = "Date")]
    pub date: Spanned<Date>,
    #[schemars(with = "Outcome")]
    pub outcome: Spanned<Outcome>,
    #[schemars(with = "PersonId")]
    pub by: Spanned<PersonId>,
    /// The audits this decision rests on.
    #[serde(default)]
    #[schemars(with = "Vec<AuditId>")]
    pub audits: Vec<Spanned<AuditId>>,
    /// End of the certificate it issues (default: the scheme's validity for
    /// that kind). Required for a temporary certificate, unless the scheme
    /// file sets `temporary_months`.
    #[schemars(with = "Option<Date>")]
    pub valid_until: Option<Spanned<Date>>,
    /// The report was checked against the audit programme.
    #[schemars(with = "Option<bool>")]
    pub checklist: Option<Spanned<bool>>,
    /// Why this outcome in these circumstances.
    pub considerations: Option<String>,
    #[serde(default)]
    #[schemars(with = "Vec<ContextFactor>")]
    pub context: Vec<Spanned<ContextFactor>>,
    /// Every critical finding still open on the decision date, and why the outcome holds anyway.
    #[serde(default)]
    #[schemars(with = "Vec<OpenFinding>")]
    pub open_finding: Vec<Spanned<OpenFinding>>,
}

impl Decision {
    pub fn date(&self) -> Date {
        *self.date.get_ref()
    }
    pub fn outcome(&self) -> Outcome {
        *self.outcome.get_ref()
    }
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Grant,
    Provisional,
    Continue,
    Renew,
    Bridging,
    Temporary,
    Suspend,
    Reinstate,
    Withdraw,
    Refuse,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Grant => "grant",
            Outcome::Provisional => "provisional",
            Outcome::Continue => "continue",
            Outcome::Renew => "renew",
            Outcome::Bridging => "bridging",
            Outcome::Temporary => "temporary",
            Outcome::Suspend => "suspend",
            Outcome::Reinstate => "reinstate",
            Outcome::Withdraw => "withdraw",
            Outcome::Refuse => "refuse",
        }
    }
    /// Whether the decision issues a certificate (product brief §1).
    pub fn issues_certificate(self) -> bool {
        matches!(
            self,
            Outcome::Grant
                | Outcome::Provisional
                | Outcome::Renew
                | Outcome::Bridging
                | Outcome::Temporary
        )
    }
    /// Ending decisions apply first on a day shared with others.
    pub fn is_ending(self) -> bool {
        matches!(self, Outcome::Suspend | Outcome::Withdraw | Outcome::Refuse)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenFinding {
    #[schemars(with = "FindingRef")]
    pub finding: Spanned<FindingRef>,
    /// Why the outcome holds although this finding is open.
    pub why: String,
}

// ---------------------------------------------------------------- progress

/// `institutions/<institution>/progress/<yyyy-mm>.toml`: a monthly progress report under a bridging certificate.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "progress report")]
pub struct Progress {
    #[schemars(with = "Date")]
    pub received: Spanned<Date>,
    pub summary: Option<String>,
}

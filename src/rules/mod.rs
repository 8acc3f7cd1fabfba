//! The rules of `kmi check`: one file per rule, one registry.
//!
//! A rule has a stable id, a default severity, its documentation (the page
//! `docs/rules/<id>.md`, compiled in: `kmi rules <id>` prints it) and a check
//! function that pushes diagnostics. `io`, `parse` and `schema` are found by
//! the loader and have no check function here. The `history-*` rules judge
//! the change since a git revision and run only with `kmi check --since`.

use std::ops::Range;

use rayon::prelude::*;

use crate::clock::Date;
use crate::diag::{Diagnostic, Severity};
use crate::dossier::{Dossier, FileId};
use crate::facts::Facts;
use crate::history::History;
use crate::model::Level;
use crate::source::SourceFile;

mod audit_cycle;
pub mod bridging;
mod certificate_gap;
mod closed_unverified;
mod config;
mod continuity;
mod date_order;
mod decision_considerations;
pub mod decision_maker;
mod duplicate_id;
pub mod expertise;
mod finding_rationale;
mod follow_up_missing;
mod history_backdated;
mod history_deleted;
mod history_reclassified;
mod history_rewritten;
pub mod personal_data;
mod plan_deadline;
mod progress_reports;
pub mod qualification;
mod report_missing;
mod rotation;
mod scope;
mod suspension;
pub mod team;
mod temporary_basis;
mod temporary_certificate;
mod unknown_reference;
mod verification_deadline;
pub mod vog;

/// What a rule's check function sees.
pub struct Ctx<'d> {
    pub dossier: &'d Dossier,
    pub facts: &'d Facts<'d>,
    pub as_of: Date,
}

impl Ctx<'_> {
    pub fn clocks(&self) -> &crate::scheme::Clocks {
        &self.dossier.scheme.clocks
    }

    /// A diagnostic at `span` of `file`.
    pub fn diag(
        &self,
        rule: RuleId,
        file: FileId,
        span: Range<usize>,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::at(rule, self.dossier.file(file), span, subject, message)
    }
}

pub type CheckFn = fn(&Ctx<'_>, &mut Vec<Diagnostic>);

/// What a history rule's check function sees: the dossier now and what
/// changed since the revision of `--since`.
pub struct HistoryCtx<'d> {
    pub dossier: &'d Dossier,
    pub history: &'d History,
}

impl HistoryCtx<'_> {
    /// A diagnostic at `span` of the file at `rel`; a file that is gone is
    /// named without a source line.
    pub fn diag(
        &self,
        rule: RuleId,
        rel: &str,
        institution: Option<&str>,
        span: Range<usize>,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        match self.dossier.files.iter().find(|f| f.path == rel) {
            Some(file) => Diagnostic::at(rule, file, span, subject, message),
            None => {
                let gone = SourceFile::new(
                    rel.to_owned(),
                    institution.map(str::to_owned),
                    String::new(),
                );
                Diagnostic::at(rule, &gone, 0..0, subject, message)
            }
        }
    }

    /// The revision, as messages name it.
    pub fn since(&self) -> String {
        self.history.since.label()
    }
}

pub type HistoryFn = fn(&HistoryCtx<'_>, &mut Vec<Diagnostic>);

pub struct Rule {
    pub id: &'static str,
    pub rule_id: RuleId,
    pub default: Severity,
    /// The rule's documentation page (Markdown).
    pub doc: &'static str,
    pub check: Option<CheckFn>,
    /// For the history rules: the check that runs with `--since`.
    pub history: Option<HistoryFn>,
}

impl Rule {
    /// The one-line summary: the first paragraph after the severity line of the doc.
    pub fn summary(&self) -> &'static str {
        self.doc
            .lines()
            .skip(1)
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("Default severity"))
            .unwrap_or("")
    }

    /// The Dutch phrase of the doc's severity line.
    pub fn dutch(&self) -> &'static str {
        self.doc
            .lines()
            .find(|l| l.starts_with("Default severity"))
            .and_then(|l| l.split("Dutch:").nth(1))
            .map(|s| s.trim().trim_matches('*'))
            .unwrap_or("")
    }
}

macro_rules! registry {
    (@history) => { None };
    (@history $history:expr) => { Some($history) };
    ($($variant:ident $id:literal => $sev:ident, $check:expr $(, history $history:expr)?;)*) => {
        /// Every rule, in the order `kmi rules` lists them (the order of [`RuleId`]).
        pub static REGISTRY: &[Rule] = &[$(Rule {
            id: $id,
            rule_id: RuleId::$variant,
            default: Severity::$sev,
            doc: include_str!(concat!("../../docs/rules/", $id, ".md")),
            check: $check,
            history: registry!(@history $($history)?),
        }),*];
    };
}

pub use crate::ids::RuleId;

impl RuleId {
    /// The rule with this id.
    pub fn rule(self) -> &'static Rule {
        &REGISTRY[self as usize]
    }
}

registry! {
    Io "io" => Error, None;
    Parse "parse" => Error, None;
    Schema "schema" => Error, None;
    DuplicateId "duplicate-id" => Error, Some(duplicate_id::check);
    UnknownReference "unknown-reference" => Error, Some(unknown_reference::check);
    DateOrder "date-order" => Error, Some(date_order::check);
    PlanDeadline "plan-deadline" => Error, Some(plan_deadline::check);
    VerificationDeadline "verification-deadline" => Error, Some(verification_deadline::check);
    ClosedUnverified "closed-unverified" => Error, Some(closed_unverified::check);
    FollowUpMissing "follow-up-missing" => Error, Some(follow_up_missing::check);
    FindingRationale "finding-rationale" => Error, Some(finding_rationale::check);
    Vog "vog" => Error, Some(vog::check);
    Expertise "expertise" => Error, Some(expertise::check);
    Qualification "qualification" => Error, Some(qualification::check);
    Team "team" => Error, Some(team::check);
    Rotation "rotation" => Error, Some(rotation::check);
    Continuity "continuity" => Error, Some(continuity::check);
    DecisionMaker "decision-maker" => Error, Some(decision_maker::check);
    DecisionConsiderations "decision-considerations" => Error, Some(decision_considerations::check);
    AuditCycle "audit-cycle" => Error, Some(audit_cycle::check);
    CertificateGap "certificate-gap" => Error, Some(certificate_gap::check);
    Suspension "suspension" => Error, Some(suspension::check);
    Bridging "bridging" => Error, Some(bridging::check);
    ProgressReports "progress-reports" => Error, Some(progress_reports::check);
    TemporaryCertificate "temporary-certificate" => Warning, Some(temporary_certificate::check);
    Scope "scope" => Warning, Some(scope::check);
    ReportMissing "report-missing" => Warning, Some(report_missing::check);
    TemporaryBasis "temporary-basis" => Error, Some(temporary_basis::check);
    PersonalData "personal-data" => Error, Some(personal_data::check);
    HistoryDeleted "history-deleted" => Error, None, history history_deleted::check;
    HistoryRewritten "history-rewritten" => Error, None, history history_rewritten::check;
    HistoryReclassified "history-reclassified" => Error, None, history history_reclassified::check;
    HistoryBackdated "history-backdated" => Warning, None, history history_backdated::check;
}

/// The rules that judge one record by itself: they run on every record that
/// loaded, whatever else is broken. The others weigh an institution's
/// records together (a plan against the follow-ups of later audits, a
/// decision against the findings open on its date, …) and cannot judge an
/// institution while one of its record files does not load.
const RECORD_LOCAL: &[&str] = &[
    "duplicate-id",
    "unknown-reference",
    "date-order",
    "personal-data",
];

/// Whether `d` is a judgment over an institution with a record file that did
/// not load: it might be wrong (the unread file may hold what it misses), and
/// that file has its own diagnostic; one mistake, one diagnostic.
fn needs_unreadable(dossier: &Dossier, d: &Diagnostic) -> bool {
    if RECORD_LOCAL.contains(&d.rule) {
        return false;
    }
    d.institution
        .as_deref()
        .and_then(|i| dossier.institutions.get(i))
        .is_some_and(|i| i.has_unreadable)
}

pub fn find(id: &str) -> Option<&'static Rule> {
    REGISTRY.iter().find(|r| r.id == id)
}

/// The severity of `rule` in this dossier, or `None` when it is off.
pub fn severity(dossier: &Dossier, rule: &Rule) -> Option<Severity> {
    let configured = dossier
        .config
        .as_ref()
        .and_then(|c| c.data.rules.get(rule.id))
        .map(|l| *l.get_ref());
    severity_of(configured, rule)
}

/// The severity of `rule` with `configured` in `[rules]`, `None` when off.
fn severity_of(configured: Option<Level>, rule: &Rule) -> Option<Severity> {
    match configured {
        Some(Level::Off) => None,
        Some(Level::Error) => Some(Severity::Error),
        Some(Level::Warning) => Some(Severity::Warning),
        None => Some(rule.default),
    }
}

/// Run every rule on a loaded dossier (as of the facts' date): the loader's
/// diagnostics and each rule's, with the dossier's severities, sorted and
/// without duplicates.
pub fn check(dossier: &Dossier, facts: &Facts<'_>) -> Vec<Diagnostic> {
    finish(dossier, run_rules(dossier, facts), None)
}

/// How many institutions [`check_in_parts`] judges at a time, in `kmi
/// check`: enough that the base's share of each part (its files, the
/// people's clocks) stays small, few enough that a part's records stay in
/// the processor's caches and the allocator reuses one part's memory for
/// the next (docs/performance.md).
pub const INSTITUTIONS_PER_PART: usize = 32;

/// What a part of a dossier gave: its problems, and its files (the text
/// kept only of those with a problem).
type Judged = (Vec<Diagnostic>, Vec<SourceFile>);

/// [`check`] of a dossier loaded in [`Parts`](crate::load::Parts), `per`
/// institutions at a time, in parallel. The base (everything but the
/// institutions' folders) is judged once; each part is the base with some
/// institutions, and keeps only the problems in those institutions. No rule
/// or fact reads across institutions, so these are the problems [`check`]
/// finds in the whole dossier, in the same order; but the records of a
/// large dossier are never all in memory at once.
///
/// Returns the dossier to show the problems with (the base, with every
/// file read after its own; only the files with a problem keep their text)
/// and the problems, with severities, sorted.
pub fn check_in_parts(
    mut parts: crate::load::Parts,
    as_of: Date,
    per: usize,
) -> (Dossier, Vec<Diagnostic>) {
    // The people are shared by the parts: restricted once, first.
    crate::asof::restrict(&mut parts.base, as_of);
    let mut all = {
        let facts = Facts::build(&parts.base, as_of);
        run_rules(&parts.base, &facts)
    };
    let groups = parts.groups(per);
    let count = groups.len();
    let queue = std::sync::Mutex::new(groups.into_iter().enumerate());
    let base_files = parts.base.files.len();
    let judge = |group: crate::load::Group| -> Judged {
        let mut part = parts.load(group);
        crate::asof::restrict(&mut part, as_of);
        let found: Vec<Diagnostic> = {
            let facts = Facts::build(&part, as_of);
            run_rules(&part, &facts)
        }
        .into_iter()
        .filter(|d| {
            d.institution
                .as_deref()
                .is_some_and(|i| part.institutions.contains_key(i))
        })
        .collect();
        let mut files = part.files.split_off(base_files);
        let shown: std::collections::HashSet<&str> =
            found.iter().map(|d| d.file.as_str()).collect();
        for f in &mut files {
            if !shown.contains(f.path.as_str()) {
                f.text = String::new();
            }
        }
        (found, files)
    };
    // Each of the pool's threads takes the next part when it is done with
    // one: no part waits as a job to be stolen, so a thread that waits
    // inside its part (for a loop the other thread helps with) never starts
    // a new one, and at most one part per thread is in memory.
    let results: Vec<std::sync::Mutex<Option<Judged>>> =
        (0..count).map(|_| std::sync::Mutex::new(None)).collect();
    rayon::broadcast(|_| {
        loop {
            let next = queue.lock().expect("not poisoned").next();
            let Some((i, group)) = next else { break };
            let done = judge(group);
            *results[i].lock().expect("not poisoned") = Some(done);
        }
    });
    let judged = results.into_iter().map(|r| {
        r.into_inner()
            .expect("not poisoned")
            .expect("every part judged")
    });
    let mut dossier = parts.base;
    for (found, files) in judged {
        all.extend(found);
        dossier.files.extend(files);
    }
    let diags = finish(&dossier, all, None);
    (dossier, diags)
}

/// The loader's diagnostics and every rule's, before severities.
pub fn run_rules(dossier: &Dossier, facts: &Facts<'_>) -> Vec<Diagnostic> {
    let ctx = Ctx {
        dossier,
        facts,
        as_of: facts.as_of,
    };
    // The rules are independent: run them in parallel, and keep their
    // diagnostics in registry order so that the stable sort in `finish`
    // gives the same output as one rule after the other.
    let per_rule: Vec<Vec<Diagnostic>> = REGISTRY
        .par_iter()
        .map(|rule| {
            let mut found = Vec::new();
            if let Some(check) = rule.check {
                check(&ctx, &mut found);
            }
            found
        })
        .collect();
    let mut all = dossier.load_diagnostics.clone();
    all.extend(config::unknown_rule_ids(dossier));
    all.extend(
        per_rule
            .into_iter()
            .flatten()
            .filter(|d| !needs_unreadable(dossier, d)),
    );
    all
}

/// The history rules' diagnostics (`kmi check --since`), before severities.
/// They judge what was written, so they read the dossier as recorded, not
/// as of a date.
pub fn run_history(dossier: &Dossier, history: &History) -> Vec<Diagnostic> {
    let ctx = HistoryCtx { dossier, history };
    let mut all = Vec::new();
    for rule in REGISTRY {
        if let Some(check) = rule.history {
            check(&ctx, &mut all);
        }
    }
    all
}

/// Give diagnostics the dossier's severities (dropping those of rules that
/// are off), sort them and remove duplicates. With a history (`--since`),
/// the history rules take their severities from kmi.toml at that revision.
pub fn finish(
    dossier: &Dossier,
    all: Vec<Diagnostic>,
    history: Option<&History>,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = all
        .into_iter()
        .filter_map(|mut d| {
            let rule = d.id.rule();
            // A history rule judges the change with kmi.toml as it was at
            // the revision: the change cannot switch it off.
            d.severity = match history {
                Some(h) if rule.history.is_some() => {
                    severity_of(h.rules_at_since.get(rule.id).copied(), rule)?
                }
                _ => severity(dossier, rule)?,
            };
            Some(d)
        })
        .collect();
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_and_the_registry_agree() {
        assert_eq!(RuleId::ALL.len(), REGISTRY.len());
        for (id, rule) in RuleId::ALL.iter().zip(REGISTRY) {
            assert_eq!(id.as_str(), rule.id);
            assert_eq!(id.rule().rule_id, *id);
            assert_eq!(find(rule.id).map(|r| r.rule_id), Some(*id));
        }
    }
}

//! The chain of a finding, from norm to decision, and what a decision rested
//! on: the data behind `kmi trace`, shared by every output format. Gaps in a
//! chain (no rationale, no plan, no verification, no decision) are part of
//! the data, so no format can hide them.

use serde::Serialize;

use crate::clock::{Date, days};
use crate::diag::Diagnostic;
use crate::dossier::Dossier;
use crate::facts::{Facts, FindingFacts, InstitutionFacts};
use std::collections::BTreeMap;

use crate::facts::obligations::{Kind, Standing};
use crate::i18n::{Lang, arithmetic_nl, days_nl};
use crate::model::Class;
use crate::provenance::{Key, Stamp};
use crate::timeline::{self, Certificate};

/// How people are named: by name (internal use) or by id (`--redact`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Names {
    Full,
    Redacted,
}

#[derive(Debug, Serialize)]
pub struct Norm {
    pub id: String,
    pub title: Option<String>,
    pub category: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AuditRef {
    pub id: String,
    pub kind: String,
    pub days: Vec<Date>,
    pub report: Option<Date>,
    /// Person ids.
    pub lead: String,
    pub experts: Vec<String>,
    /// How the renderers name the team: "Name (id)", or the id with `--redact`.
    #[serde(skip)]
    pub lead_shown: String,
    #[serde(skip)]
    pub experts_shown: Vec<String>,
    pub file: String,
    /// The commit that last changed the audit's own keys (`--provenance`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Stamp>,
}

#[derive(Debug, Serialize)]
pub struct PlanStep {
    pub due: Option<Date>,
    pub arithmetic: Option<String>,
    pub received: Option<Date>,
    pub accepted: Option<Date>,
    /// "on time", "3 days late", "overdue 12 days", "not yet due"
    pub verdict: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Stamp>,
}

#[derive(Debug, Serialize)]
pub struct FollowUpStep {
    pub audit: String,
    /// The follow-up takes effect on the last day of its audit.
    pub date: Date,
    pub implemented: bool,
    pub effective: bool,
    pub closed: bool,
    pub note: Option<String>,
    pub reclassify: Option<String>,
    pub reason: Option<String>,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Stamp>,
}

#[derive(Debug, Serialize)]
pub struct DecisionStep {
    pub id: String,
    pub date: Date,
    pub outcome: String,
    /// The decision maker's id.
    pub by: String,
    #[serde(skip)]
    pub by_shown: String,
    pub considerations: Option<String>,
    pub context: Vec<String>,
    /// The decision's reason for holding although this finding was open.
    pub open_finding_why: Option<String>,
    /// Whether the finding was open (and critical) on the decision date
    /// without being listed in `open_finding`.
    pub unaccounted: bool,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Stamp>,
}

/// A missing link in a chain: the judgment of a `check` rule (with its id),
/// or a fact of the chain itself (no rule: "no decision rests on this audit").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub rule: Option<&'static str>,
    pub message: String,
}

/// How a finding stands: closed (by which audit, when, judged effective or
/// not), open, or not a deviation.
#[derive(Debug, Serialize)]
pub struct Closure {
    /// `closed`, `open`, `not-a-deviation`
    pub state: &'static str,
    pub date: Option<Date>,
    /// The audit whose follow-up closed it.
    pub by: Option<String>,
    pub effective: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct CertificateState {
    pub kind: String,
    pub decision: String,
    pub start: Date,
    pub end: Date,
    pub suspended: bool,
}

/// One finding from norm to decision.
#[derive(Debug, Serialize)]
pub struct FindingTrace {
    pub institution: String,
    #[serde(skip)]
    pub as_of: Date,
    pub subject: String,
    pub norm: Norm,
    pub class: String,
    /// The class as of the as-of date, after reclassifications.
    pub class_now: String,
    pub summary: String,
    pub rationale: Option<String>,
    pub context: Vec<String>,
    pub audit: AuditRef,
    /// `None` for remarks, which need no plan.
    pub plan: Option<PlanStep>,
    pub follow_ups: Vec<FollowUpStep>,
    pub closure: Closure,
    /// The closure in words, for the renderers.
    #[serde(skip)]
    pub closure_text: String,
    pub decisions: Vec<DecisionStep>,
    /// The certificate the finding's decisions last issued (or the one in
    /// force on the as-of date when none did).
    pub certificate: Option<CertificateState>,
    /// What is missing from the chain.
    pub gaps: Vec<Gap>,
    /// The commit that last changed the finding (class, rationale, context).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Stamp>,
}

#[derive(Debug, Serialize)]
pub struct OpenFindingState {
    pub subject: String,
    pub class: String,
    pub summary: String,
    pub listed: bool,
    pub why: Option<String>,
    /// The finding's state now: "closed 2025-02-28 by …" or "open".
    pub state: String,
}

/// What one decision rested on.
#[derive(Debug, Serialize)]
pub struct DecisionTrace {
    pub institution: String,
    pub decision: DecisionStep,
    pub checklist: bool,
    pub audits: Vec<AuditRef>,
    /// Deviations open on the decision date.
    pub open_findings: Vec<OpenFindingState>,
    pub certificate: Option<CertificateState>,
    pub gaps: Vec<Gap>,
}

pub struct Tracer<'a, 'd> {
    pub dossier: &'d Dossier,
    pub facts: &'a Facts<'d>,
    pub inst: &'a InstitutionFacts<'d>,
    /// What `kmi check` found (localized): the trace's gaps are these
    /// judgments, never its own.
    pub diagnostics: &'a [Diagnostic],
    pub as_of: Date,
    pub names: Names,
    pub lang: Lang,
    /// Who recorded each part (`--provenance`).
    pub provenance: Option<&'a BTreeMap<Key, Stamp>>,
}

impl Tracer<'_, '_> {
    /// The provenance of `part` of the record file `file`, authors redacted
    /// to person ids (or withheld) with `--redact`.
    fn recorded(&self, file: &str, part: &str) -> Option<Stamp> {
        let mut stamp = self
            .provenance?
            .get(&(file.to_owned(), part.to_owned()))?
            .clone();
        if self.names == Names::Redacted && !stamp.author.is_empty() {
            stamp.author = self
                .dossier
                .people
                .values()
                .find(|p| p.data.name == stamp.author)
                .map_or_else(|| "(redacted)".to_owned(), |p| p.id.clone());
        }
        Some(stamp)
    }

    fn t(&self, en: String, nl: String) -> String {
        match self.lang {
            Lang::En => en,
            Lang::Nl => nl,
        }
    }

    fn person(&self, id: &str) -> String {
        match (self.names, self.dossier.people.get(id)) {
            (Names::Full, Some(p)) => format!("{} ({id})", p.data.name),
            _ => id.to_owned(),
        }
    }

    fn audit_ref(&self, a: &crate::dossier::Record<crate::model::Audit>) -> AuditRef {
        let mut days: Vec<Date> = a.data.days.get_ref().iter().map(|d| *d.get_ref()).collect();
        days.sort();
        AuditRef {
            id: a.id.clone(),
            kind: a.data.kind.get_ref().as_str().to_owned(),
            days,
            report: a.data.report(),
            lead: a.data.lead.get_ref().to_string(),
            experts: a
                .data
                .experts
                .get_ref()
                .iter()
                .map(|e| e.get_ref().to_string())
                .collect(),
            lead_shown: self.person(a.data.lead.get_ref().as_str()),
            experts_shown: a
                .data
                .experts
                .get_ref()
                .iter()
                .map(|e| self.person(e.get_ref().as_str()))
                .collect(),
            file: self.dossier.file(a.file).path.clone(),
            recorded: self.recorded(&self.dossier.file(a.file).path, "audit"),
        }
    }

    fn certificate(&self, c: Option<&Certificate<'_>>) -> Option<CertificateState> {
        c.map(|c| CertificateState {
            kind: c.kind.as_str().to_owned(),
            decision: c.decision.id.clone(),
            start: c.start,
            end: c.last_day(),
            suspended: c.suspended_on(self.as_of),
        })
    }

    fn decision_step(
        &self,
        d: &crate::dossier::Record<crate::model::Decision>,
        f: Option<&FindingFacts<'_>>,
    ) -> DecisionStep {
        let listed = f.and_then(|f| {
            d.data.open_finding.iter().find(|of| {
                let r = of.get_ref().finding.get_ref();
                r.audit.as_str() == f.audit.id && r.finding.as_str() == f.id()
            })
        });
        let date = d.data.date();
        let path = &self.dossier.file(d.file).path;
        let unaccounted = f.is_some_and(|f| {
            let subject = f.subject();
            self.diagnostics.iter().any(|x| {
                x.rule == "decision-considerations"
                    && &x.file == path
                    && x.concerns.as_deref() == Some(subject.as_str())
            })
        });
        DecisionStep {
            id: d.id.clone(),
            date,
            outcome: d.data.outcome().as_str().to_owned(),
            by: d.data.by.get_ref().to_string(),
            by_shown: self.person(d.data.by.get_ref().as_str()),
            considerations: d.data.considerations.as_ref().map(|c| c.trim().to_owned()),
            context: d
                .data
                .context
                .iter()
                .map(|c| c.get_ref().to_string())
                .collect(),
            open_finding_why: listed.map(|of| of.get_ref().why.trim().to_owned()),
            unaccounted,
            file: self.dossier.file(d.file).path.clone(),
            recorded: self.recorded(&self.dossier.file(d.file).path, "decision"),
        }
    }

    fn closure(&self, f: &FindingFacts<'_>) -> String {
        match f.closed_by() {
            Some(c) => {
                let effective = c.follow_up.get_ref().effective;
                self.t(
                    format!(
                        "closed {} by {}{}",
                        c.effective_on(),
                        c.audit.id,
                        if effective {
                            " (judged effective)"
                        } else {
                            " (NOT judged effective)"
                        }
                    ),
                    format!(
                        "gesloten {} door {}{}",
                        c.effective_on(),
                        c.audit.id,
                        if effective {
                            " (effectief bevonden)"
                        } else {
                            " (NIET effectief bevonden)"
                        }
                    ),
                )
            }
            None if f.class_on(self.as_of).is_deviation() => self.t(
                format!("open as of {}", self.as_of),
                format!("open op {}", self.as_of),
            ),
            None => self.t(
                "not a deviation: no closure needed".to_owned(),
                "geen afwijking: geen afsluiting nodig".to_owned(),
            ),
        }
    }

    /// The messages of `check`'s diagnostics about the finding `subject`
    /// (in its audit file, or naming it as the finding they concern), once each.
    fn finding_gaps(&self, f: &FindingFacts<'_>) -> Vec<Gap> {
        let subject = f.subject();
        let path = &self.dossier.file(f.audit.file).path;
        let mut gaps: Vec<Gap> = Vec::new();
        for d in self.diagnostics {
            let at_finding = d.subject == subject && &d.file == path;
            let about_finding = d.subject == subject
                && d.institution.as_deref() == Some(self.inst.id())
                && d.rule == "closed-unverified";
            let concerns = d.concerns.as_deref() == Some(subject.as_str())
                && d.institution.as_deref() == Some(self.inst.id());
            let gap = Gap {
                rule: Some(d.rule),
                message: d.message.clone(),
            };
            if (at_finding || about_finding || concerns) && !gaps.contains(&gap) {
                gaps.push(gap);
            }
        }
        gaps
    }

    pub fn finding(&self, f: &FindingFacts<'_>) -> FindingTrace {
        // (see `closure_of` for the data, `closure` for the words)
        let finding = f.finding.get_ref();
        let mut gaps = self.finding_gaps(f);
        let norm_id = finding.norm.get_ref();
        let norm = self.dossier.scheme.norms.get(norm_id);
        let rationale = finding
            .rationale
            .as_ref()
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        let plan = f.is_deviation().then(|| {
            let ob = self
                .facts
                .obligation(Kind::Plan, self.inst.id(), &f.subject());
            let received = finding.plan.as_ref().map(|p| *p.received.get_ref());
            let verdict = match ob.map(|o| o.standing(self.as_of)) {
                None => self.t(
                    "no report yet: the clock has not started".to_owned(),
                    "nog geen rapport: de termijn loopt nog niet".to_owned(),
                ),
                Some(Standing::OnTime) => self.t("on time".to_owned(), "op tijd".to_owned()),
                Some(Standing::Late(n)) => self.t(
                    format!("{} late", days(n)),
                    format!("{} te laat", days_nl(n)),
                ),
                Some(Standing::Pending) => self.t(
                    "not yet received, not yet due".to_owned(),
                    "nog niet ontvangen, termijn loopt nog".to_owned(),
                ),
                Some(Standing::Overdue(n)) => self.t(
                    format!("none received, overdue {}", days(n)),
                    format!("niet ontvangen, termijn {} verstreken", days_nl(n)),
                ),
            };
            let dl = ob.map(|o| o.deadline);
            PlanStep {
                due: dl.map(|d| d.due),
                arithmetic: dl.map(|d| self.t(d.arithmetic(), arithmetic_nl(&d))),
                received,
                accepted: finding
                    .plan
                    .as_ref()
                    .and_then(|p| p.accepted.as_ref().map(|a| *a.get_ref())),
                verdict,
                recorded: self.recorded(
                    &self.dossier.file(f.audit.file).path,
                    &format!("plan:{}", f.id()),
                ),
            }
        });
        let follow_ups: Vec<FollowUpStep> = f
            .follow_ups
            .iter()
            .map(|fu| {
                let d = fu.follow_up.get_ref();
                FollowUpStep {
                    audit: fu.audit.id.clone(),
                    date: fu.effective_on(),
                    implemented: d.implemented,
                    effective: d.effective,
                    closed: *d.closed.get_ref(),
                    note: d.note.clone(),
                    reclassify: d
                        .reclassify
                        .as_ref()
                        .map(|c| c.get_ref().as_str().to_owned()),
                    reason: d.reason.clone(),
                    file: self.dossier.file(fu.audit.file).path.clone(),
                    recorded: self.recorded(
                        &self.dossier.file(fu.audit.file).path,
                        &format!("follow_up:{}", d.finding.get_ref()),
                    ),
                }
            })
            .collect();
        let mut decisions: Vec<DecisionStep> = timeline::ordered_decisions(self.inst.files)
            .into_iter()
            .filter(|d| {
                d.data
                    .audits
                    .iter()
                    .any(|a| a.get_ref().as_str() == f.audit.id)
                    || d.data.open_finding.iter().any(|of| {
                        let r = of.get_ref().finding.get_ref();
                        r.audit.as_str() == f.audit.id && r.finding.as_str() == f.id()
                    })
                    || (d.data.date() >= f.audit.data.last_day()
                        && f.is_open_on(d.data.date())
                        && f.class_on(d.data.date()) == Class::Critical)
            })
            .map(|d| self.decision_step(d, Some(f)))
            .collect();
        decisions.sort_by_key(|d| (d.date, d.id.clone()));
        if decisions.is_empty() && f.is_deviation() {
            gaps.push(Gap {
                rule: None,
                message: self.t(
                    "no decision rests on this audit".to_owned(),
                    "geen besluit rust op deze audit".to_owned(),
                ),
            });
        }
        let certificate = self.certificate(
            decisions
                .iter()
                .rev()
                .find_map(|d| {
                    self.inst
                        .certificates
                        .iter()
                        .find(|c| c.decision.id == d.id)
                })
                .or_else(|| timeline::in_force(&self.inst.certificates, self.as_of)),
        );
        FindingTrace {
            institution: self.inst.id().to_owned(),
            as_of: self.as_of,
            subject: f.subject(),
            norm: Norm {
                id: norm_id.to_string(),
                title: norm.map(|n| n.title.clone()),
                category: norm.map(|n| n.category.get_ref().clone()),
            },
            class: f.original_class().as_str().to_owned(),
            class_now: f.class_on(self.as_of).as_str().to_owned(),
            summary: finding.summary.trim().to_owned(),
            rationale,
            context: finding
                .context
                .iter()
                .map(|c| c.get_ref().to_string())
                .collect(),
            audit: self.audit_ref(f.audit),
            plan,
            follow_ups,
            closure: closure_of(f, self.as_of),
            closure_text: self.closure(f),
            decisions,
            certificate,
            gaps,
            recorded: self.recorded(
                &self.dossier.file(f.audit.file).path,
                &format!("finding:{}", f.id()),
            ),
        }
    }

    pub fn decision(&self, d: &crate::dossier::Record<crate::model::Decision>) -> DecisionTrace {
        let date = d.data.date();
        let path = &self.dossier.file(d.file).path;
        let mut gaps: Vec<Gap> = Vec::new();
        for x in self.diagnostics.iter().filter(|x| &x.file == path) {
            let gap = Gap {
                rule: Some(x.rule),
                message: x.message.clone(),
            };
            if !gaps.contains(&gap) {
                gaps.push(gap);
            }
        }
        let step = self.decision_step(d, None);
        let checklist = d.data.checklist.as_ref().is_some_and(|c| *c.get_ref());
        let audits = d
            .data
            .audits
            .iter()
            .filter_map(|a| self.inst.files.audits.get(a.get_ref().as_str()))
            .map(|a| self.audit_ref(a))
            .collect();
        let open_findings: Vec<OpenFindingState> = self
            .inst
            .open_on(date)
            .map(|f| {
                let listed = d.data.open_finding.iter().find(|of| {
                    let r = of.get_ref().finding.get_ref();
                    r.audit.as_str() == f.audit.id && r.finding.as_str() == f.id()
                });
                let class = f.class_on(date);
                OpenFindingState {
                    subject: f.subject(),
                    class: class.as_str().to_owned(),
                    summary: f.finding.get_ref().summary.trim().to_owned(),
                    listed: listed.is_some(),
                    why: listed.map(|of| of.get_ref().why.trim().to_owned()),
                    state: self.closure(f),
                }
            })
            .collect();
        DecisionTrace {
            institution: self.inst.id().to_owned(),
            decision: step,
            checklist,
            audits,
            open_findings,
            certificate: self.certificate(
                self.inst
                    .certificates
                    .iter()
                    .find(|c| std::ptr::eq(c.decision, d)),
            ),
            gaps,
        }
    }
}

/// How a finding stands as of `as_of`, as data.
fn closure_of(f: &FindingFacts<'_>, as_of: Date) -> Closure {
    match f.closed_by() {
        Some(c) => Closure {
            state: "closed",
            date: Some(c.effective_on()),
            by: Some(c.audit.id.clone()),
            effective: Some(c.follow_up.get_ref().effective),
        },
        None if f.class_on(as_of).is_deviation() => Closure {
            state: "open",
            date: None,
            by: None,
            effective: None,
        },
        None => Closure {
            state: "not-a-deviation",
            date: None,
            by: None,
            effective: None,
        },
    }
}

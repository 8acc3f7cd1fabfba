//! Planning ahead (`kmi plan`): a proposed audit is judged by the rules of
//! `kmi check` themselves, never by a second implementation of them.
//!
//! The proposal is written as the record it would be
//! (`institutions/<i>/audits/<id>.toml`: kind, days, lead, experts, scope
//! "planned", and a `[[follow_up]]` for every finding it would have to
//! follow up), read by the loader exactly as a file on disk would be, laid
//! over the dossier as of the as-of date, and checked: its first day is
//! after the as-of date, so it is a *planned* audit whose team is checked in
//! advance (see `asof`). The diagnostics about that file are the
//! pre-flight; the obligations (see `obligations`) that the audit would meet
//! are read from the same dossier as of the audit's first day. Nothing is
//! ever written.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::clock::Date;
use crate::diag::{Diagnostic, Severity};
use crate::dossier::{Dossier, InstitutionFiles, Record};
use crate::facts::Facts;
use crate::facts::obligations::{Kind, Standing};
use crate::model::{AuditKind, Role};

/// The kinds of audit, as `--kind` takes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanKind {
    /// Initiële audit.
    Initial,
    /// Controleaudit.
    Control,
    /// Herbeoordeling.
    Recertification,
    /// Verificatieonderzoek.
    Verification,
    /// Extra audit.
    Extra,
}

impl PlanKind {
    pub fn audit_kind(self) -> AuditKind {
        match self {
            PlanKind::Initial => AuditKind::Initial,
            PlanKind::Control => AuditKind::Control,
            PlanKind::Recertification => AuditKind::Recertification,
            PlanKind::Verification => AuditKind::Verification,
            PlanKind::Extra => AuditKind::Extra,
        }
    }

    /// The obligation an audit of this kind meets, if it meets one.
    pub fn meets_kind(self) -> Option<Kind> {
        match self {
            PlanKind::Control => Some(Kind::ControlAudit),
            PlanKind::Recertification => Some(Kind::Recertification),
            PlanKind::Verification => Some(Kind::Verification),
            PlanKind::Initial | PlanKind::Extra => None,
        }
    }
}

/// A proposed audit.
#[derive(Clone, Debug)]
pub struct Proposal {
    pub institution: String,
    pub kind: PlanKind,
    /// Sorted, without repeats.
    pub days: Vec<Date>,
    pub lead: String,
    pub experts: Vec<String>,
}

impl Proposal {
    pub fn first_day(&self) -> Date {
        self.days[0]
    }

    /// The lead and the experts, each once.
    pub fn team(&self) -> Vec<&str> {
        let mut team = vec![self.lead.as_str()];
        for e in &self.experts {
            if !team.contains(&e.as_str()) {
                team.push(e);
            }
        }
        team
    }
}

/// What [`Planner::lay_bare`] set aside.
pub struct Bare {
    institutions: BTreeMap<String, InstitutionFiles>,
    /// File index and text.
    texts: Vec<(usize, String)>,
}

/// Why a proposal cannot be judged (exit 2): a usage error.
pub type BadInput = crate::session::RunError;

/// An obligation the proposed audit would meet.
#[derive(Clone, Debug, Serialize)]
pub struct Meets {
    pub kind: Kind,
    pub subject: String,
    pub due: Date,
    /// The day it would be met: the audit's first day.
    pub on: Date,
    /// Days after the due date; 0 when in time.
    pub days_late: i64,
}

/// What the rules say about a proposal.
#[derive(Debug)]
pub struct Preflight {
    /// The id of the record it would be.
    pub id: String,
    /// Its path, relative to the dossier root.
    pub file: String,
    /// The diagnostics about that file, with the dossier's severities.
    pub diagnostics: Vec<Diagnostic>,
    pub meets: Vec<Meets>,
    /// The findings the record follows up.
    pub follows_up: Vec<String>,
    /// Per team member: days left on their rotation at the institution
    /// after the audit's first day (the limit's day counts).
    pub rotation_left: BTreeMap<String, i64>,
}

impl Preflight {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// The planner: the dossier as of a date, with the one institution a
/// proposal is about laid bare for speed (the rules about an audit read its
/// institution and the people only).
pub struct Planner {
    pub dossier: Dossier,
    pub as_of: Date,
}

impl Planner {
    pub fn new(dossier: Dossier, as_of: Date) -> Planner {
        Planner { dossier, as_of }
    }

    /// Check the input of a proposal: a known institution and known people,
    /// days after the as-of date.
    pub fn validate(&self, p: &Proposal) -> Result<(), BadInput> {
        if !self.dossier.institutions.contains_key(&p.institution) {
            return Err(BadInput::no_such(
                ("institution", "instelling"),
                &p.institution,
                self.dossier.institutions.keys().map(String::as_str),
            ));
        }
        for person in p.team() {
            if !self.dossier.people.contains_key(person) {
                return Err(BadInput::no_such(
                    ("person", "persoon"),
                    person,
                    self.dossier.people.keys().map(String::as_str),
                ));
            }
        }
        self.validate_days(&p.days)
    }

    pub fn validate_days(&self, days: &[Date]) -> Result<(), BadInput> {
        if days.is_empty() {
            return Err(BadInput::said(
                "--days needs at least one day",
                "--days vraagt minstens één dag",
            ));
        }
        if let Some(d) = days.iter().find(|d| **d <= self.as_of) {
            return Err(BadInput::said(
                format!(
                    "audit day {d} is not after the as-of date {}: kmi plan lays out audits still to come (use --as-of to plan from an earlier day)",
                    self.as_of
                ),
                format!(
                    "auditdag {d} ligt niet na de peildatum {}: kmi plan legt audits vast die nog komen (plan met --as-of vanaf een eerdere dag)",
                    self.as_of
                ),
            ));
        }
        Ok(())
    }

    /// The id of the proposed record: `<first day>-<kind>-planned`, made
    /// unique among the institution's audits.
    fn record_id(&self, p: &Proposal) -> String {
        let base = format!("{}-{}-planned", p.first_day(), p.kind.audit_kind().as_str());
        let taken = |id: &str| {
            self.dossier
                .institutions
                .get(&p.institution)
                .is_some_and(|i| i.audits.contains_key(id))
        };
        let mut id = base.clone();
        let mut n = 2;
        while taken(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// The findings a record of this kind on these days must follow up: for
    /// a control audit or re-assessment every finding open on its first day
    /// (rule `follow-up-missing`), for a verification the findings whose
    /// verification is still owed.
    fn follow_ups(&self, p: &Proposal) -> Vec<String> {
        let Some(files) = self.dossier.institutions.get(&p.institution) else {
            return Vec::new();
        };
        let facts = Facts::build(&self.dossier, self.as_of);
        let Some(inst) = facts.institutions.iter().find(|i| i.files.id == files.id) else {
            return Vec::new();
        };
        match p.kind {
            PlanKind::Control | PlanKind::Recertification => {
                inst.open_on(p.first_day()).map(|f| f.subject()).collect()
            }
            PlanKind::Verification => facts
                .obligations_of(Kind::Verification)
                .filter(|o| o.institution.as_deref() == Some(p.institution.as_str()))
                .filter(|o| o.met.is_none())
                .map(|o| o.subject.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            PlanKind::Initial | PlanKind::Extra => Vec::new(),
        }
    }

    /// The record text of a proposal.
    pub fn record_text(p: &Proposal, follow_ups: &[String]) -> String {
        let list = |xs: &[&str]| {
            xs.iter()
                .map(|x| format!("\"{x}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let days: Vec<String> = p.days.iter().map(Date::to_string).collect();
        let experts: Vec<&str> = p.experts.iter().map(String::as_str).collect();
        let mut text = format!(
            "# Proposed by `kmi plan`; never written.\nkind = \"{}\"\ndays = [{}]\nlead = \"{}\"\nexperts = [{}]\nscope = \"planned\"\n",
            p.kind.audit_kind().as_str(),
            days.join(", "),
            p.lead,
            list(&experts),
        );
        for f in follow_ups {
            text.push_str(&format!("\n[[follow_up]]\nfinding = \"{f}\"\n"));
        }
        text
    }

    /// Run the rules on the dossier with the proposal on record.
    pub fn preflight(&mut self, p: &Proposal) -> Preflight {
        let bare = self.lay_bare(&p.institution);
        let result = self.preflight_bare(p);
        self.restore(bare);
        result
    }

    /// Keep only `institution` in the dossier; returns the others. The
    /// text of the other institutions' files is set aside too: their
    /// records are gone, and a rule that reads every file's text
    /// (`personal-data`) need not scan them for a diagnostic about the
    /// proposed file.
    pub fn lay_bare(&mut self, institution: &str) -> Bare {
        let mut all = std::mem::take(&mut self.dossier.institutions);
        if let Some(one) = all.remove(institution) {
            self.dossier
                .institutions
                .insert(institution.to_owned(), one);
        }
        let texts = self
            .dossier
            .files
            .iter_mut()
            .enumerate()
            .filter(|(_, f)| f.institution.as_deref().is_some_and(|i| i != institution))
            .map(|(n, f)| (n, std::mem::take(&mut f.text)))
            .collect();
        Bare {
            institutions: all,
            texts,
        }
    }

    pub fn restore(&mut self, bare: Bare) {
        self.dossier.institutions.extend(bare.institutions);
        for (n, text) in bare.texts {
            self.dossier.files[n].text = text;
        }
    }

    /// [`Planner::preflight`] on a dossier already laid bare to the
    /// proposal's institution.
    pub fn preflight_bare(&mut self, p: &Proposal) -> Preflight {
        let follows_up = self.follow_ups(p);
        let text = Self::record_text(p, &follows_up);
        let id = self.record_id(p);
        let as_of = self.as_of;
        let first = p.first_day();
        let (file, (diagnostics, meets, rotation_left)) =
            self.overlaid(&p.institution, &id, text, |dossier, rel, load_diags| {
                let facts = Facts::build(dossier, as_of);
                let mut found = load_diags;
                found.extend(crate::rules::run_rules(dossier, &facts));
                found.retain(|d| d.file == rel);
                let diagnostics = crate::rules::finish(dossier, found, None);
                let rotation_left = rotation_left(dossier, &facts, p);
                drop(facts);
                // The obligations met, as of the audit's first day.
                let on_day = Facts::build(dossier, first);
                let meets = on_day
                    .obligations
                    .iter()
                    .filter(|o| o.institution.as_deref() == Some(p.institution.as_str()))
                    .filter(|o| o.met.as_ref().is_some_and(|m| m.by == id))
                    .map(|o| Meets {
                        kind: o.kind,
                        subject: o.subject.clone(),
                        due: o.deadline.due,
                        on: first,
                        days_late: match o.standing(first) {
                            Standing::Late(n) => n,
                            _ => 0,
                        },
                    })
                    .collect();
                (diagnostics, meets, rotation_left)
            });
        Preflight {
            id,
            file,
            diagnostics,
            meets,
            follows_up,
            rotation_left,
        }
    }

    /// Lay the record `text` over the dossier as
    /// `institutions/<institution>/audits/<id>.toml`, read by the loader as
    /// any file is, call `f` with the dossier, the file's path and the
    /// loader's diagnostics about it, and take the record away again.
    pub fn overlaid<R>(
        &mut self,
        institution: &str,
        id: &str,
        text: String,
        f: impl FnOnce(&Dossier, &str, Vec<Diagnostic>) -> R,
    ) -> (String, R) {
        let rel = format!("institutions/{institution}/audits/{id}.toml");
        let mut files = BTreeMap::new();
        files.insert(rel.clone(), text.into_bytes());
        let mut one = crate::load::load_in_memory(&files);
        let load_diags: Vec<Diagnostic> = one
            .load_diagnostics
            .drain(..)
            .filter(|d| d.file == rel)
            .collect();
        let pos = one
            .files
            .iter()
            .position(|f| f.path == rel)
            .expect("the loader reads the proposed file");
        let source = one.files.swap_remove(pos);
        let record = one
            .institutions
            .get_mut(institution)
            .and_then(|i| i.audits.remove(id));
        let file_id = self.dossier.files.len();
        self.dossier.files.push(source);
        let inst = self
            .dossier
            .institutions
            .entry(institution.to_owned())
            .or_insert_with(|| InstitutionFiles {
                id: institution.to_owned(),
                ..Default::default()
            });
        if let Some(r) = record {
            inst.audits.insert(
                id.to_owned(),
                Record {
                    id: id.to_owned(),
                    file: file_id,
                    data: r.data,
                },
            );
        }
        let out = f(&self.dossier, &rel, load_diags);
        if let Some(i) = self.dossier.institutions.get_mut(institution) {
            i.audits.remove(id);
        }
        self.dossier.files.pop();
        (rel, out)
    }
}

/// Days each member has left on their rotation at the institution after the
/// proposal's first day: the start of their current run (as the `rotation`
/// rule counts it, with the proposal on record) plus the limit.
fn rotation_left(dossier: &Dossier, facts: &Facts<'_>, p: &Proposal) -> BTreeMap<String, i64> {
    let clocks = &dossier.scheme.clocks;
    let first = p.first_day();
    p.team()
        .into_iter()
        .map(|person| {
            let audits = facts
                .person_audits
                .get(&(person, p.institution.as_str()))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let start = crate::facts::rotation_start(
                audits
                    .iter()
                    .map(|a| (a.data.first_day(), a.data.last_day())),
                first,
                clocks.rotation_break,
            )
            .unwrap_or(first);
            (
                person.to_owned(),
                first.days_until(clocks.rotation.after(start)),
            )
        })
        .collect()
}

/// Whether the institution owes an audit of this kind that the preflight
/// shows the proposal would meet; for an initial audit, whether no regular
/// certificate is in force on its first day; an extra audit is always
/// allowed.
pub fn owed(planner: &Planner, p: &Proposal, pre: &Preflight) -> Result<(), BadInput> {
    match p.kind.meets_kind() {
        Some(kind) => {
            if pre.meets.iter().any(|m| m.kind == kind) {
                return Ok(());
            }
            let facts = Facts::build(&planner.dossier, planner.as_of);
            let unmet: Vec<(String, String)> = facts
                .obligations
                .iter()
                .filter(|o| o.institution.as_deref() == Some(p.institution.as_str()))
                .filter(|o| o.is_checked() && o.met.is_none())
                .filter(|o| {
                    matches!(
                        o.kind,
                        Kind::ControlAudit | Kind::Recertification | Kind::Verification
                    )
                })
                .map(|o| {
                    (
                        format!("{} {} due {}", o.kind.as_str(), o.subject, o.deadline.due),
                        format!(
                            "{} {} uiterlijk {}",
                            o.kind.dutch(),
                            o.subject,
                            o.deadline.due
                        ),
                    )
                })
                .collect();
            let (en, nl): (Vec<String>, Vec<String>) = unmet.into_iter().unzip();
            Err(BadInput::said(
                format!(
                    "{} owes no {} that an audit on {} would meet{}",
                    p.institution,
                    kind.as_str(),
                    p.first_day(),
                    if en.is_empty() {
                        " (it owes no audit now)".to_owned()
                    } else {
                        format!("; it owes: {}", en.join(", "))
                    }
                ),
                format!(
                    "{} is geen {} verschuldigd waaraan een audit op {} zou voldoen{}",
                    p.institution,
                    kind.dutch(),
                    p.first_day(),
                    if nl.is_empty() {
                        " (er is nu geen audit verschuldigd)".to_owned()
                    } else {
                        format!("; wel: {}", nl.join(", "))
                    }
                ),
            ))
        }
        None if p.kind == PlanKind::Initial => {
            let facts = Facts::build(&planner.dossier, planner.as_of);
            let inst = facts
                .institutions
                .iter()
                .find(|i| i.id() == p.institution)
                .expect("the institution was validated");
            match crate::timeline::in_force(&inst.certificates, p.first_day()) {
                Some(c) if c.kind == crate::timeline::CertKind::Regular => Err(BadInput::said(
                    format!(
                        "{} owes no initial audit: its certificate {} is in force on {}",
                        p.institution,
                        c.decision.id,
                        p.first_day()
                    ),
                    format!(
                        "{} is geen initiële audit verschuldigd: certificaat {} is van kracht op {}",
                        p.institution,
                        c.decision.id,
                        p.first_day()
                    ),
                )),
                _ => Ok(()),
            }
        }
        None => Ok(()),
    }
}

/// The people who may sit on a team: those holding the lead-auditor or the
/// expert role.
pub fn candidates(dossier: &Dossier) -> Vec<(&str, bool, bool)> {
    dossier
        .people
        .values()
        .filter_map(|p| {
            let lead = p.data.roles.contains(&Role::LeadAuditor);
            let expert = p.data.roles.contains(&Role::Expert);
            (lead || expert).then_some((p.id.as_str(), lead, expert))
        })
        .collect()
}

/// Audits each person is on in `year` (as lead, as expert), and decisions
/// they took, over the whole dossier.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Load {
    pub lead: usize,
    pub expert: usize,
    pub decisions: usize,
}

impl Load {
    pub fn audits(&self) -> usize {
        self.lead + self.expert
    }
}

pub fn workload(dossier: &Dossier, year: i32) -> BTreeMap<String, Load> {
    let mut out: BTreeMap<String, Load> = BTreeMap::new();
    for inst in dossier.institutions.values() {
        for a in inst.audits.values() {
            if a.data.first_day().year() != year {
                continue;
            }
            let team = a.data.team();
            for (i, m) in team.iter().enumerate() {
                let e = out.entry(m.get_ref().as_str().to_owned()).or_default();
                if i == 0 {
                    e.lead += 1;
                } else {
                    e.expert += 1;
                }
            }
        }
        for d in inst.decisions.values() {
            if d.data.date().year() == year {
                out.entry(d.data.by.get_ref().as_str().to_owned())
                    .or_default()
                    .decisions += 1;
            }
        }
    }
    out
}

/// The audit days of each person over the whole dossier, with where.
pub fn busy_days(dossier: &Dossier) -> BTreeMap<String, Vec<(Date, String)>> {
    let mut out: BTreeMap<String, Vec<(Date, String)>> = BTreeMap::new();
    for inst in dossier.institutions.values() {
        for a in inst.audits.values() {
            for m in a.data.team() {
                for d in a.data.days.get_ref() {
                    out.entry(m.get_ref().as_str().to_owned())
                        .or_default()
                        .push((*d.get_ref(), format!("{}/{}", inst.id, a.id)));
                }
            }
        }
    }
    out
}

/// A team that passes the pre-flight, with what ranks it.
#[derive(Clone, Debug, Serialize)]
pub struct Team {
    pub lead: String,
    pub experts: Vec<String>,
    /// No `continuity` diagnostic (someone of the most recent audit there).
    pub continuity: bool,
    /// The members who were on the most recent earlier audit there.
    pub keeps: Vec<String>,
    /// The fewest days left on any member's rotation there.
    pub rotation_days_left: i64,
    /// The members' audits in the audit's year, before this one.
    pub workload: usize,
    /// The oldest of the experts' latest expertise dates.
    pub expertise_oldest: Option<Date>,
    /// Warnings of the pre-flight (rule ids).
    pub warnings: Vec<&'static str>,
}

/// A person left out, with the rules that exclude them.
#[derive(Clone, Debug, Serialize)]
pub struct Excluded {
    pub person: String,
    /// `team` when they can sit on no team, `experts` when they may lead
    /// but not be the expert.
    pub from: &'static str,
    pub rules: Vec<&'static str>,
    pub why: Vec<String>,
}

/// What `kmi plan team` found.
#[derive(Debug)]
pub struct Teams {
    pub teams: Vec<Team>,
    pub excluded: Vec<Excluded>,
    /// Teams judged, and whether the enumeration stopped at the cap.
    pub judged: usize,
    pub capped: bool,
    /// The rule ids of the errors of the teams judged whole that failed.
    pub failed: BTreeSet<&'static str>,
}

/// The most teams `teams` judges.
pub const MAX_TEAMS: usize = 5000;

/// Every team of a lead and `size` experts that passes the pre-flight for an
/// audit of `kind` on `days`, best first; and the people left out.
///
/// Each person is first judged alone (a team of one: the `vog`,
/// `qualification` and `rotation` rules, and `expertise` for the experts),
/// and a person booked elsewhere on one of the days is left out (`busy`,
/// not a rule of `check`: one person is not in two places on one day). The
/// teams of those who remain are then judged whole.
pub fn teams(
    planner: &mut Planner,
    institution: &str,
    kind: PlanKind,
    days: &[Date],
    size: usize,
) -> Teams {
    ranked_teams(planner, institution, kind, days, size, None)
}

/// [`teams`], or with `top`, only the best `top` teams that pass: the teams
/// are then judged in the order they would rank, and judging stops once
/// `top` have passed (`kmi plan calendar`).
pub fn ranked_teams(
    planner: &mut Planner,
    institution: &str,
    kind: PlanKind,
    days: &[Date],
    size: usize,
    top: Option<usize>,
) -> Teams {
    let first = days[0];
    let load = workload(&planner.dossier, first.year());
    let busy = busy_days(&planner.dossier);
    let people: Vec<(String, bool, bool, Option<Date>)> = candidates(&planner.dossier)
        .into_iter()
        .map(|(id, lead, expert)| {
            let shown = planner.dossier.people[id]
                .data
                .expertise
                .iter()
                .filter(|d| **d <= first)
                .max()
                .copied();
            (id.to_owned(), lead, expert, shown)
        })
        .collect();
    let previous = previous_team(&planner.dossier, institution, first);
    let bare = planner.lay_bare(institution);
    let mut excluded = Vec::new();
    let mut alone_rotation: BTreeMap<String, i64> = BTreeMap::new();
    let mut leads = Vec::new();
    let mut experts = Vec::new();
    for (person, can_lead, can_expert, _) in &people {
        let clashes: Vec<String> = busy
            .get(person)
            .map(|b| {
                b.iter()
                    .filter(|(d, _)| days.contains(d))
                    .map(|(d, at)| format!("on audit {at} on {d}"))
                    .collect()
            })
            .unwrap_or_default();
        if !clashes.is_empty() {
            excluded.push(Excluded {
                person: person.clone(),
                from: "team",
                rules: vec!["busy"],
                why: clashes,
            });
            continue;
        }
        let alone = Proposal {
            institution: institution.to_owned(),
            kind,
            days: days.to_vec(),
            lead: person.clone(),
            experts: vec![person.clone()],
        };
        let pre = planner.preflight_bare(&alone);
        if let Some(&left) = pre.rotation_left.get(person) {
            alone_rotation.insert(person.clone(), left);
        }
        let about = |rules: &[&str]| -> (Vec<&'static str>, Vec<String>) {
            let hits: Vec<&Diagnostic> = pre
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error && d.subject == *person)
                .filter(|d| rules.contains(&d.rule))
                .collect();
            let mut ids: Vec<&'static str> = hits.iter().map(|d| d.rule).collect();
            ids.dedup();
            (ids, hits.iter().map(|d| d.message.clone()).collect())
        };
        let (ids, why) = about(&["vog", "qualification", "rotation"]);
        if !ids.is_empty() {
            excluded.push(Excluded {
                person: person.clone(),
                from: "team",
                rules: ids,
                why,
            });
            continue;
        }
        if *can_lead {
            leads.push(person.clone());
        }
        if *can_expert {
            let (ids, why) = about(&["expertise"]);
            if ids.is_empty() {
                experts.push(person.clone());
            } else {
                excluded.push(Excluded {
                    person: person.clone(),
                    from: if *can_lead { "experts" } else { "team" },
                    rules: ids,
                    why,
                });
            }
        }
    }
    let shown: BTreeMap<&str, Option<Date>> =
        people.iter().map(|(p, _, _, s)| (p.as_str(), *s)).collect();
    let mut teams = Vec::new();
    let mut failed = BTreeSet::new();
    let mut judged = 0;
    let mut capped = false;
    // Every team of a lead and `size` experts, in order of lead and experts.
    let mut combos: Vec<(&String, Vec<String>)> = Vec::new();
    for lead in &leads {
        let pool: Vec<&String> = experts.iter().filter(|e| *e != lead).collect();
        for combo in combinations(pool.len(), size) {
            // Without `top`, no more than the cap is judged.
            if top.is_none() && combos.len() > MAX_TEAMS {
                break;
            }
            combos.push((lead, combo.iter().map(|&i| pool[i].clone()).collect()));
        }
    }
    if top.is_some() {
        // Judge them in the order they would rank, so the best `top` are
        // found first: continuity, rotation left and expertise as the
        // members judged alone show them, and the workload; the same key
        // [`Team::rank`] sorts the passing teams by.
        let key = |(lead, members): &(&String, Vec<String>)| {
            let team = std::iter::once(*lead).chain(members.iter());
            let keeps = team.clone().any(|m| previous.contains(m));
            let rotation = team
                .clone()
                .map(|m| alone_rotation.get(m).copied().unwrap_or(i64::MAX))
                .min()
                .unwrap_or(i64::MAX);
            let workload: usize = team.map(|m| load.get(m).map_or(0, Load::audits)).sum();
            let expertise = members
                .iter()
                .map(|e| shown.get(e.as_str()).copied().flatten())
                .min()
                .flatten();
            (
                std::cmp::Reverse(keeps),
                std::cmp::Reverse(rotation),
                workload,
                std::cmp::Reverse(expertise),
            )
        };
        combos.sort_by_cached_key(key);
    }
    for (lead, members) in combos {
        if top.is_some_and(|n| teams.len() >= n) {
            break;
        }
        if judged >= MAX_TEAMS {
            capped = true;
            break;
        }
        judged += 1;
        {
            let proposal = Proposal {
                institution: institution.to_owned(),
                kind,
                days: days.to_vec(),
                lead: lead.clone(),
                experts: members.clone(),
            };
            let pre = planner.preflight_bare(&proposal);
            if pre.has_errors() {
                failed.extend(
                    pre.diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .map(|d| d.rule),
                );
                continue;
            }
            teams.push(team_of(&proposal, &pre, &previous, &load, &|e| {
                shown.get(e).copied().flatten()
            }));
        }
    }
    planner.restore(bare);
    teams.sort_by(Team::rank);
    Teams {
        teams,
        excluded,
        judged,
        capped,
        failed,
    }
}

/// The team of the most recent audit at `institution` that ended before
/// `first` (the one `continuity` looks at), lead first.
pub fn previous_team(dossier: &Dossier, institution: &str, first: Date) -> Vec<String> {
    dossier
        .institutions
        .get(institution)
        .and_then(|i| {
            i.audits
                .values()
                .filter(|a| a.data.last_day() < first)
                .max_by_key(|a| (a.data.last_day(), a.data.first_day(), a.id.clone()))
        })
        .map(|a| {
            a.data
                .team()
                .iter()
                .map(|m| m.get_ref().as_str().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A passing proposal as a ranked [`Team`]: `previous` is the team of the
/// last audit there, `load` the workload of the audit's year, `shown` an
/// expert's latest expertise date on or before the first day.
pub fn team_of(
    proposal: &Proposal,
    pre: &Preflight,
    previous: &[String],
    load: &BTreeMap<String, Load>,
    shown: &dyn Fn(&str) -> Option<Date>,
) -> Team {
    let team = proposal.team();
    let mut warnings: Vec<&'static str> = pre.diagnostics.iter().map(|d| d.rule).collect();
    warnings.dedup();
    Team {
        lead: proposal.lead.clone(),
        continuity: !pre.diagnostics.iter().any(|d| d.rule == "continuity"),
        keeps: team
            .iter()
            .filter(|m| previous.iter().any(|p| p == *m))
            .map(|m| (*m).to_owned())
            .collect(),
        rotation_days_left: team
            .iter()
            .map(|m| pre.rotation_left.get(*m).copied().unwrap_or(i64::MAX))
            .min()
            .unwrap_or(i64::MAX),
        workload: team
            .iter()
            .map(|m| load.get(*m).map_or(0, Load::audits))
            .sum(),
        expertise_oldest: proposal.experts.iter().map(|e| shown(e)).min().flatten(),
        experts: proposal.experts.clone(),
        warnings,
    }
}

/// The `k`-subsets of `0..n`, in lexicographic order.
pub fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if k == 0 || k > n {
        return out;
    }
    let mut idx: Vec<usize> = (0..k).collect();
    loop {
        out.push(idx.clone());
        let Some(i) = (0..k).rev().find(|&i| idx[i] != i + n - k) else {
            return out;
        };
        idx[i] += 1;
        for j in i + 1..k {
            idx[j] = idx[j - 1] + 1;
        }
    }
}

impl Team {
    /// The order of `kmi plan team`: best first.
    pub fn rank(a: &Team, b: &Team) -> std::cmp::Ordering {
        b.continuity
            .cmp(&a.continuity)
            .then(b.rotation_days_left.cmp(&a.rotation_days_left))
            .then(a.workload.cmp(&b.workload))
            .then(b.expertise_oldest.cmp(&a.expertise_oldest))
            .then(a.lead.cmp(&b.lead))
            .then(a.experts.cmp(&b.experts))
    }

    /// Why it ranks where it does, in words.
    pub fn why(&self, lang: crate::i18n::Lang) -> String {
        let nl = lang == crate::i18n::Lang::Nl;
        let mut parts = Vec::new();
        parts.push(match (self.keeps.is_empty(), nl) {
            (true, false) => "no one from the previous audit".to_owned(),
            (true, true) => "niemand van de vorige audit".to_owned(),
            (false, false) => format!("continuity: {}", self.keeps.join(", ")),
            (false, true) => format!("continuïteit: {}", self.keeps.join(", ")),
        });
        if self.rotation_days_left != i64::MAX {
            parts.push(if nl {
                format!("rotatie: nog ten minste {} dagen", self.rotation_days_left)
            } else {
                format!("rotation: at least {} days left", self.rotation_days_left)
            });
        }
        parts.push(if nl {
            format!("werklast dat jaar: {} audits", self.workload)
        } else {
            format!("workload that year: {} audits", self.workload)
        });
        if let Some(e) = self.expertise_oldest {
            parts.push(if nl {
                format!("deskundigheid aangetoond sinds {e}")
            } else {
                format!("expertise shown {e} or later")
            });
        }
        if !self.warnings.is_empty() {
            parts.push(format!("warnings: {}", self.warnings.join(", ")));
        }
        parts.join("; ")
    }
}

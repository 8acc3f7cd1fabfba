//! What the records imply, computed once per run and shared by the rules and
//! the reports: audits in order, each finding with its follow-ups, its class
//! over time and its closure, the certificate timeline, and the deadlines.
//! Rules and reports read these; none recomputes them, so `check` and
//! `deadlines` can never disagree.

pub mod obligations;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use toml::Spanned;

use crate::clock::Date;
use crate::dossier::{Dossier, InstitutionFiles, Record};
use crate::model::{Audit, Class, Finding, FollowUp, Person};
use crate::scheme::Clocks;
use crate::timeline::{self, Certificate};
use obligations::{Kind, Obligation};

/// A follow-up with the audit it was made in.
#[derive(Clone, Copy, Debug)]
pub struct FollowUpAt<'d> {
    pub audit: &'d Record<Audit>,
    pub follow_up: &'d Spanned<FollowUp>,
}

impl FollowUpAt<'_> {
    /// A follow-up takes effect on the last day of its audit.
    pub fn effective_on(&self) -> Date {
        self.audit.data.last_day()
    }
}

/// A finding with everything that happened to it.
#[derive(Debug)]
pub struct FindingFacts<'d> {
    pub audit: &'d Record<Audit>,
    pub finding: &'d Spanned<Finding>,
    /// Follow-ups of later audits, in the order they took effect.
    pub follow_ups: Vec<FollowUpAt<'d>>,
}

impl<'d> FindingFacts<'d> {
    pub fn id(&self) -> &'d str {
        self.finding.get_ref().id.get_ref().as_str()
    }

    /// `<audit>/<finding>`
    pub fn subject(&self) -> String {
        format!("{}/{}", self.audit.id, self.id())
    }

    pub fn original_class(&self) -> Class {
        *self.finding.get_ref().class.get_ref()
    }

    /// The class in force on `d`: the original, or the last reclassification that took effect by then.
    pub fn class_on(&self, d: Date) -> Class {
        self.follow_ups
            .iter()
            .filter(|f| f.effective_on() <= d)
            .filter_map(|f| {
                f.follow_up
                    .get_ref()
                    .reclassify
                    .as_ref()
                    .map(|c| *c.get_ref())
            })
            .next_back()
            .unwrap_or_else(|| self.original_class())
    }

    /// The follow-up that closed the finding, if any (the first).
    pub fn closed_by(&self) -> Option<FollowUpAt<'d>> {
        self.follow_ups
            .iter()
            .find(|f| *f.follow_up.get_ref().closed.get_ref())
            .copied()
    }

    pub fn closed_on(&self) -> Option<Date> {
        self.closed_by().map(|f| f.effective_on())
    }

    /// Open on `d`: a deviation on that day, its audit over, not yet closed.
    /// Remarks are never open.
    pub fn is_open_on(&self, d: Date) -> bool {
        self.audit.data.last_day() <= d
            && self.class_on(d).is_deviation()
            && self.closed_on().is_none_or(|c| c > d)
    }

    /// Ever a deviation (needs a plan, a rationale, follow-up).
    pub fn is_deviation(&self) -> bool {
        self.original_class().is_deviation()
    }
}

/// One institution's derived facts.
#[derive(Debug)]
pub struct InstitutionFacts<'d> {
    pub files: &'d InstitutionFiles,
    /// Audits in the order held: by first day, then last day, then id.
    pub audits: Vec<&'d Record<Audit>>,
    /// Findings by (audit id, finding id); the first one of a duplicated id.
    pub findings: BTreeMap<(&'d str, &'d str), FindingFacts<'d>>,
    pub certificates: Vec<Certificate<'d>>,
}

impl<'d> InstitutionFacts<'d> {
    pub fn id(&self) -> &'d str {
        &self.files.id
    }

    /// The findings open on `d`, in order.
    pub fn open_on(&self, d: Date) -> impl Iterator<Item = &FindingFacts<'d>> {
        self.findings.values().filter(move |f| f.is_open_on(d))
    }
}

/// The audits a person was on, per institution, in order.
pub type PersonAudits<'d> = HashMap<(&'d str, &'d str), Vec<&'d Record<Audit>>>;

#[derive(Debug)]
pub struct Facts<'d> {
    /// The date the facts are as of (the dossier is restricted to it: see `asof`).
    pub as_of: Date,
    pub institutions: Vec<InstitutionFacts<'d>>,
    /// Every obligation and reminder of the dossier as of `as_of`, in a
    /// stable order: per institution, then the people's own clocks.
    pub obligations: Vec<Obligation>,
    /// (person, institution) → audits on which the person was in the team, in order.
    pub person_audits: PersonAudits<'d>,
    /// The people by id, for the rules' many lookups (a hash lookup is several
    /// times faster than a search of the sorted map).
    people: HashMap<&'d str, &'d Record<Person>>,
    /// (kind, institution, subject) → the first such obligation's index in
    /// `obligations`: built on the first [`Facts::obligation`], since a
    /// search of them all per finding is quadratic on a wide dossier.
    obligation_index: std::sync::OnceLock<HashMap<(Kind, String, String), usize>>,
}

impl<'d> Facts<'d> {
    /// The facts of every institution, computed in parallel: they depend on
    /// that institution's records only.
    pub fn build(dossier: &'d Dossier, as_of: Date) -> Facts<'d> {
        let clocks = &dossier.scheme.clocks;
        let files: Vec<&'d InstitutionFiles> = dossier.institutions.values().collect();
        let built: Vec<(InstitutionFacts<'d>, PersonAudits<'d>)> = files
            .par_iter()
            .map(|files| institution_facts(files, clocks))
            .collect();
        let mut person_audits: PersonAudits<'d> = HashMap::new();
        let institutions: Vec<InstitutionFacts<'d>> = built
            .into_iter()
            .map(|(facts, people)| {
                // Keys name the institution, so no two institutions share one.
                person_audits.extend(people);
                facts
            })
            .collect();
        let people = dossier
            .people
            .iter()
            .map(|(id, p)| (id.as_str(), p))
            .collect();
        let per_institution: Vec<Vec<Obligation>> = institutions
            .par_iter()
            .map(|inst| {
                let mut own = obligations::of_institution(inst, clocks, as_of);
                let reminders = obligations::reminders_of_institution(
                    dossier,
                    inst,
                    &own,
                    &person_audits,
                    as_of,
                );
                own.extend(reminders);
                own
            })
            .collect();
        // One allocation of the final size: a flattening collect would grow
        // the vector step by step, copying every obligation again each time.
        let people_own = obligations::reminders_of_people(dossier, as_of);
        let total = per_institution.iter().map(Vec::len).sum::<usize>() + people_own.len();
        let mut all: Vec<Obligation> = Vec::with_capacity(total);
        for own in per_institution {
            all.extend(own);
        }
        all.extend(people_own);
        Facts {
            as_of,
            institutions,
            obligations: all,
            person_audits,
            people,
            obligation_index: std::sync::OnceLock::new(),
        }
    }

    /// The obligations of one kind, in order.
    pub fn obligations_of(&self, kind: Kind) -> impl Iterator<Item = &Obligation> {
        self.obligations.iter().filter(move |o| o.kind == kind)
    }

    /// The obligation of `kind` about `subject` at `institution`, if any.
    pub fn obligation(&self, kind: Kind, institution: &str, subject: &str) -> Option<&Obligation> {
        let index = self.obligation_index.get_or_init(|| {
            let mut index = HashMap::with_capacity(self.obligations.len());
            for (i, o) in self.obligations.iter().enumerate() {
                if let Some(inst) = &o.institution {
                    index
                        .entry((o.kind, inst.clone(), o.subject.clone()))
                        .or_insert(i);
                }
            }
            index
        });
        // The key is owned; one lookup allocates two short strings, far
        // less than a search of every obligation.
        let key = (kind, institution.to_owned(), subject.to_owned());
        index.get(&key).map(|&i| &self.obligations[i])
    }

    /// The person with this id, if the dossier has one.
    pub fn person(&self, id: &str) -> Option<&'d Record<Person>> {
        self.people.get(id).copied()
    }
}

/// One institution's facts, and the audits each person was on there.
fn institution_facts<'d>(
    files: &'d InstitutionFiles,
    clocks: &Clocks,
) -> (InstitutionFacts<'d>, PersonAudits<'d>) {
    let mut person_audits: PersonAudits<'d> = HashMap::new();
    let mut audits: Vec<&Record<Audit>> = files.audits.values().collect();
    audits.sort_by_key(|a| (a.data.first_day(), a.data.last_day(), a.id.as_str()));
    let mut findings = BTreeMap::new();
    for a in &audits {
        for f in &a.data.finding {
            findings
                .entry((a.id.as_str(), f.get_ref().id.get_ref().as_str()))
                .or_insert_with(|| FindingFacts {
                    audit: a,
                    finding: f,
                    follow_ups: Vec::new(),
                });
        }
    }
    for a in &audits {
        for fu in &a.data.follow_up {
            let r = fu.get_ref().finding.get_ref();
            // Only a later audit can follow a finding up (date-order reports the others).
            if let Some(ff) = findings.get_mut(&(r.audit.as_str(), r.finding.as_str()))
                && ff.audit.id != a.id
                && ff.audit.data.last_day() <= a.data.first_day()
            {
                ff.follow_ups.push(FollowUpAt {
                    audit: a,
                    follow_up: fu,
                });
            }
        }
        for member in a.data.team() {
            person_audits
                .entry((member.get_ref().as_str(), files.id.as_str()))
                .or_default()
                .push(a);
        }
    }
    let facts = InstitutionFacts {
        files,
        audits,
        findings,
        certificates: timeline::certificates(files, clocks),
    };
    (facts, person_audits)
}

// ------------------------------------------------------------ rotation

/// For each of a person's audits at one institution, (first day, last day)
/// in order: its first day and the first day of the run it belongs to, which
/// is where the rotation count starts. A run ends when the next audit starts
/// a full `gap` after every audit before it has ended.
pub fn run_starts(
    audits: impl Iterator<Item = (Date, Date)>,
    gap: crate::clock::Period,
) -> impl Iterator<Item = (Date, Date)> {
    let mut start: Option<Date> = None;
    let mut last_end: Option<Date> = None;
    audits.map(move |(first, last)| {
        let run_start = match (last_end, start) {
            (Some(end), Some(s)) if first < gap.after(end) => s,
            _ => first,
        };
        start = Some(run_start);
        last_end = Some(last_end.map_or(last, |e| e.max(last)));
        (first, run_start)
    })
}

/// The first day of the current run of a person's audits at one institution
/// as of an audit starting on `at`; `audits` are (first day, last day) in order.
pub fn rotation_start(
    audits: impl Iterator<Item = (Date, Date)>,
    at: Date,
    gap: crate::clock::Period,
) -> Option<Date> {
    run_starts(audits.take_while(|(f, _)| *f <= at), gap)
        .last()
        .map(|(_, start)| start)
}

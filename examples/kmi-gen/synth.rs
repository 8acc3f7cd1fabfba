//! The synthetic dossier behind the benchmarks: a seeded simulation of N
//! institutions over Y years that follows the JB/JR scheme the way a careful
//! certification body would — audits in the cycle, findings with plans,
//! follow-ups, verification audits, decisions (grant, provisional, continue,
//! renew, bridging with monthly progress reports, suspension and
//! reinstatement), and auditors with current VOGs, expertise and rotation.
//!
//! Every record is kept with the dates on which it changed, so the same model
//! gives both the dossier as of a date and its history, edit by edit (see
//! `history.rs`). With `defects = 0` the dossier checks clean; a defect rate
//! adds the mistakes real dossiers have (a late plan, a missing rationale, a
//! typo'd key or context factor, a citizen service number in a text, an
//! audit without scope), drawn from a separate random stream so the rest of
//! the dossier does not change with the rate.
//!
//! Shared by the `kmi-gen` example and `tests/it/generator.rs` (through
//! `#[path]`), so it uses nothing but `kmi` and the standard library.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use kmi::clock::Date;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Params {
    pub institutions: usize,
    pub years: u32,
    pub seed: u64,
    /// The dossier's "today": nothing is dated after it.
    pub as_of: Date,
    /// Per audit, the chance of one realistic mistake.
    pub defects: f64,
}

// --------------------------------------------------------------------- rng

/// SplitMix64: small, fast, and the same on every platform.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    /// An independent stream for (`stream`, `index`) of one seed, so that
    /// institution 7 is the same whether 13 or 1,000 are generated.
    pub fn stream(seed: u64, stream: u64, index: u64) -> Rng {
        let mut r = Rng(seed
            ^ stream.wrapping_mul(0xA076_1D64_78BD_642F)
            ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB));
        r.next();
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// `k` distinct items of `xs`, in the order of `xs`.
    fn some<'a, T>(&mut self, xs: &'a [T], k: usize) -> Vec<&'a T> {
        let mut chosen = BTreeSet::new();
        while chosen.len() < k.min(xs.len()) {
            chosen.insert(self.below(xs.len()));
        }
        chosen.into_iter().map(|i| &xs[i]).collect()
    }
}

const STREAM_PEOPLE: u64 = 1;
const STREAM_INSTITUTION: u64 = 2;
const STREAM_DEFECTS: u64 = 3;
const STREAM_EDITS: u64 = 4;

// ------------------------------------------------------------------ model

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pool {
    Lead,
    Expert,
    Decider,
}

pub struct Person {
    pub id: String,
    name: String,
    pool: Pool,
    roles: Vec<&'static str>,
    qualified: Option<Date>,
    vog: Vec<Date>,
    expertise: Vec<Date>,
    left: Option<Date>,
}

impl Person {
    /// Can serve one institution's team from `from` through `to`.
    fn can_serve(&self, from: Date, to: Date) -> bool {
        self.qualified.is_some_and(|q| q.add_days(60) <= from)
            && self.left.is_none_or(|l| l > to.add_days(30))
    }

    /// The first day anything of this person is on file.
    fn first_on_file(&self) -> Date {
        let mut d = self.vog.first().copied();
        for x in [self.qualified, self.expertise.first().copied()]
            .into_iter()
            .flatten()
        {
            d = Some(d.map_or(x, |d| d.min(x)));
        }
        d.expect("everyone has a VOG")
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Critical,
    NonCritical,
    Remark,
}

impl Class {
    fn as_str(self) -> &'static str {
        match self {
            Class::Critical => "critical",
            Class::NonCritical => "non-critical",
            Class::Remark => "remark",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Initial,
    Control,
    Recertification,
    Verification,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Initial => "initial",
            Kind::Control => "control",
            Kind::Recertification => "recertification",
            Kind::Verification => "verification",
        }
    }
}

struct Finding {
    id: String,
    norm: String,
    class: Class,
    summary: String,
    rationale: Option<String>,
    context: Vec<String>,
    /// The audit day it was written down.
    noted: Date,
    plan: Option<(Date, Option<Date>)>,
    /// Defect: `rationale` misspelled as a key (a schema error).
    key_typo: bool,
}

struct FollowUp {
    finding: String,
    /// The day the judgement was written down (the audit's first day); before
    /// it the follow-up is on file as planned, without a judgement.
    noted: Date,
    implemented: bool,
    effective: bool,
    closed: bool,
    note: String,
    reclassify: Option<(Class, String)>,
}

struct Audit {
    id: String,
    kind: Kind,
    /// The day the audit was planned: its file appears then.
    planned: Date,
    days: Vec<Date>,
    report: Date,
    lead: usize,
    experts: Vec<usize>,
    /// None: the "no scope" defect.
    scope: Option<usize>,
    /// Editorial rewordings of the scope (history only).
    scope_edits: Vec<Date>,
    pilots: Vec<&'static str>,
    findings: Vec<Finding>,
    follow_ups: Vec<FollowUp>,
    /// The rule that the defect put into this audit must trigger, if any.
    defect: Option<&'static str>,
}

impl Audit {
    fn first(&self) -> Date {
        self.days[0]
    }
    fn last(&self) -> Date {
        *self.days.last().expect("an audit has days")
    }
}

struct Decision {
    id: String,
    date: Date,
    outcome: &'static str,
    by: usize,
    audits: Vec<String>,
    valid_until: Option<Date>,
    considerations: String,
    context: Vec<&'static str>,
    open: Vec<(String, String)>,
}

struct Progress {
    month: String,
    received: Date,
    summary: String,
}

pub struct Institution {
    pub id: String,
    name: String,
    region: &'static str,
    measures: Vec<&'static str>,
    applied: Date,
    audits: Vec<Audit>,
    decisions: Vec<Decision>,
    progress: Vec<Progress>,
}

/// The whole generated dossier, with every record's history.
pub struct Dossier {
    pub params: Params,
    pub start: Date,
    pub people: Vec<Person>,
    pub institutions: Vec<Institution>,
}

/// One record of the dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordRef {
    Config,
    Scheme,
    Person(usize),
    Institution(usize),
    Audit(usize, usize),
    Decision(usize, usize),
    Progress(usize, usize),
}

/// A version of one record: on `date` it changed, for `message`.
#[derive(Clone, Debug)]
pub struct Version {
    pub date: Date,
    pub record: RecordRef,
    pub message: String,
}

// --------------------------------------------------------------- generate

pub fn generate(params: &Params) -> Dossier {
    let start = params.as_of.sub_months(12 * params.years);
    let people = people(params, start);
    let leads: Vec<usize> = pool(&people, Pool::Lead);
    let experts: Vec<usize> = pool(&people, Pool::Expert);
    let deciders: Vec<usize> = pool(&people, Pool::Decider);
    let mut ids = BTreeSet::new();
    let institutions = (0..params.institutions)
        .map(|i| {
            let mut rng = Rng::stream(params.seed, STREAM_INSTITUTION, i as u64);
            let org = *rng.pick(ORGANISATIONS);
            let region = *rng.pick(REGIONS);
            let mut id = format!("{}-{}", org.0, slug(region));
            if !ids.insert(id.clone()) {
                id = format!("{id}-{}", i + 1);
                ids.insert(id.clone());
            }
            let sim = Sim {
                rng,
                defects: Rng::stream(params.seed, STREAM_DEFECTS, i as u64),
                defect_rate: params.defects,
                people: &people,
                leads: &leads,
                experts: &experts,
                deciders: &deciders,
                as_of: params.as_of,
                slots: [Vec::new(), Vec::new(), Vec::new()],
                served: BTreeSet::new(),
                findings: Vec::new(),
                audit_ids: BTreeSet::new(),
            };
            sim.run(id, org.1, region, start)
        })
        .collect();
    Dossier {
        params: params.clone(),
        start,
        people,
        institutions,
    }
}

fn pool(people: &[Person], p: Pool) -> Vec<usize> {
    (0..people.len()).filter(|&i| people[i].pool == p).collect()
}

fn people(params: &Params, start: Date) -> Vec<Person> {
    let mut rng = Rng::stream(params.seed, STREAM_PEOPLE, 0);
    let years = params.years as usize;
    let n = params.institutions;
    let counts = [
        (Pool::Decider, 4),
        (Pool::Lead, (4 + years / 2).max(n / 6 + 1)),
        (Pool::Expert, (6 + years).max(n / 3 + 1)),
    ];
    let mut ids = BTreeSet::new();
    let mut out = Vec::new();
    for (pool, count) in counts {
        for k in 0..count {
            let first = *rng.pick(FIRST_NAMES);
            let last = *rng.pick(LAST_NAMES);
            let name = format!("{first} {last}");
            let mut id = slug(&name);
            let mut suffix = 2;
            while !ids.insert(id.clone()) {
                id = format!("{}-{suffix}", slug(&name));
                suffix += 1;
            }
            let (roles, qualified, left) = match pool {
                Pool::Decider => (
                    vec![if k < 2 {
                        "decision-maker"
                    } else {
                        "deputy-decision-maker"
                    }],
                    None,
                    None,
                ),
                _ => {
                    let roles = match pool {
                        Pool::Lead if rng.chance(0.5) => vec!["lead-auditor", "expert"],
                        Pool::Lead => vec!["lead-auditor"],
                        _ => vec!["expert"],
                    };
                    let qualified = if rng.chance(0.75) {
                        start.add_days(-rng.range(90, 3 * 365))
                    } else {
                        start.add_days(rng.range(200, (years as i64 * 365 * 6 / 10).max(201)))
                    };
                    let left = if rng.chance(0.15) {
                        Some(qualified.add_days(rng.range(3 * 365, 8 * 365)))
                            .filter(|l| *l <= params.as_of)
                    } else {
                        None
                    };
                    (roles, Some(qualified), left)
                }
            };
            let anchor = qualified.unwrap_or_else(|| start.add_days(-rng.range(100, 4 * 365)));
            let until = left.unwrap_or(params.as_of).min(params.as_of);
            // A VOG every four years and a bit: never older than five.
            let mut vog = vec![anchor.add_days(-rng.range(20, 80))];
            loop {
                let next = vog[vog.len() - 1].add_days(rng.range(4 * 365, 4 * 365 + 120));
                if next > until {
                    break;
                }
                vog.push(next);
            }
            // Expertise shown every 18 to 22 months: never older than two years.
            let mut expertise = Vec::new();
            if roles.contains(&"expert") {
                expertise.push(anchor.add_days(-rng.range(10, 60)));
                loop {
                    let next = expertise[expertise.len() - 1].add_days(rng.range(540, 660));
                    if next > until {
                        break;
                    }
                    expertise.push(next);
                }
            }
            out.push(Person {
                id,
                name,
                pool,
                roles,
                qualified,
                vog,
                expertise,
                left,
            });
        }
    }
    out
}

/// The state of one finding as the simulation goes on.
struct FindingState {
    audit: usize,
    finding: usize,
    last_day: Date,
    class: Class,
    /// Critical from this day (originally, or by a reclassification).
    critical_from: Option<Date>,
    closed_on: Option<Date>,
}

impl FindingState {
    fn open_on(&self, d: Date) -> bool {
        self.last_day <= d && self.class != Class::Remark && self.closed_on.is_none_or(|c| c > d)
    }
    fn critical_on(&self, d: Date) -> bool {
        self.open_on(d) && self.critical_from.is_some_and(|c| c <= d)
    }
}

struct Sim<'a> {
    rng: Rng,
    defects: Rng,
    defect_rate: f64,
    people: &'a [Person],
    leads: &'a [usize],
    experts: &'a [usize],
    deciders: &'a [usize],
    as_of: Date,
    /// Per team slot (lead, first expert, second expert): (from, person).
    slots: [Vec<(Date, usize)>; 3],
    served: BTreeSet<usize>,
    findings: Vec<FindingState>,
    audit_ids: BTreeSet<String>,
}

/// A slot's member changes every four years; the three slots are 16 months
/// apart, so consecutive audits always share two people (continuity) and
/// nobody serves one institution over six years (rotation).
const TENURE_MONTHS: u32 = 48;
const SLOT_OFFSET_MONTHS: u32 = 16;

impl Sim<'_> {
    fn run(
        mut self,
        id: String,
        organisation: &str,
        region: &'static str,
        start: Date,
    ) -> Institution {
        let measures = match self.rng.below(4) {
            0 => vec!["child-protection", "guardianship"],
            1 => vec!["youth-probation"],
            _ => vec!["child-protection", "youth-probation", "guardianship"],
        };
        let first_day = start.add_days(self.rng.range(0, 330));
        let mut inst = Institution {
            id,
            name: format!("{organisation} {region}"),
            region,
            measures,
            applied: first_day.add_days(-self.rng.range(60, 150)),
            audits: Vec::new(),
            decisions: Vec::new(),
            progress: Vec::new(),
        };
        self.lifecycle(&mut inst, first_day);
        inst
    }

    /// The institution's life until after `as_of`: records dated later are
    /// simply never on file.
    fn lifecycle(&mut self, inst: &mut Institution, first_day: Date) {
        let a = self.audit(inst, Kind::Initial, first_day);
        self.verification(inst, a);
        let d = self.after_report(inst, a);
        let mut grant = if self.rng.chance(0.15) {
            // A new institution: a provisional certificate, then a second initial audit.
            self.decide(inst, d, "provisional", vec![a], None);
            let first = d.add_months(10).add_days(self.rng.range(0, 30));
            let a2 = self.audit(inst, Kind::Initial, first);
            self.verification(inst, a2);
            let d2 = self.after_report(inst, a2);
            self.decide(inst, d2, "grant", vec![a2], None);
            d2
        } else {
            self.decide(inst, d, "grant", vec![a], None);
            d
        };
        while grant <= self.as_of {
            for months in [10, 22] {
                let first = grant.add_months(months).add_days(self.rng.range(0, 20));
                if first.add_days(-40) > self.as_of {
                    return;
                }
                let c = self.audit(inst, Kind::Control, first);
                let v = self.verification(inst, c);
                match v {
                    Some(v) if self.rng.chance(0.25) => {
                        let r = inst.audits[c].report;
                        let s = r.add_days(self.rng.range(7, 14));
                        self.decide(inst, s, "suspend", vec![c], None);
                        let back = inst.audits[v].report.add_days(self.rng.range(3, 10));
                        self.decide(inst, back, "reinstate", vec![v], None);
                    }
                    _ => {
                        let d = self.after_report(inst, c);
                        self.decide(inst, d, "continue", vec![c], None);
                    }
                }
            }
            let first = grant.add_months(32).add_days(self.rng.range(0, 20));
            if first.add_days(-40) > self.as_of {
                return;
            }
            let rc = self.audit(inst, Kind::Recertification, first);
            let v = self.verification(inst, rc);
            let d = self.after_report(inst, rc);
            if v.is_some() && self.rng.chance(0.5) {
                // Not renewable yet: a bridging certificate of nine months,
                // monthly progress reports, and an initial audit inside it.
                let until = d.add_months(9);
                self.decide(inst, d, "bridging", vec![rc], Some(until));
                let first = d.add_months(4).add_days(self.rng.range(0, 20));
                let ia = self.audit(inst, Kind::Initial, first);
                self.verification(inst, ia);
                let g = self.after_report(inst, ia);
                self.decide(inst, g, "grant", vec![ia], None);
                // Every month that overlaps the certificate (its last day is
                // the day before the grant), partial months included.
                let mut month = d.month_start();
                while month < g {
                    let end = month.month_end();
                    let received = end.add_days(self.rng.range(2, 20));
                    inst.progress.push(Progress {
                        month: format!("{:04}-{:02}", month.year(), month.month()),
                        received,
                        summary: progress_summary(&mut self.rng, month),
                    });
                    month = month.add_months(1);
                }
                grant = g;
            } else {
                self.decide(inst, d, "renew", vec![rc], None);
                grant = d;
            }
        }
    }

    /// The day of the decision after an audit's report.
    fn after_report(&mut self, inst: &Institution, a: usize) -> Date {
        inst.audits[a].report.add_days(self.rng.range(7, 21))
    }

    /// The person in `slot` on `day`, choosing a new one when a tenure starts.
    fn member(&mut self, slot: usize, day: Date, first_day: Date) -> usize {
        let offset = SLOT_OFFSET_MONTHS * slot as u32;
        // Tenure boundaries: the first audit, then every change date of the slot.
        let mut from = first_day;
        let mut next = if slot == 0 {
            first_day.add_months(TENURE_MONTHS)
        } else {
            first_day.add_months(offset)
        };
        while next <= day {
            from = next;
            next = next.add_months(TENURE_MONTHS);
        }
        if let Some((f, p)) = self.slots[slot].last()
            && *f == from
        {
            return *p;
        }
        let to = next.min(self.as_of.add_days(60));
        let pool = if slot == 0 { self.leads } else { self.experts };
        let busy: Vec<usize> = (0..3)
            .filter(|&s| s != slot)
            .filter_map(|s| self.slots[s].last().map(|x| x.1))
            .collect();
        let fits = |p: usize| {
            !self.served.contains(&p) && !busy.contains(&p) && self.people[p].can_serve(from, to)
        };
        let mut chosen = None;
        for _ in 0..64 {
            let p = *self.rng.pick(pool);
            if fits(p) {
                chosen = Some(p);
                break;
            }
        }
        let p = chosen
            .or_else(|| {
                let k = self.rng.below(pool.len());
                (0..pool.len())
                    .map(|i| pool[(k + i) % pool.len()])
                    .find(|&p| fits(p))
            })
            .expect("the pool of auditors is large enough for every tenure");
        self.served.insert(p);
        self.slots[slot].push((from, p));
        p
    }

    fn audit_id(&mut self, kind: Kind, first: Date) -> String {
        let base = format!("{:04}-{:02}-{}", first.year(), first.month(), kind.as_str());
        let mut id = base.clone();
        let mut n = 2;
        while !self.audit_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// Hold an audit starting on `first`: its team, findings and the
    /// follow-up of every finding open on its first day.
    fn audit(&mut self, inst: &mut Institution, kind: Kind, first: Date) -> usize {
        let institution_start = inst.audits.first().map_or(first, |a| a.first());
        let lead = self.member(0, first, institution_start);
        let e1 = self.member(1, first, institution_start);
        let e2 = self.member(2, first, institution_start);
        let rng = &mut self.rng;
        let days = match kind {
            Kind::Initial | Kind::Recertification => {
                let d2 = first.add_days(rng.range(3, 8));
                vec![first, d2, d2.add_days(rng.range(7, 17))]
            }
            Kind::Control => vec![first, first.add_days(rng.range(1, 7))],
            Kind::Verification => vec![first],
        };
        let last = *days.last().expect("days");
        let report = last.add_days(rng.range(10, 21));
        let planned = first.add_days(-rng.range(21, 35));
        let experts = if kind == Kind::Verification {
            vec![e1]
        } else {
            vec![e1, e2]
        };
        let pilots = if kind != Kind::Verification && rng.chance(0.1) {
            vec![*rng.pick(PILOTS)]
        } else {
            Vec::new()
        };
        let n_findings = match kind {
            Kind::Initial => rng.range(2, 6),
            Kind::Recertification => rng.range(1, 6),
            Kind::Control => rng.range(0, 4),
            Kind::Verification => 0,
        } as usize;
        let mut findings = Vec::new();
        for k in 0..n_findings {
            let roll = rng.below(100);
            let class = if roll < 5 {
                Class::Critical
            } else if roll < 55 {
                Class::NonCritical
            } else {
                Class::Remark
            };
            let (cat, group, n) = (
                *rng.pick(&['A', 'B', 'C', 'D', 'E']),
                rng.range(1, 3),
                rng.range(1, 3),
            );
            let norm = format!("{cat}.{group}.{n}");
            let summary = finding_summary(rng, cat);
            let rationale =
                (class != Class::Remark || rng.chance(0.3)).then(|| rationale(rng, class));
            let n_context = rng.range(1, 3) as usize;
            let context = rng
                .some(CONTEXT_FACTORS, n_context)
                .into_iter()
                .map(|s| (*s).to_owned())
                .collect();
            let plan = (class != Class::Remark).then(|| {
                let received = report.add_days(rng.range(8, 27));
                let accepted = rng
                    .chance(0.85)
                    .then(|| received.add_days(rng.range(2, 12)));
                (received, accepted)
            });
            findings.push(Finding {
                id: format!("f{}", k + 1),
                norm,
                class,
                summary,
                rationale,
                context,
                noted: *rng.pick(&days),
                plan,
                key_typo: false,
            });
        }
        let index = inst.audits.len();
        let id = self.audit_id(kind, first);
        // Follow up what is open on the first day (a verification audit is
        // held for the critical findings only: see `verification`).
        let mut follow_ups = Vec::new();
        if kind != Kind::Verification {
            for s in self.findings.iter_mut().filter(|s| s.open_on(first)) {
                let target = &inst.audits[s.audit];
                let fref = format!("{}/{}", target.id, target.findings[s.finding].id);
                let roll = self.rng.below(100);
                let (a, b) = (self.rng.range(8, 12), self.rng.range(12, 25));
                let mut fu = FollowUp {
                    finding: fref,
                    noted: first,
                    implemented: true,
                    effective: true,
                    closed: true,
                    note: format!("Measures seen working in {a} of {b} files."),
                    reclassify: None,
                };
                if s.class == Class::NonCritical && roll >= 78 {
                    fu.effective = false;
                    fu.closed = false;
                    fu.note = format!(
                        "Measures implemented but not yet effective: {} of {b} files still deviate.",
                        b - a
                    );
                    if roll >= 95 && kind != Kind::Initial {
                        fu.reclassify = Some((Class::Critical, reclassify_reason(&mut self.rng)));
                        s.class = Class::Critical;
                        s.critical_from = Some(last);
                    }
                } else {
                    s.closed_on = Some(last);
                }
                follow_ups.push(fu);
            }
        }
        for (k, f) in findings.iter().enumerate() {
            self.findings.push(FindingState {
                audit: index,
                finding: k,
                last_day: last,
                class: f.class,
                critical_from: (f.class == Class::Critical).then_some(last),
                closed_on: None,
            });
        }
        let scope = Some(self.rng.below(SCOPES.len()));
        let mut audit = Audit {
            id,
            kind,
            planned,
            days,
            report,
            lead,
            experts,
            scope,
            scope_edits: Vec::new(),
            pilots,
            findings,
            follow_ups,
            defect: None,
        };
        if self.defects.chance(self.defect_rate) {
            let kind = self.defects.below(6);
            audit.defect = Some(defect(&mut self.defects, &mut audit, kind));
        }
        inst.audits.push(audit);
        index
    }

    /// A verification audit for the critical findings open after audit `a`,
    /// within the verification clock (3 months) of its report.
    fn verification(&mut self, inst: &mut Institution, a: usize) -> Option<usize> {
        let after = inst.audits[a].last();
        let pending: Vec<usize> = (0..self.findings.len())
            .filter(|&i| self.findings[i].critical_on(after))
            .collect();
        if pending.is_empty() {
            return None;
        }
        let first = inst.audits[a].report.add_days(self.rng.range(40, 60));
        let v = self.audit(inst, Kind::Verification, first);
        for i in pending {
            let s = &mut self.findings[i];
            s.closed_on = Some(first);
            let target = &inst.audits[s.audit];
            let finding = format!("{}/{}", target.id, target.findings[s.finding].id);
            let (x, y) = (self.rng.range(18, 25), self.rng.range(0, 3));
            inst.audits[v].follow_ups.push(FollowUp {
                finding,
                noted: first,
                implemented: true,
                effective: true,
                closed: true,
                note: format!(
                    "Verified in {x} files: the measures work; {y} minor slips corrected on the spot."
                ),
                reclassify: None,
            });
        }
        Some(v)
    }

    fn decide(
        &mut self,
        inst: &mut Institution,
        date: Date,
        outcome: &'static str,
        audits: Vec<usize>,
        valid_until: Option<Date>,
    ) {
        let open: Vec<(String, String)> = if matches!(outcome, "suspend" | "withdraw" | "refuse") {
            Vec::new()
        } else {
            self.findings
                .iter()
                .filter(|s| s.critical_on(date))
                .map(|s| {
                    let a = &inst.audits[s.audit];
                    let why = format!(
                        "Plan of action received; verification planned within three months of the report of {}.",
                        a.report
                    );
                    (format!("{}/{}", a.id, a.findings[s.finding].id), why)
                })
                .collect()
        };
        let by = *self.rng.pick(self.deciders);
        let k = self.rng.range(1, 3) as usize;
        let context = self
            .rng
            .some(CONTEXT_FACTORS, k)
            .into_iter()
            .copied()
            .collect();
        let considerations = considerations(&mut self.rng, outcome, open.len());
        let mut id = format!("{date}-{outcome}");
        if inst.decisions.iter().any(|d| d.id == id) {
            id.push_str("-2");
        }
        inst.decisions.push(Decision {
            id,
            date,
            outcome,
            by,
            audits: audits.iter().map(|&a| inst.audits[a].id.clone()).collect(),
            valid_until,
            considerations,
            context,
            open,
        });
    }
}

/// One realistic mistake in an audit; the id of the rule that reports it.
fn defect(rng: &mut Rng, audit: &mut Audit, kind: usize) -> &'static str {
    let deviations: Vec<usize> = (0..audit.findings.len())
        .filter(|&i| audit.findings[i].class != Class::Remark)
        .collect();
    let with_rationale: Vec<usize> = (0..audit.findings.len())
        .filter(|&i| audit.findings[i].rationale.is_some())
        .collect();
    match kind {
        0 if !deviations.is_empty() => {
            // A late plan of action.
            let f = &mut audit.findings[*rng.pick(&deviations)];
            let received = audit.report.add_days(rng.range(30, 45));
            f.plan = Some((received, Some(received.add_days(rng.range(2, 9)))));
            "plan-deadline"
        }
        1 if !deviations.is_empty() => {
            audit.findings[*rng.pick(&deviations)].rationale = None;
            "finding-rationale"
        }
        3 if !audit.findings.is_empty() => {
            let f = rng.below(audit.findings.len());
            let c = &mut audit.findings[f].context[0];
            c.pop();
            "unknown-reference"
        }
        4 if !with_rationale.is_empty() => {
            audit.findings[*rng.pick(&with_rationale)].key_typo = true;
            "schema"
        }
        5 if !audit.findings.is_empty() => {
            let f = rng.below(audit.findings.len());
            let bsn = loop {
                let digits: Vec<u8> = (0..9).map(|_| b'0' + rng.below(10) as u8).collect();
                if digits[0] != b'0' && kmi::rules::personal_data::passes_eleven_test(&digits) {
                    break String::from_utf8(digits).expect("digits");
                }
            };
            audit.findings[f].summary.push_str(&format!(
                " The file of client {bsn} was discussed as an example."
            ));
            "personal-data"
        }
        _ => {
            audit.scope = None;
            "scope"
        }
    }
}

// ---------------------------------------------------------------- versions

impl Dossier {
    /// The rules the defects put into the dossier must trigger (audits that
    /// start after `as_of` are planned: their findings are not there yet).
    /// Used by tests/it/generator.rs, which includes this file; the kmi-gen
    /// binary itself does not need it.
    #[allow(dead_code)]
    pub fn defect_rules(&self) -> std::collections::BTreeSet<&'static str> {
        self.institutions
            .iter()
            .flat_map(|i| &i.audits)
            .filter(|a| a.days[0] <= self.params.as_of)
            .filter_map(|a| a.defect)
            .collect()
    }

    /// Every version of every record, dated no later than `as_of`, in order.
    pub fn versions(&self) -> Vec<Version> {
        let as_of = self.params.as_of;
        let floor = self.history_start();
        let mut out: BTreeMap<(Date, RecordRef), Vec<String>> = BTreeMap::new();
        let mut add = |date: Date, record: RecordRef, message: String| {
            if date <= as_of {
                out.entry((date.max(floor), record))
                    .or_default()
                    .push(message);
            }
        };
        add(floor, RecordRef::Config, "start the dossier".to_owned());
        add(
            floor,
            RecordRef::Scheme,
            "add the scheme's norm catalogue".to_owned(),
        );
        for (i, p) in self.people.iter().enumerate() {
            let r = RecordRef::Person(i);
            add(p.first_on_file(), r, format!("add {}", p.id));
            if let Some(q) = p.qualified {
                add(q, r, format!("{} qualified as auditor", p.id));
            }
            for v in &p.vog {
                add(*v, r, format!("VOG of {} issued {v}", p.id));
            }
            for e in &p.expertise {
                add(*e, r, format!("{} showed expertise on {e}", p.id));
            }
            if let Some(l) = p.left {
                add(l, r, format!("{} left", p.id));
            }
        }
        for (i, inst) in self.institutions.iter().enumerate() {
            add(
                inst.applied,
                RecordRef::Institution(i),
                format!("{} applied for certification", inst.id),
            );
            for (k, a) in inst.audits.iter().enumerate() {
                let r = RecordRef::Audit(i, k);
                let what = format!("audit {} of {}", a.id, inst.id);
                add(a.planned, r, format!("plan {what}"));
                for f in &a.findings {
                    add(f.noted, r, format!("{what}: finding {}", f.id));
                    if let Some((received, accepted)) = f.plan {
                        add(
                            received,
                            r,
                            format!("{what}: plan of action for {} received", f.id),
                        );
                        if let Some(acc) = accepted {
                            add(
                                acc,
                                r,
                                format!("{what}: plan of action for {} accepted", f.id),
                            );
                        }
                    }
                }
                for fu in &a.follow_ups {
                    add(fu.noted, r, format!("{what}: follow-up of {}", fu.finding));
                }
                add(a.report, r, format!("{what}: report issued"));
                for e in &a.scope_edits {
                    add(*e, r, format!("{what}: reword the scope"));
                }
            }
            for (k, d) in inst.decisions.iter().enumerate() {
                add(
                    d.date,
                    RecordRef::Decision(i, k),
                    format!("decision {} of {}", d.id, inst.id),
                );
            }
            for (k, p) in inst.progress.iter().enumerate() {
                add(
                    p.received,
                    RecordRef::Progress(i, k),
                    format!("progress report {} of {}", p.month, inst.id),
                );
            }
        }
        out.into_iter()
            .map(|((date, record), messages)| Version {
                date,
                record,
                message: messages.join("; "),
            })
            .collect()
    }

    /// The day of the first commit: a year before the dossier's start.
    pub fn history_start(&self) -> Date {
        self.start.add_days(-365)
    }

    /// Add editorial edits (a reworded audit scope) until the history has
    /// at least `total` versions: a small dossier has fewer real edits than
    /// a long history needs.
    pub fn pad_with_edits(&mut self, total: usize) {
        let mut rng = Rng::stream(self.params.seed, STREAM_EDITS, 0);
        let as_of = self.params.as_of;
        let mut taken: BTreeSet<(Date, RecordRef)> =
            self.versions().iter().map(|v| (v.date, v.record)).collect();
        let candidates: Vec<(usize, usize)> = self
            .institutions
            .iter()
            .enumerate()
            .flat_map(|(i, inst)| {
                inst.audits
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.scope.is_some() && a.report < as_of)
                    .map(move |(k, _)| (i, k))
            })
            .collect();
        if candidates.is_empty() {
            return;
        }
        let mut tries = 0;
        while taken.len() < total && tries < total * 20 {
            tries += 1;
            let (i, k) = *rng.pick(&candidates);
            let a = &mut self.institutions[i].audits[k];
            let date = a.report.add_days(rng.range(1, a.report.days_until(as_of)));
            if taken.insert((date, RecordRef::Audit(i, k))) {
                a.scope_edits.push(date);
            }
        }
        for inst in &mut self.institutions {
            for a in &mut inst.audits {
                a.scope_edits.sort();
            }
        }
    }

    pub fn path(&self, r: RecordRef) -> String {
        match r {
            RecordRef::Config => "kmi.toml".to_owned(),
            RecordRef::Scheme => "scheme.toml".to_owned(),
            RecordRef::Person(p) => format!("people/{}.toml", self.people[p].id),
            RecordRef::Institution(i) => {
                format!("institutions/{}/institution.toml", self.institutions[i].id)
            }
            RecordRef::Audit(i, k) => format!(
                "institutions/{}/audits/{}.toml",
                self.institutions[i].id, self.institutions[i].audits[k].id
            ),
            RecordRef::Decision(i, k) => format!(
                "institutions/{}/decisions/{}.toml",
                self.institutions[i].id, self.institutions[i].decisions[k].id
            ),
            RecordRef::Progress(i, k) => format!(
                "institutions/{}/progress/{}.toml",
                self.institutions[i].id, self.institutions[i].progress[k].month
            ),
        }
    }

    /// The record's file as it stood at the end of `cutoff`.
    pub fn render(&self, r: RecordRef, cutoff: Date) -> String {
        match r {
            RecordRef::Config => self.render_config(),
            RecordRef::Scheme => render_scheme(),
            RecordRef::Person(p) => render_person(&self.people[p], cutoff),
            RecordRef::Institution(i) => render_institution(&self.institutions[i]),
            RecordRef::Audit(i, k) => {
                render_audit(&self.people, &self.institutions[i].audits[k], cutoff)
            }
            RecordRef::Decision(i, k) => {
                render_decision(&self.people, &self.institutions[i].decisions[k])
            }
            RecordRef::Progress(i, k) => render_progress(&self.institutions[i].progress[k]),
        }
    }

    /// Write the dossier as of `as_of` into `dir` (which must not hold a dossier).
    pub fn write(&self, dir: &Path) -> std::io::Result<usize> {
        let as_of = self.params.as_of;
        let mut latest: BTreeMap<RecordRef, Date> = BTreeMap::new();
        for v in self.versions() {
            latest.insert(v.record, v.date);
        }
        let mut dirs = BTreeSet::new();
        for r in latest.keys() {
            let path = dir.join(self.path(*r));
            let parent = path.parent().expect("a file has a parent").to_path_buf();
            if dirs.insert(parent.clone()) {
                std::fs::create_dir_all(&parent)?;
            }
            std::fs::write(&path, self.render(*r, as_of))?;
        }
        Ok(latest.len())
    }

    fn render_config(&self) -> String {
        let p = &self.params;
        format!(
            "# A synthetic dossier generated by kmi-gen (examples/kmi-gen): {} institutions\n\
             # over {} years, seed {}, as of {}. Fictional institutions and people.\n\n\
             [dossier]\n\
             name = \"Synthetic dossier ({} institutions, {} years, seed {})\"\n\
             scheme = \"scheme.toml\"\n\
             timezone = \"Europe/Amsterdam\"\n",
            p.institutions, p.years, p.seed, p.as_of, p.institutions, p.years, p.seed
        )
    }
}

// --------------------------------------------------------------- rendering

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A long text as a multi-line string, wrapped near 88 columns with line-ending backslashes.
fn long_text(s: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && line.len() + word.len() + 1 > 88 {
            out.push_str(&line);
            out.push_str(" \\\n");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push_str("\"\"\"");
    out
}

fn list<T: AsRef<str>>(items: &[T]) -> String {
    let inner: Vec<String> = items.iter().map(|s| quoted(s.as_ref())).collect();
    format!("[{}]", inner.join(", "))
}

fn dates(items: &[Date]) -> String {
    let inner: Vec<String> = items.iter().map(Date::to_string).collect();
    format!("[{}]", inner.join(", "))
}

fn render_scheme() -> String {
    let mut out = String::from(
        "# The synthetic dossier's scheme: the built-in JB/JR scheme plus a catalogue\n\
         # of invented norms (not the official texts of the normenkader).\n\n\
         extends = \"jbjr\"\n\
         name = \"JB/JR normenkader — synthetic catalogue\"\n",
    );
    for (c, topics) in NORM_TOPICS {
        for (g, topic) in topics.iter().enumerate() {
            for n in 1..=3 {
                let _ = write!(
                    out,
                    "\n[[norm]]\nid = \"{c}.{}.{n}\"\ntitle = \"{topic} ({n})\"\ncategory = \"{c}\"\n",
                    g + 1
                );
            }
        }
    }
    out
}

fn render_person(p: &Person, cutoff: Date) -> String {
    let what = match p.pool {
        Pool::Lead => "Lead auditor",
        Pool::Expert => "Subject-matter expert",
        Pool::Decider => "Certification decision maker",
    };
    let mut out = format!(
        "# Fictional person. {what}.\nname = {}\nroles = {}\n",
        quoted(&p.name),
        list(&p.roles)
    );
    if let Some(q) = p.qualified.filter(|q| *q <= cutoff) {
        let _ = writeln!(out, "qualified = {q}");
    }
    let vog: Vec<Date> = p.vog.iter().copied().filter(|d| *d <= cutoff).collect();
    let _ = writeln!(out, "vog = {}", dates(&vog));
    if !p.expertise.is_empty() {
        let e: Vec<Date> = p
            .expertise
            .iter()
            .copied()
            .filter(|d| *d <= cutoff)
            .collect();
        let _ = writeln!(out, "expertise = {}", dates(&e));
    }
    if let Some(l) = p.left.filter(|l| *l <= cutoff) {
        let _ = writeln!(out, "left = {l}");
    }
    out
}

fn render_institution(inst: &Institution) -> String {
    format!(
        "name = {}\nregion = {}\nmeasures = {}\napplied = {}\n",
        quoted(&inst.name),
        quoted(inst.region),
        list(&inst.measures),
        inst.applied
    )
}

fn render_audit(people: &[Person], a: &Audit, cutoff: Date) -> String {
    let mut out = format!(
        "kind = \"{}\"\ndays = {}\n",
        a.kind.as_str(),
        dates(&a.days)
    );
    if a.report <= cutoff {
        let _ = writeln!(out, "report = {}", a.report);
    }
    let experts: Vec<&str> = a.experts.iter().map(|&e| people[e].id.as_str()).collect();
    let _ = writeln!(
        out,
        "lead = \"{}\"\nexperts = {}",
        people[a.lead].id,
        list(&experts)
    );
    if let Some(s) = a.scope {
        let edits = a.scope_edits.iter().filter(|d| **d <= cutoff).count();
        let _ = writeln!(
            out,
            "scope = {}",
            quoted(SCOPES[(s + edits) % SCOPES.len()][a.kind as usize])
        );
    }
    let _ = writeln!(out, "pilots = {}", list(&a.pilots));
    for f in a.findings.iter().filter(|f| f.noted <= cutoff) {
        let _ = write!(
            out,
            "\n[[finding]]\nid = \"{}\"\nnorm = \"{}\"\nclass = \"{}\"\nsummary = {}\n",
            f.id,
            f.norm,
            f.class.as_str(),
            quoted(&f.summary)
        );
        if let Some(r) = &f.rationale {
            let key = if f.key_typo {
                "rationnale"
            } else {
                "rationale"
            };
            let _ = writeln!(out, "{key} = {}", long_text(r));
        }
        let _ = writeln!(out, "context = {}", list(&f.context));
        if let Some((received, accepted)) = f.plan
            && received <= cutoff
        {
            let _ = write!(out, "\n[finding.plan]\nreceived = {received}\n");
            if let Some(acc) = accepted.filter(|a| *a <= cutoff) {
                let _ = writeln!(out, "accepted = {acc}");
            }
        }
    }
    for fu in &a.follow_ups {
        let _ = write!(out, "\n[[follow_up]]\nfinding = \"{}\"\n", fu.finding);
        if fu.noted > cutoff {
            continue;
        }
        let _ = write!(
            out,
            "implemented = {}\neffective = {}\nclosed = {}\n",
            fu.implemented, fu.effective, fu.closed
        );
        if let Some((class, reason)) = &fu.reclassify {
            let _ = writeln!(
                out,
                "reclassify = \"{}\"\nreason = {}",
                class.as_str(),
                long_text(reason)
            );
        }
        let _ = writeln!(out, "note = {}", quoted(&fu.note));
    }
    out
}

fn render_decision(people: &[Person], d: &Decision) -> String {
    let mut out = format!(
        "date = {}\noutcome = \"{}\"\nby = \"{}\"\naudits = {}\n",
        d.date,
        d.outcome,
        people[d.by].id,
        list(&d.audits)
    );
    if let Some(v) = d.valid_until {
        let _ = writeln!(out, "valid_until = {v}");
    }
    let _ = writeln!(
        out,
        "checklist = true\nconsiderations = {}\ncontext = {}",
        long_text(&d.considerations),
        list(&d.context)
    );
    for (f, why) in &d.open {
        let _ = write!(
            out,
            "\n[[open_finding]]\nfinding = \"{f}\"\nwhy = {}\n",
            quoted(why)
        );
    }
    out
}

fn render_progress(p: &Progress) -> String {
    format!(
        "received = {}\nsummary = {}\n",
        p.received,
        quoted(&p.summary)
    )
}

// ------------------------------------------------------------------- texts

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            'é' | 'ë' => 'e',
            'ü' => 'u',
            'ï' => 'i',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

fn finding_summary(rng: &mut Rng, category: char) -> String {
    let (a, b) = (rng.range(3, 14), rng.range(15, 30));
    let t = match category {
        'A' => rng.pick(&[
            "Management information on caseloads is {b} weeks behind; the board steered on figures of the previous quarter.",
            "The annual plan names objectives for safety, but {a} of {b} objectives have no measure attached.",
            "The board's quarterly review does not cover the waiting list; {a} of {b} reviews skipped it.",
        ]),
        'B' => rng.pick(&[
            "In {a} of {b} personnel files the certificate of conduct of new staff was missing at the start of employment.",
            "Case discussions with a behavioural scientist took place in {a} of {b} sampled cases only.",
            "The training plan for youth protectors is not kept up to date: {a} of {b} staff missed the mandatory refresher.",
        ]),
        'C' => rng.pick(&[
            "The safety assessment is older than three months in {a} of {b} files.",
            "The plan for the child is not evaluated with the parents in {a} of {b} sampled files.",
            "In {a} of {b} files the family was not seen within five working days of the start of the measure.",
        ]),
        'D' => rng.pick(&[
            "Complaints are registered, but the follow-up of {a} of {b} complaints is not on record.",
            "Incidents are reported, yet the analysis of {a} of {b} incidents was not completed.",
            "The internal audit programme covered {a} of {b} planned processes this year.",
        ]),
        _ => rng.pick(&[
            "Agreements with the municipalities on the waiting list are not on record; {a} of {b} escalations went informally.",
            "Handovers to the Raad voor de Kinderbescherming took over {b} days in {a} cases.",
            "Information exchange with youth care providers is not agreed in writing for {a} of {b} providers.",
        ]),
    };
    t.replace("{a}", &a.to_string())
        .replace("{b}", &b.to_string())
}

fn rationale(rng: &mut Rng, class: Class) -> String {
    let t = match class {
        Class::Critical => rng.pick(&[
            "The requirement is not met and the safety of children is directly at stake: in several files new signals were not followed by a new assessment. Staff shortage explains the delay but does not lessen the impact on children, and there is no causal analysis yet. Critical.",
            "Without current information management cannot steer on the deviations found, and it did not see them coming; the self-correcting capacity of the organisation is in doubt. Weighed with the number of deviations: critical.",
        ]),
        Class::NonCritical => rng.pick(&[
            "The requirement is partly met: the practice is sound in most files, and the institution found the gap itself and made a causal analysis. No direct risk to children. Non-critical.",
            "The way of working is described but not applied consistently; the impact on children is limited and an action plan is in preparation. Non-critical.",
            "Staff shortage explains part of the delay; the team weighed the understaffing protocol that is in force and saw no unsafe situations in the files. Non-critical.",
        ]),
        Class::Remark => rng.pick(&[
            "An improvement the team suggests; the requirement itself is met.",
            "Good practice elsewhere in the organisation could be applied here too; no deviation.",
        ]),
    };
    (*t).to_owned()
}

fn reclassify_reason(rng: &mut Rng) -> String {
    let n = rng.range(3, 9);
    format!(
        "Second audit in a row without effective measures: {n} files still deviate, some with safety concerns, and there is no causal analysis. Impact on children: reclassified as critical."
    )
}

fn considerations(rng: &mut Rng, outcome: &str, open: usize) -> String {
    let base = match outcome {
        "grant" => {
            "The audit found the normenkader met on the essential points; the deviations found are covered by accepted plans of action. The certificate is granted for the regular period."
        }
        "provisional" => {
            "A new institution: the initial audit shows a sound design of the organisation, but practice could only be seen in part. A provisional certificate is issued for two years, with a second initial audit within the first year."
        }
        "continue" => {
            "The control audit found no reason to doubt that the institution keeps meeting the normenkader; the deviations found are covered by plans of action. The certificate continues."
        }
        "renew" => {
            "The re-assessment found the normenkader met on the essential points; the deviations are covered by plans of action and the follow-ups show that earlier measures work. The certificate is renewed."
        }
        "bridging" => {
            "The re-assessment found critical deviations, so renewing is not possible on this basis. Refusing now would stop the measures for the children in the region with no institution able to take them over. A bridging certificate of nine months is issued, with monthly progress reports, verification of the critical deviations within three months, and an initial audit within the nine months."
        }
        "suspend" => {
            "The control audit found critical deviations that put the safety of children at risk, and the institution has no credible plan yet. The certificate is suspended until a verification audit shows the measures work."
        }
        "reinstate" => {
            "The verification audit shows the measures against the critical deviations work in practice. The suspension is lifted."
        }
        _ => "The decision rests on the audit named.",
    };
    let mut s = base.to_owned();
    if open > 0 {
        let _ = write!(
            s,
            " {open} critical finding{} still open on this date, each listed below with why the outcome holds anyway.",
            if open == 1 { " is" } else { "s are" }
        );
    }
    if rng.chance(0.3) {
        s.push_str(
            " External pressure on the institution was recorded but did not decide the matter.",
        );
    }
    s
}

fn progress_summary(rng: &mut Rng, month: Date) -> String {
    let (a, b, c) = (rng.range(150, 900), rng.range(0, 60), rng.range(1, 12));
    format!(
        "Caseload {a}, waiting list {b}, {c} vacancies for {:04}-{:02}; measures of the plan on schedule.",
        month.year(),
        month.month()
    )
}

const SCOPES: &[[&str; 4]] = &[
    [
        "Whole normenkader; day 3 on the safety of children at the start of the measure",
        "Control of the plans of action and the categories C and D",
        "Re-assessment: whole normenkader; day 3 on the waiting list",
        "Verification of the critical deviations of the last audit",
    ],
    [
        "Whole normenkader, with file research in all regions of the institution",
        "Control: follow-up of open deviations and the quality system",
        "Re-assessment of the whole normenkader, with file research in 25 files",
        "Verification on site: the measures against the critical deviations",
    ],
    [
        "Whole normenkader; the team visited two regional offices",
        "Control of category B (professionals) and of the open deviations",
        "Re-assessment: whole normenkader; a day on chain cooperation",
        "Verification: files sampled after the plan of action started",
    ],
];

const CONTEXT_FACTORS: &[&str] = &[
    "staff-shortage",
    "waiting-list",
    "causal-analysis",
    "action-plan",
    "number-of-deviations",
    "impact-on-children",
    "impact-on-staff",
    "regional-circumstances",
    "understaffing-protocol",
    "pilot",
    "external-pressure",
];

const PILOTS: &[&str] = &[
    "client-direction-team",
    "one-family-one-plan",
    "regional-safety-team",
];

const NORM_TOPICS: &[(char, [&str; 3])] = &[
    (
        'A',
        [
            "Objectives for safety and development",
            "Steering on management information",
            "Accountability to the municipalities",
        ],
    ),
    (
        'B',
        [
            "Screening and integrity of staff",
            "Professional development",
            "Case discussion and reflection",
        ],
    ),
    (
        'C',
        [
            "Safety assessment",
            "The plan for the child",
            "Contact with the family",
        ],
    ),
    (
        'D',
        [
            "Complaints and incidents",
            "Quality system and internal audits",
            "Caseload and staffing",
        ],
    ),
    (
        'E',
        [
            "Agreements with the chain partners",
            "Handover and information exchange",
            "Escalation",
        ],
    ),
];

const ORGANISATIONS: &[(&str, &str)] = &[
    ("jb", "Jeugdbescherming"),
    ("jr", "Jeugdreclassering"),
    ("gi", "Gecertificeerde Instelling"),
    ("samen-veilig", "Samen Veilig"),
    ("veilig-thuis-jeugd", "Veilig Thuis Jeugd"),
    ("jeugdzorg", "Jeugdzorg"),
];

const REGIONS: &[&str] = &[
    "Groningen",
    "Friesland",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
    "Amsterdam",
    "Rotterdam-Rijnmond",
    "Haaglanden",
    "Twente",
    "IJsselland",
    "Midden-Nederland",
    "Kennemerland",
    "Zaanstreek",
    "West-Brabant",
    "Oost-Brabant",
    "Achterhoek",
    "Rivierenland",
];

const FIRST_NAMES: &[&str] = &[
    "Anna", "Bram", "Cor", "Dewi", "Eva", "Floor", "Gijs", "Hanna", "Ineke", "Joost", "Karin",
    "Lars", "Marieke", "Niels", "Olga", "Pieter", "Roos", "Sanne", "Thijs", "Ursula", "Vera",
    "Willem", "Yara", "Zoë", "Annelies", "Bas", "Chantal", "Daan", "Esther", "Frank", "Gerda",
    "Henk", "Iris", "Jeroen", "Kim", "Lotte", "Maarten", "Noor", "Oscar", "Petra",
];

const LAST_NAMES: &[&str] = &[
    "Jansen",
    "Bakker",
    "Smit",
    "Visser",
    "de Vries",
    "Mulder",
    "de Boer",
    "Meijer",
    "Bos",
    "van Dam",
    "de Jong",
    "van den Berg",
    "Dekker",
    "Vermeulen",
    "Hendriks",
    "van Leeuwen",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Peters",
    "Kok",
    "Jacobs",
    "de Groot",
    "van Dijk",
    "Willems",
    "Hoekstra",
    "Koster",
    "Prins",
    "Huisman",
    "Kuipers",
    "Postma",
    "Verhoeven",
    "Timmermans",
    "Groen",
    "Schouten",
    "Boer",
    "Wouters",
    "Sanders",
    "Maas",
    "Gerritsen",
];

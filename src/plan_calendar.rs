//! `kmi plan calendar`: every audit the dossier owes in a window, each with
//! its latest date and a proposed date and team (see docs/planning.md).
//!
//! What is owed comes from the obligations (`facts::obligations`): the
//! control audits and re-assessments of regular certificates and the
//! verifications of critical findings not yet met by an audit on record
//! (held or planned), and, from the facts the `bridging` rule reads
//! ([`crate::rules::bridging::initial_held`]), the initial audit a bridging
//! certificate still owes. A proposed date and team is one that passes the
//! pre-flight of `kmi plan audit` ([`Planner::preflight`]): the rules of
//! `kmi check` on the dossier with that one audit on record.
//!
//! Across the calendar: nobody is on two audits on one day (the audit days
//! already on record and the proposed ones), and the workload is spread.
//! Up to [`EXACT_MAX_AUDITS`] audits and [`EXACT_MAX_PEOPLE`] candidate
//! people the assignment is solved exactly (branch and bound over the
//! candidate days and the best [`TEAMS_PER_DAY`] teams of `plan team` for
//! each); above that, greedily (earliest due first) with a repair pass.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::Datelike;

use crate::clock::Date;
use crate::diag::Severity;
use crate::dossier::Dossier;
use crate::facts::Facts;
use crate::facts::obligations::Kind;
use crate::i18n::Lang;
use crate::plan::{self, Load, PlanKind, Planner, Proposal, Team};
use crate::timeline::CertKind;

/// The exact search is used up to this many audits owed in the window …
pub const EXACT_MAX_AUDITS: usize = 30;
/// … and this many people who may sit on a team.
pub const EXACT_MAX_PEOPLE: usize = 40;
/// The best teams of `plan team` the exact search considers per candidate day.
pub const TEAMS_PER_DAY: usize = 8;
/// The exact search stops after this many nodes with the best plan found.
pub const NODE_LIMIT: u64 = 2_000_000;
/// The greedy planner judges at most this many teams per candidate day.
const GREEDY_TEAMS_PER_DAY: usize = 12;

/// What the calendar is asked for.
#[derive(Clone, Debug)]
pub struct Settings {
    pub from: Date,
    pub to: Date,
    /// Audit length in working days; `None`: as the institution's latest
    /// audit of the same kind, else 1.
    pub days_per_audit: Option<usize>,
    /// Experts beside the lead.
    pub size: usize,
    /// Candidate start days per audit, latest first.
    pub dates: usize,
}

/// An audit the dossier owes.
#[derive(Clone, Debug)]
pub struct Owed {
    pub institution: String,
    pub kind: PlanKind,
    /// What it meets: `control-audit`, `recertification`, `verification`,
    /// `bridging-initial`.
    pub obligation: &'static str,
    /// The obligations' subjects (a decision id, `<audit>/<finding>`).
    pub subjects: Vec<String>,
    /// Its latest date: the obligation's due date (a bridging
    /// certificate's last day).
    pub due: Date,
    /// The earliest day it may be held.
    pub earliest: Date,
    /// The rule that reports it when it is not held in time.
    pub rule: &'static str,
}

/// How the calendar was solved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Exact,
    /// The exact search stopped at [`NODE_LIMIT`]: the best plan found.
    ExactStopped,
    Greedy,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::ExactStopped => "exact-stopped",
            Method::Greedy => "greedy",
        }
    }
}

/// One audit of the calendar.
#[derive(Clone, Debug)]
pub struct Placed {
    pub owed: Owed,
    /// The proposed days (empty when blocked).
    pub days: Vec<Date>,
    pub team: Option<Team>,
    /// When blocked: the rule ids that block it (`busy`: every team that
    /// passes is on another audit on one of the days).
    pub rules: Vec<&'static str>,
    /// When blocked: what blocks it, in English and Dutch.
    pub blocked: Option<(String, String)>,
}

impl Placed {
    pub fn date(&self) -> Option<Date> {
        self.days.first().copied()
    }

    /// Why this proposal (the team's ranking) or what blocks it.
    pub fn why(&self, lang: Lang) -> String {
        match (&self.team, &self.blocked) {
            (_, Some((en, nl))) => lang.pick(en, nl).to_owned(),
            (Some(t), None) => t.why(lang),
            (None, None) => String::new(),
        }
    }
}

/// The calendar.
#[derive(Debug)]
pub struct Calendar {
    pub audits: Vec<Placed>,
    pub method: Method,
}

impl Calendar {
    pub fn blocked(&self) -> usize {
        self.audits.iter().filter(|a| a.team.is_none()).count()
    }
}

/// Whether `d` is a working day: Monday to Friday (kmi knows no holidays).
pub fn working(d: Date) -> bool {
    d.naive().weekday().num_days_from_monday() < 5
}

/// `n` consecutive working days from `start` (a working day).
pub fn audit_days(start: Date, n: usize) -> Vec<Date> {
    let mut days = vec![start];
    let mut d = start;
    while days.len() < n.max(1) {
        d = d.add_days(1);
        if working(d) {
            days.push(d);
        }
    }
    days
}

/// The candidate start days of `o`, latest first: working days from its
/// earliest day through its due date (and not after `to`).
pub fn candidate_starts(o: &Owed, to: Date, max: usize) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = o.due.min(to);
    while d >= o.earliest && out.len() < max {
        if working(d) {
            out.push(d);
        }
        d = d.add_days(-1);
    }
    out
}

/// Every audit the dossier (as of `as_of`) owes with its latest date in
/// `from..=to`, by due date.
pub fn owed(dossier: &Dossier, as_of: Date, from: Date, to: Date) -> Vec<Owed> {
    let now = Facts::build(dossier, as_of);
    // Met by an audit on record (planned ones too) on or before `to`.
    let later = Facts::build(dossier, to.max(as_of));
    let met: HashSet<(Kind, &str, &str, usize)> = later
        .obligations
        .iter()
        .filter(|o| o.met.is_some())
        .filter_map(|o| Some((o.kind, o.institution.as_deref()?, o.subject.as_str(), o.nth)))
        .collect();
    let soonest = from.max(as_of.add_days(1));
    let mut out: Vec<Owed> = Vec::new();
    let mut verifications: BTreeMap<&str, Owed> = BTreeMap::new();
    for o in &now.obligations {
        let Some(inst) = o.institution.as_deref() else {
            continue;
        };
        let (kind, rule) = match o.kind {
            Kind::ControlAudit => (PlanKind::Control, "audit-cycle"),
            Kind::Recertification => (PlanKind::Recertification, "audit-cycle"),
            Kind::Verification => (PlanKind::Verification, "verification-deadline"),
            _ => continue,
        };
        let due = o.deadline.due;
        if o.met.is_some()
            || due < from
            || due > to
            || met.contains(&(o.kind, inst, o.subject.as_str(), o.nth))
        {
            continue;
        }
        if kind == PlanKind::Verification {
            // One verification audit verifies every critical finding owed.
            let v = verifications.entry(inst).or_insert_with(|| Owed {
                institution: inst.to_owned(),
                kind,
                obligation: o.kind.as_str(),
                subjects: Vec::new(),
                due,
                earliest: soonest,
                rule,
            });
            v.due = v.due.min(due);
            if !v.subjects.contains(&o.subject) {
                v.subjects.push(o.subject.clone());
            }
            continue;
        }
        out.push(Owed {
            institution: inst.to_owned(),
            kind,
            obligation: o.kind.as_str(),
            subjects: vec![o.subject.clone()],
            due,
            earliest: soonest,
            rule,
        });
    }
    out.extend(verifications.into_values());
    for inst in &later.institutions {
        for c in inst
            .certificates
            .iter()
            .filter(|c| c.kind == CertKind::Bridging)
        {
            let last = c.last_day();
            if last < from || last > to || crate::rules::bridging::initial_held(inst, c) {
                continue;
            }
            out.push(Owed {
                institution: inst.id().to_owned(),
                kind: PlanKind::Initial,
                obligation: "bridging-initial",
                subjects: vec![c.decision.id.clone()],
                due: last,
                earliest: soonest.max(c.start),
                rule: "bridging",
            });
        }
    }
    out.sort_by(|a, b| {
        (a.due, &a.institution, a.obligation, &a.subjects).cmp(&(
            b.due,
            &b.institution,
            b.obligation,
            &b.subjects,
        ))
    });
    out
}

/// The length of an audit of `o` in working days.
fn length(dossier: &Dossier, o: &Owed, settings: &Settings) -> usize {
    if let Some(n) = settings.days_per_audit {
        return n.max(1);
    }
    dossier
        .institutions
        .get(&o.institution)
        .and_then(|i| {
            i.audits
                .values()
                .filter(|a| *a.data.kind.get_ref() == o.kind.audit_kind())
                .max_by_key(|a| (a.data.first_day(), a.id.clone()))
        })
        .map_or(1, |a| a.data.days.get_ref().len().max(1))
}

/// A proposal that passes the pre-flight.
#[derive(Clone, Debug)]
struct Option_ {
    /// Rank of its start day (0: latest) plus rank of its team.
    rank: usize,
    days: Vec<Date>,
    team: Team,
    /// The members, as indexes into the people.
    members: Vec<usize>,
}

/// Why no team passes for an audit, gathered while judging.
#[derive(Default, Debug)]
struct Blocks {
    rules: BTreeSet<&'static str>,
    people: BTreeMap<&'static str, BTreeSet<String>>,
}

impl Blocks {
    fn add(&mut self, rule: &'static str, person: Option<&str>) {
        self.rules.insert(rule);
        if let Some(p) = person {
            self.people.entry(rule).or_default().insert(p.to_owned());
        }
    }

    fn text(&self) -> String {
        self.rules
            .iter()
            .map(|r| match self.people.get(r) {
                Some(ps) if ps.len() > 5 => {
                    let some: Vec<&str> = ps.iter().take(5).map(String::as_str).collect();
                    format!("{r} ({}, … {} in all)", some.join(", "), ps.len())
                }
                Some(ps) if !ps.is_empty() => {
                    format!(
                        "{r} ({})",
                        ps.iter().cloned().collect::<Vec<_>>().join(", ")
                    )
                }
                _ => (*r).to_owned(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The people's load per (person, year): audits on record plus proposed.
struct Loads {
    index: HashMap<String, usize>,
    names: Vec<String>,
    load: HashMap<(usize, i32), usize>,
}

impl Loads {
    fn new(dossier: &Dossier, years: impl IntoIterator<Item = i32>) -> Loads {
        let names: Vec<String> = dossier.people.keys().cloned().collect();
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect::<HashMap<_, _>>();
        let mut load = HashMap::new();
        for y in years {
            for (p, l) in plan::workload(dossier, y) {
                if let Some(&i) = index.get(&p)
                    && l.audits() > 0
                {
                    load.insert((i, y), l.audits());
                }
            }
        }
        Loads { index, names, load }
    }

    fn of(&self, person: usize, year: i32) -> usize {
        self.load.get(&(person, year)).copied().unwrap_or(0)
    }
}

/// Lay out the calendar.
pub fn calendar(planner: &mut Planner, settings: &Settings) -> Calendar {
    let owed = owed(&planner.dossier, planner.as_of, settings.from, settings.to);
    let years: BTreeSet<i32> = owed
        .iter()
        .flat_map(|o| [o.earliest.year(), o.due.year()])
        .collect();
    let mut loads = Loads::new(&planner.dossier, years);
    // The audit days already on record, per person.
    let mut busy: HashSet<(usize, Date)> = HashSet::new();
    for (p, days) in plan::busy_days(&planner.dossier) {
        if let Some(&i) = loads.index.get(&p) {
            busy.extend(days.into_iter().map(|(d, _)| (i, d)));
        }
    }
    let people = plan::candidates(&planner.dossier).len();
    let mut placed = if owed.len() <= EXACT_MAX_AUDITS && people <= EXACT_MAX_PEOPLE {
        exact(planner, settings, owed, &mut loads, &busy)
    } else {
        greedy(planner, settings, owed, &mut loads, &mut busy)
    };
    // The workload each team carries that year, proposals included (the
    // audit itself not counted).
    for a in &mut placed.audits {
        if let (Some(t), Some(first)) = (a.team.as_mut(), a.days.first()) {
            let members: Vec<&str> = std::iter::once(t.lead.as_str())
                .chain(t.experts.iter().map(String::as_str))
                .collect();
            t.workload = members
                .iter()
                .filter_map(|m| loads.index.get(*m))
                .map(|&i| loads.of(i, first.year()).saturating_sub(1))
                .sum();
        }
    }
    placed
}

fn blocked(owed: Owed, rules: Vec<&'static str>, en: String, nl: String) -> Placed {
    Placed {
        owed,
        days: Vec::new(),
        team: None,
        rules,
        blocked: Some((en, nl)),
    }
}

/// The blocked entry of an audit with no candidate day.
fn no_day(o: Owed) -> Placed {
    let rule = o.rule;
    let (en, nl) = if o.earliest > o.due {
        (
            format!(
                "{rule}: due {} is before the first day that can be planned ({})",
                o.due, o.earliest
            ),
            format!(
                "{rule}: uiterlijk {} ligt voor de eerste dag die gepland kan worden ({})",
                o.due, o.earliest
            ),
        )
    } else {
        (
            format!(
                "{rule}: no working day from {} through the due date {}",
                o.earliest, o.due
            ),
            format!(
                "{rule}: geen werkdag van {} tot en met de uiterste datum {}",
                o.earliest, o.due
            ),
        )
    };
    blocked(o, vec![rule], en, nl)
}

fn no_team(o: Owed, starts: &[Date], b: &Blocks) -> Placed {
    let rules: Vec<&'static str> = b.rules.iter().copied().collect();
    let (first, last) = (starts[starts.len() - 1], starts[0]);
    let en = format!(
        "no team passes on any of {} candidate days ({first} to {last}): {}",
        starts.len(),
        b.text()
    );
    let nl = format!(
        "geen team slaagt op een van de {} mogelijke dagen ({first} tot en met {last}): {}",
        starts.len(),
        b.text()
    );
    blocked(o, rules, en, nl)
}

fn members_of(loads: &Loads, t: &Team) -> Vec<usize> {
    std::iter::once(&t.lead)
        .chain(t.experts.iter())
        .filter_map(|m| loads.index.get(m).copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

// ------------------------------------------------------------------ exact

fn exact(
    planner: &mut Planner,
    settings: &Settings,
    owed: Vec<Owed>,
    loads: &mut Loads,
    busy: &HashSet<(usize, Date)>,
) -> Calendar {
    let mut options: Vec<Vec<Option_>> = Vec::new();
    let mut blocks: Vec<Blocks> = Vec::new();
    let mut starts_of: Vec<Vec<Date>> = Vec::new();
    for o in &owed {
        let n = length(&planner.dossier, o, settings);
        let starts = candidate_starts(o, settings.to, settings.dates);
        let mut opts = Vec::new();
        let mut b = Blocks::default();
        for (rank, &start) in starts.iter().enumerate() {
            let days = audit_days(start, n);
            let found = plan::ranked_teams(
                planner,
                &o.institution,
                o.kind,
                &days,
                settings.size,
                Some(TEAMS_PER_DAY),
            );
            for e in &found.excluded {
                for r in &e.rules {
                    b.add(r, Some(&e.person));
                }
            }
            for r in &found.failed {
                b.add(r, None);
            }
            for (t_rank, t) in found.teams.into_iter().take(TEAMS_PER_DAY).enumerate() {
                opts.push(Option_ {
                    rank: rank + t_rank,
                    members: members_of(loads, &t),
                    days: days.clone(),
                    team: t,
                });
            }
        }
        opts.sort_by_key(|o| o.rank);
        options.push(opts);
        blocks.push(b);
        starts_of.push(starts);
    }
    let (best, nodes) = {
        let mut search = Search {
            options: &options,
            loads,
            extra: HashMap::new(),
            busy: busy.clone(),
            cost: Cost::default(),
            choice: vec![None; owed.len()],
            best: None,
            nodes: 0,
        };
        search.run(0);
        (search.best, search.nodes)
    };
    let stopped = nodes >= NODE_LIMIT;
    let best = best.map(|(_, c)| c).unwrap_or_default();
    let mut audits = Vec::new();
    for (i, o) in owed.into_iter().enumerate() {
        match best.get(i).copied().flatten() {
            Some(k) => {
                let opt = &options[i][k];
                for &m in &opt.members {
                    *loads.load.entry((m, opt.days[0].year())).or_default() += 1;
                }
                audits.push(Placed {
                    owed: o,
                    days: opt.days.clone(),
                    team: Some(opt.team.clone()),
                    rules: Vec::new(),
                    blocked: None,
                });
            }
            None if starts_of[i].is_empty() => audits.push(no_day(o)),
            None if options[i].is_empty() => audits.push(no_team(o, &starts_of[i], &blocks[i])),
            None => audits.push(blocked(
                o,
                vec!["busy"],
                "busy: every team that passes is on another audit on one of the days".to_owned(),
                "busy: elk team dat slaagt zit op een van de dagen op een andere audit".to_owned(),
            )),
        }
    }
    Calendar {
        audits,
        method: if stopped {
            Method::ExactStopped
        } else {
            Method::Exact
        },
    }
}

/// The cost of a (partial) plan, compared in this order; every part only
/// grows as audits are added, so a partial plan whose bound is no better
/// than the best complete one is pruned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    /// Audits left without a date and team.
    blocked: usize,
    /// The most audits anyone booked by the calendar has in one year (on
    /// record plus proposed): the workload spread.
    max_load: usize,
    /// The sum of the ranks of the chosen days (latest first) and teams
    /// (as `plan team` ranks them, lower workload first).
    rank: usize,
}

struct Search<'a> {
    options: &'a [Vec<Option_>],
    loads: &'a Loads,
    /// The proposals' load per (person, year) so far.
    extra: HashMap<(usize, i32), usize>,
    busy: HashSet<(usize, Date)>,
    cost: Cost,
    /// The option chosen for each audit so far (`None`: blocked or not yet).
    choice: Vec<Option<usize>>,
    best: Option<(Cost, Vec<Option<usize>>)>,
    nodes: u64,
}

impl Search<'_> {
    fn load(&self, m: usize, year: i32) -> usize {
        self.loads.of(m, year) + self.extra.get(&(m, year)).copied().unwrap_or(0)
    }

    fn free(&self, opt: &Option_) -> bool {
        !opt.members
            .iter()
            .any(|&m| opt.days.iter().any(|&d| self.busy.contains(&(m, d))))
    }

    /// What `opt` adds to the plan so far: (highest load of its members
    /// after it, rank).
    fn adds(&self, opt: &Option_) -> (usize, usize) {
        let year = opt.days[0].year();
        let max = opt
            .members
            .iter()
            .map(|&m| self.load(m, year) + 1)
            .max()
            .unwrap_or(0);
        (max, opt.rank)
    }

    /// A lower bound of the cost of every completion of the plan so far
    /// from audit `i` on. Loads only grow and days only fill, so what an
    /// option adds now is the least it can add later, and an audit without
    /// a free option now stays without one. When the plan so far (with
    /// those) has as many blocked audits as the best, a better completion
    /// places every other audit still to come, with an option that keeps
    /// the highest load within the best's.
    fn bound(&self, i: usize) -> Cost {
        let mut lb = self.cost;
        let Some((best, _)) = &self.best else {
            return lb;
        };
        let mut forced = 0;
        let mut least = Vec::new();
        for opts in &self.options[i..] {
            let adds: Vec<(usize, usize)> = opts
                .iter()
                .filter(|o| self.free(o))
                .map(|o| self.adds(o))
                .collect();
            if adds.is_empty() {
                forced += 1;
            } else {
                least.push(adds);
            }
        }
        lb.blocked += forced;
        if lb.blocked != best.blocked {
            return lb;
        }
        for adds in &least {
            let max = adds.iter().map(|a| a.0).min().unwrap_or(0);
            lb.max_load = lb.max_load.max(max);
        }
        if lb.max_load != best.max_load {
            return lb;
        }
        for adds in &least {
            lb.rank += adds
                .iter()
                .filter(|a| a.0 <= best.max_load)
                .map(|a| a.1)
                .min()
                .unwrap_or(0);
        }
        lb
    }

    fn run(&mut self, i: usize) {
        self.nodes += 1;
        if self.nodes >= NODE_LIMIT {
            return;
        }
        if self.best.as_ref().is_some_and(|(b, _)| self.bound(i) >= *b) {
            return;
        }
        if i == self.options.len() {
            self.best = Some((self.cost, self.choice.clone()));
            return;
        }
        // The options free on their days, cheapest first.
        let mut order: Vec<(usize, (usize, usize))> = self.options[i]
            .iter()
            .enumerate()
            .filter(|(_, o)| self.free(o))
            .map(|(k, o)| (k, self.adds(o)))
            .collect();
        order.sort_by_key(|&(k, (max, rank))| (max, rank, k));
        for (k, (max, rank)) in order {
            let opt = &self.options[i][k];
            let saved = self.cost;
            let year = opt.days[0].year();
            self.cost.max_load = self.cost.max_load.max(max);
            self.cost.rank += rank;
            for &m in &opt.members {
                *self.extra.entry((m, year)).or_default() += 1;
                for &d in &opt.days {
                    self.busy.insert((m, d));
                }
            }
            self.choice[i] = Some(k);
            self.run(i + 1);
            self.choice[i] = None;
            let opt = &self.options[i][k];
            for &m in &opt.members {
                *self.extra.entry((m, year)).or_default() -= 1;
                for &d in &opt.days {
                    self.busy.remove(&(m, d));
                }
            }
            self.cost = saved;
        }
        let saved = self.cost;
        self.cost.blocked += 1;
        self.run(i + 1);
        self.cost = saved;
    }
}

// ----------------------------------------------------------------- greedy

struct Greedy<'a> {
    settings: &'a Settings,
    /// (person index, may lead, may be expert), in id order.
    people: Vec<(usize, bool, bool)>,
    /// Audit days on record.
    record: HashSet<(usize, Date)>,
}

impl Greedy<'_> {
    /// Try to place `o` (days of `n` working days from each start): the
    /// first team, in order of continuity and load, that passes the
    /// pre-flight and whose members are free. With `relax`, members on
    /// another proposal count as free (the repair pass moves that one).
    #[allow(clippy::too_many_arguments)]
    fn place(
        &self,
        planner: &mut Planner,
        o: &Owed,
        starts: &[Date],
        n: usize,
        loads: &Loads,
        proposed: &HashSet<(usize, Date)>,
        relax: bool,
        blocks: &mut Blocks,
    ) -> Option<(Vec<Date>, Team)> {
        let (vog, expertise) = {
            let c = &planner.dossier.scheme.clocks;
            (c.vog, c.expertise)
        };
        let bare = planner.lay_bare(&o.institution);
        let mut found = None;
        'days: for &start in starts {
            let days = audit_days(start, n);
            let (first, last) = (days[0], days[days.len() - 1]);
            let year = first.year();
            let previous = plan::previous_team(&planner.dossier, &o.institution, first);
            let mut leads = Vec::new();
            let mut experts = Vec::new();
            for &(i, lead, expert) in &self.people {
                let id = loads.names[i].as_str();
                let p = &planner.dossier.people[id].data;
                if days.iter().any(|d| self.record.contains(&(i, *d))) {
                    blocks.add("busy", Some(id));
                    continue;
                }
                if !relax && days.iter().any(|d| proposed.contains(&(i, *d))) {
                    blocks.add("busy", Some(id));
                    continue;
                }
                if !crate::rules::qualification::problems(p, first, last, false).is_empty() {
                    blocks.add("qualification", Some(id));
                    continue;
                }
                if crate::rules::vog::uncovered(vog, p, days.iter().copied()).is_some() {
                    blocks.add("vog", Some(id));
                    continue;
                }
                let key = (
                    !previous.iter().any(|x| x == id),
                    loads.of(i, year),
                    id.to_owned(),
                );
                if lead {
                    leads.push((key.clone(), i));
                }
                if expert {
                    if !crate::rules::qualification::problems(p, first, last, true).is_empty() {
                        blocks.add("qualification", Some(id));
                    } else if crate::rules::expertise::not_shown(expertise, p, days.iter().copied())
                        .is_some()
                    {
                        blocks.add("expertise", Some(id));
                    } else {
                        experts.push((key, i));
                    }
                }
            }
            leads.sort();
            experts.sort();
            let mut judged = 0;
            for (_, lead) in &leads {
                let pool: Vec<usize> = experts
                    .iter()
                    .map(|(_, e)| *e)
                    .filter(|e| e != lead)
                    .take(self.settings.size + 3)
                    .collect();
                for combo in plan::combinations(pool.len(), self.settings.size) {
                    if judged >= GREEDY_TEAMS_PER_DAY {
                        continue 'days;
                    }
                    judged += 1;
                    let proposal = Proposal {
                        institution: o.institution.clone(),
                        kind: o.kind,
                        days: days.clone(),
                        lead: loads.names[*lead].clone(),
                        experts: combo
                            .iter()
                            .map(|&k| loads.names[pool[k]].clone())
                            .collect(),
                    };
                    let pre = planner.preflight_bare(&proposal);
                    if pre.has_errors() {
                        for d in pre
                            .diagnostics
                            .iter()
                            .filter(|d| d.severity == Severity::Error)
                        {
                            blocks.add(d.rule, None);
                        }
                        continue;
                    }
                    let shown = |e: &str| {
                        planner.dossier.people[e]
                            .data
                            .expertise
                            .iter()
                            .filter(|d| **d <= first)
                            .max()
                            .copied()
                    };
                    found = Some((
                        days.clone(),
                        plan::team_of(
                            &proposal,
                            &pre,
                            &previous,
                            &BTreeMap::<String, Load>::new(),
                            &shown,
                        ),
                    ));
                    break 'days;
                }
            }
        }
        planner.restore(bare);
        found
    }
}

fn greedy(
    planner: &mut Planner,
    settings: &Settings,
    owed: Vec<Owed>,
    loads: &mut Loads,
    record: &mut HashSet<(usize, Date)>,
) -> Calendar {
    let people: Vec<(usize, bool, bool)> = plan::candidates(&planner.dossier)
        .into_iter()
        .filter_map(|(id, l, e)| Some((*loads.index.get(id)?, l, e)))
        .collect();
    let g = Greedy {
        settings,
        people,
        record: record.clone(),
    };
    let mut proposed: HashSet<(usize, Date)> = HashSet::new();
    let mut slots: Vec<Option<(Vec<Date>, Team)>> = vec![None; owed.len()];
    let mut blocks: Vec<Blocks> = (0..owed.len()).map(|_| Blocks::default()).collect();
    let lengths: Vec<usize> = owed
        .iter()
        .map(|o| length(&planner.dossier, o, settings))
        .collect();
    let starts: Vec<Vec<Date>> = owed
        .iter()
        .map(|o| candidate_starts(o, settings.to, settings.dates))
        .collect();
    let take = |loads: &mut Loads,
                proposed: &mut HashSet<(usize, Date)>,
                days: &[Date],
                t: &Team,
                sign: bool| {
        for m in members_of(loads, t) {
            let e = loads.load.entry((m, days[0].year())).or_default();
            if sign {
                *e += 1;
            } else {
                *e -= 1;
            }
            for &d in days {
                if sign {
                    proposed.insert((m, d));
                } else {
                    proposed.remove(&(m, d));
                }
            }
        }
    };
    for i in 0..owed.len() {
        if starts[i].is_empty() {
            continue;
        }
        if let Some((days, team)) = g.place(
            planner,
            &owed[i],
            &starts[i],
            lengths[i],
            loads,
            &proposed,
            false,
            &mut blocks[i],
        ) {
            take(loads, &mut proposed, &days, &team, true);
            slots[i] = Some((days, team));
        }
    }
    // Repair: a blocked audit takes a team that passes but is on another
    // proposal, if that proposal can move to another team or day.
    for i in 0..owed.len() {
        if slots[i].is_some() || starts[i].is_empty() {
            continue;
        }
        let mut scratch = Blocks::default();
        let Some((days, team)) = g.place(
            planner,
            &owed[i],
            &starts[i],
            lengths[i],
            loads,
            &proposed,
            true,
            &mut scratch,
        ) else {
            continue;
        };
        let members = members_of(loads, &team);
        let clashing: Vec<usize> = (0..owed.len())
            .filter(|&j| {
                slots[j].as_ref().is_some_and(|(dj, tj)| {
                    members_of(loads, tj)
                        .iter()
                        .any(|m| members.contains(m) && dj.iter().any(|d| days.contains(d)))
                })
            })
            .collect();
        let before: Vec<(usize, (Vec<Date>, Team))> = clashing
            .iter()
            .map(|&j| (j, slots[j].take().expect("clashing ones are placed")))
            .collect();
        for (_, (dj, tj)) in &before {
            take(loads, &mut proposed, dj, tj, false);
        }
        take(loads, &mut proposed, &days, &team, true);
        let mut moved = Vec::new();
        let mut ok = true;
        for &j in &clashing {
            let mut scratch = Blocks::default();
            match g.place(
                planner,
                &owed[j],
                &starts[j],
                lengths[j],
                loads,
                &proposed,
                false,
                &mut scratch,
            ) {
                Some((dj, tj)) => {
                    take(loads, &mut proposed, &dj, &tj, true);
                    moved.push((j, (dj, tj)));
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            for (j, s) in moved {
                slots[j] = Some(s);
            }
            slots[i] = Some((days, team));
        } else {
            for (_, (dj, tj)) in &moved {
                take(loads, &mut proposed, dj, tj, false);
            }
            take(loads, &mut proposed, &days, &team, false);
            for (j, (dj, tj)) in before {
                take(loads, &mut proposed, &dj, &tj, true);
                slots[j] = Some((dj, tj));
            }
        }
    }
    record.extend(proposed);
    let audits = owed
        .into_iter()
        .zip(slots)
        .zip(blocks)
        .zip(starts)
        .map(|(((o, slot), b), starts)| match slot {
            Some((days, team)) => Placed {
                owed: o,
                days,
                team: Some(team),
                rules: Vec::new(),
                blocked: None,
            },
            None if starts.is_empty() => no_day(o),
            None => no_team(o, &starts, &b),
        })
        .collect();
    Calendar {
        audits,
        method: Method::Greedy,
    }
}

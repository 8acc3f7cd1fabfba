//! `kmi plan`: plan ahead (vooruit plannen) — pre-flight a proposed audit,
//! find the teams that may go, and the workload per person. Nothing is
//! written: see `crate::plan` and docs/planning.md.

use std::io::Write;

use serde::Serialize;

use crate::clock::Date;
use crate::facts::obligations::Kind;
use crate::i18n::Lang;
use crate::plan::{self, Meets, PlanKind, Planner, Proposal};
use crate::render::{self, Report, Summary};
use crate::session::{Format, Outcome, RunError, Session};

/// Every format of any `plan` command; each command refuses those it does not print.
pub const FORMATS: &[Format] = &[
    Format::Human,
    Format::Json,
    Format::Csv,
    Format::Ics,
    Format::Sarif,
    Format::Github,
    Format::Junit,
    Format::Gitlab,
];

const AUDIT_FORMATS: &[Format] = &[
    Format::Human,
    Format::Json,
    Format::Sarif,
    Format::Github,
    Format::Junit,
    Format::Gitlab,
];
const TEAM_FORMATS: &[Format] = &[Format::Human, Format::Json];
const WORKLOAD_FORMATS: &[Format] = &[Format::Human, Format::Json, Format::Csv];
const CALENDAR_FORMATS: &[Format] = &[Format::Human, Format::Json, Format::Csv, Format::Ics];

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Pre-flight a proposed audit (voorgenomen audit): the diagnostics `kmi check` would give
    /// if it were on record as a planned audit, and the obligations it would meet. Exit 1 on an error.
    Audit(AuditArgs),
    /// Every audit team (auditteam) that passes the pre-flight, best first, and every person left
    /// out with the rules that exclude them. Exit 1 when no team passes.
    Team(TeamArgs),
    /// Audits (as lead, as expert) and decisions per person in a year, and whose VOG or expertise
    /// lapses that year (werklast).
    Workload(WorkloadArgs),
    /// Every audit owed in a window (controleaudits, herbeoordelingen, verificatieonderzoeken, the
    /// initial audit of a bridging certificate), each with its latest date and a proposed date and
    /// team that pass the pre-flight together (auditkalender). Exit 1 when one cannot be planned.
    Calendar(CalendarArgs),
}

#[derive(Debug, clap::Args)]
pub struct CalendarArgs {
    /// The first day of the window, YYYY-MM-DD (default: the day after the as-of date).
    #[arg(long, value_name = "DAY")]
    pub from: Option<Date>,
    /// The last day of the window, YYYY-MM-DD: audits whose latest date falls from --from through
    /// --to are planned.
    #[arg(long, value_name = "DAY")]
    pub to: Date,
    /// Audit length in working days (default: as the institution's latest audit of that kind, else 1).
    #[arg(long, value_name = "N")]
    pub days_per_audit: Option<usize>,
    /// How many experts beside the lead.
    #[arg(long = "size", value_name = "N", default_value_t = 1)]
    pub size: usize,
    /// Candidate start days per audit, latest first (working days, Monday to Friday, not after
    /// the due date).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub dates: usize,
    /// In the calendar (`--format ics`), name institutions and people by id instead of by name.
    #[arg(long)]
    pub redact: bool,
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// The institution (instelling), by id.
    pub institution: String,
    /// The kind of audit.
    #[arg(long, value_enum)]
    pub kind: PlanKind,
    /// The audit days, YYYY-MM-DD, separated by commas; each after the as-of date.
    #[arg(long, value_delimiter = ',', required = true, value_name = "DAY")]
    pub days: Vec<Date>,
    /// The lead auditor (hoofdauditor), by person id.
    #[arg(long, value_name = "ID")]
    pub lead: String,
    /// The subject-matter experts (materiedeskundigen), by person id, separated by commas.
    #[arg(long, value_delimiter = ',', required = true, value_name = "ID")]
    pub experts: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct TeamArgs {
    /// The institution (instelling), by id.
    pub institution: String,
    /// The kind of audit.
    #[arg(long, value_enum)]
    pub kind: PlanKind,
    /// The audit days, YYYY-MM-DD, separated by commas; each after the as-of date.
    #[arg(long, value_delimiter = ',', required = true, value_name = "DAY")]
    pub days: Vec<Date>,
    /// How many experts beside the lead.
    #[arg(long = "size", value_name = "N", default_value_t = 1)]
    pub size: usize,
    /// Show only the best N teams (all are judged).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct WorkloadArgs {
    /// The year (default: the as-of date's year).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
}

pub fn run(s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    match &args.what {
        What::Audit(a) => {
            let format = s.format_in("plan audit", AUDIT_FORMATS)?;
            audit(s, format, a, out)
        }
        What::Team(a) => {
            let format = s.format_in("plan team", TEAM_FORMATS)?;
            team(s, format, a, out)
        }
        What::Workload(a) => {
            let format = s.format_in("plan workload", WORKLOAD_FORMATS)?;
            workload(s, format, a, out)
        }
        What::Calendar(a) => {
            let format = s.format_in("plan calendar", CALENDAR_FORMATS)?;
            calendar(s, format, a, out)
        }
    }
}

fn sorted_days(days: &[Date]) -> Vec<Date> {
    let mut d = days.to_vec();
    d.sort();
    d.dedup();
    d
}

#[derive(Serialize)]
struct AuditJson<'a> {
    diagnostics: &'a [crate::diag::Diagnostic],
    summary: Summary,
    audit: AuditRecord<'a>,
    meets: &'a [Meets],
}

#[derive(Serialize)]
struct AuditRecord<'a> {
    institution: &'a str,
    id: &'a str,
    file: &'a str,
    kind: &'static str,
    days: &'a [Date],
    lead: &'a str,
    experts: &'a [String],
    follows_up: &'a [String],
}

fn audit(
    s: &Session,
    format: Format,
    args: &AuditArgs,
    out: &mut dyn Write,
) -> Result<Outcome, RunError> {
    let (dossier, as_of) = s.load_as_of()?;
    let mut planner = Planner::new(dossier, as_of);
    let proposal = Proposal {
        institution: args.institution.clone(),
        kind: args.kind,
        days: sorted_days(&args.days),
        lead: args.lead.clone(),
        experts: args.experts.clone(),
    };
    planner.validate(&proposal)?;
    let mut pre = planner.preflight(&proposal);
    plan::owed(&planner, &proposal, &pre)?;
    for d in &mut pre.diagnostics {
        d.localize(s.lang);
    }
    let summary = Summary::of(&pre.diagnostics, 1);
    // Render with the proposed file laid over the dossier, so the human
    // format shows its lines.
    let text = Planner::record_text(&proposal, &pre.follows_up);
    let lang = s.lang;
    let bare = planner.lay_bare(&proposal.institution);
    let (_, rendered) = planner.overlaid(&proposal.institution, &pre.id, text, |dossier, _, _| {
        let diags = &pre.diagnostics;
        let ci = || Report::new(dossier, diags, String::new());
        match format {
            Format::Human => {
                let mut s = render::human::render(dossier, diags, summary, lang, "");
                s.push_str(&meets_human(&proposal, &pre.id, &pre.meets, lang));
                s
            }
            Format::Json => {
                let mut s = serde_json::to_string_pretty(&AuditJson {
                    diagnostics: diags,
                    summary,
                    audit: AuditRecord {
                        institution: &proposal.institution,
                        id: &pre.id,
                        file: &pre.file,
                        kind: proposal.kind.audit_kind().as_str(),
                        days: &proposal.days,
                        lead: &proposal.lead,
                        experts: &proposal.experts,
                        follows_up: &pre.follows_up,
                    },
                    meets: &pre.meets,
                })
                .expect("the pre-flight serializes");
                s.push('\n');
                s
            }
            Format::Sarif => render::sarif::render(&ci()),
            Format::Github => render::github::render(&ci()),
            Format::Junit => render::junit::render(&ci()),
            _ => render::gitlab::render(&ci()),
        }
    });
    planner.restore(bare);
    out.write_all(rendered.as_bytes())?;
    Ok(if pre.has_errors() {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

fn meets_human(p: &Proposal, id: &str, meets: &[Meets], lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let mut s = String::new();
    s.push_str(&if nl {
        format!(
            "\nvoorgenomen audit {}/{id}: {} op {}, hoofdauditor {}, materiedeskundigen {}\n",
            p.institution,
            crate::i18n::term_nl(p.kind.audit_kind().as_str()),
            days(&p.days),
            p.lead,
            p.experts.join(", ")
        )
    } else {
        format!(
            "\nproposed audit {}/{id}: {} on {}, lead {}, experts {}\n",
            p.institution,
            p.kind.audit_kind().as_str(),
            days(&p.days),
            p.lead,
            p.experts.join(", ")
        )
    });
    if meets.is_empty() {
        s.push_str(if nl {
            "  voldoet aan geen verplichting van de instelling\n"
        } else {
            "  meets none of the institution's obligations\n"
        });
    }
    for m in meets {
        let kind = if nl { m.kind.dutch() } else { m.kind.as_str() };
        let when = match (m.days_late, nl) {
            (0, false) => "in time".to_owned(),
            (0, true) => "op tijd".to_owned(),
            (n, false) => format!("{n} days late"),
            (n, true) => format!("{n} dagen te laat"),
        };
        s.push_str(&if nl {
            format!(
                "  voldoet aan {kind} {} (uiterlijk {}): {when}\n",
                m.subject, m.due
            )
        } else {
            format!("  meets {kind} {} (due {}): {when}\n", m.subject, m.due)
        });
    }
    s
}

fn days(days: &[Date]) -> String {
    days.iter()
        .map(Date::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Serialize)]
struct TeamJson<'a> {
    lead: &'a str,
    experts: &'a [String],
    why: String,
    continuity: bool,
    keeps: &'a [String],
    rotation_days_left: Option<i64>,
    workload: usize,
    expertise_oldest: Option<Date>,
}

#[derive(Serialize)]
struct TeamsJson<'a> {
    teams: Vec<TeamJson<'a>>,
    excluded: Vec<ExcludedJson<'a>>,
    judged: usize,
    capped: bool,
}

#[derive(Serialize)]
struct ExcludedJson<'a> {
    person: &'a str,
    from: &'a str,
    rules: &'a [&'static str],
    why: String,
}

fn team(
    s: &Session,
    format: Format,
    args: &TeamArgs,
    out: &mut dyn Write,
) -> Result<Outcome, RunError> {
    let (dossier, as_of) = s.load_as_of()?;
    let mut planner = Planner::new(dossier, as_of);
    RunError::known_institution(&planner.dossier, &args.institution)?;
    if args.size == 0 {
        return Err(RunError::said(
            "--size must be at least 1: a team has a lead and one or more experts",
            "--size is minstens 1: een team heeft een hoofdauditor en een of meer materiedeskundigen",
        ));
    }
    let days = sorted_days(&args.days);
    planner.validate_days(&days)?;
    // The kind must be one the institution owes. What an audit meets does
    // not depend on its team: judge it with any candidate.
    let any = plan::candidates(&planner.dossier)
        .first()
        .map(|(id, _, _)| (*id).to_owned());
    if let Some(any) = any {
        let proposal = Proposal {
            institution: args.institution.clone(),
            kind: args.kind,
            days: days.clone(),
            lead: any.clone(),
            experts: vec![any],
        };
        let pre = planner.preflight(&proposal);
        plan::owed(&planner, &proposal, &pre)?;
    }
    let found = plan::teams(&mut planner, &args.institution, args.kind, &days, args.size);
    let shown: Vec<&plan::Team> = found
        .teams
        .iter()
        .take(args.top.unwrap_or(usize::MAX))
        .collect();
    let text = match format {
        Format::Json => {
            let json = TeamsJson {
                teams: shown
                    .iter()
                    .map(|t| TeamJson {
                        lead: &t.lead,
                        experts: &t.experts,
                        why: t.why(s.lang),
                        continuity: t.continuity,
                        keeps: &t.keeps,
                        rotation_days_left: (t.rotation_days_left != i64::MAX)
                            .then_some(t.rotation_days_left),
                        workload: t.workload,
                        expertise_oldest: t.expertise_oldest,
                    })
                    .collect(),
                excluded: found
                    .excluded
                    .iter()
                    .map(|e| ExcludedJson {
                        person: &e.person,
                        from: e.from,
                        rules: &e.rules,
                        why: e.why.join("; "),
                    })
                    .collect(),
                judged: found.judged,
                capped: found.capped,
            };
            let mut s = serde_json::to_string_pretty(&json).expect("teams serialize");
            s.push('\n');
            s
        }
        _ => teams_human(args, &days, &found, &shown, s.lang),
    };
    out.write_all(text.as_bytes())?;
    Ok(if found.teams.is_empty() {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

fn teams_human(
    args: &TeamArgs,
    d: &[Date],
    found: &plan::Teams,
    shown: &[&plan::Team],
    lang: Lang,
) -> String {
    let nl = lang == Lang::Nl;
    let mut s = if nl {
        format!(
            "auditteams voor {} bij {} op {} ({} beoordeeld, {} slagen):\n",
            crate::i18n::term_nl(args.kind.audit_kind().as_str()),
            args.institution,
            days(d),
            found.judged,
            found.teams.len()
        )
    } else {
        format!(
            "audit teams for a {} audit at {} on {} ({} judged, {} pass):\n",
            args.kind.audit_kind().as_str(),
            args.institution,
            days(d),
            found.judged,
            found.teams.len()
        )
    };
    for (i, t) in shown.iter().enumerate() {
        s.push_str(&format!(
            "{:>3}. {} + {}\n     {}\n",
            i + 1,
            t.lead,
            t.experts.join(", "),
            t.why(lang)
        ));
    }
    if found.teams.is_empty() {
        s.push_str(if nl {
            "  geen team slaagt\n"
        } else {
            "  no team passes\n"
        });
    }
    if found.capped {
        s.push_str(&format!(
            "  (stopped after {} teams; narrow the candidates)\n",
            plan::MAX_TEAMS
        ));
    }
    if !found.excluded.is_empty() {
        s.push_str(if nl {
            "buiten het team:\n"
        } else {
            "left out:\n"
        });
        for e in &found.excluded {
            let from = match (e.from, nl) {
                ("experts", false) => " (as expert)",
                ("experts", true) => " (als materiedeskundige)",
                _ => "",
            };
            s.push_str(&format!(
                "  {}{from} [{}]: {}\n",
                e.person,
                e.rules.join(", "),
                e.why.join("; ")
            ));
        }
    }
    s
}

#[derive(Serialize)]
struct WorkloadRow {
    person: String,
    lead: usize,
    expert: usize,
    decisions: usize,
    vog_lapses: Option<Date>,
    expertise_lapses: Option<Date>,
}

fn workload(
    s: &Session,
    format: Format,
    args: &WorkloadArgs,
    out: &mut dyn Write,
) -> Result<Outcome, RunError> {
    let (dossier, as_of) = s.load_as_of()?;
    let year = args.year.unwrap_or(as_of.year());
    let loads = plan::workload(&dossier, year);
    let facts = crate::facts::Facts::build(&dossier, as_of);
    let lapse = |kind: Kind, person: &str| {
        facts
            .obligations_of(kind)
            .filter(|o| o.person.as_deref() == Some(person) && o.institution.is_none())
            .map(|o| o.deadline.due)
            .find(|d| d.year() == year)
    };
    let rows: Vec<WorkloadRow> = dossier
        .people
        .values()
        .filter(|p| crate::facts::obligations::serves(&p.data, as_of) || loads.contains_key(&p.id))
        .map(|p| {
            let l = loads.get(&p.id).cloned().unwrap_or_default();
            WorkloadRow {
                person: p.id.clone(),
                lead: l.lead,
                expert: l.expert,
                decisions: l.decisions,
                vog_lapses: lapse(Kind::Vog, &p.id),
                expertise_lapses: lapse(Kind::Expertise, &p.id),
            }
        })
        .collect();
    let text = match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                year: i32,
                people: &'a [WorkloadRow],
            }
            let mut s = serde_json::to_string_pretty(&Out {
                year,
                people: &rows,
            })
            .expect("workload serializes");
            s.push('\n');
            s
        }
        Format::Csv => {
            let mut s =
                String::from("year,person,lead,expert,decisions,vog_lapses,expertise_lapses\n");
            for r in &rows {
                s.push_str(&format!(
                    "{year},{},{},{},{},{},{}\n",
                    r.person,
                    r.lead,
                    r.expert,
                    r.decisions,
                    r.vog_lapses.map(|d| d.to_string()).unwrap_or_default(),
                    r.expertise_lapses
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ));
            }
            s
        }
        _ => {
            let nl = s.lang == Lang::Nl;
            let mut s = if nl {
                format!(
                    "werklast {year}\n{:<20} {:>5} {:>7} {:>8}  verloopt in {year}\n",
                    "persoon", "lead", "expert", "besluit"
                )
            } else {
                format!(
                    "workload {year}\n{:<20} {:>5} {:>7} {:>8}  lapses in {year}\n",
                    "person", "lead", "expert", "decided"
                )
            };
            for r in &rows {
                let mut lapses = Vec::new();
                if let Some(d) = r.vog_lapses {
                    lapses.push(format!("VOG {d}"));
                }
                if let Some(d) = r.expertise_lapses {
                    lapses.push(format!(
                        "{} {d}",
                        if nl { "deskundigheid" } else { "expertise" }
                    ));
                }
                s.push_str(&format!(
                    "{:<20} {:>5} {:>7} {:>8}  {}\n",
                    r.person,
                    r.lead,
                    r.expert,
                    r.decisions,
                    lapses.join(", ")
                ));
            }
            s
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

fn calendar(
    s: &Session,
    format: Format,
    args: &CalendarArgs,
    out: &mut dyn Write,
) -> Result<Outcome, RunError> {
    let (dossier, as_of) = s.load_as_of()?;
    let from = args.from.unwrap_or(as_of.add_days(1));
    if args.to <= as_of {
        return Err(RunError::said(
            format!(
                "--to {} is not after the as-of date {as_of}: kmi plan lays out audits still to come (use --as-of to plan from an earlier day)",
                args.to
            ),
            format!(
                "--to {} ligt niet na de peildatum {as_of}: kmi plan plant audits die nog komen (gebruik --as-of om vanaf een eerdere dag te plannen)",
                args.to
            ),
        ));
    }
    if from > args.to {
        return Err(RunError::said(
            format!("--from {from} is after --to {}", args.to),
            format!("--from {from} ligt na --to {}", args.to),
        ));
    }
    for (name, n) in [
        ("--size", Some(args.size)),
        ("--dates", Some(args.dates)),
        ("--days-per-audit", args.days_per_audit),
    ] {
        if n == Some(0) {
            return Err(RunError::said(
                format!("{name} must be at least 1"),
                format!("{name} moet ten minste 1 zijn"),
            ));
        }
    }
    let settings = crate::plan_calendar::Settings {
        from,
        to: args.to,
        days_per_audit: args.days_per_audit,
        size: args.size,
        dates: args.dates,
    };
    let mut planner = Planner::new(dossier, as_of);
    let cal = crate::plan_calendar::calendar(&mut planner, &settings);
    let text = match format {
        Format::Json => calendar_json(&cal, &settings, as_of, s.lang),
        Format::Csv => calendar_csv(&cal, s.lang),
        Format::Ics => {
            let dossier = &planner.dossier;
            let name = dossier
                .config
                .as_ref()
                .map_or("dossier", |c| c.data.dossier.name.as_str());
            let names = |id: &str| -> String {
                if args.redact {
                    return id.to_owned();
                }
                dossier
                    .institutions
                    .get(id)
                    .and_then(|i| i.record.as_ref())
                    .map(|r| r.data.name.clone())
                    .or_else(|| dossier.people.get(id).map(|p| p.data.name.clone()))
                    .unwrap_or_else(|| id.to_owned())
            };
            calendar_ics(&cal, as_of, name, s.lang, &names)
        }
        _ => calendar_human(&cal, &settings, as_of, s.lang),
    };
    out.write_all(text.as_bytes())?;
    Ok(if cal.blocked() > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

fn kind_name(kind: PlanKind, lang: Lang) -> &'static str {
    let k = kind.audit_kind().as_str();
    match lang {
        Lang::Nl => crate::i18n::term_nl(k),
        Lang::En => k,
    }
}

#[derive(Serialize)]
struct CalendarJson<'a> {
    from: Date,
    to: Date,
    as_of: Date,
    method: &'static str,
    blocked: usize,
    audits: Vec<CalendarAuditJson<'a>>,
}

#[derive(Serialize)]
struct CalendarAuditJson<'a> {
    institution: &'a str,
    kind: &'static str,
    obligation: &'static str,
    subjects: &'a [String],
    due: Date,
    date: Option<Date>,
    days: &'a [Date],
    team: Option<TeamRef<'a>>,
    why: String,
    rules: &'a [&'static str],
}

#[derive(Serialize)]
struct TeamRef<'a> {
    lead: &'a str,
    experts: &'a [String],
}

fn calendar_json(
    cal: &crate::plan_calendar::Calendar,
    settings: &crate::plan_calendar::Settings,
    as_of: Date,
    lang: Lang,
) -> String {
    let json = CalendarJson {
        from: settings.from,
        to: settings.to,
        as_of,
        method: cal.method.as_str(),
        blocked: cal.blocked(),
        audits: cal
            .audits
            .iter()
            .map(|a| CalendarAuditJson {
                institution: &a.owed.institution,
                kind: a.owed.kind.audit_kind().as_str(),
                obligation: a.owed.obligation,
                subjects: &a.owed.subjects,
                due: a.owed.due,
                date: a.date(),
                days: &a.days,
                team: a.team.as_ref().map(|t| TeamRef {
                    lead: &t.lead,
                    experts: &t.experts,
                }),
                why: a.why(lang),
                rules: &a.rules,
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&json).expect("the calendar serializes");
    s.push('\n');
    s
}

fn calendar_csv(cal: &crate::plan_calendar::Calendar, lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "institution",
        "kind",
        "obligation",
        "subjects",
        "due",
        "date",
        "days",
        "lead",
        "experts",
        "why",
        "rules",
    ])
    .expect("write to memory");
    for a in &cal.audits {
        let date = a.date().map(|d| d.to_string()).unwrap_or_default();
        let (lead, experts) = a
            .team
            .as_ref()
            .map(|t| (t.lead.clone(), t.experts.join(";")))
            .unwrap_or_default();
        w.write_record([
            a.owed.institution.as_str(),
            a.owed.kind.audit_kind().as_str(),
            a.owed.obligation,
            &a.owed.subjects.join(";"),
            &a.owed.due.to_string(),
            &date,
            &a.days
                .iter()
                .map(Date::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            &lead,
            &experts,
            &a.why(lang),
            &a.rules.join(";"),
        ])
        .expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("CSV of UTF-8 is UTF-8")
}

/// `text` in lines of at most `width` characters, each after `indent`.
fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty()
            && indent.len() + line.chars().count() + 1 + word.chars().count() > width
        {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn calendar_human(
    cal: &crate::plan_calendar::Calendar,
    settings: &crate::plan_calendar::Settings,
    as_of: Date,
    lang: Lang,
) -> String {
    let nl = lang == Lang::Nl;
    let n = cal.audits.len();
    let blocked = cal.blocked();
    let method = match (cal.method, nl) {
        (crate::plan_calendar::Method::Exact, _) => "exact",
        (crate::plan_calendar::Method::ExactStopped, false) => "exact, search stopped",
        (crate::plan_calendar::Method::ExactStopped, true) => "exact, zoeken afgebroken",
        (crate::plan_calendar::Method::Greedy, false) => "greedy with repair",
        (crate::plan_calendar::Method::Greedy, true) => "gretig met reparatie",
    };
    let mut s = if nl {
        format!(
            "auditkalender {} tot en met {}, peildatum {as_of} ({method})\n",
            settings.from, settings.to
        )
    } else {
        format!(
            "audit calendar {} to {}, as of {as_of} ({method})\n",
            settings.from, settings.to
        )
    };
    if n == 0 {
        s.push_str(if nl {
            "  geen audit verschuldigd in deze periode\n"
        } else {
            "  no audit owed in this window\n"
        });
        return s;
    }
    let (h_due, h_date, h_inst, h_kind, h_team) = if nl {
        ("uiterlijk", "datum", "instelling", "audit", "team")
    } else {
        ("due", "date", "institution", "audit", "team")
    };
    let w_inst = cal
        .audits
        .iter()
        .map(|a| a.owed.institution.chars().count())
        .chain([h_inst.chars().count()])
        .max()
        .unwrap_or(0);
    let w_kind = cal
        .audits
        .iter()
        .map(|a| kind_name(a.owed.kind, lang).chars().count())
        .chain([h_kind.chars().count()])
        .max()
        .unwrap_or(0);
    s.push_str(&format!(
        "{h_due:<10}  {h_date:<10}  {h_inst:<w_inst$}  {h_kind:<w_kind$}  {h_team}\n"
    ));
    for a in &cal.audits {
        let date = a.date().map_or_else(|| "-".to_owned(), |d| d.to_string());
        let team = match &a.team {
            Some(t) => format!("{} + {}", t.lead, t.experts.join(", ")),
            None => lang.pick("BLOCKED", "NIET TE PLANNEN").to_owned(),
        };
        let row = format!(
            "{:<10}  {date:<10}  {:<w_inst$}  {:<w_kind$}  ",
            a.owed.due.to_string(),
            a.owed.institution,
            kind_name(a.owed.kind, lang),
        );
        // A team that does not fit in 80 columns goes on a line of its own.
        if row.chars().count() + team.chars().count() > 80 {
            s.push_str(row.trim_end());
            s.push('\n');
            s.push_str(&wrap(&team, "    ", 80));
        } else {
            s.push_str(&row);
            s.push_str(&team);
            s.push('\n');
        }
        let mut why = String::new();
        if a.days.len() > 1 {
            why.push_str(&format!(
                "{}: {}; ",
                lang.pick("days", "dagen"),
                days(&a.days)
            ));
        }
        why.push_str(&format!(
            "{} {} {}; ",
            match (a.team.is_some(), nl) {
                (true, false) => "meets",
                (true, true) => "voldoet aan",
                (false, false) => "owed:",
                (false, true) => "verschuldigd:",
            },
            match (a.owed.obligation, nl) {
                ("bridging-initial", false) => "the initial audit of bridging certificate",
                ("bridging-initial", true) => "de initiële audit van overbruggingscertificaat",
                ("control-audit", true) => "controleaudit",
                ("recertification", true) => "herbeoordeling",
                ("verification", true) => "verificatie",
                (o, _) => o,
            },
            a.owed.subjects.join(", ")
        ));
        why.push_str(&a.why(lang));
        s.push_str(&wrap(&why, "    ", 80));
    }
    s.push_str(&if nl {
        format!("{n} audits verschuldigd, {blocked} niet te plannen\n")
    } else {
        format!("{n} audits owed, {blocked} blocked\n")
    });
    s
}

fn calendar_ics(
    cal: &crate::plan_calendar::Calendar,
    as_of: Date,
    dossier_name: &str,
    lang: Lang,
    names: &dyn Fn(&str) -> String,
) -> String {
    use crate::render::deadlines::ics;
    use icalendar::{Component, Event, EventLike};
    let stamp = ics::stamp(as_of);
    let mut c = ics::calendar(
        PLAN_PRODID,
        &format!(
            "kmi {} — {dossier_name}",
            lang.pick("audit calendar", "auditkalender")
        ),
    );
    for a in &cal.audits {
        let inst = names(&a.owed.institution);
        let kind = kind_name(a.owed.kind, lang);
        let uid = format!(
            "{}@kmi",
            ics::uid_safe(&format!(
                "plan.{}.{}.{}",
                a.owed.institution,
                a.owed.obligation,
                a.owed.subjects.join(".")
            ))
        );
        let due = format!("{} {}", lang.pick("due", "uiterlijk"), a.owed.due);
        let event = match (&a.team, a.date()) {
            (Some(t), Some(first)) => {
                let last = *a.days.last().expect("a planned audit has days");
                let experts: Vec<String> = t.experts.iter().map(|e| names(e)).collect();
                Event::new()
                    .uid(&uid)
                    .timestamp(stamp)
                    .summary(&format!(
                        "{inst}: {kind} — {} + {}",
                        names(&t.lead),
                        experts.join(", ")
                    ))
                    .description(&format!(
                        "{} ({due}). {}: {}",
                        lang.pick(
                            "Proposed by kmi plan calendar",
                            "Voorgesteld door kmi plan calendar"
                        ),
                        lang.pick("Days", "Dagen"),
                        days(&a.days)
                    ))
                    .starts(first.naive())
                    .ends(last.add_days(1).naive())
                    .done()
            }
            _ => Event::new()
                .uid(&uid)
                .timestamp(stamp)
                .summary(&format!(
                    "{}{inst}: {kind} ({due})",
                    lang.pick("NOT PLANNED: ", "NIET GEPLAND: ")
                ))
                .description(&format!("{}: {}", a.rules.join(", "), a.why(lang)))
                .starts(a.owed.due.naive())
                .ends(a.owed.due.add_days(1).naive())
                .done(),
        };
        c.push(event);
    }
    c.done().to_string()
}

/// The calendar's product id: kmi made it.
pub const PLAN_PRODID: &str = "-//kmi//kmi plan calendar//EN";

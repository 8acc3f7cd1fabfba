//! `kmi plan`: plan ahead (vooruit plannen) — pre-flight a proposed audit,
//! find the teams that may go, and the workload per person. Nothing is
//! written: see `crate::plan` and docs/planning.md.

use std::io::Write;

use serde::Serialize;

use crate::clock::Date;
use crate::facts::obligations::Kind;
use crate::i18n::Lang;
use crate::plan::{self, BadInput, Meets, PlanKind, Planner, Proposal};
use crate::render::{self, Report, Summary};
use crate::session::{Format, Outcome, RunError, Session};

/// Every format of any `plan` command; each command refuses those it does not print.
pub const FORMATS: &[Format] = &[
    Format::Human,
    Format::Json,
    Format::Csv,
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
    }
}

impl From<BadInput> for RunError {
    fn from(b: BadInput) -> RunError {
        RunError::said(b.0.clone(), b.0)
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
    if !planner.dossier.institutions.contains_key(&args.institution) {
        return Err(BadInput(plan::unknown(
            "institution",
            &args.institution,
            planner.dossier.institutions.keys(),
        ))
        .into());
    }
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

//! `kmi new person|institution|audit|finding|decision|progress …`: records
//! from templates, with the required keys filled in and a comment beside
//! every key (the Dutch term beside the English one).
//!
//! Ids follow the loader's rules (a record's id is its file name); the
//! people, institution and audits a record refers to must exist. A new
//! record is written atomically and never over a file that exists.
//! `kmi new finding` is the one edit: it adds a `[[finding]]` to an existing
//! audit file with toml_edit, keeping every comment and all formatting, with
//! the next free finding id.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::clock::Date;
use crate::diag::did_you_mean;
use crate::i18n::Lang;
use crate::model::{is_id, is_norm_id};
use crate::session::{Outcome, RunError, Session};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub record: Record,
}

pub const ROLES: [&str; 4] = [
    "lead-auditor",
    "expert",
    "decision-maker",
    "deputy-decision-maker",
];
pub const MEASURES: [&str; 3] = ["child-protection", "youth-probation", "guardianship"];
pub const AUDIT_KINDS: [&str; 5] = [
    "initial",
    "control",
    "recertification",
    "verification",
    "extra",
];
pub const CLASSES: [&str; 3] = ["critical", "non-critical", "remark"];
pub const OUTCOMES: [&str; 10] = [
    "grant",
    "provisional",
    "continue",
    "renew",
    "bridging",
    "temporary",
    "suspend",
    "reinstate",
    "withdraw",
    "refuse",
];

#[derive(Debug, clap::Subcommand)]
pub enum Record {
    /// A person (persoon): auditor, expert or decision maker — people/<ID>.toml.
    Person {
        /// The person's id, e.g. anna-jansen.
        id: String,
        /// Full name (default: from the id).
        #[arg(long)]
        name: Option<String>,
        /// A role (rol); repeat for more.
        #[arg(long = "role", value_name = "ROLE", value_parser = ROLES)]
        roles: Vec<String>,
    },
    /// An institution (gecertificeerde instelling) or applicant — institutions/<ID>/institution.toml.
    Institution {
        /// The institution's id, e.g. jbn.
        id: String,
        /// Its name (default: the id).
        #[arg(long)]
        name: Option<String>,
        /// A measure it carries out (maatregel); repeat for more.
        #[arg(long = "measure", value_name = "MEASURE", value_parser = MEASURES)]
        measures: Vec<String>,
        /// The date of its application for certification (aanvraag).
        #[arg(long, value_name = "DATE")]
        applied: Option<Date>,
    },
    /// An audit (audit) — institutions/<INSTITUTION>/audits/<ID>.toml.
    Audit {
        /// The institution's id, e.g. jbn.
        institution: String,
        /// The audit's id, suggested YYYY-MM-kind: 2025-05-initial.
        id: String,
        /// The kind (soort); default: the last part of the id.
        #[arg(long, value_parser = AUDIT_KINDS)]
        kind: Option<String>,
        /// An audit day (auditdag); repeat for more; default: today.
        #[arg(long = "day", value_name = "DATE")]
        days: Vec<Date>,
        /// The lead auditor (hoofdauditor), by person id.
        #[arg(long, value_name = "PERSON")]
        lead: String,
        /// A subject-matter expert (materiedeskundige), by person id; repeat for more.
        #[arg(long = "expert", value_name = "PERSON")]
        experts: Vec<String>,
    },
    /// A finding (bevinding), added to an existing audit with the next free id.
    Finding {
        /// The institution's id, e.g. jbn.
        institution: String,
        /// The audit the finding belongs to.
        audit: String,
        /// The norm of the normenkader, e.g. 4.2 or D.5.3.
        #[arg(long)]
        norm: String,
        /// The class (weging).
        #[arg(long, value_parser = CLASSES)]
        class: String,
        /// What the team saw (default: a TODO to fill in).
        #[arg(long)]
        summary: Option<String>,
    },
    /// A certificate decision (certificaatbesluit) — institutions/<INSTITUTION>/decisions/<ID>.toml.
    Decision {
        /// The institution's id, e.g. jbn.
        institution: String,
        /// The decision's id, suggested YYYY-MM-DD-outcome: 2025-07-08-grant.
        id: String,
        /// The outcome (besluit); default: the last part of the id.
        #[arg(long, value_parser = OUTCOMES)]
        outcome: Option<String>,
        /// The decision date; default: today.
        #[arg(long, value_name = "DATE")]
        date: Option<Date>,
        /// The decision maker (certificatiebeslisser), by person id.
        #[arg(long, value_name = "PERSON")]
        by: String,
        /// An audit the decision rests on; repeat for more.
        #[arg(long = "audit", value_name = "AUDIT")]
        audits: Vec<String>,
    },
    /// A monthly progress report (voortgangsrapportage) — institutions/<INSTITUTION>/progress/<YYYY-MM>.toml.
    Progress {
        /// The institution's id, e.g. jbn.
        institution: String,
        /// The month reported on, YYYY-MM.
        month: String,
        /// The day it was received (ontvangen); default: today.
        #[arg(long, value_name = "DATE")]
        received: Option<Date>,
    },
}

pub fn run(s: &Session, args: &Args, _out: &mut dyn Write) -> Result<Outcome, RunError> {
    let root = s.root()?;
    let today = s.fixed_as_of().unwrap_or_else(|| today(&root));
    match &args.record {
        Record::Finding {
            institution,
            audit,
            norm,
            class,
            summary,
        } => {
            institution_dir(&root, institution)?;
            let rel = format!("institutions/{institution}/audits/{audit}.toml");
            check_id("audit", audit)?;
            existing(&root, &rel, "audit", audit)?;
            if !is_norm_id(norm) {
                return Err(RunError::said(
                    format!("`{norm}` is not a norm id like 4.2 or D.5.3"),
                    format!("`{norm}` is geen norm-id zoals 4.2 of D.5.3"),
                ));
            }
            // Read, add and rename under the dossier's write lock: a second
            // `kmi new finding` at the same moment waits, then adds its own.
            let id = crate::write::edit(&root, &rel, |text| {
                add_finding(text, norm, class, summary.as_deref()).map_err(|why| {
                    RunError::said(
                        format!("cannot add a finding to {rel}: {why}"),
                        format!("kan geen bevinding toevoegen aan {rel}: {why}"),
                    )
                })
            })?;
            let said = match (summary.is_some(), s.lang) {
                (true, Lang::En) => {
                    format!("added finding {audit}/{id} to {rel}: fill in its rationale")
                }
                (true, Lang::Nl) => format!(
                    "bevinding {audit}/{id} toegevoegd aan {rel}: vul de onderbouwing (rationale) in"
                ),
                (false, Lang::En) => format!(
                    "added finding {audit}/{id} to {rel}: fill in its summary (the TODO) and rationale"
                ),
                (false, Lang::Nl) => format!(
                    "bevinding {audit}/{id} toegevoegd aan {rel}: vul de samenvatting (de TODO) en de onderbouwing in"
                ),
            };
            eprintln!("{said}");
        }
        record => {
            let (rel, text) = new_record(&root, record, today)?;
            crate::write::create_new_in(&root, &rel, text.as_bytes())?;
            let said = match (has_todo(&text), s.lang) {
                (true, Lang::En) => format!("created {rel}: fill in its TODOs, then `kmi check`"),
                (true, Lang::Nl) => format!("{rel} gemaakt: vul de TODO's in, dan `kmi check`"),
                (false, Lang::En) => format!("created {rel}: complete it, then `kmi check`"),
                (false, Lang::Nl) => format!("{rel} gemaakt: vul het aan, dan `kmi check`"),
            };
            eprintln!("{said}");
        }
    }
    Ok(Outcome::Clean)
}

/// Today in the dossier's time zone, read from kmi.toml (the rest of the
/// dossier is not loaded: `new` stays fast on a large dossier).
fn today(root: &Path) -> Date {
    let tz = std::fs::read_to_string(root.join("kmi.toml"))
        .ok()
        .and_then(|t| toml::from_str::<crate::model::Config>(&t).ok())
        .and_then(|c| c.dossier.timezone.map(|t| t.into_inner()));
    crate::dossier::today_in(tz.as_deref().unwrap_or("Europe/Amsterdam"))
}

/// The path (relative to the root) and text of a new record.
fn new_record(root: &Path, record: &Record, today: Date) -> Result<(String, String), RunError> {
    Ok(match record {
        Record::Person { id, name, roles } => {
            check_id("person", id)?;
            let name = name.clone().unwrap_or_else(|| name_from_id(id));
            (format!("people/{id}.toml"), person(&name, roles))
        }
        Record::Institution {
            id,
            name,
            measures,
            applied,
        } => {
            check_id("institution", id)?;
            let name = name.clone().unwrap_or_else(|| id.clone());
            (
                format!("institutions/{id}/institution.toml"),
                institution(&name, measures, *applied),
            )
        }
        Record::Audit {
            institution,
            id,
            kind,
            days,
            lead,
            experts,
        } => {
            institution_dir(root, institution)?;
            check_id("audit", id)?;
            let kind = kind_from(
                kind.as_deref(),
                id,
                &AUDIT_KINDS,
                "--kind",
                "2025-05-initial",
            )?;
            person_exists(root, lead)?;
            for e in experts {
                person_exists(root, e)?;
            }
            let days = if days.is_empty() {
                vec![today]
            } else {
                days.clone()
            };
            (
                format!("institutions/{institution}/audits/{id}.toml"),
                audit(institution, kind, &days, lead, experts),
            )
        }
        Record::Decision {
            institution,
            id,
            outcome,
            date,
            by,
            audits,
        } => {
            institution_dir(root, institution)?;
            check_id("decision", id)?;
            let outcome = kind_from(
                outcome.as_deref(),
                id,
                &OUTCOMES,
                "--outcome",
                "2025-07-08-grant",
            )?;
            person_exists(root, by)?;
            for a in audits {
                check_id("audit", a)?;
                existing(
                    root,
                    &format!("institutions/{institution}/audits/{a}.toml"),
                    "audit",
                    a,
                )?;
            }
            (
                format!("institutions/{institution}/decisions/{id}.toml"),
                decision(institution, date.unwrap_or(today), outcome, by, audits),
            )
        }
        Record::Progress {
            institution,
            month,
            received,
        } => {
            institution_dir(root, institution)?;
            if !crate::load::is_month_id(month) {
                return Err(RunError::said(
                    format!(
                        "`{month}` is not a month: a progress report's id is the month it reports on, YYYY-MM (e.g. 2025-01)"
                    ),
                    format!(
                        "`{month}` is geen maand: de id van een voortgangsrapportage is de maand waarover zij gaat, JJJJ-MM (bijv. 2025-01)"
                    ),
                ));
            }
            (
                format!("institutions/{institution}/progress/{month}.toml"),
                progress(month, received.unwrap_or(today)),
            )
        }
        Record::Finding { .. } => unreachable!("findings are added to their audit"),
    })
}

fn check_id(what: &str, id: &str) -> Result<(), RunError> {
    if is_id(id) {
        return Ok(());
    }
    let (rule, rule_nl) = crate::load::validate::id_hint(id).unwrap_or_else(|| {
        (
            "ids use lowercase letters, digits and -, and do not start with -".to_owned(),
            "ids bestaan uit kleine letters, cijfers en -, en beginnen niet met -".to_owned(),
        )
    });
    Err(RunError::said(
        format!("`{id}` is not a valid {what} id (a record's id is its file name): {rule}"),
        format!(
            "`{id}` is geen geldige id van een {} (de id van een record is zijn bestandsnaam): {rule_nl}",
            what_nl(what)
        ),
    ))
}

/// The directory of an existing institution.
fn institution_dir(root: &Path, id: &str) -> Result<PathBuf, RunError> {
    check_id("institution", id)?;
    existing(
        root,
        &format!("institutions/{id}/institution.toml"),
        "institution",
        id,
    )?;
    Ok(root.join("institutions").join(id))
}

fn person_exists(root: &Path, id: &str) -> Result<(), RunError> {
    check_id("person", id)?;
    existing(root, &format!("people/{id}.toml"), "person", id)
}

/// `rel` must exist; otherwise a message with the closest id there is, or
/// the command that creates the record.
fn existing(root: &Path, rel: &str, what: &str, id: &str) -> Result<(), RunError> {
    let path = root.join(rel);
    if path.is_file() {
        return Ok(());
    }
    // The directory whose entries are the ids of this kind of record.
    let dir = match what {
        "institution" => root.join("institutions"),
        _ => path
            .parent()
            .map_or_else(|| root.to_path_buf(), Path::to_path_buf),
    };
    let ids: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.trim_end_matches(".toml").to_owned()
                })
                .collect()
        })
        .unwrap_or_default();
    let error = RunError::said(
        format!("no {what} `{id}`: {rel} does not exist"),
        format!("geen {} `{id}`: {rel} bestaat niet", what_nl(what)),
    );
    Err(match did_you_mean(id, ids.iter().map(String::as_str)) {
        Some(m) => error.did_you_mean(Some(m)),
        None if what == "audit" => error,
        None => error.hint(
            format!("create it with `kmi new {what} {id}`"),
            format!("maak het met `kmi new {what} {id}`"),
        ),
    })
}

/// The kind or outcome: given, or the last part of the id (`2025-05-initial`).
fn kind_from<'a>(
    given: Option<&'a str>,
    id: &'a str,
    allowed: &[&'static str],
    flag: &str,
    example: &str,
) -> Result<&'a str, RunError> {
    if let Some(k) = given {
        return Ok(k);
    }
    let from_id = allowed
        .iter()
        .filter(|k| id == **k || id.ends_with(&format!("-{k}")))
        .max_by_key(|k| k.len());
    from_id.map(|k| &id[id.len() - k.len()..]).ok_or_else(|| {
        RunError::said(
            format!(
                "give {flag} ({}): the id `{id}` does not end in one, as `{example}` does",
                allowed.join(", ")
            ),
            format!(
                "geef {flag} ({}): de id `{id}` eindigt er niet op, zoals `{example}`",
                allowed.join(", ")
            ),
        )
    })
}

/// A kind of record in Dutch, for messages.
fn what_nl(what: &str) -> &str {
    match what {
        "person" => "persoon",
        "institution" => "instelling",
        "decision" => "besluit",
        "progress" => "voortgangsrapportage",
        other => other,
    }
}

/// "anna-jansen" → "Anna Jansen".
fn name_from_id(id: &str) -> String {
    id.split('-')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a template holds a `TODO` value to fill in (not one in a comment).
fn has_todo(text: &str) -> bool {
    text.lines()
        .any(|l| !l.trim_start().starts_with('#') && l.contains("TODO"))
}

/// A TOML string literal.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn list<T: std::fmt::Display>(items: &[T], quoted: bool) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|i| {
            if quoted {
                quote(&i.to_string())
            } else {
                i.to_string()
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn person(name: &str, roles: &[String]) -> String {
    format!(
        r#"# A person of the certification body (persoon): auditor, expert or decision maker.
# `kmi check` says what each role still needs.

# Full name, as on the certificate of conduct.
name = {name}
# Roles: lead-auditor (hoofdauditor), expert (materiedeskundige),
# decision-maker (certificatiebeslisser), deputy-decision-maker
# (plaatsvervangend certificatiebeslisser).
roles = {roles}
# Qualified as auditor for the JB/JR scheme (gekwalificeerd): for auditors.
# qualified = 2025-01-31
# Issue dates of the certificates of conduct on file (VOG, verklaring omtrent
# het gedrag): one at most 5 years old on every audit day and decision date.
vog = []
# Dates expertise was shown to the certification manager
# (materiedeskundigheid aangetoond): for experts, at most 2 years before an audit.
expertise = []
# Left the certification body (uit dienst).
# left = 2030-01-31
"#,
        name = quote(name),
        roles = list(roles, true),
    )
}

fn institution(name: &str, measures: &[String], applied: Option<Date>) -> String {
    let applied = match applied {
        Some(d) => format!("applied = {d}"),
        None => "# applied = 2025-01-31".to_owned(),
    };
    format!(
        r#"# An institution (gecertificeerde instelling, GI) or an applicant for certification.

name = {name}
# The region it works in (regio).
# region = "Groningen, Drenthe"
# The measures it carries out: child-protection (jeugdbescherming),
# youth-probation (jeugdreclassering), guardianship (voogdij).
measures = {measures}
# Its application for certification (aanvraag): shown in the public register
# of applicants until a decision.
{applied}
"#,
        name = quote(name),
        measures = list(measures, true),
    )
}

fn audit(institution: &str, kind: &str, days: &[Date], lead: &str, experts: &[String]) -> String {
    format!(
        r#"# An audit of {institution}. Add findings with `kmi new finding {institution} <this audit>`.

# initial (initiële audit), control (controleaudit), recertification
# (herbeoordeling), verification (verificatieonderzoek), extra.
kind = {kind}
# The audit days (auditdagen), ascending.
days = {days}
# The written report was issued (schriftelijke rapportage): the plan and
# verification clocks start here. Needed once there are deviations.
# report = 2025-06-27
# The team, by person id: the lead auditor (hoofdauditor) and the
# subject-matter experts (materiedeskundigen).
lead = {lead}
experts = {experts}
# What the audit covered (reikwijdte): norms, themes, teams.
# scope = "TODO"
# Pilots (proeftuinen) or special ways of working inside the scope.
pilots = []

# A follow-up (opvolging) of a finding of an earlier audit, one table each:
# [[follow_up]]
# finding = "2024-11-recertification/f1"
# implemented = true   # measures carried out (geïmplementeerd)
# effective = true     # measures verified to work (doeltreffend)
# closed = true        # this follow-up closes the finding (afgesloten)
# note = "What the team saw."
"#,
        kind = quote(kind),
        days = list(days, false),
        lead = quote(lead),
        experts = list(experts, true),
    )
}

fn decision(institution: &str, date: Date, outcome: &str, by: &str, audits: &[String]) -> String {
    format!(
        r#"# A certificate decision (certificaatbesluit) on {institution}.

date = {date}
# grant (verlening), renew (verlenging), provisional (voorlopig certificaat),
# bridging (overbruggingscertificaat), temporary (tijdelijk certificaat),
# continue (continuering), suspend (schorsing), reinstate (opheffing van de
# schorsing), withdraw (intrekking), refuse (weigering).
outcome = {outcome}
# The decision maker or deputy (certificatiebeslisser), by person id: nobody
# who sat on a team of an audit the decision rests on.
by = {by}
# The audits this decision rests on.
audits = {audits}
# The end of the certificate it issues; default: the scheme's validity.
# valid_until = 2028-07-08
# The report was checked against the audit programme (checklijst): true once done.
checklist = false
# Why this outcome in these circumstances (afwegingen), in full sentences.
# considerations = """
# TODO
# """
# Context factors weighed (contextfactoren), e.g. ["staff-shortage"].
context = []

# Every critical finding still open on the decision date, and why the outcome
# holds anyway, one table each:
# [[open_finding]]
# finding = "2024-11-recertification/f1"
# why = "Plan accepted; verification planned 2025-02-10."
"#,
        outcome = quote(outcome),
        by = quote(by),
        audits = list(audits, true),
    )
}

fn progress(month: &str, received: Date) -> String {
    format!(
        r#"# The monthly progress report (voortgangsrapportage) for {month}, under a
# bridging certificate.

# The day the report reached the KMI (ontvangen).
received = {received}
# What it reports: caseload, waiting list, staffing, progress on the plan.
summary = "TODO"
"#
    )
}

/// `audit_text` with a new `[[finding]]` after the last one (before the
/// follow-ups when there is none), and the finding's id. Everything else in
/// the file stays as written: comments, order, formatting.
pub fn add_finding(
    audit_text: &str,
    norm: &str,
    class: &str,
    summary: Option<&str>,
) -> Result<(String, String), String> {
    use toml_edit::{ArrayOfTables, DocumentMut, Item};

    let mut doc: DocumentMut = audit_text.parse().map_err(|e: toml_edit::TomlError| {
        format!(
            "it does not parse ({}); `kmi check` shows where",
            e.message()
                .lines()
                .next()
                .unwrap_or("")
                .trim_end_matches('.')
        )
    })?;
    let ids: Vec<String> = match doc.get("finding") {
        None => Vec::new(),
        Some(Item::ArrayOfTables(findings)) => findings
            .iter()
            .filter_map(|t| t.get("id").and_then(Item::as_str).map(str::to_owned))
            .collect(),
        Some(_) => {
            return Err(
                "its `finding` is not written as [[finding]] tables; kmi adds only to those"
                    .to_owned(),
            );
        }
    };
    let id = next_finding_id(&ids).ok_or_else(|| {
        format!(
            "its findings use the highest id there is, f{}; give a new finding of this audit an id by hand",
            u64::MAX
        )
    })?;
    let template = finding(&id, norm, class, summary);
    let template: DocumentMut = template.parse().expect("the finding template is TOML");
    let mut table = template["finding"]
        .as_array_of_tables()
        .and_then(|a| a.get(0))
        .expect("the template holds one [[finding]]")
        .clone();

    // Tables are printed by position; on a tie, in the order visited, which
    // puts the new finding (visited last) after the tables it ties with.
    let position = match (doc.get("finding"), doc.get("follow_up")) {
        (Some(Item::ArrayOfTables(findings)), _) => findings.iter().filter_map(last_position).max(),
        (None, Some(Item::ArrayOfTables(follow_ups))) => follow_ups
            .iter()
            .filter_map(toml_edit::Table::position)
            .min()
            .map(|p| p - 1),
        _ => last_position(doc.as_table()),
    };
    table.set_position(position);
    match doc.get_mut("finding") {
        Some(Item::ArrayOfTables(findings)) => findings.push(table),
        _ => {
            let mut findings = ArrayOfTables::new();
            findings.push(table);
            doc.insert("finding", Item::ArrayOfTables(findings));
        }
    }
    let mut text = doc.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok((text, id))
}

/// The last position of `table` and the tables inside it.
pub fn last_position(table: &toml_edit::Table) -> Option<isize> {
    let inner = table.iter().filter_map(|(_, item)| match item {
        toml_edit::Item::Table(t) => last_position(t),
        toml_edit::Item::ArrayOfTables(a) => a.iter().filter_map(last_position).max(),
        _ => None,
    });
    table.position().into_iter().chain(inner).max()
}

/// `f<n+1>` for the highest `f<n>` in use: a deleted finding's id is never
/// given again, so a reference in history never points at another finding.
/// None when `f18446744073709551615` (the highest number) is in use.
pub fn next_finding_id(ids: &[String]) -> Option<String> {
    let highest = ids
        .iter()
        .filter_map(|id| id.strip_prefix('f')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    let next = highest.checked_add(1)?;
    // An id like `f07` is not the number's own spelling, so `f<next>` is free.
    Some(format!("f{next}"))
}

fn finding(id: &str, norm: &str, class: &str, summary: Option<&str>) -> String {
    format!(
        r#"
# Finding {id} (bevinding). When the institution sends its plan of action
# (plan van aanpak, due 4 weeks after the report), add below this finding:
#   [finding.plan]
#   received = 2025-07-20   # ontvangen
#   accepted = 2025-07-28   # goedgekeurd, optional
[[finding]]
id = {id_quoted}
# The norm of the normenkader.
norm = {norm}
# critical (kritische afwijking), non-critical (niet-kritische afwijking),
# remark (opmerking).
class = {class}
# What the team saw, in full sentences.
summary = {summary}
# Why this class: the consideration the team made (afweging); needed for
# critical and non-critical findings.
# rationale = """
# TODO
# """
# Context factors weighed (contextfactoren), e.g. ["staff-shortage", "causal-analysis"].
context = []
"#,
        id_quoted = quote(id),
        norm = quote(norm),
        class = quote(class),
        summary = quote(summary.unwrap_or("TODO")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_lists_match_the_record_types() {
        use serde::Deserialize;
        use serde::de::value::{Error, StrDeserializer};
        fn all<'de, T: Deserialize<'de>>(values: &[&'de str]) {
            for v in values {
                T::deserialize(StrDeserializer::<Error>::new(v)).unwrap();
            }
        }
        all::<crate::model::Role>(&ROLES);
        all::<crate::model::Measure>(&MEASURES);
        all::<crate::model::AuditKind>(&AUDIT_KINDS);
        all::<crate::model::Class>(&CLASSES);
        all::<crate::model::Outcome>(&OUTCOMES);
        let schema = crate::load::Kind::Decision.json_schema().to_string();
        for o in OUTCOMES {
            assert!(schema.contains(&format!("\"{o}\"")), "{o}");
        }
    }

    #[test]
    fn next_finding_id_never_reuses_one() {
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(next_finding_id(&[]).unwrap(), "f1");
        assert_eq!(next_finding_id(&ids(&["f1", "f2"])).unwrap(), "f3");
        assert_eq!(next_finding_id(&ids(&["f1", "f3"])).unwrap(), "f4");
        assert_eq!(next_finding_id(&ids(&["risk", "f2"])).unwrap(), "f3");
        assert_eq!(next_finding_id(&ids(&["f18446744073709551615"])), None);
    }

    #[test]
    fn kind_from_the_id() {
        assert_eq!(
            kind_from(None, "2025-05-initial", &AUDIT_KINDS, "--kind", "").unwrap(),
            "initial"
        );
        assert_eq!(
            kind_from(None, "2026-07-14-reinstate", &OUTCOMES, "--outcome", "").unwrap(),
            "reinstate"
        );
        assert!(kind_from(None, "2025-05", &AUDIT_KINDS, "--kind", "").is_err());
        assert_eq!(name_from_id("anna-jansen"), "Anna Jansen");
    }

    #[test]
    fn a_finding_goes_after_the_last_finding_and_keeps_the_file() {
        let audit = "# The audit.\nkind = \"control\" # kind\ndays = [2025-05-08]\n\n[[finding]]\nid = \"f1\"   # first\nnorm = \"4.2\"\nclass = \"remark\"\nsummary = \"s\"\n\n[finding.plan]\nreceived = 2025-06-01\n\n# Follow-ups.\n[[follow_up]]\nfinding = \"a/f1\"";
        let (text, id) = add_finding(audit, "4.3", "critical", None).unwrap();
        assert_eq!(id, "f2");
        let plan = text.find("received = 2025-06-01").unwrap();
        let new = text.find("id = \"f2\"").unwrap();
        let follow = text.find("# Follow-ups.").unwrap();
        assert!(plan < new && new < follow, "{text}");
        // The original text is untouched around the insertion.
        let inserted_from = text.find("\n# Finding f2").unwrap();
        let inserted_to = text.find("context = []\n").unwrap() + "context = []\n".len();
        let rest = format!("{}{}", &text[..inserted_from], &text[inserted_to..]);
        assert_eq!(rest.trim_end(), audit, "{text}");
    }

    #[test]
    fn a_first_finding_goes_before_the_follow_ups() {
        let audit =
            "kind = \"control\"\ndays = [2025-05-08]\n\n[[follow_up]]\nfinding = \"a/f1\"\n";
        let (text, id) = add_finding(audit, "4.3", "remark", Some("s \"q\"")).unwrap();
        assert_eq!(id, "f1");
        assert!(
            text.find("[[finding]]").unwrap() < text.find("[[follow_up]]").unwrap(),
            "{text}"
        );
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(parsed["finding"][0]["summary"].as_str(), Some("s \"q\""));
        let inline = "kind = \"control\"\nfinding = []\n";
        assert!(add_finding(inline, "4.3", "remark", None).is_err());
        assert!(add_finding("kind = ", "4.3", "remark", None).is_err());
    }
}

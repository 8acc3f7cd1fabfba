//! `kmi import FILE.xlsx|FILE.csv [--dry-run]`: a workbook or CSV file of
//! `kmi export`, edited, read back into the records (docs/spreadsheets.md).
//!
//! - Each row's editable cells are compared with what an export as of the
//!   row's date (hidden column) shows; only cells that differ are changes.
//!   So an unchanged export changes nothing, and a value the export did not
//!   show is never touched.
//! - A row without a key in the findings or follow-ups sheet adds a
//!   `[[finding]]` (with the next free id) or a `[[follow_up]]` to its
//!   audit, unless the audit has that very one already (so importing the
//!   same file twice adds it once).
//! - Every cell is checked before anything is written; a bad cell stops the
//!   import (exit 2) with its place (`findings!F7`) and the fix.
//! - The edit is judged by the history rules of `kmi check --since`, as if
//!   committed; what they refuse is not written (exit 1).
//! - All files are written as one change under one lock (`write::edit_many`);
//!   afterwards the rules of `kmi check` run and what is wrong is printed.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::PathBuf;

use toml_edit::{DocumentMut, Item};

use crate::clock::Date;
use crate::diag::{Severity, did_you_mean};
use crate::dossier::Dossier;
use crate::facts::Facts;
use crate::i18n::Lang;
use crate::model::{is_id, is_norm_id};
use crate::session::{Outcome, RunError, Session};
use crate::sheets::read::{Raw, RawSheet};
use crate::sheets::{self, Column, KEY, Role, SheetDef, SheetId, Ty};
use crate::trace::Names;

crate::formats! {
    /// What this command prints: the change, and what `kmi check` finds after it.
    pub enum Out {
        Human,
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workbook (.xlsx) or CSV file to read: an export of `kmi export`, edited.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Show what would change, and write nothing (proefdraaien).
    #[arg(long)]
    pub dry_run: bool,
}

/// A value read from a cell, checked.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    None,
    Str(String),
    Date(Date),
    Bool(bool),
    List(Vec<String>),
    Dates(Vec<Date>),
}

/// An editable cell of a row.
#[derive(Clone, Debug)]
struct CellIn {
    col: &'static Column,
    at: String,
    val: Val,
    canonical: String,
}

/// The record a row is about.
#[derive(Clone, Debug)]
enum Target {
    Institution(String),
    Audit(String, String),
    Finding(String, String, String),
    /// The n-th `[[follow_up]]` (from 1) of an audit, and the finding it follows up.
    FollowUp(String, String, usize, String),
    Decision(String, String),
    Person(String),
}

impl Target {
    fn rel(&self) -> String {
        match self {
            Target::Institution(i) => format!("institutions/{i}/institution.toml"),
            Target::Audit(i, a) | Target::Finding(i, a, _) | Target::FollowUp(i, a, _, _) => {
                format!("institutions/{i}/audits/{a}.toml")
            }
            Target::Decision(i, d) => format!("institutions/{i}/decisions/{d}.toml"),
            Target::Person(p) => format!("people/{p}.toml"),
        }
    }
}

/// What one row asks for.
#[derive(Debug)]
enum Edit {
    /// Set the changed cells of an existing record.
    Set { target: Target, cells: Vec<CellIn> },
    /// A new `[[finding]]` in an audit.
    NewFinding {
        audit: String,
        cells: Vec<CellIn>,
        at: String,
    },
    /// A new `[[follow_up]]` in an audit.
    NewFollowUp {
        finding: String,
        cells: Vec<CellIn>,
        at: String,
    },
}

/// Bad cells, each with its place and fix.
#[derive(Default)]
struct Problems {
    en: Vec<String>,
    nl: Vec<String>,
}

impl Problems {
    fn add(&mut self, en: String, nl: String) {
        self.en.push(en);
        self.nl.push(nl);
    }
}

pub fn run(s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    if s.rev().is_some() {
        return Err(RunError::said(
            "`kmi import` writes the working tree: --rev does not apply",
            "`kmi import` schrijft in de werkmap: --rev geldt hier niet",
        ));
    }
    let read = sheets::read::read(&args.file).map_err(|e| RunError::said(e.en, e.nl))?;
    let dossier = s.load()?;
    let today = s.as_of(&dossier);
    let mut problems = Problems::default();
    let mut rows = Vec::new();
    for raw in &read {
        read_sheet(raw, &dossier, &mut rows, &mut problems, s.lang);
    }
    // The views the rows were exported from, one per as-of date.
    let mut views: BTreeMap<Date, Vec<sheets::Table>> = BTreeMap::new();
    for r in &rows {
        let d = r.as_of.unwrap_or(today);
        if let std::collections::btree_map::Entry::Vacant(e) = views.entry(d) {
            let mut view = s.load()?;
            crate::asof::restrict(&mut view, d);
            let facts = Facts::build(&view, d);
            let tables = sheets::build(
                &view,
                &facts,
                &sheets::Options {
                    institution: None,
                    names: Names::Full,
                    lang: s.lang,
                },
            );
            e.insert(tables);
        }
    }
    // Each sheet's rows by key, once per view.
    let indexes: BTreeMap<(Date, SheetId), Index<'_>> = views
        .iter()
        .flat_map(|(d, tables)| tables.iter().map(move |t| ((*d, t.def.id), (t, t.index()))))
        .collect();
    let mut edits: Vec<Edit> = Vec::new();
    for r in rows {
        let d = r.as_of.unwrap_or(today);
        let index = indexes.get(&(d, r.def.id));
        if let Some(edit) = compare(r, index, &dossier, d, &mut problems) {
            edits.push(edit);
        }
    }
    if !problems.en.is_empty() {
        let n = problems.en.len();
        let lines = match s.lang {
            Lang::En => &problems.en,
            Lang::Nl => &problems.nl,
        };
        for line in lines {
            eprintln!("{}", crate::render::escape(line));
        }
        return Err(RunError::said(
            format!(
                "{} cannot be imported ({n} problem{}, above); nothing was written",
                args.file.display(),
                if n == 1 { "" } else { "s" },
            ),
            format!(
                "{} kan niet worden ingelezen ({n} probleem{}, hierboven); er is niets geschreven",
                args.file.display(),
                if n == 1 { "" } else { "en" },
            ),
        ));
    }

    // By file, in the order of the rows.
    let mut by_file: BTreeMap<String, Vec<Edit>> = BTreeMap::new();
    for e in edits {
        let rel = match &e {
            Edit::Set { target, .. } => target.rel(),
            Edit::NewFinding { audit, .. } | Edit::NewFollowUp { finding: audit, .. } => {
                audit.clone()
            }
        };
        by_file.entry(rel).or_default().push(e);
    }
    let rels: Vec<String> = by_file.keys().cloned().collect();
    let lang = s.lang;
    let dry_run = args.dry_run;
    let result = crate::write::edit_many(&dossier.root, &rels, |texts| {
        let mut edited = BTreeMap::new();
        let mut notes = Vec::new();
        for (rel, edits) in &by_file {
            let text = &texts[rel];
            let new = apply(rel, text, edits, &mut notes, lang)?;
            edited.insert(rel.clone(), new);
        }
        let mut changes = Vec::new();
        for (rel, new) in &edited {
            let old = &texts[rel];
            if old != new {
                changes.push((
                    rel.clone(),
                    crate::recdiff::parse(old.as_bytes()).ok(),
                    crate::recdiff::parse(new.as_bytes()).ok(),
                ));
            }
        }
        let since = crate::git::Rev {
            name: lang
                .pick("the start of this import", "de bestanden vóór deze import")
                .to_owned(),
            commit: git2::Oid::ZERO_SHA1,
        };
        let history = crate::history::History::of_edit(&dossier, since, changes.clone(), today);
        let mut judged = crate::rules::run_history(&dossier, &history);
        judged = crate::rules::finish(&dossier, judged, Some(&history));
        for d in &mut judged {
            d.localize(lang);
        }
        let refused = judged.iter().any(|d| d.severity == Severity::Error);
        let report = Report {
            changes,
            notes,
            judged,
            refused,
        };
        let write = if refused || dry_run {
            BTreeMap::new()
        } else {
            edited
        };
        Ok::<_, RunError>((write, report))
    })?;

    print_changes(out, &result, lang)?;
    let base = std::env::current_dir()
        .map(|cwd| crate::render::display_base(&dossier.root, &cwd))
        .unwrap_or_default();
    if !result.judged.is_empty() {
        let summary = crate::render::Summary::of(&result.judged, dossier.files.len());
        out.write_all(
            crate::render::human::render(&dossier, &result.judged, summary, lang, &base).as_bytes(),
        )?;
    }
    if result.refused {
        writeln!(
            out,
            "{}",
            lang.pick(
                "refused: this import would rewrite history (see above), and nothing was written. Put the cells back as exported, and record what happened since as a follow-up instead: a new row in the follow-ups sheet (a later audit's follow-up with closed, reclassify and reason), or a [[follow_up]] in that audit's file.",
                "geweigerd: deze import zou de geschiedenis herschrijven (zie boven), en er is niets geschreven. Zet de cellen terug zoals geëxporteerd, en leg wat er sindsdien gebeurde vast als opvolging: een nieuwe rij op het blad opvolgingen (een opvolging in een latere audit, met closed, reclassify en reason), of een [[follow_up]] in het bestand van die audit."
            )
        )?;
        return Ok(Outcome::Problems);
    }
    if dry_run || result.changes.is_empty() {
        return Ok(Outcome::Clean);
    }
    // What is wrong now, as `kmi check` says it.
    let mut now = s.load()?;
    crate::asof::restrict(&mut now, today);
    let facts = Facts::build(&now, today);
    let mut diags = crate::rules::check(&now, &facts);
    for d in &mut diags {
        d.localize(lang);
    }
    writeln!(
        out,
        "\n{}",
        lang.pick("kmi check, after the import:", "kmi check, na de import:")
    )?;
    let summary = crate::render::Summary::of(&diags, now.files.len());
    out.write_all(crate::render::human::render(&now, &diags, summary, lang, &base).as_bytes())?;
    Ok(Outcome::Clean)
}

/// What the import did or would do.
struct Report {
    /// Per changed file: its table before and after.
    changes: Vec<(String, Option<toml::Table>, Option<toml::Table>)>,
    /// Rows that needed nothing (a new finding that is there already).
    notes: Vec<(String, String)>,
    /// The history rules' diagnostics on the change.
    judged: Vec<crate::diag::Diagnostic>,
    refused: bool,
}

fn print_changes(out: &mut dyn Write, r: &Report, lang: Lang) -> std::io::Result<()> {
    for (en, nl) in &r.notes {
        writeln!(out, "{}", lang.pick(en, nl))?;
    }
    for (rel, old, new) in &r.changes {
        writeln!(out, "{rel}")?;
        let (Some(old), Some(new)) = (old, new) else {
            continue;
        };
        for c in crate::recdiff::diff(old, new) {
            let show = |v: &Option<toml::Value>| {
                v.as_ref().map_or_else(
                    || lang.pick("absent", "afwezig").to_owned(),
                    |v| crate::recdiff::show(v, 60),
                )
            };
            writeln!(out, "  {}: {} → {}", c.path, show(&c.old), show(&c.new))?;
        }
    }
    let n = r.changes.len();
    let said = match (lang, n, r.refused) {
        (_, _, true) => return Ok(()),
        (Lang::En, 0, _) => "no change: every row is as in the dossier".to_owned(),
        (Lang::Nl, 0, _) => "geen wijziging: elke rij is zoals in het dossier".to_owned(),
        (Lang::En, n, _) => format!("{n} file{} changed", if n == 1 { "" } else { "s" }),
        (Lang::Nl, 1, _) => "1 bestand gewijzigd".to_owned(),
        (Lang::Nl, n, _) => format!("{n} bestanden gewijzigd"),
    };
    writeln!(out, "{said}")
}

// ---------------------------------------------------------------- reading

/// One row of a sheet, read and checked.
struct RowIn {
    def: &'static SheetDef,
    sheet: String,
    row: usize,
    key: Option<(String, String)>,
    as_of: Option<Date>,
    /// The record-naming columns as written: id → (cell, text).
    names: HashMap<&'static str, (String, String)>,
    cells: Vec<CellIn>,
}

/// The sheet a read sheet is: by its name (English or Dutch), else by its
/// header row (a CSV file named otherwise).
fn which_sheet(raw: &RawSheet) -> Option<&'static SheetDef> {
    if let Some(d) = sheets::SHEETS.iter().find(|d| d.is_named(&raw.name)) {
        return Some(d);
    }
    let headers: Vec<String> = raw
        .rows
        .first()?
        .iter()
        .filter_map(|c| match c {
            Raw::Text(s) if !s.trim().is_empty() => Some(s.clone()),
            _ => None,
        })
        .collect();
    sheets::SHEETS.iter().find(|d| {
        d.id != SheetId::Deadlines
            && headers
                .iter()
                .all(|h| d.columns.iter().any(|c| c.is_named(h)))
            && d.columns
                .iter()
                .filter(|c| c.role == Role::Key)
                .all(|c| headers.iter().any(|h| c.is_named(h)))
    })
}

fn read_sheet(
    raw: &RawSheet,
    dossier: &Dossier,
    rows: &mut Vec<RowIn>,
    problems: &mut Problems,
    lang: Lang,
) {
    let Some(def) = which_sheet(raw) else {
        problems.add(
            format!(
                "sheet `{}` is not one of kmi's ({}): rename it, or for a CSV file name it after its sheet (findings.csv)",
                raw.name,
                sheet_names(Lang::En)
            ),
            format!(
                "blad `{}` is er geen van kmi ({}): hernoem het, of noem een CSV-bestand naar zijn blad (bevindingen.csv)",
                raw.name,
                sheet_names(Lang::Nl)
            ),
        );
        return;
    };
    let _ = lang;
    if def.id == SheetId::Deadlines || raw.rows.is_empty() {
        return; // computed only: nothing to read back
    }
    let name = &raw.name;
    // The header row: each cell a column of the sheet, none twice.
    let mut columns: Vec<Option<&'static Column>> = Vec::new();
    for (c, cell) in raw.rows[0].iter().enumerate() {
        let at = sheets::cell_ref(name, 0, c);
        let text = match cell {
            Raw::Text(s) => s.trim().to_owned(),
            Raw::Empty => {
                columns.push(None);
                continue;
            }
            other => format!("{other:?}"),
        };
        if text.is_empty() {
            columns.push(None);
            continue;
        }
        match def.columns.iter().find(|col| col.is_named(&text)) {
            Some(col) if columns.iter().flatten().any(|x| x.id == col.id) => {
                problems.add(
                    format!("{at}: the column `{text}` is there twice; delete one"),
                    format!("{at}: de kolom `{text}` staat er twee keer; verwijder er een"),
                );
                columns.push(None);
            }
            Some(col) => columns.push(Some(col)),
            None => {
                let all = def.columns.iter().flat_map(|c| [c.en, c.nl]);
                let hint = did_you_mean(&text, all)
                    .map(|m| format!(" (did you mean `{m}`?)"))
                    .unwrap_or_default();
                let hint_nl = hint.replace("did you mean", "bedoel je");
                problems.add(
                    format!("{at}: `{text}` is not a column of the {} sheet{hint}; use the headers of an export", def.en),
                    format!("{at}: `{text}` is geen kolom van het blad {}{hint_nl}; gebruik de kopjes van een export", def.nl),
                );
                columns.push(None);
            }
        }
    }
    let key_col = columns.iter().position(|c| c.is_some_and(|c| c.id == KEY));
    if key_col.is_none() {
        problems.add(
            format!(
                "{name}: the column `key` is missing (hidden in the workbook, last in a CSV file); it names each row's record: start from an export"
            ),
            format!(
                "{name}: de kolom `sleutel` ontbreekt (verborgen in de werkmap, laatste in een CSV-bestand); zij noemt het record van elke rij: begin bij een export"
            ),
        );
        return;
    }
    for (r, cells) in raw.rows.iter().enumerate().skip(1) {
        if cells.iter().all(Raw::is_empty) {
            continue;
        }
        let mut row = RowIn {
            def,
            sheet: name.clone(),
            row: r,
            key: None,
            as_of: None,
            names: HashMap::new(),
            cells: Vec::new(),
        };
        for (c, col) in columns.iter().enumerate() {
            let Some(col) = col else { continue };
            let cell = cells.get(c).unwrap_or(&Raw::Empty);
            let at = sheets::cell_ref(name, r, c);
            match col.role {
                Role::Computed => {}
                Role::Hidden if col.id == KEY => {
                    let text = as_text(cell);
                    if !text.is_empty() {
                        row.key = Some((at, text));
                    }
                }
                Role::Hidden => match parse(cell, Ty::Date, dossier) {
                    Ok(Val::Date(d)) => row.as_of = Some(d),
                    Ok(_) => {}
                    Err((en, nl)) => problems.add(format!("{at}: {en}"), format!("{at}: {nl}")),
                },
                Role::Key => {
                    row.names.insert(col.id, (at, as_text(cell)));
                }
                Role::Edit => match parse(cell, col.ty, dossier) {
                    Ok(val) => {
                        let canonical = canonical(&val);
                        row.cells.push(CellIn {
                            col,
                            at,
                            val,
                            canonical,
                        });
                    }
                    Err((en, nl)) => problems.add(format!("{at}: {en}"), format!("{at}: {nl}")),
                },
            }
        }
        rows.push(row);
    }
}

fn sheet_names(lang: Lang) -> String {
    sheets::SHEETS
        .iter()
        .map(|s| s.name(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

fn as_text(cell: &Raw) -> String {
    match cell {
        Raw::Empty => String::new(),
        Raw::Text(s) => s.trim().to_owned(),
        Raw::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Raw::Number(n) => n.to_string(),
        Raw::Bool(b) => b.to_string(),
        Raw::Date(d) => d.to_string(),
        Raw::Bad(s) => s.clone(),
    }
}

/// The text of a value as an export shows it.
fn canonical(v: &Val) -> String {
    match v {
        Val::None => String::new(),
        Val::Str(s) => s.trim().to_owned(),
        Val::Date(d) => d.to_string(),
        Val::Bool(b) => b.to_string(),
        Val::List(l) => l.join(", "),
        Val::Dates(l) => l.iter().map(Date::to_string).collect::<Vec<_>>().join(", "),
    }
}

type Bad = (String, String);

fn bad_date(text: &str) -> Bad {
    (
        format!("`{text}` is not a date: write YYYY-MM-DD (a day that exists), or use a date cell"),
        format!(
            "`{text}` is geen datum: schrijf JJJJ-MM-DD (een dag die bestaat), of gebruik een datumcel"
        ),
    )
}

fn one_of(text: &str, what: (&str, &str), allowed: &[&str]) -> Bad {
    let hint = did_you_mean(text, allowed.iter().copied())
        .map(|m| format!("`{m}`"))
        .unwrap_or_else(|| allowed.join(", "));
    (
        format!(
            "`{text}` is not a {}; did you mean {hint}? (one of {})",
            what.0,
            allowed.join(", ")
        ),
        format!(
            "`{text}` is geen {}; bedoel je {hint}? (een van {})",
            what.1,
            allowed.join(", ")
        ),
    )
}

fn parse_date(cell: &Raw) -> Result<Option<Date>, Bad> {
    match cell {
        Raw::Empty => Ok(None),
        Raw::Date(d) => Ok(Some(*d)),
        Raw::Number(n) => sheets::read::serial_date(*n)
            .map(Some)
            .ok_or_else(|| bad_date(&n.to_string())),
        Raw::Text(s) if s.trim().is_empty() => Ok(None),
        Raw::Text(s) => Date::parse(s.trim())
            .map(Some)
            .ok_or_else(|| bad_date(s.trim())),
        Raw::Bool(b) => Err(bad_date(&b.to_string())),
        Raw::Bad(s) => Err(bad_date(s)),
    }
}

/// The comma-separated items of a cell.
fn items(cell: &Raw) -> Vec<String> {
    as_text(cell)
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn person(id: &str, dossier: &Dossier) -> Result<(), Bad> {
    if dossier.people.contains_key(id) || dossier.unreadable_people.contains(id) {
        return Ok(());
    }
    let hint = did_you_mean(id, dossier.people.keys().map(String::as_str))
        .map(|m| format!(" (did you mean `{m}`?)"))
        .unwrap_or_default();
    Err((
        format!(
            "`{id}` is not a person of the dossier{hint}; add people/{id}.toml first (`kmi new person`), or correct the id"
        ),
        format!(
            "`{id}` is geen persoon van het dossier{}; voeg eerst people/{id}.toml toe (`kmi new person`), of verbeter de id",
            hint.replace("did you mean", "bedoel je")
        ),
    ))
}

/// A cell read as a value of type `ty`, checked against the dossier.
fn parse(cell: &Raw, ty: Ty, dossier: &Dossier) -> Result<Val, Bad> {
    use crate::commands::new::{AUDIT_KINDS, CLASSES, MEASURES, OUTCOMES, ROLES};
    let text = as_text(cell);
    if cell.is_empty() {
        return Ok(match ty {
            Ty::Persons | Ty::Roles | Ty::Measures | Ty::Context | Ty::Audits => Val::List(vec![]),
            Ty::Dates => Val::Dates(vec![]),
            _ => Val::None,
        });
    }
    let choice = |allowed: &[&str], what: (&str, &str)| {
        if allowed.contains(&text.as_str()) {
            Ok(Val::Str(text.clone()))
        } else {
            Err(one_of(&text, what, allowed))
        }
    };
    let list = |allowed: &[&str], what: (&str, &str)| -> Result<Val, Bad> {
        let items = items(cell);
        for i in &items {
            if !allowed.contains(&i.as_str()) {
                return Err(one_of(i, what, allowed));
            }
        }
        Ok(Val::List(items))
    };
    match ty {
        Ty::Text => Ok(Val::Str(match cell {
            Raw::Text(s) => s.trim().to_owned(),
            _ => text,
        })),
        Ty::Date => Ok(parse_date(cell)?.map_or(Val::None, Val::Date)),
        Ty::Bool => match cell {
            Raw::Bool(b) => Ok(Val::Bool(*b)),
            _ => match text.to_lowercase().as_str() {
                "true" | "yes" | "ja" | "waar" | "1" | "x" => Ok(Val::Bool(true)),
                "false" | "no" | "nee" | "onwaar" | "0" => Ok(Val::Bool(false)),
                _ => Err((
                    format!("`{text}` is not true or false"),
                    format!("`{text}` is geen true (waar) of false (onwaar)"),
                )),
            },
        },
        Ty::Int => Ok(Val::Str(text)),
        Ty::Person => person(&text, dossier).map(|()| Val::Str(text)),
        Ty::Persons => {
            let items = items(cell);
            for p in &items {
                person(p, dossier)?;
            }
            Ok(Val::List(items))
        }
        Ty::Dates => {
            let mut out = Vec::new();
            for i in items(cell) {
                out.push(Date::parse(&i).ok_or_else(|| bad_date(&i))?);
            }
            Ok(Val::Dates(out))
        }
        Ty::Class => choice(&CLASSES, ("class", "classificatie")),
        Ty::AuditKind => choice(&AUDIT_KINDS, ("kind of audit", "soort audit")),
        Ty::Outcome => choice(&OUTCOMES, ("decision outcome", "besluituitkomst")),
        Ty::Roles => list(&ROLES, ("role", "rol")),
        Ty::Measures => list(&MEASURES, ("measure", "maatregel")),
        Ty::Norm => {
            if is_norm_id(&text) {
                Ok(Val::Str(text))
            } else {
                Err((
                    format!("`{text}` is not a norm id like 4.2 or D.5.3"),
                    format!("`{text}` is geen norm-id zoals 4.2 of D.5.3"),
                ))
            }
        }
        Ty::Context | Ty::Audits => {
            let items = items(cell);
            for i in &items {
                if !is_id(i) {
                    return Err((
                        format!("`{i}` is not an id (lowercase letters, digits and -)"),
                        format!("`{i}` is geen id (kleine letters, cijfers en -)"),
                    ));
                }
            }
            Ok(Val::List(items))
        }
        Ty::FindingRef => Ok(Val::Str(text)),
    }
}

/// The keys a record cannot be without.
fn required(sheet: SheetId, col: &str) -> bool {
    matches!(
        (sheet, col),
        (SheetId::Institutions, "name")
            | (SheetId::Audits, "kind" | "days" | "lead")
            | (SheetId::Findings, "norm" | "class" | "summary")
            | (SheetId::Decisions, "date" | "outcome" | "by")
            | (SheetId::People, "name")
    )
}

fn is_empty(v: &Val) -> bool {
    match v {
        Val::None => true,
        Val::Str(s) => s.is_empty(),
        Val::List(l) => l.is_empty(),
        Val::Dates(l) => l.is_empty(),
        _ => false,
    }
}

// -------------------------------------------------------------- comparing

/// The edit a row asks for, compared with the row of the view it was
/// exported from; none when nothing changed. Problems go to `problems`.
/// A sheet of a view, and its rows by key.
type Index<'v> = (&'v sheets::Table, HashMap<String, &'v Vec<sheets::Cell>>);

fn compare(
    r: RowIn,
    index: Option<&Index<'_>>,
    dossier: &Dossier,
    as_of: Date,
    problems: &mut Problems,
) -> Option<Edit> {
    let def = r.def;
    for c in &r.cells {
        if required(def.id, c.col.id) && is_empty(&c.val) {
            problems.add(
                format!("{}: {} cannot be empty; fill it in", c.at, c.col.en),
                format!("{}: {} mag niet leeg zijn; vul het in", c.at, c.col.nl),
            );
        }
    }
    let Some((key_at, key)) = &r.key else {
        return new_row(r, dossier, problems);
    };
    let (table, index) = index?;
    let Some(base) = index.get(key.as_str()) else {
        problems.add(
            format!(
                "{key_at}: the record of this row ({key}) is not in the dossier as of {as_of}: it was deleted or renamed since the export; delete the row, or export again"
            ),
            format!(
                "{key_at}: het record van deze rij ({key}) staat niet in het dossier per {as_of}: het is na de export verwijderd of hernoemd; verwijder de rij, of exporteer opnieuw"
            ),
        );
        return None;
    };
    let base_of = |id: &str| -> String {
        table
            .columns
            .iter()
            .position(|c| c.id == id)
            .map_or_else(String::new, |i| base[i].canonical())
    };
    for (id, (at, text)) in &r.names {
        if *text != base_of(id) {
            let col = def.column(id);
            problems.add(
                format!(
                    "{at}: {} `{text}` differs from the record's `{}`: this column names the record and cannot be changed; put it back (a new record is a new row, without a key)",
                    col.en,
                    base_of(id)
                ),
                format!(
                    "{at}: {} `{text}` wijkt af van `{}` van het record: deze kolom noemt het record en kan niet veranderen; zet haar terug (een nieuw record is een nieuwe rij, zonder sleutel)",
                    col.nl,
                    base_of(id)
                ),
            );
        }
    }
    let mut changed: Vec<CellIn> = r
        .cells
        .into_iter()
        .filter(|c| c.canonical != base_of(c.col.id))
        .collect();
    // A VOG or expertise date after the as-of date was not in the export:
    // it stays.
    if def.id == SheetId::People
        && let Some(p) = dossier.people.get(key.as_str())
    {
        for c in &mut changed {
            let later: &Vec<Date> = match c.col.id {
                "vog" => &p.data.vog,
                "expertise" => &p.data.expertise,
                _ => continue,
            };
            if let Val::Dates(dates) = &mut c.val {
                dates.extend(later.iter().filter(|d| **d > as_of));
            }
        }
    }
    // A plan is accepted only after it is received.
    if def.id == SheetId::Findings {
        let now = |id: &str| {
            changed
                .iter()
                .find(|c| c.col.id == id)
                .map_or_else(|| base_of(id), |c| c.canonical.clone())
        };
        if now("plan.received").is_empty()
            && !now("plan.accepted").is_empty()
            && let Some(c) = changed
                .iter()
                .find(|c| c.col.id == "plan.received" || c.col.id == "plan.accepted")
        {
            problems.add(
                format!(
                    "{}: a plan accepted must have a plan received date; fill in plan received",
                    c.at
                ),
                format!(
                    "{}: een goedgekeurd plan heeft een ontvangstdatum; vul plan ontvangen in",
                    c.at
                ),
            );
        }
    }
    if changed.is_empty() {
        return None;
    }
    let target = target_of(def.id, key, base, table)?;
    Some(Edit::Set {
        target,
        cells: changed,
    })
}

/// The record a key names (`jbn/2024-11-recertification/f1`, `…#2` for
/// a follow-up).
fn target_of(
    sheet: SheetId,
    key: &str,
    base: &[sheets::Cell],
    table: &sheets::Table,
) -> Option<Target> {
    let parts: Vec<&str> = key.split('/').collect();
    Some(match (sheet, parts.as_slice()) {
        (SheetId::Institutions, [i]) => Target::Institution((*i).to_owned()),
        (SheetId::Audits, [i, a]) => Target::Audit((*i).to_owned(), (*a).to_owned()),
        (SheetId::Findings, [i, a, f]) => {
            Target::Finding((*i).to_owned(), (*a).to_owned(), (*f).to_owned())
        }
        (SheetId::FollowUps, [i, rest]) => {
            let (a, n) = rest.split_once('#')?;
            let finding = table
                .columns
                .iter()
                .position(|c| c.id == "finding")
                .map(|i| base[i].canonical())?;
            Target::FollowUp((*i).to_owned(), a.to_owned(), n.parse().ok()?, finding)
        }
        (SheetId::Decisions, [i, d]) => Target::Decision((*i).to_owned(), (*d).to_owned()),
        (SheetId::People, [p]) => Target::Person((*p).to_owned()),
        _ => return None,
    })
}

/// A row without a key: a new finding or follow-up of an existing audit.
fn new_row(r: RowIn, dossier: &Dossier, problems: &mut Problems) -> Option<Edit> {
    let first = r
        .names
        .values()
        .map(|(at, _)| at.clone())
        .min()
        .unwrap_or_else(|| sheets::cell_ref(&r.sheet, r.row, 0));
    let name = |id: &str| r.names.get(id).map(|(at, t)| (at.clone(), t.clone()));
    if !matches!(r.def.id, SheetId::Findings | SheetId::FollowUps) {
        problems.add(
            format!(
                "{first}: a row without a key adds a record, and only findings and follow-ups can be added by import; for a new {} use `kmi new`",
                r.def.en
            ),
            format!(
                "{first}: een rij zonder sleutel voegt een record toe, en alleen bevindingen en opvolgingen kunnen zo worden toegevoegd; gebruik voor een nieuw(e) {} `kmi new`",
                r.def.nl
            ),
        );
        return None;
    }
    let (Some((inst_at, inst)), Some((audit_at, audit))) = (name("institution"), name("audit"))
    else {
        problems.add(
            format!("{first}: a new row needs its institution and audit"),
            format!("{first}: een nieuwe rij heeft haar instelling en audit nodig"),
        );
        return None;
    };
    let Some(files) = dossier.institutions.get(&inst) else {
        problems.add(
            format!("{inst_at}: no institution `{inst}` in the dossier"),
            format!("{inst_at}: geen instelling `{inst}` in het dossier"),
        );
        return None;
    };
    if !files.audits.contains_key(&audit) {
        let hint = did_you_mean(&audit, files.audits.keys().map(String::as_str))
            .map(|m| format!(" (did you mean `{m}`?)"))
            .unwrap_or_default();
        problems.add(
            format!("{audit_at}: no audit `{audit}` of {inst} in the dossier{hint}; a new audit is made with `kmi new audit`"),
            format!(
                "{audit_at}: geen audit `{audit}` van {inst} in het dossier{}; een nieuwe audit maakt u met `kmi new audit`",
                hint.replace("did you mean", "bedoel je")
            ),
        );
        return None;
    }
    let rel = format!("institutions/{inst}/audits/{audit}.toml");
    if r.def.id == SheetId::Findings {
        let at = sheets::cell_ref(&r.sheet, r.row, 0);
        for must in ["norm", "class", "summary"] {
            if !r
                .cells
                .iter()
                .any(|c| c.col.id == must && !is_empty(&c.val))
            {
                let col = r.def.column(must);
                problems.add(
                    format!("{}: a new finding needs its {}", at, col.en),
                    format!("{}: een nieuwe bevinding heeft een {} nodig", at, col.nl),
                );
                return None;
            }
        }
        return Some(Edit::NewFinding {
            audit: rel,
            cells: r.cells,
            at,
        });
    }
    let Some((finding_at, finding)) = name("finding") else {
        problems.add(
            format!("{first}: a new follow-up needs the finding it follows up (<audit>/<finding>)"),
            format!("{first}: een nieuwe opvolging heeft de bevinding nodig die zij opvolgt (<audit>/<bevinding>)"),
        );
        return None;
    };
    let known = crate::model::FindingRef::parse(&finding).is_some_and(|f| {
        files.audits.get(f.audit.as_str()).is_some_and(|a| {
            a.data
                .finding
                .iter()
                .any(|x| x.get_ref().id.get_ref() == &f.finding)
        })
    });
    if !known {
        problems.add(
            format!("{finding_at}: `{finding}` is not a finding of {inst} (write <audit>/<finding>, e.g. 2024-11-recertification/f1)"),
            format!("{finding_at}: `{finding}` is geen bevinding van {inst} (schrijf <audit>/<bevinding>, bijv. 2024-11-recertification/f1)"),
        );
        return None;
    }
    let mut cells = r.cells;
    cells.push(CellIn {
        col: r.def.column("finding"),
        at: finding_at.clone(),
        val: Val::Str(finding),
        canonical: String::new(),
    });
    Some(Edit::NewFollowUp {
        finding: rel,
        cells,
        at: finding_at,
    })
}

// --------------------------------------------------------------- applying

/// `text` of the file `rel` with `edits` applied, with toml_edit: every
/// comment and all formatting outside the values changed stay.
fn apply(
    rel: &str,
    text: &str,
    edits: &[Edit],
    notes: &mut Vec<(String, String)>,
    lang: Lang,
) -> Result<String, RunError> {
    let _ = lang;
    let gone = |what: String, nl: String| {
        RunError::said(
            format!("{rel} changed since it was read: {what}; nothing was written, import again"),
            format!(
                "{rel} is gewijzigd sinds het gelezen is: {nl}; er is niets geschreven, lees opnieuw in"
            ),
        )
    };
    let mut doc: DocumentMut = text.parse().map_err(|_| {
        gone(
            "it does not parse".into(),
            "het is geen geldige TOML".into(),
        )
    })?;
    for e in edits {
        let Edit::Set { target, cells } = e else {
            continue;
        };
        let table = match target {
            Target::Finding(_, _, f) => doc
                .get_mut("finding")
                .and_then(Item::as_array_of_tables_mut)
                .and_then(|a| {
                    a.iter_mut()
                        .find(|t| t.get("id").and_then(Item::as_str) == Some(f.as_str()))
                })
                .ok_or_else(|| {
                    gone(
                        format!("finding {f} is gone"),
                        format!("bevinding {f} is verdwenen"),
                    )
                })?,
            Target::FollowUp(_, _, n, finding) => doc
                .get_mut("follow_up")
                .and_then(Item::as_array_of_tables_mut)
                .and_then(|a| a.get_mut(n - 1))
                .filter(|t| t.get("finding").and_then(Item::as_str) == Some(finding.as_str()))
                .ok_or_else(|| {
                    gone(
                        format!("follow-up {n} of {finding} is gone"),
                        format!("opvolging {n} van {finding} is verdwenen"),
                    )
                })?,
            _ => doc.as_table_mut(),
        };
        for c in cells {
            set(table, c.col.id, &c.val);
        }
    }
    let mut text = doc.to_string();
    for e in edits {
        match e {
            Edit::NewFinding { cells, at, .. } => {
                let get = |id: &str| {
                    cells
                        .iter()
                        .find(|c| c.col.id == id)
                        .map_or(String::new(), |c| c.canonical.clone())
                };
                let (norm, class, summary) = (get("norm"), get("class"), get("summary"));
                let doc: DocumentMut = text.parse().expect("kmi's own edit parses");
                let there = doc
                    .get("finding")
                    .and_then(Item::as_array_of_tables)
                    .and_then(|a| {
                        a.iter().find(|t| {
                            let s = |k: &str| t.get(k).and_then(Item::as_str).map(str::trim);
                            s("norm") == Some(norm.as_str())
                                && s("class") == Some(class.as_str())
                                && s("summary") == Some(summary.as_str())
                        })
                    })
                    .and_then(|t| t.get("id").and_then(Item::as_str).map(str::to_owned));
                if let Some(id) = there {
                    notes.push((
                        format!("{at}: the new finding is in {rel} already, as {id}: not added again"),
                        format!("{at}: de nieuwe bevinding staat al in {rel}, als {id}: niet opnieuw toegevoegd"),
                    ));
                    continue;
                }
                let (added, id) =
                    crate::commands::new::add_finding(&text, &norm, &class, Some(&summary))
                        .map_err(|why| {
                            RunError::said(
                                format!("{at}: cannot add a finding to {rel}: {why}"),
                                format!("{at}: kan geen bevinding toevoegen aan {rel}: {why}"),
                            )
                        })?;
                let mut doc: DocumentMut = added.parse().expect("kmi's own edit parses");
                if let Some(t) = doc
                    .get_mut("finding")
                    .and_then(Item::as_array_of_tables_mut)
                    .and_then(|a| {
                        a.iter_mut()
                            .find(|t| t.get("id").and_then(Item::as_str) == Some(id.as_str()))
                    })
                {
                    for c in cells {
                        if !matches!(c.col.id, "norm" | "class" | "summary") && !is_empty(&c.val) {
                            set(t, c.col.id, &c.val);
                        }
                    }
                }
                text = doc.to_string();
            }
            Edit::NewFollowUp { cells, at, .. } => {
                let mut doc: DocumentMut = text.parse().expect("kmi's own edit parses");
                let mut table = toml_edit::Table::new();
                for id in [
                    "finding",
                    "implemented",
                    "effective",
                    "closed",
                    "note",
                    "reclassify",
                    "reason",
                ] {
                    if let Some(c) = cells.iter().find(|c| c.col.id == id)
                        && !is_empty(&c.val)
                        && c.val != Val::Bool(false)
                    {
                        set(&mut table, id, &c.val);
                    }
                }
                let same = |t: &toml_edit::Table| {
                    let keys = |t: &toml_edit::Table| -> Vec<(String, String)> {
                        let mut v: Vec<_> = t
                            .iter()
                            .filter(|(_, i)| i.as_bool() != Some(false))
                            .map(|(k, i)| (k.to_owned(), i.to_string().trim().to_owned()))
                            .collect();
                        v.sort();
                        v
                    };
                    keys(t) == keys(&table)
                };
                if doc
                    .get("follow_up")
                    .and_then(Item::as_array_of_tables)
                    .is_some_and(|a| a.iter().any(same))
                {
                    notes.push((
                        format!("{at}: the new follow-up is in {rel} already: not added again"),
                        format!(
                            "{at}: de nieuwe opvolging staat al in {rel}: niet opnieuw toegevoegd"
                        ),
                    ));
                    continue;
                }
                let last = crate::commands::new::last_position(doc.as_table()).unwrap_or(0);
                table.set_position(Some(last + 1));
                table.decor_mut().set_prefix("\n");
                match doc.get_mut("follow_up") {
                    Some(Item::ArrayOfTables(a)) => a.push(table),
                    _ => {
                        let mut a = toml_edit::ArrayOfTables::new();
                        a.push(table);
                        doc.insert("follow_up", Item::ArrayOfTables(a));
                    }
                }
                text = doc.to_string();
            }
            Edit::Set { .. } => {}
        }
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// The TOML value of a cell's value.
fn value(v: &Val) -> Option<toml_edit::Value> {
    let date = |d: &Date| {
        toml_edit::Value::from(toml_edit::Datetime {
            date: Some(toml_edit::Date {
                year: d.year() as u16,
                month: d.month() as u8,
                day: d.day() as u8,
            }),
            time: None,
            offset: None,
        })
    };
    Some(match v {
        Val::None => return None,
        Val::Str(s) => toml_edit::Value::from(s.as_str()),
        Val::Date(d) => date(d),
        Val::Bool(b) => toml_edit::Value::from(*b),
        Val::List(l) => toml_edit::Value::Array(l.iter().map(String::as_str).collect()),
        Val::Dates(l) => toml_edit::Value::Array(l.iter().map(date).collect()),
    })
}

/// Set the key path `id` (`plan.received`) of `table` to `v`, keeping the
/// comments around an existing value; an empty value removes the key.
fn set(table: &mut toml_edit::Table, id: &str, v: &Val) {
    if let Some((outer, inner)) = id.split_once('.') {
        if inner == "received" && is_empty(v) {
            table.remove(outer);
            return;
        }
        if !table.contains_key(outer) {
            if is_empty(v) {
                return;
            }
            let mut t = toml_edit::Table::new();
            t.set_implicit(false);
            table.insert(outer, Item::Table(t));
        }
        match table.get_mut(outer) {
            Some(Item::Table(t)) => set(t, inner, v),
            Some(Item::Value(toml_edit::Value::InlineTable(t))) => match value(v) {
                Some(new) => {
                    t.insert(inner, new);
                }
                None => {
                    t.remove(inner);
                }
            },
            _ => {}
        }
        return;
    }
    // Required lists stay, empty; other empty values go.
    let keep_empty = matches!(id, "experts" | "roles");
    let new = match value(v) {
        Some(toml_edit::Value::Array(a)) if a.is_empty() && !keep_empty => None,
        other => other,
    };
    match new {
        None => {
            table.remove(id);
        }
        Some(mut new) => match table.get_mut(id).and_then(Item::as_value_mut) {
            Some(old) => {
                *new.decor_mut() = old.decor().clone();
                *old = new;
            }
            None => {
                table.insert(id, toml_edit::value(new));
            }
        },
    }
}

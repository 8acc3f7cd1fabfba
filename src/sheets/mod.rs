//! The dossier as spreadsheet tables, for `kmi export` and `kmi import`
//! (docs/spreadsheets.md): one sheet per kind of record, and a sheet of
//! deadlines.
//!
//! Each sheet has three kinds of columns:
//! - the record's own keys (`Edit`): what an import writes back;
//! - columns that name the record (`Key`: institution, audit, finding id):
//!   read-only, except that a new finding or follow-up row fills them in;
//! - computed columns (`Computed`: plan due, status, …), taken from the
//!   facts every other report reads (`facts::obligations`, the finding
//!   facts): shown, never read back.
//!
//! Two hidden columns at the end carry what an import needs to find the row's
//! record again (`key`) and the as-of date the row was exported with
//! (`as-of`): an import compares each cell with what an export as of that
//! date shows (the same [`build`] here), so only the cells a person changed
//! count as a change, and importing an unchanged export changes nothing.

pub mod read;
pub mod xlsx;

use crate::clock::Date;
use crate::deadlines;
use crate::dossier::Dossier;
use crate::facts::Facts;

use crate::facts::obligations::{Kind, Standing};
use crate::i18n::Lang;
use crate::trace::Names;

/// The value type of a column, for the cell written and the value read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Text,
    Date,
    Bool,
    Int,
    /// A person id of the dossier.
    Person,
    /// Person ids, comma-separated.
    Persons,
    /// Dates, comma-separated.
    Dates,
    Class,
    AuditKind,
    Outcome,
    Roles,
    Measures,
    Norm,
    /// Context factors, comma-separated.
    Context,
    /// Audit ids of the same institution, comma-separated.
    Audits,
    /// `<audit>/<finding>`.
    FindingRef,
}

/// What a column is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Names the record; read-only, filled in only on a new row.
    Key,
    /// One of the record's own keys: an import writes it back.
    Edit,
    /// Computed from the facts: ignored on import.
    Computed,
    /// Hidden: what an import needs to find the row's record.
    Hidden,
}

#[derive(Debug)]
pub struct Column {
    /// The column's id; for an `Edit` column, the TOML key path, `.`-separated.
    pub id: &'static str,
    pub en: &'static str,
    pub nl: &'static str,
    pub ty: Ty,
    pub role: Role,
}

impl Column {
    pub fn header(&self, lang: Lang) -> &'static str {
        lang.pick(self.en, self.nl)
    }
    /// Whether a header cell names this column (English or Dutch, any case).
    pub fn is_named(&self, header: &str) -> bool {
        let h = header.trim();
        h.eq_ignore_ascii_case(self.en) || h.eq_ignore_ascii_case(self.nl)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SheetId {
    Institutions,
    Audits,
    Findings,
    FollowUps,
    Decisions,
    People,
    Deadlines,
}

#[derive(Debug)]
pub struct SheetDef {
    pub id: SheetId,
    pub en: &'static str,
    pub nl: &'static str,
    pub columns: &'static [Column],
}

impl SheetDef {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.en, self.nl)
    }
    pub fn is_named(&self, name: &str) -> bool {
        let n = name.trim();
        n.eq_ignore_ascii_case(self.en) || n.eq_ignore_ascii_case(self.nl)
    }
    pub fn column(&self, id: &str) -> &'static Column {
        self.columns
            .iter()
            .find(|c| c.id == id)
            .expect("a column of the sheet")
    }
}

const fn col(id: &'static str, en: &'static str, nl: &'static str, ty: Ty, role: Role) -> Column {
    Column {
        id,
        en,
        nl,
        ty,
        role,
    }
}

use Role::{Computed, Edit, Hidden, Key};

pub const KEY: &str = "key";
pub const AS_OF: &str = "as-of";

macro_rules! hidden {
    () => {
        [
            col(KEY, "key", "sleutel", Ty::Text, Hidden),
            col(AS_OF, "as of", "peildatum", Ty::Date, Hidden),
        ]
    };
}

const INSTITUTIONS: &[Column] = &{
    let [k, a] = hidden!();
    [
        col("institution", "institution", "instelling", Ty::Text, Key),
        col("name", "name", "naam", Ty::Text, Edit),
        col("region", "region", "regio", Ty::Text, Edit),
        col("measures", "measures", "maatregelen", Ty::Measures, Edit),
        col("applied", "applied", "aanvraag", Ty::Date, Edit),
        col(
            "certificate",
            "certificate",
            "certificaat",
            Ty::Text,
            Computed,
        ),
        col(
            "until",
            "certificate until",
            "certificaat tot en met",
            Ty::Date,
            Computed,
        ),
        col("suspended", "suspended", "geschorst", Ty::Bool, Computed),
        col(
            "open",
            "open findings",
            "open bevindingen",
            Ty::Int,
            Computed,
        ),
        k,
        a,
    ]
};

const AUDITS: &[Column] = &{
    let [k, a] = hidden!();
    [
        col("institution", "institution", "instelling", Ty::Text, Key),
        col("audit", "audit", "audit", Ty::Text, Key),
        col("kind", "kind", "soort", Ty::AuditKind, Edit),
        col("first", "first day", "eerste dag", Ty::Date, Computed),
        col("days", "days", "auditdagen", Ty::Dates, Edit),
        col("report", "report", "rapport", Ty::Date, Edit),
        col("lead", "lead", "hoofdauditor", Ty::Person, Edit),
        col("experts", "experts", "deskundigen", Ty::Persons, Edit),
        col("scope", "scope", "reikwijdte", Ty::Text, Edit),
        col("findings", "findings", "bevindingen", Ty::Int, Computed),
        k,
        a,
    ]
};

const FINDINGS: &[Column] = &{
    let [k, a] = hidden!();
    [
        col("institution", "institution", "instelling", Ty::Text, Key),
        col("audit", "audit", "audit", Ty::Text, Key),
        col("id", "finding", "bevinding", Ty::Text, Key),
        col("norm", "norm", "norm", Ty::Norm, Edit),
        col("class", "class", "classificatie", Ty::Class, Edit),
        col("summary", "summary", "samenvatting", Ty::Text, Edit),
        col("rationale", "rationale", "onderbouwing", Ty::Text, Edit),
        col("context", "context", "contextfactoren", Ty::Context, Edit),
        col(
            "plan.received",
            "plan received",
            "plan ontvangen",
            Ty::Date,
            Edit,
        ),
        col(
            "plan.accepted",
            "plan accepted",
            "plan goedgekeurd",
            Ty::Date,
            Edit,
        ),
        col(
            "class-now",
            "class now",
            "classificatie nu",
            Ty::Text,
            Computed,
        ),
        col("status", "status", "status", Ty::Text, Computed),
        col("closed-on", "closed on", "gesloten op", Ty::Date, Computed),
        col("plan-due", "plan due", "plan uiterlijk", Ty::Date, Computed),
        col("plan-standing", "plan", "plan", Ty::Text, Computed),
        col(
            "verification-due",
            "verification due",
            "verificatie uiterlijk",
            Ty::Date,
            Computed,
        ),
        col(
            "verification-standing",
            "verification",
            "verificatie",
            Ty::Text,
            Computed,
        ),
        k,
        a,
    ]
};

const FOLLOW_UPS: &[Column] = &{
    let [k, a] = hidden!();
    [
        col("institution", "institution", "instelling", Ty::Text, Key),
        col("audit", "audit", "audit", Ty::Text, Key),
        col("finding", "finding", "bevinding", Ty::FindingRef, Key),
        col(
            "implemented",
            "implemented",
            "geïmplementeerd",
            Ty::Bool,
            Edit,
        ),
        col("effective", "effective", "effectief", Ty::Bool, Edit),
        col("closed", "closed", "gesloten", Ty::Bool, Edit),
        col("note", "note", "toelichting", Ty::Text, Edit),
        col(
            "reclassify",
            "reclassify",
            "herclassificatie",
            Ty::Class,
            Edit,
        ),
        col("reason", "reason", "reden", Ty::Text, Edit),
        col("on", "takes effect", "gaat in op", Ty::Date, Computed),
        k,
        a,
    ]
};

const DECISIONS: &[Column] = &{
    let [k, a] = hidden!();
    [
        col("institution", "institution", "instelling", Ty::Text, Key),
        col("decision", "decision", "besluit", Ty::Text, Key),
        col("date", "date", "datum", Ty::Date, Edit),
        col("outcome", "outcome", "uitkomst", Ty::Outcome, Edit),
        col("by", "by", "beslisser", Ty::Person, Edit),
        col("audits", "audits", "audits", Ty::Audits, Edit),
        col(
            "valid_until",
            "valid until",
            "geldig tot en met",
            Ty::Date,
            Edit,
        ),
        col("checklist", "checklist", "checklist", Ty::Bool, Edit),
        col(
            "considerations",
            "considerations",
            "afwegingen",
            Ty::Text,
            Edit,
        ),
        col("context", "context", "contextfactoren", Ty::Context, Edit),
        k,
        a,
    ]
};

const PEOPLE: &[Column] = &{
    let [k, a] = hidden!();
    [
        col("person", "person", "persoon", Ty::Text, Key),
        col("name", "name", "naam", Ty::Text, Edit),
        col("roles", "roles", "rollen", Ty::Roles, Edit),
        col("qualified", "qualified", "gekwalificeerd", Ty::Date, Edit),
        col("vog", "VOG", "VOG", Ty::Dates, Edit),
        col(
            "expertise",
            "expertise shown",
            "deskundigheid aangetoond",
            Ty::Dates,
            Edit,
        ),
        col("left", "left", "uit dienst", Ty::Date, Edit),
        k,
        a,
    ]
};

const DEADLINES: &[Column] = &[
    col("kind", "kind", "soort", Ty::Text, Computed),
    col(
        "institution",
        "institution",
        "instelling",
        Ty::Text,
        Computed,
    ),
    col("subject", "subject", "onderwerp", Ty::Text, Computed),
    col("person", "person", "persoon", Ty::Text, Computed),
    col("what", "what", "wat", Ty::Text, Computed),
    col("due", "due", "uiterlijk", Ty::Date, Computed),
    col("status", "status", "status", Ty::Text, Computed),
    col("arithmetic", "arithmetic", "berekening", Ty::Text, Computed),
];

pub const SHEETS: &[SheetDef] = &[
    SheetDef {
        id: SheetId::Institutions,
        en: "institutions",
        nl: "instellingen",
        columns: INSTITUTIONS,
    },
    SheetDef {
        id: SheetId::Audits,
        en: "audits",
        nl: "audits",
        columns: AUDITS,
    },
    SheetDef {
        id: SheetId::Findings,
        en: "findings",
        nl: "bevindingen",
        columns: FINDINGS,
    },
    SheetDef {
        id: SheetId::FollowUps,
        en: "follow-ups",
        nl: "opvolgingen",
        columns: FOLLOW_UPS,
    },
    SheetDef {
        id: SheetId::Decisions,
        en: "decisions",
        nl: "besluiten",
        columns: DECISIONS,
    },
    SheetDef {
        id: SheetId::People,
        en: "people",
        nl: "personen",
        columns: PEOPLE,
    },
    SheetDef {
        id: SheetId::Deadlines,
        en: "deadlines",
        nl: "termijnen",
        columns: DEADLINES,
    },
];

pub fn sheet(id: SheetId) -> &'static SheetDef {
    SHEETS.iter().find(|s| s.id == id).expect("every sheet")
}

/// A cell as exported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Date(Date),
    Bool(bool),
    Int(i64),
}

impl Cell {
    /// The cell as text, as an import compares it (dates as YYYY-MM-DD).
    pub fn canonical(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_owned(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(n) => n.to_string(),
        }
    }
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }
    fn list<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> Cell {
        Cell::text(
            items
                .into_iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
    fn date(d: Option<Date>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }
}

/// One sheet's rows, cells in the order of `columns`.
#[derive(Debug)]
pub struct Table {
    pub def: &'static SheetDef,
    /// The columns shown: all of the sheet's, less the names with `--redact`.
    pub columns: Vec<&'static Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The row whose hidden key is `key`.
    pub fn index(&self) -> std::collections::HashMap<String, &Vec<Cell>> {
        let Some(k) = self.columns.iter().position(|c| c.id == KEY) else {
            return Default::default();
        };
        self.rows.iter().map(|r| (r[k].canonical(), r)).collect()
    }
}

/// What an export shows.
pub struct Options<'a> {
    pub institution: Option<&'a str>,
    pub names: Names,
    pub lang: Lang,
}

/// Every sheet of the dossier as of the facts' date (the dossier is
/// restricted to it), in order.
pub fn build(dossier: &Dossier, facts: &Facts<'_>, o: &Options<'_>) -> Vec<Table> {
    let as_of = facts.as_of;
    let wanted = |inst: &str| o.institution.is_none_or(|i| i == inst);
    let columns = |def: &'static SheetDef| -> Vec<&'static Column> {
        def.columns
            .iter()
            .filter(|c| {
                !(o.names == Names::Redacted && def.id == SheetId::People && c.id == "name")
            })
            .collect()
    };
    let t = |en: &'static str, nl: &'static str| o.lang.pick(en, nl).to_owned();
    let standing = |s: Standing| match s {
        Standing::OnTime => t("on time", "op tijd"),
        Standing::Late(n) => format!("{n} {}", o.lang.pick("days late", "dagen te laat")),
        Standing::Overdue(n) => format!("{} {n} {}", t("overdue", "verlopen"), t("days", "dagen")),
        Standing::Pending => t("not yet due", "loopt nog"),
    };
    let hidden = |key: String| [Cell::Text(key), Cell::Date(as_of)];
    let obligation = |kind: Kind, inst: &str, subject: &str| facts.obligation(kind, inst, subject);

    let mut institutions = Vec::new();
    let mut audits = Vec::new();
    let mut findings = Vec::new();
    let mut follow_ups = Vec::new();
    let mut decisions = Vec::new();
    let mut people_seen = std::collections::BTreeSet::new();
    for inst in facts.institutions.iter().filter(|i| wanted(i.id())) {
        let id = inst.id();
        if let Some(r) = &inst.files.record {
            let cert = crate::timeline::in_force(&inst.certificates, as_of);
            let mut row = vec![
                Cell::text(id),
                Cell::text(r.data.name.clone()),
                Cell::text(r.data.region.clone().unwrap_or_default()),
                Cell::list(r.data.measures.iter().map(kebab)),
                Cell::date(r.data.applied),
                cert.map_or(Cell::Empty, |c| Cell::text(c.kind.as_str())),
                Cell::date(cert.map(|c| c.last_day())),
                Cell::Bool(cert.is_some_and(|c| c.suspended_on(as_of))),
                Cell::Int(inst.open_on(as_of).count() as i64),
            ];
            row.extend(hidden(id.to_owned()));
            institutions.push(row);
        }
        for a in &inst.audits {
            let d = &a.data;
            people_seen.extend(d.team().into_iter().map(|p| p.get_ref().to_string()));
            let mut row = vec![
                Cell::text(id),
                Cell::text(a.id.clone()),
                Cell::text(d.kind.get_ref().as_str()),
                Cell::Date(d.first_day()),
                Cell::list(d.days.get_ref().iter().map(|x| *x.get_ref())),
                Cell::date(d.report()),
                Cell::text(d.lead.get_ref().to_string()),
                Cell::list(d.experts.get_ref().iter().map(|x| x.get_ref().to_string())),
                Cell::text(d.scope.clone().unwrap_or_default()),
                Cell::Int(d.finding.len() as i64),
            ];
            row.extend(hidden(format!("{id}/{}", a.id)));
            audits.push(row);
            for (n, fu) in d.follow_up.iter().enumerate() {
                let f = fu.get_ref();
                let mut row = vec![
                    Cell::text(id),
                    Cell::text(a.id.clone()),
                    Cell::text(f.finding.get_ref().to_string()),
                    Cell::Bool(f.implemented),
                    Cell::Bool(f.effective),
                    Cell::Bool(*f.closed.get_ref()),
                    Cell::text(f.note.clone().unwrap_or_default()),
                    f.reclassify
                        .as_ref()
                        .map_or(Cell::Empty, |c| Cell::text(c.get_ref().as_str())),
                    Cell::text(f.reason.clone().unwrap_or_default()),
                    Cell::Date(d.last_day()),
                ];
                row.extend(hidden(format!("{id}/{}#{}", a.id, n + 1)));
                follow_ups.push(row);
            }
        }
        for f in inst.findings.values() {
            let finding = f.finding.get_ref();
            let subject = f.subject();
            let plan = obligation(Kind::Plan, id, &subject);
            let verification = obligation(Kind::Verification, id, &subject);
            let status = if !f.is_deviation() {
                t("remark", "opmerking")
            } else if f.is_open_on(as_of) {
                t("open", "open")
            } else if f.closed_on().is_some_and(|c| c <= as_of) {
                t("closed", "gesloten")
            } else {
                String::new()
            };
            let class_now = f.class_on(as_of);
            let mut row = vec![
                Cell::text(id),
                Cell::text(f.audit.id.clone()),
                Cell::text(f.id()),
                Cell::text(finding.norm.get_ref().to_string()),
                Cell::text(finding.class.get_ref().as_str()),
                Cell::text(finding.summary.clone()),
                Cell::text(finding.rationale.clone().unwrap_or_default()),
                Cell::list(finding.context.iter().map(|c| c.get_ref().to_string())),
                Cell::date(finding.plan.as_ref().map(|p| *p.received.get_ref())),
                Cell::date(
                    finding
                        .plan
                        .as_ref()
                        .and_then(|p| p.accepted.as_ref().map(|a| *a.get_ref())),
                ),
                if class_now == f.original_class() {
                    Cell::Empty
                } else {
                    Cell::text(class_now.as_str())
                },
                Cell::text(status),
                Cell::date(f.closed_on().filter(|c| *c <= as_of)),
                Cell::date(plan.map(|p| p.deadline.due)),
                plan.map_or(Cell::Empty, |p| Cell::text(standing(p.standing(as_of)))),
                Cell::date(verification.map(|p| p.deadline.due)),
                verification.map_or(Cell::Empty, |p| Cell::text(standing(p.standing(as_of)))),
            ];
            row.extend(hidden(format!("{id}/{subject}")));
            findings.push(row);
        }
        for dec in inst.files.decisions.values() {
            let d = &dec.data;
            people_seen.insert(d.by.get_ref().to_string());
            let mut row = vec![
                Cell::text(id),
                Cell::text(dec.id.clone()),
                Cell::Date(d.date()),
                Cell::text(d.outcome().as_str()),
                Cell::text(d.by.get_ref().to_string()),
                Cell::list(d.audits.iter().map(|a| a.get_ref().to_string())),
                Cell::date(d.valid_until.as_ref().map(|v| *v.get_ref())),
                d.checklist
                    .as_ref()
                    .map_or(Cell::Empty, |c| Cell::Bool(*c.get_ref())),
                Cell::text(d.considerations.clone().unwrap_or_default()),
                Cell::list(d.context.iter().map(|c| c.get_ref().to_string())),
            ];
            row.extend(hidden(format!("{id}/{}", dec.id)));
            decisions.push(row);
        }
    }
    let mut people = Vec::new();
    for (pid, p) in dossier.people.iter() {
        if o.institution.is_some() && !people_seen.contains(pid) {
            continue;
        }
        let d = &p.data;
        let mut row = vec![Cell::text(pid.clone())];
        if o.names == Names::Full {
            row.push(Cell::text(d.name.clone()));
        }
        row.extend([
            Cell::list(d.roles.iter().map(kebab)),
            Cell::date(d.qualified),
            Cell::list(d.vog.iter()),
            Cell::list(d.expertise.iter()),
            Cell::date(d.left),
        ]);
        row.extend(hidden(pid.clone()));
        people.push(row);
    }
    let deadlines = deadlines::compute_in(dossier, facts, 90, o.lang)
        .into_iter()
        .filter(|i| o.institution.is_none() || i.institution.as_deref() == o.institution)
        .filter(|i| {
            o.institution.is_none() || i.person.as_ref().is_none_or(|p| people_seen.contains(p))
        })
        .map(|i| {
            vec![
                Cell::text(o.lang.pick(i.kind.as_str(), i.kind.dutch())),
                Cell::text(i.institution.unwrap_or_default()),
                Cell::text(i.subject),
                Cell::text(i.person.unwrap_or_default()),
                Cell::text(i.what),
                Cell::Date(i.due),
                Cell::text(match (i.status, o.lang) {
                    (s, Lang::En) => s.as_str().to_owned(),
                    (deadlines::Status::Overdue, Lang::Nl) => "verlopen".to_owned(),
                    (deadlines::Status::Due, Lang::Nl) => "binnenkort".to_owned(),
                    (deadlines::Status::Upcoming, Lang::Nl) => "later".to_owned(),
                }),
                Cell::text(i.arithmetic),
            ]
        })
        .collect();
    let table = |id: SheetId, rows: Vec<Vec<Cell>>| {
        let def = sheet(id);
        Table {
            def,
            columns: columns(def),
            rows,
        }
    };
    vec![
        table(SheetId::Institutions, institutions),
        table(SheetId::Audits, audits),
        table(SheetId::Findings, findings),
        table(SheetId::FollowUps, follow_ups),
        table(SheetId::Decisions, decisions),
        table(SheetId::People, people),
        table(SheetId::Deadlines, deadlines),
    ]
}

/// The kebab-case name a record file writes for an enum value.
fn kebab<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// `findings!F7`: a cell of a sheet, spreadsheet style (row and column from 0).
pub fn cell_ref(sheet: &str, row: usize, col: usize) -> String {
    format!("{sheet}!{}{}", column_letters(col), row + 1)
}

/// `A`, `B`, …, `Z`, `AA`, … for the column from 0.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_go_on_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(cell_ref("findings", 6, 5), "findings!F7");
    }

    #[test]
    fn every_sheet_has_distinct_headers_in_either_language() {
        for s in SHEETS {
            for (i, a) in s.columns.iter().enumerate() {
                for b in &s.columns[i + 1..] {
                    for h in [a.en, a.nl] {
                        assert!(!b.is_named(h), "{} {h}", s.en);
                    }
                }
            }
        }
    }
}

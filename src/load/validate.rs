//! Schema validation of a parsed TOML document against the JSON Schema
//! generated from the record types (`schema/`), reporting every problem with
//! its span: wrong types, missing and unknown keys (with "did you mean"), bad
//! ids and enum values. The rules then see only well-formed records.
//!
//! Only the subset of JSON Schema that `schemars` emits for our types is
//! interpreted: `$ref`, `anyOf`/`oneOf`, `type`, `enum`, `const`, `pattern`
//! (by name: the id patterns of `model`), `format: date`, `properties`,
//! `required`, `additionalProperties`, `items`, `minItems`.
//!
//! Every message comes in English and Dutch (`--lang nl`).

use std::ops::Range;

use serde_json::Value as Json;
use toml::Spanned;
use toml::de::DeValue;

use crate::diag::did_you_mean;
use crate::model::{self, FINDING_REF_PATTERN, ID_PATTERN, NORM_PATTERN};

/// A text in English and Dutch.
pub type Text = (String, String);

/// One schema problem: where, what, and a hint if one fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaIssue {
    pub span: Range<usize>,
    pub message: Text,
    pub hint: Option<Text>,
}

/// Validate a document (`root`) against `schema`; every issue is returned.
pub fn validate(root: &Spanned<DeValue<'_>>, schema: &Json) -> Vec<SchemaIssue> {
    let mut v = Validator {
        root: schema,
        issues: Vec::new(),
    };
    v.check(root, schema, &Path::Root);
    v.issues
}

struct Validator<'s> {
    root: &'s Json,
    issues: Vec<SchemaIssue>,
}

/// Where a value sits, for messages: the key that holds it and the table.
enum Path<'a> {
    Root,
    Key { table: &'a Path<'a>, key: &'a str },
    Item { list: &'a Path<'a> },
}

impl Path<'_> {
    /// The key name that holds this value, as written by the user.
    fn key(&self) -> Option<&str> {
        match self {
            Path::Root => None,
            Path::Key { key, .. } => Some(key),
            Path::Item { list } => list.key(),
        }
    }

    /// "[[finding]]", "[finding.plan]", "the file" / "het bestand".
    fn table_label(&self) -> Text {
        fn dotted(p: &Path<'_>) -> Option<String> {
            match p {
                Path::Root => None,
                Path::Key { table, key } => Some(match dotted(table) {
                    Some(t) => format!("{t}.{key}"),
                    None => (*key).to_owned(),
                }),
                Path::Item { list } => dotted(list),
            }
        }
        match (self, dotted(self)) {
            (_, None) => ("the file".to_owned(), "het bestand".to_owned()),
            (Path::Item { .. }, Some(d)) => (format!("[[{d}]]"), format!("[[{d}]]")),
            (_, Some(d)) => (format!("[{d}]"), format!("[{d}]")),
        }
    }

    fn subject(&self) -> Text {
        match self.key() {
            Some(k) => (format!("`{k}`"), format!("`{k}`")),
            None => ("the file".to_owned(), "het bestand".to_owned()),
        }
    }
}

fn did_you_mean_hint(word: &str, candidates: &[&str]) -> Option<Text> {
    did_you_mean(word, candidates.iter().copied())
        .map(|m| (format!("did you mean `{m}`?"), format!("bedoel je `{m}`?")))
}

impl<'s> Validator<'s> {
    fn push(&mut self, span: Range<usize>, message: Text, hint: Option<Text>) {
        self.issues.push(SchemaIssue {
            span,
            message,
            hint,
        });
    }

    fn resolve(&self, schema: &'s Json) -> &'s Json {
        let mut s = schema;
        // References are never cyclic in our schemas, but stay bounded anyway.
        for _ in 0..8 {
            match s.get("$ref").and_then(Json::as_str) {
                Some(r) => {
                    let name = r.rsplit('/').next().unwrap_or(r);
                    match self.root.get("$defs").and_then(|d| d.get(name)) {
                        Some(t) => s = t,
                        None => return s,
                    }
                }
                None => return s,
            }
        }
        s
    }

    fn check(&mut self, value: &Spanned<DeValue<'_>>, schema: &'s Json, path: &Path<'_>) {
        let schema = self.resolve(schema);
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            self.check_alternatives(value, branches, path);
            return;
        }
        if !self.check_type(value, schema, path) {
            return;
        }
        match value.get_ref() {
            DeValue::String(s) => self.check_string(value.span(), s, schema, path),
            DeValue::Array(items) => {
                if let Some(min) = schema.get("minItems").and_then(Json::as_u64)
                    && (items.len() as u64) < min
                {
                    let (en, nl) = path.subject();
                    self.push(
                        value.span(),
                        (
                            format!(
                                "{en} needs at least {min} item{}",
                                if min == 1 { "" } else { "s" }
                            ),
                            format!(
                                "{nl} heeft minstens {min} {} nodig",
                                if min == 1 { "waarde" } else { "waarden" }
                            ),
                        ),
                        None,
                    );
                }
                if let Some(item_schema) = schema.get("items") {
                    let item_path = Path::Item { list: path };
                    for item in items.iter() {
                        self.check(item, item_schema, &item_path);
                    }
                }
            }
            DeValue::Table(table) => self.check_table(value.span(), table, schema, path),
            _ => {}
        }
    }

    fn check_alternatives(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        branches: &'s [Json],
        path: &Path<'_>,
    ) {
        let branches: Vec<&Json> = branches
            .iter()
            .filter(|b| b.get("type").and_then(Json::as_str) != Some("null"))
            .collect();
        // Enums with documented variants come as a list of `const`s.
        let consts: Vec<&str> = branches
            .iter()
            .filter_map(|b| self.resolve(b).get("const").and_then(Json::as_str))
            .collect();
        if !consts.is_empty() && consts.len() == branches.len() {
            match value.get_ref() {
                DeValue::String(s) => self.check_enum(value.span(), s, &consts, path),
                other => {
                    let (found, found_nl) = describe_value(other);
                    let (en, nl) = path.subject();
                    let list = consts.join(", ");
                    self.push(
                        value.span(),
                        (
                            format!("{en} must be one of: {list}, found {found}"),
                            format!("{nl} moet een van deze zijn: {list}; gevonden: {found_nl}"),
                        ),
                        None,
                    );
                }
            }
            return;
        }
        let mut first_issues = None;
        for b in &branches {
            let mut trial = Validator {
                root: self.root,
                issues: Vec::new(),
            };
            trial.check(value, b, path);
            if trial.issues.is_empty() {
                return;
            }
            first_issues.get_or_insert(trial.issues);
        }
        self.issues.extend(first_issues.unwrap_or_default());
    }

    /// Whether the value has one of the schema's types; reports it if not.
    fn check_type(&mut self, value: &Spanned<DeValue<'_>>, schema: &Json, path: &Path<'_>) -> bool {
        let types: Vec<&str> = match schema.get("type") {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(ts)) => ts
                .iter()
                .filter_map(Json::as_str)
                .filter(|t| *t != "null")
                .collect(),
            _ => return true,
        };
        let is_date = schema.get("format").and_then(Json::as_str) == Some("date");
        let ok = types.iter().any(|t| match (*t, value.get_ref()) {
            ("string", DeValue::String(_)) => !is_date,
            ("string", DeValue::Datetime(_)) => is_date,
            ("boolean", DeValue::Boolean(_)) => true,
            ("integer", DeValue::Integer(_)) => true,
            ("number", DeValue::Integer(_) | DeValue::Float(_)) => true,
            ("array", DeValue::Array(_)) => true,
            ("object", DeValue::Table(_)) => true,
            _ => false,
        });
        let (subject, subject_nl) = path.subject();
        if !ok {
            let (expected, expected_nl) = if is_date {
                (
                    "a date like 2025-05-08 (without quotes)".to_owned(),
                    "een datum zoals 2025-05-08 (zonder aanhalingstekens)".to_owned(),
                )
            } else {
                (
                    types
                        .iter()
                        .map(|t| describe_type(t).0)
                        .collect::<Vec<_>>()
                        .join(" or "),
                    types
                        .iter()
                        .map(|t| describe_type(t).1)
                        .collect::<Vec<_>>()
                        .join(" of "),
                )
            };
            let (found, found_nl) = describe_value(value.get_ref());
            let hint = match value.get_ref() {
                DeValue::String(s) if is_date && crate::clock::Date::parse(s).is_some() => Some((
                    format!("write the date without quotes: {s}"),
                    format!("schrijf de datum zonder aanhalingstekens: {s}"),
                )),
                DeValue::String(s) if types.contains(&"array") => Some((
                    format!("write a list: [\"{s}\"]"),
                    format!("schrijf een lijst: [\"{s}\"]"),
                )),
                _ => None,
            };
            self.push(
                value.span(),
                (
                    format!("{subject} must be {expected}, found {found}"),
                    format!("{subject_nl} moet {expected_nl} zijn; gevonden: {found_nl}"),
                ),
                hint,
            );
            return false;
        }
        if is_date
            && let DeValue::Datetime(dt) = value.get_ref()
            && let Err(msg) = crate::clock::date_from_toml(dt)
        {
            let nl = if dt.time.is_some() || dt.offset.is_some() {
                format!(
                    "`{dt}` heeft een tijd of tijdzone; schrijf alleen een datum zoals 2025-05-08"
                )
            } else {
                format!("`{dt}` is geen bestaande kalenderdatum")
            };
            self.push(
                value.span(),
                (format!("{subject}: {msg}"), format!("{subject_nl}: {nl}")),
                None,
            );
            return false;
        }
        true
    }

    fn check_string(&mut self, span: Range<usize>, s: &str, schema: &Json, path: &Path<'_>) {
        if let Some(allowed) = schema.get("enum").and_then(Json::as_array) {
            let allowed: Vec<&str> = allowed.iter().filter_map(Json::as_str).collect();
            self.check_enum(span, s, &allowed, path);
            return;
        }
        let (subject, subject_nl) = path.subject();
        if let Some(c) = schema.get("const").and_then(Json::as_str)
            && s != c
        {
            self.push(
                span,
                (
                    format!("{subject} must be `{c}`, found `{s}`"),
                    format!("{subject_nl} moet `{c}` zijn, gevonden: `{s}`"),
                ),
                None,
            );
            return;
        }
        let Some(pattern) = schema.get("pattern").and_then(Json::as_str) else {
            return;
        };
        let (ok, what_nl, hint) = match pattern {
            ID_PATTERN => (
                model::is_id(s),
                "een geldige id (kleine letters, cijfers en -)",
                id_hint(s),
            ),
            NORM_PATTERN => (model::is_norm_id(s), "een norm-id zoals 4.2 of D.5.3", None),
            FINDING_REF_PATTERN => (
                model::FindingRef::parse(s).is_some(),
                "een verwijzing naar een bevinding <audit>/<bevinding>",
                Some((
                    "write `<audit>/<finding>`, e.g. 2024-11-recertification/f1".to_owned(),
                    "schrijf `<audit>/<bevinding>`, bijv. 2024-11-recertification/f1".to_owned(),
                )),
            ),
            _ => (true, "", None),
        };
        if !ok {
            let what = schema
                .get("description")
                .and_then(Json::as_str)
                .unwrap_or("valid");
            self.push(
                span,
                (
                    format!("{subject} is `{s}`, which is not {what}"),
                    format!("{subject_nl} is `{s}`, dat is geen {what_nl}"),
                ),
                hint,
            );
        }
    }

    fn check_enum(&mut self, span: Range<usize>, s: &str, allowed: &[&str], path: &Path<'_>) {
        if !allowed.contains(&s) {
            let (subject, subject_nl) = path.subject();
            let list = allowed.join(", ");
            self.push(
                span,
                (
                    format!("{subject} is `{s}`, which is not one of: {list}"),
                    format!("{subject_nl} is `{s}`, dat is geen van: {list}"),
                ),
                did_you_mean_hint(s, allowed),
            );
        }
    }

    fn check_table(
        &mut self,
        span: Range<usize>,
        table: &toml::de::DeTable<'_>,
        schema: &'s Json,
        path: &Path<'_>,
    ) {
        let properties = schema.get("properties").and_then(Json::as_object);
        if let Some(required) = schema.get("required").and_then(Json::as_array) {
            for key in required.iter().filter_map(Json::as_str) {
                if !table.keys().any(|k| k.get_ref().as_ref() == key) {
                    let (label, label_nl) = path.table_label();
                    let header_span = if matches!(path, Path::Root) {
                        0..0
                    } else {
                        span.clone()
                    };
                    self.push(
                        header_span,
                        (
                            format!("{label} is missing the required key `{key}`"),
                            format!("{label_nl} mist de verplichte sleutel `{key}`"),
                        ),
                        None,
                    );
                }
            }
        }
        let additional = schema.get("additionalProperties");
        for (key, value) in table.iter() {
            let name: &str = key.get_ref().as_ref();
            let key_path = Path::Key {
                table: path,
                key: name,
            };
            if let Some(prop) = properties.and_then(|p| p.get(name)) {
                self.check(value, prop, &key_path);
                continue;
            }
            match additional {
                Some(Json::Bool(false)) => {
                    let known: Vec<&str> = properties
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let hint = did_you_mean_hint(name, &known).or_else(|| {
                        (!known.is_empty()).then(|| {
                            (
                                format!("known keys: {}", known.join(", ")),
                                format!("bekende sleutels: {}", known.join(", ")),
                            )
                        })
                    });
                    let (where_, where_nl) = path.table_label();
                    self.push(
                        key.span(),
                        (
                            format!("unknown key `{name}` in {where_}"),
                            format!("onbekende sleutel `{name}` in {where_nl}"),
                        ),
                        hint,
                    );
                }
                Some(s @ Json::Object(_)) => self.check(value, s, &key_path),
                _ => {}
            }
        }
    }
}

/// "ids use lowercase letters, digits and -, e.g. `anna-jansen`" for a near-id.
pub fn id_hint(s: &str) -> Option<Text> {
    let fixed: String = s
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let fixed = fixed.trim_matches('-').to_owned();
    (model::is_id(&fixed) && fixed != s).then(|| {
        (
            format!("ids use lowercase letters, digits and -, e.g. `{fixed}`"),
            format!("ids bestaan uit kleine letters, cijfers en -, bijv. `{fixed}`"),
        )
    })
}

fn describe_type(t: &str) -> (&'static str, &'static str) {
    match t {
        "string" => ("a string", "tekst"),
        "boolean" => ("true or false", "true of false"),
        "integer" => ("an integer", "een geheel getal"),
        "number" => ("a number", "een getal"),
        "array" => ("a list", "een lijst"),
        "object" => ("a table", "een tabel"),
        _ => ("a value", "een waarde"),
    }
}

fn describe_value(v: &DeValue<'_>) -> Text {
    match v {
        DeValue::String(s) => (
            format!("the string \"{}\"", truncate(s, 40)),
            format!("de tekst \"{}\"", truncate(s, 40)),
        ),
        DeValue::Integer(i) => (
            format!("the integer {}", i.as_str()),
            format!("het getal {}", i.as_str()),
        ),
        DeValue::Float(f) => (
            format!("the number {}", f.as_str()),
            format!("het getal {}", f.as_str()),
        ),
        DeValue::Boolean(b) => (format!("{b}"), format!("{b}")),
        DeValue::Datetime(d) => (format!("the date {d}"), format!("de datum {d}")),
        DeValue::Array(_) => ("a list".to_owned(), "een lijst".to_owned()),
        DeValue::Table(_) => ("a table".to_owned(), "een tabel".to_owned()),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

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
    /// A placeholder left unfilled: the record is still well-formed and
    /// loads; the issue is reported all the same.
    pub placeholder: bool,
}

/// A JSON Schema compiled once for validating many documents: every
/// sub-schema becomes a node, `$ref`s are resolved to node indices and the
/// keywords are read out of the JSON, so checking a value costs a few
/// comparisons instead of a map lookup per keyword. The checks and their
/// messages are exactly those of the JSON form.
#[derive(Debug)]
pub struct Schema {
    /// The root is node 0.
    nodes: Vec<Node>,
}

#[derive(Debug, Default)]
struct Node {
    /// The node whose keywords apply: this one, or the definition its
    /// `$ref` leads to.
    resolved: usize,
    /// `$ref`: the name of a definition in the root's `$defs`.
    reference: Option<String>,
    /// `anyOf`, or else `oneOf`.
    alternatives: Option<Vec<usize>>,
    /// `type`, when given; `null` left out of a list of types.
    types: Option<Vec<Type>>,
    /// `type` is the string "null": the `None` of an `Option`.
    is_null: bool,
    /// `format: date`.
    is_date: bool,
    enumeration: Option<Vec<String>>,
    constant: Option<String>,
    pattern: Option<Pattern>,
    description: Option<String>,
    min_items: Option<u64>,
    items: Option<usize>,
    /// In the order of the JSON object (for "known keys").
    properties: Option<Vec<(String, usize)>>,
    required: Option<Vec<String>>,
    additional: Additional,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    String,
    Boolean,
    Integer,
    Number,
    Array,
    Object,
    /// "null" or a type this validator does not know: no value has it.
    Other,
}

impl Type {
    fn parse(t: &str) -> Type {
        match t {
            "string" => Type::String,
            "boolean" => Type::Boolean,
            "integer" => Type::Integer,
            "number" => Type::Number,
            "array" => Type::Array,
            "object" => Type::Object,
            _ => Type::Other,
        }
    }

    /// In English and Dutch.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Type::String => ("a string", "tekst"),
            Type::Boolean => ("true or false", "true of false"),
            Type::Integer => ("an integer", "een geheel getal"),
            Type::Number => ("a number", "een getal"),
            Type::Array => ("a list", "een lijst"),
            Type::Object => ("a table", "een tabel"),
            Type::Other => ("a value", "een waarde"),
        }
    }
}

/// The id patterns of `model`, checked by their functions; other patterns pass.
#[derive(Debug, Clone, Copy)]
enum Pattern {
    Id,
    Norm,
    FindingRef,
    Other,
}

#[derive(Debug, Default, Clone, Copy)]
enum Additional {
    #[default]
    Any,
    Forbidden,
    Schema(usize),
}

impl Schema {
    pub fn compile(root: &Json) -> Schema {
        let mut schema = Schema { nodes: Vec::new() };
        schema.node(root);
        let defs: Vec<(String, usize)> = root
            .get("$defs")
            .and_then(Json::as_object)
            .map(|d| d.iter().map(|(k, v)| (k.clone(), schema.node(v))).collect())
            .unwrap_or_default();
        for i in 0..schema.nodes.len() {
            let mut at = i;
            // References are never cyclic in our schemas, but stay bounded anyway.
            for _ in 0..8 {
                let target = schema.nodes[at]
                    .reference
                    .as_deref()
                    .and_then(|name| defs.iter().find(|(k, _)| k == name));
                match target {
                    Some((_, t)) => at = *t,
                    None => break,
                }
            }
            schema.nodes[i].resolved = at;
        }
        schema
    }

    /// Compile `v` and the schemas inside it; returns its node.
    fn node(&mut self, v: &Json) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            resolved: id,
            ..Node::default()
        });
        let str_of = |key: &str| v.get(key).and_then(Json::as_str);
        let mut n = Node {
            resolved: id,
            reference: str_of("$ref").map(|r| r.rsplit('/').next().unwrap_or(r).to_owned()),
            types: match v.get("type") {
                Some(Json::String(t)) => Some(vec![Type::parse(t)]),
                Some(Json::Array(ts)) => Some(
                    ts.iter()
                        .filter_map(Json::as_str)
                        .filter(|t| *t != "null")
                        .map(Type::parse)
                        .collect(),
                ),
                _ => None,
            },
            is_null: str_of("type") == Some("null"),
            is_date: str_of("format") == Some("date"),
            enumeration: v.get("enum").and_then(Json::as_array).map(|a| {
                a.iter()
                    .filter_map(Json::as_str)
                    .map(str::to_owned)
                    .collect()
            }),
            constant: str_of("const").map(str::to_owned),
            pattern: str_of("pattern").map(|p| match p {
                ID_PATTERN => Pattern::Id,
                NORM_PATTERN => Pattern::Norm,
                FINDING_REF_PATTERN => Pattern::FindingRef,
                _ => Pattern::Other,
            }),
            description: str_of("description").map(str::to_owned),
            min_items: v.get("minItems").and_then(Json::as_u64),
            required: v.get("required").and_then(Json::as_array).map(|a| {
                a.iter()
                    .filter_map(Json::as_str)
                    .map(str::to_owned)
                    .collect()
            }),
            ..Node::default()
        };
        if let Some(branches) = v
            .get("anyOf")
            .or_else(|| v.get("oneOf"))
            .and_then(Json::as_array)
        {
            n.alternatives = Some(branches.iter().map(|b| self.node(b)).collect());
        }
        if let Some(items) = v.get("items") {
            n.items = Some(self.node(items));
        }
        if let Some(props) = v.get("properties").and_then(Json::as_object) {
            n.properties = Some(
                props
                    .iter()
                    .map(|(k, p)| (k.clone(), self.node(p)))
                    .collect(),
            );
        }
        n.additional = match v.get("additionalProperties") {
            Some(Json::Bool(false)) => Additional::Forbidden,
            Some(s @ Json::Object(_)) => Additional::Schema(self.node(s)),
            _ => Additional::Any,
        };
        self.nodes[id] = n;
        id
    }

    /// Validate a document against this schema; every issue is returned.
    pub fn validate(&self, root: &Spanned<DeValue<'_>>) -> Vec<SchemaIssue> {
        let mut v = Validator {
            schema: self,
            issues: Vec::new(),
        };
        v.check(root, 0, &Path::Root);
        v.issues
    }
}

struct Validator<'s> {
    schema: &'s Schema,
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
            placeholder: false,
        });
    }

    /// The node whose keywords apply to `node`.
    fn resolved(&self, node: usize) -> &'s Node {
        let schema: &'s Schema = self.schema;
        &schema.nodes[schema.nodes[node].resolved]
    }

    fn check(&mut self, value: &Spanned<DeValue<'_>>, node: usize, path: &Path<'_>) {
        let schema = self.resolved(node);
        if let Some(branches) = &schema.alternatives {
            self.check_alternatives(value, branches, path);
            return;
        }
        if !self.check_type(value, schema, path) {
            return;
        }
        match value.get_ref() {
            DeValue::String(s) => self.check_string(value.span(), s, schema, path),
            DeValue::Array(items) => {
                if let Some(min) = schema.min_items
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
                if let Some(item_schema) = schema.items {
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
        branches: &'s [usize],
        path: &Path<'_>,
    ) {
        let branches: Vec<usize> = branches
            .iter()
            .copied()
            .filter(|&b| !self.schema.nodes[b].is_null)
            .collect();
        // Enums with documented variants come as a list of `const`s.
        let consts: Vec<&str> = branches
            .iter()
            .filter_map(|&b| self.resolved(b).constant.as_deref())
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
        for &b in &branches {
            let mut trial = Validator {
                schema: self.schema,
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
    fn check_type(&mut self, value: &Spanned<DeValue<'_>>, schema: &Node, path: &Path<'_>) -> bool {
        let Some(types) = &schema.types else {
            return true;
        };
        let is_date = schema.is_date;
        let ok = types.iter().any(|t| match (t, value.get_ref()) {
            (Type::String, DeValue::String(_)) => !is_date,
            (Type::String, DeValue::Datetime(_)) => is_date,
            (Type::Boolean, DeValue::Boolean(_)) => true,
            (Type::Integer, DeValue::Integer(_)) => true,
            (Type::Number, DeValue::Integer(_) | DeValue::Float(_)) => true,
            (Type::Array, DeValue::Array(_)) => true,
            (Type::Object, DeValue::Table(_)) => true,
            _ => false,
        });
        if !ok {
            let (subject, subject_nl) = path.subject();
            let (expected, expected_nl) = if is_date {
                (
                    "a date like 2025-05-08 (without quotes)".to_owned(),
                    "een datum zoals 2025-05-08 (zonder aanhalingstekens)".to_owned(),
                )
            } else {
                (
                    types
                        .iter()
                        .map(|t| t.describe().0)
                        .collect::<Vec<_>>()
                        .join(" or "),
                    types
                        .iter()
                        .map(|t| t.describe().1)
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
                DeValue::String(s) if is_date && let Some(iso) = date_written_otherwise(s) => {
                    Some((
                        format!("write {iso} (year-month-day, without quotes)"),
                        format!("schrijf {iso} (jaar-maand-dag, zonder aanhalingstekens)"),
                    ))
                }
                DeValue::String(s) if types.contains(&Type::Array) => Some((
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
            let (subject, subject_nl) = path.subject();
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

    fn check_string(&mut self, span: Range<usize>, s: &str, schema: &Node, path: &Path<'_>) {
        if is_todo(s) {
            // A template's placeholder (`kmi new`) that was never filled in.
            let (subject, subject_nl) = path.subject();
            self.issues.push(SchemaIssue {
                span,
                message: (
                    format!("{subject} is still the template's TODO"),
                    format!("{subject_nl} is nog de TODO van het sjabloon"),
                ),
                hint: Some((
                    "write the text the record needs here".to_owned(),
                    "schrijf hier de tekst die het record nodig heeft".to_owned(),
                )),
                placeholder: true,
            });
            return;
        }
        if let Some(allowed) = &schema.enumeration {
            let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
            self.check_enum(span, s, &allowed, path);
            return;
        }
        if let Some(c) = &schema.constant
            && s != c
        {
            let (subject, subject_nl) = path.subject();
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
        let Some(pattern) = schema.pattern else {
            return;
        };
        let ok = match pattern {
            Pattern::Id => model::is_id(s),
            Pattern::Norm => model::is_norm_id(s),
            Pattern::FindingRef => model::FindingRef::parse(s).is_some(),
            Pattern::Other => true,
        };
        if !ok {
            // The hint only for a value that is wrong: most are right.
            let (what_nl, hint) = match pattern {
                Pattern::Id => ("een geldige id (kleine letters, cijfers en -)", id_hint(s)),
                Pattern::Norm => ("een norm-id zoals 4.2 of D.5.3", None),
                Pattern::FindingRef => (
                    "een verwijzing naar een bevinding <audit>/<bevinding>",
                    Some((
                        "write `<audit>/<finding>`, e.g. 2024-11-recertification/f1".to_owned(),
                        "schrijf `<audit>/<bevinding>`, bijv. 2024-11-recertification/f1"
                            .to_owned(),
                    )),
                ),
                Pattern::Other => ("", None),
            };
            let what = schema.description.as_deref().unwrap_or("valid");
            let (subject, subject_nl) = path.subject();
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
                did_you_mean_hint(s, allowed).or_else(|| dutch_value_hint(s, allowed)),
            );
        }
    }

    fn check_table(
        &mut self,
        span: Range<usize>,
        table: &toml::de::DeTable<'_>,
        schema: &'s Node,
        path: &Path<'_>,
    ) {
        if let Some(required) = &schema.required {
            for key in required {
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
        for (key, value) in table.iter() {
            let name: &str = key.get_ref().as_ref();
            let key_path = Path::Key {
                table: path,
                key: name,
            };
            let property = schema
                .properties
                .as_ref()
                .and_then(|p| p.iter().find(|(k, _)| k == name));
            if let Some((_, prop)) = property {
                self.check(value, *prop, &key_path);
                continue;
            }
            match schema.additional {
                Additional::Forbidden => {
                    let known: Vec<&str> = schema
                        .properties
                        .as_ref()
                        .map(|p| p.iter().map(|(k, _)| k.as_str()).collect())
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
                Additional::Schema(s) => self.check(value, s, &key_path),
                Additional::Any => {}
            }
        }
    }
}

/// A value that is (or begins with) the placeholder `TODO` of a template.
pub fn is_todo(s: &str) -> bool {
    let s = s.trim_start();
    s.strip_prefix("TODO")
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
}

/// A date written as `2025/10/07`, `20-09-2025`, `20/9/2025` or
/// `2025.10.07`, as TOML writes it: `2025-10-07`. Day-first when the year
/// comes last (the Dutch order).
pub fn date_written_otherwise(s: &str) -> Option<String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else if parts[2].len() == 4 {
        (parts[2], parts[1], parts[0])
    } else {
        return None;
    };
    let iso = format!(
        "{y}-{:02}-{:02}",
        m.parse::<u32>().ok()?,
        d.parse::<u32>().ok()?
    );
    (iso != s && crate::clock::Date::parse(&iso).is_some()).then_some(iso)
}

/// A hint for a TOML syntax error on `line`: curly quotes, or a date
/// written another way than TOML's year-month-day.
pub fn syntax_hint(line: &str) -> Option<Text> {
    if line.contains(['“', '”', '„', '‘', '’']) {
        let fixed = line
            .trim()
            .replace(['“', '”', '„'], "\"")
            .replace(['‘', '’'], "'");
        return Some((
            format!("use straight quotes: {fixed}"),
            format!("gebruik rechte aanhalingstekens: {fixed}"),
        ));
    }
    let value = line.split_once('=')?.1;
    let value = value.split('#').next().unwrap_or(value);
    // The first date-like word of the value: `2025/10/07`, also in a list.
    let iso = value
        .split(|c: char| !(c.is_ascii_digit() || "/-.".contains(c)))
        .find_map(date_written_otherwise)?;
    Some((
        format!("write {iso} (a TOML date is year-month-day)"),
        format!("schrijf {iso} (een TOML-datum is jaar-maand-dag)"),
    ))
}

/// The Dutch of a TOML syntax error of the `toml` crate: its phrases are a
/// closed set (`toml_parser`'s descriptions, then `, expected …`); an
/// unknown one gives the general Dutch message rather than English.
pub fn toml_message_nl(en: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        (
            "`_` may only go between digits",
            "`_` mag alleen tussen cijfers staan",
        ),
        (
            "carriage return must be followed by newline",
            "een carriage return moet door een regeleinde gevolgd worden",
        ),
        ("duplicate key", "dubbele sleutel"),
        ("extra `=`", "een `=` te veel"),
        (
            "extra assignment between key-value pairs",
            "een toekenning te veel tussen sleutel-waardeparen",
        ),
        ("extra comma in array", "een komma te veel in de lijst"),
        (
            "extra comma in inline table",
            "een komma te veel in de inline tabel",
        ),
        (
            "integers with a radix cannot be signed",
            "getallen met een grondtal hebben geen teken",
        ),
        ("invalid comment character", "ongeldig teken in commentaar"),
        (
            "invalid inline table element",
            "ongeldig element in de inline tabel",
        ),
        ("invalid key-value pair", "ongeldig sleutel-waardepaar"),
        (
            "invalid unquoted key",
            "ongeldige sleutel zonder aanhalingstekens",
        ),
        ("invalid value", "ongeldige waarde"),
        ("key with no value", "sleutel zonder waarde"),
        (
            "keys cannot be multi-line basic strings",
            "sleutels kunnen geen tekst over meer regels zijn",
        ),
        (
            "keys cannot be multi-line literal strings",
            "sleutels kunnen geen tekst over meer regels zijn",
        ),
        ("missing array opening", "de lijst opent niet"),
        (
            "missing assignment between key-value pairs",
            "ontbrekende `=` tussen sleutel en waarde",
        ),
        (
            "missing comma between array elements",
            "ontbrekende komma tussen de elementen van de lijst",
        ),
        (
            "missing comma between key-value pairs",
            "ontbrekende komma tussen sleutel-waardeparen",
        ),
        ("missing comment start", "commentaar zonder `#`"),
        ("missing escaped value", "ontbrekende waarde na `\\`"),
        ("missing inline table opening", "de inline tabel opent niet"),
        (
            "missing key for inline table element",
            "ontbrekende sleutel in de inline tabel",
        ),
        (
            "missing opening quote",
            "ontbrekend openend aanhalingsteken",
        ),
        ("missing table open", "de tabel opent niet"),
        ("missing value for key", "ontbrekende waarde bij de sleutel"),
        ("missing value", "ontbrekende waarde"),
        (
            "radix must be lowercase",
            "het grondtal moet in kleine letters",
        ),
        ("recursion limit", "te diep genest"),
        (
            "cannot recurse further; max recursion depth met",
            "te diep genest",
        ),
        (
            "redundant integer number prefix",
            "overbodig voorvoegsel bij het getal",
        ),
        ("redundant numeric sign", "overbodig teken bij het getal"),
        (
            "string values must be quoted",
            "tekst moet tussen aanhalingstekens staan",
        ),
        (
            "too few unicode value digits",
            "te weinig cijfers in de unicode-waarde",
        ),
        ("unclosed array table", "niet gesloten lijsttabel"),
        ("unclosed array", "niet gesloten lijst"),
        ("unclosed inline table", "niet gesloten inline tabel"),
        ("unclosed table", "niet gesloten tabel"),
        ("unexpected `=` in array", "onverwachte `=` in de lijst"),
        (
            "unexpected content between comment and newline",
            "onverwachte inhoud tussen commentaar en regeleinde",
        ),
        ("unexpected content", "onverwachte inhoud"),
        ("unexpected key or value", "onverwachte sleutel of waarde"),
        ("unexpected leading zero", "onverwachte voorloopnul"),
        ("unexpected sign", "onverwacht teken"),
        (
            "unquoted keys cannot be empty",
            "een sleutel zonder aanhalingstekens kan niet leeg zijn",
        ),
        ("invalid basic string", "ongeldige tekst"),
        (
            "invalid multi-line basic string",
            "ongeldige tekst over meer regels",
        ),
        ("invalid literal string", "ongeldige letterlijke tekst"),
        (
            "invalid multi-line literal string",
            "ongeldige letterlijke tekst over meer regels",
        ),
        ("invalid string", "ongeldige tekst"),
        (
            "invalid boolean",
            "ongeldige waarheidswaarde (true of false)",
        ),
        ("invalid date-time", "ongeldige datum of tijd"),
        ("invalid exponent", "ongeldige exponent"),
        ("invalid float", "ongeldig kommagetal"),
        ("invalid fraction", "ongeldige breuk"),
        ("invalid mantissa", "ongeldige mantisse"),
        ("invalid integer number", "ongeldig geheel getal"),
        ("invalid binary number", "ongeldig binair getal"),
        ("invalid octal number", "ongeldig octaal getal"),
        ("invalid hexadecimal number", "ongeldig hexadecimaal getal"),
    ];
    const EXPECTED: &[(&str, &str)] = &[
        ("nothing", "niets"),
        ("key", "een sleutel"),
        ("value", "een waarde"),
        ("numbers", "cijfers"),
        ("digits", "cijfers"),
        ("letters", "letters"),
        ("literal string", "letterlijke tekst"),
        ("basic string", "tekst"),
        ("multi-line basic string", "tekst over meer regels"),
        (
            "unicode hexadecimal value",
            "een hexadecimale unicode-waarde",
        ),
        ("printable characters", "afdrukbare tekens"),
        ("characters", "tekens"),
        (
            "non-single-quote visible characters",
            "zichtbare tekens behalve `'`",
        ),
        ("non-single-quote characters", "tekens behalve `'`"),
        (
            "non-double-quote visible characters",
            "zichtbare tekens behalve `\"`",
        ),
        ("etc", "enz."),
    ];
    let (description, expected) = match en.split_once(", expected ") {
        Some((d, e)) => (d, Some(e)),
        None => (en, None),
    };
    let Some((_, nl)) = PHRASES.iter().find(|(e, _)| *e == description) else {
        return "ongeldige TOML-syntaxis".to_owned();
    };
    let mut out = format!("ongeldige TOML: {nl}");
    if let Some(expected) = expected {
        let items: Option<Vec<String>> = expected
            .split(", ")
            .map(|item| {
                if item.starts_with('`') || item.starts_with('\'') || item.starts_with('"') {
                    Some(item.to_owned())
                } else {
                    EXPECTED
                        .iter()
                        .find(|(e, _)| *e == item)
                        .map(|(_, n)| (*n).to_owned())
                }
            })
            .collect();
        if let Some(items) = items {
            out.push_str(&format!("; verwacht: {}", items.join(", ")));
        }
    }
    out
}

/// The values of the record files in Dutch, as a coordinator may write
/// them: classes, audit kinds, outcomes, roles and measures.
const DUTCH_VALUES: &[(&str, &str)] = &[
    ("kritisch", "critical"),
    ("kritiek", "critical"),
    ("kritische afwijking", "critical"),
    ("niet-kritisch", "non-critical"),
    ("niet kritisch", "non-critical"),
    ("niet-kritische afwijking", "non-critical"),
    ("opmerking", "remark"),
    ("initieel", "initial"),
    ("initiële audit", "initial"),
    ("initiele audit", "initial"),
    ("controle", "control"),
    ("controleaudit", "control"),
    ("herbeoordeling", "recertification"),
    ("hercertificering", "recertification"),
    ("hercertificatie", "recertification"),
    ("verificatie", "verification"),
    ("verificatieonderzoek", "verification"),
    ("extra audit", "extra"),
    ("verlening", "grant"),
    ("toekenning", "grant"),
    ("voorlopig", "provisional"),
    ("voorlopig certificaat", "provisional"),
    ("voortzetting", "continue"),
    ("verlenging", "renew"),
    ("overbrugging", "bridging"),
    ("overbruggingscertificaat", "bridging"),
    ("tijdelijk", "temporary"),
    ("tijdelijk certificaat", "temporary"),
    ("schorsing", "suspend"),
    ("opheffing schorsing", "reinstate"),
    ("opheffing", "reinstate"),
    ("intrekking", "withdraw"),
    ("weigering", "refuse"),
    ("leidend auditor", "lead-auditor"),
    ("lead auditor", "lead-auditor"),
    ("auditor", "lead-auditor"),
    ("deskundige", "expert"),
    ("vakdeskundige", "expert"),
    ("beslisser", "decision-maker"),
    ("besluitnemer", "decision-maker"),
    ("plaatsvervangend beslisser", "deputy-decision-maker"),
    ("kinderbescherming", "child-protection"),
    ("jeugdreclassering", "youth-probation"),
    ("voogdij", "guardianship"),
];

/// "did you mean `critical`?" for `kritisch`: a value written in Dutch.
fn dutch_value_hint(s: &str, allowed: &[&str]) -> Option<Text> {
    let s = s.trim().to_lowercase();
    let (_, en) = DUTCH_VALUES.iter().find(|(nl, en)| {
        allowed.contains(en) && nl.replace(['-', ' '], "") == s.replace(['-', ' ', '_'], "")
    })?;
    Some((
        format!("did you mean `{en}`? the values are English"),
        format!("bedoel je `{en}`? de waarden zijn Engels"),
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_written_otherwise_become_toml_dates() {
        assert_eq!(
            date_written_otherwise("2025/10/07").as_deref(),
            Some("2025-10-07")
        );
        assert_eq!(
            date_written_otherwise("20-09-2025").as_deref(),
            Some("2025-09-20")
        );
        assert_eq!(
            date_written_otherwise("1/2/2025").as_deref(),
            Some("2025-02-01")
        );
        assert_eq!(date_written_otherwise("2025-10-07"), None);
        assert_eq!(date_written_otherwise("31-02-2025"), None);
        assert_eq!(date_written_otherwise("f1"), None);
    }

    #[test]
    fn todo_placeholders() {
        assert!(is_todo("TODO"));
        assert!(is_todo("\nTODO\n"));
        assert!(is_todo("TODO: describe the scope"));
        assert!(!is_todo("TODOS are done"));
        assert!(!is_todo("Nothing TODO here"));
    }

    #[test]
    fn syntax_hints() {
        assert!(
            syntax_hint("name = “Cor Smit”")
                .unwrap()
                .0
                .contains("name = \"Cor Smit\"")
        );
        assert_eq!(
            syntax_hint("date = 2025/10/07").unwrap().0,
            "write 2025-10-07 (a TOML date is year-month-day)"
        );
        assert_eq!(syntax_hint("date = 2025-10-07"), None);
    }

    #[test]
    fn toml_messages_in_dutch() {
        assert_eq!(
            toml_message_nl("invalid basic string, expected `\"`"),
            "ongeldige TOML: ongeldige tekst; verwacht: `\"`"
        );
        assert_eq!(
            toml_message_nl("string values must be quoted, expected literal string"),
            "ongeldige TOML: tekst moet tussen aanhalingstekens staan; verwacht: letterlijke tekst"
        );
        assert_eq!(toml_message_nl("something new"), "ongeldige TOML-syntaxis");
    }

    #[test]
    fn dutch_values_get_their_english_name() {
        let classes = ["critical", "non-critical", "remark"];
        assert_eq!(
            dutch_value_hint("kritisch", &classes).unwrap().0,
            "did you mean `critical`? the values are English"
        );
        assert!(
            dutch_value_hint("niet-kritisch", &classes)
                .unwrap()
                .0
                .contains("`non-critical`")
        );
        assert!(
            dutch_value_hint("Opmerking", &classes)
                .unwrap()
                .0
                .contains("`remark`")
        );
        assert_eq!(dutch_value_hint("herbeoordeling", &classes), None);
    }
}

//! What changed inside one record file between two versions, key by key:
//! the comparison under `kmi diff <rev-a> <rev-b>` and the history rules of
//! `kmi check --since`.
//!
//! Records are compared as parsed TOML values, so reformatting, reordering
//! keys or comments change nothing. Arrays of tables that hold identified
//! items (`[[finding]]` by `id`, `[[follow_up]]` and `[[open_finding]]` by
//! `finding`, a scheme's `[[norm]]` by `id`) are matched by that key, not by
//! position, so adding a finding in the middle reports one added finding.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::{Table, Value};

use crate::clock::Date;

/// One step of a path into a record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seg {
    /// A key of a table.
    Key(String),
    /// An identified item of an array of tables, by the value of its key
    /// (`finding[f1]`), or by position when it has none (`finding[#2]`).
    Item(String),
}

/// A path into a record, e.g. `finding[f1].plan.received`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    fn with(&self, seg: Seg) -> KeyPath {
        let mut v = self.0.clone();
        v.push(seg);
        KeyPath(v)
    }

    /// The path without its item keys (`finding.plan.received`), to match
    /// a kind of field whatever item it is in.
    pub fn shape(&self) -> String {
        self.0
            .iter()
            .filter_map(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                Seg::Item(_) => None,
            })
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The item key that follows `key` at the start of the path
    /// (`finding[f1]…` → `f1` for `finding`).
    pub fn item_of(&self, key: &str) -> Option<&str> {
        match self.0.as_slice() {
            [Seg::Key(k), Seg::Item(i), ..] if k == key => Some(i),
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Item(k) => write!(f, "[{k}]")?,
            }
        }
        Ok(())
    }
}

/// The key that identifies the items of an array of tables under `key`.
fn item_key(key: &str) -> Option<&'static str> {
    match key {
        "finding" | "norm" => Some("id"),
        "follow_up" | "open_finding" => Some("finding"),
        _ => None,
    }
}

/// One difference: a value added (`old` is none), removed (`new` is none)
/// or changed.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub path: KeyPath,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// Parse a record file's bytes into its TOML table (no spans, no schema).
pub fn parse(bytes: &[u8]) -> Result<Table, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())?;
    text.parse::<Table>()
        .map_err(|e| e.message().lines().next().unwrap_or("not TOML").to_owned())
}

/// Every difference between two versions of a record, in path order.
pub fn diff(old: &Table, new: &Table) -> Vec<FieldChange> {
    let mut out = Vec::new();
    diff_tables(&KeyPath::default(), old, new, &mut out);
    out
}

fn diff_tables(at: &KeyPath, old: &Table, new: &Table, out: &mut Vec<FieldChange>) {
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys {
        let path = at.with(Seg::Key(key.clone()));
        let none = Value::Array(Vec::new());
        match (old.get(key), new.get(key)) {
            (Some(o), Some(n)) => diff_values(&path, key, o, n, out),
            // Identified items come and go one by one, also the first or the last.
            (Some(v), None) if keyed(key, v) => diff_values(&path, key, v, &none, out),
            (None, Some(v)) if keyed(key, v) => diff_values(&path, key, &none, v, out),
            (o, n) => out.push(FieldChange {
                path,
                old: o.cloned(),
                new: n.cloned(),
            }),
        }
    }
}

fn diff_values(at: &KeyPath, key: &str, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Table(o), Value::Table(n)) => diff_tables(at, o, n, out),
        (Value::Array(o), Value::Array(n)) if item_key(key).is_some() && tables(o) && tables(n) => {
            let o = items(o, item_key(key).expect("checked"));
            let n = items(n, item_key(key).expect("checked"));
            let ids: std::collections::BTreeSet<&String> = o.keys().chain(n.keys()).collect();
            for id in ids {
                let path = at.with(Seg::Item(id.clone()));
                match (o.get(id), n.get(id)) {
                    (Some(a), Some(b)) => diff_tables(&path, a, b, out),
                    (a, b) => out.push(FieldChange {
                        path,
                        old: a.map(|t| Value::Table((*t).clone())),
                        new: b.map(|t| Value::Table((*t).clone())),
                    }),
                }
            }
        }
        _ => out.push(FieldChange {
            path: at.clone(),
            old: Some(old.clone()),
            new: Some(new.clone()),
        }),
    }
}

/// An array of identified tables (`[[finding]]`, `[[follow_up]]`, …).
fn keyed(key: &str, v: &Value) -> bool {
    item_key(key).is_some() && v.as_array().is_some_and(|a| tables(a))
}

fn tables(items: &[Value]) -> bool {
    items.iter().all(Value::is_table)
}

/// Items by their identifying key; an item without one (or a repeated one)
/// by its position.
fn items<'a>(list: &'a [Value], key: &str) -> BTreeMap<String, &'a Table> {
    let mut out = BTreeMap::new();
    for (i, item) in list.iter().enumerate() {
        let Some(t) = item.as_table() else { continue };
        let id = t
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .filter(|id| !out.contains_key(id))
            .unwrap_or_else(|| format!("#{}", i + 1));
        out.insert(id, t);
    }
    out
}

/// Every leaf value of a record with its path (identified items by key).
pub fn leaves(table: &Table) -> BTreeMap<KeyPath, &Value> {
    let mut out = BTreeMap::new();
    leaves_of(&KeyPath::default(), table, &mut out);
    out
}

fn leaves_of<'a>(at: &KeyPath, table: &'a Table, out: &mut BTreeMap<KeyPath, &'a Value>) {
    for (key, value) in table {
        let path = at.with(Seg::Key(key.clone()));
        match value {
            Value::Table(t) => leaves_of(&path, t, out),
            Value::Array(list) if item_key(key).is_some() && tables(list) => {
                for (id, t) in items(list, item_key(key).expect("checked")) {
                    leaves_of(&path.with(Seg::Item(id)), t, out);
                }
            }
            _ => {
                out.insert(path, value);
            }
        }
    }
}

/// The value at `path`, if there is one.
pub fn get<'a>(table: &'a Table, path: &KeyPath) -> Option<&'a Value> {
    let mut current: Option<&Value> = None;
    let mut key_of_current = "";
    for seg in &path.0 {
        current = match (seg, current) {
            (Seg::Key(k), None) => {
                key_of_current = k;
                table.get(k)
            }
            (Seg::Key(k), Some(Value::Table(t))) => {
                key_of_current = k;
                t.get(k)
            }
            (Seg::Item(id), Some(Value::Array(list))) => {
                let key = item_key(key_of_current)?;
                let found = items(list, key).get(id).copied()?;
                list.iter().find(|v| v.as_table() == Some(found))
            }
            _ => return None,
        };
        current?;
    }
    current
}

/// A TOML date value as a [`Date`].
pub fn as_date(v: &Value) -> Option<Date> {
    let d = v.as_datetime()?;
    if d.time.is_some() || d.offset.is_some() {
        return None;
    }
    let date = d.date?;
    Date::from_ymd(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )
}

/// A value as people read it: strings without quotes, dates as written,
/// arrays and tables inline. Long text is cut to `max` characters.
pub fn show(v: &Value, max: usize) -> String {
    let s = match v {
        Value::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| show(i, max))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Table(t) => {
            let inner: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{k} = {}", show(v, max)))
                .collect();
            format!("{{ {} }}", inner.join(", "))
        }
        other => other.to_string(),
    };
    if s.chars().count() > max {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// A value as JSON: dates as `YYYY-MM-DD` strings.
pub fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::String(s) => s.clone().into(),
        Value::Integer(i) => (*i).into(),
        Value::Float(f) => (*f).into(),
        Value::Boolean(b) => (*b).into(),
        Value::Datetime(d) => d.to_string().into(),
        Value::Array(items) => items.iter().map(to_json).collect(),
        Value::Table(t) => t
            .iter()
            .map(|(k, v)| (k.clone(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// The byte span of the key at `path` in a record's text (of the item's
/// table header for an item), or of the nearest enclosing key that exists:
/// where a diagnostic about that path points.
pub fn locate(text: &str, path: &KeyPath) -> Range<usize> {
    let Ok(doc) = DeTable::parse(text) else {
        return 0..0;
    };
    let doc = doc.into_inner();
    let mut best = 0..0;
    let mut table: Option<&DeTable<'_>> = Some(&doc);
    let mut array: Option<(&str, &[toml::Spanned<DeValue<'_>>])> = None;
    for seg in &path.0 {
        match seg {
            Seg::Key(k) => {
                let Some(t) = table else { break };
                let Some((key, value)) = t.get_key_value(k.as_str()) else {
                    break;
                };
                best = key.span();
                table = None;
                array = None;
                match value.get_ref() {
                    DeValue::Table(inner) => table = Some(inner),
                    DeValue::Array(list) => array = Some((k.as_str(), list.as_ref())),
                    _ => {}
                }
            }
            Seg::Item(id) => {
                let Some((key, list)) = array else { break };
                let Some(field) = item_key(key) else { break };
                let found = list.iter().enumerate().find(|(i, v)| match v.get_ref() {
                    DeValue::Table(t) => match t.get(field).map(|f| f.get_ref()) {
                        Some(DeValue::String(s)) => s.as_ref() == id.as_str(),
                        _ => *id == format!("#{}", i + 1),
                    },
                    _ => false,
                });
                let Some((_, item)) = found else { break };
                best = item.span();
                array = None;
                table = match item.get_ref() {
                    DeValue::Table(t) => Some(t),
                    _ => None,
                };
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = r#"
kind = "initial"
days = [2025-05-08]

[[finding]]
id = "f1"
norm = "4.2"
class = "non-critical"

[[finding]]
id = "f2"
norm = "1.1"
class = "remark"
"#;

    const NEW: &str = r#"
kind = "initial"
days = [2025-05-08, 2025-05-14]

[[finding]]
id = "f0"
norm = "2.1"
class = "remark"

[[finding]]
id = "f1"
norm = "4.2"
class = "critical"

[finding.plan]
received = 2025-07-20
"#;

    #[test]
    fn findings_match_by_id_not_position() {
        let changes = diff(
            &parse(OLD.as_bytes()).unwrap(),
            &parse(NEW.as_bytes()).unwrap(),
        );
        let paths: Vec<String> = changes.iter().map(|c| c.path.to_string()).collect();
        assert_eq!(
            paths,
            [
                "days",
                "finding[f0]",
                "finding[f1].class",
                "finding[f1].plan",
                "finding[f2]"
            ]
        );
        assert!(changes[1].old.is_none() && changes[4].new.is_none());
    }

    #[test]
    fn locates_keys_inside_items() {
        let path = KeyPath(vec![
            Seg::Key("finding".into()),
            Seg::Item("f1".into()),
            Seg::Key("plan".into()),
            Seg::Key("received".into()),
        ]);
        let span = locate(NEW, &path);
        assert_eq!(&NEW[span], "received");
        let table = parse(NEW.as_bytes()).unwrap();
        assert_eq!(
            as_date(get(&table, &path).unwrap()).unwrap().to_string(),
            "2025-07-20"
        );
        assert_eq!(path.shape(), "finding.plan.received");
        assert_eq!(path.item_of("finding"), Some("f1"));
    }
}

//! `kmi diff <rev-a> [<rev-b>]`: what changed in the dossier between two
//! revisions (or a revision and the working tree), record by record.
//!
//! Only the files git reports as changed are read and parsed: the cost
//! follows the size of the change, not of the dossier or its history.

use serde::Serialize;

use crate::git::{Change, GitError, Repo, Rev, Status, read_path};
use crate::i18n::Lang;
use crate::load::layout;
use crate::load::{FsReader, Reader};
use crate::recdiff::{self, FieldChange, KeyPath};

#[derive(Debug, Serialize)]
pub struct RevisionDiff {
    pub from: Side,
    pub to: Side,
    pub records: Vec<RecordDiff>,
    pub summary: Counts,
}

/// One side of the comparison: the revision as given and its commit; the
/// working tree has no commit.
#[derive(Debug, Serialize)]
pub struct Side {
    pub rev: String,
    pub commit: Option<String>,
}

impl Side {
    fn of(rev: Option<&Rev>) -> Side {
        match rev {
            Some(r) => Side {
                rev: r.name.clone(),
                commit: Some(r.commit.to_string()),
            },
            None => Side {
                rev: "working tree".to_owned(),
                commit: None,
            },
        }
    }

    fn label(&self) -> String {
        match &self.commit {
            Some(c) if !self.rev.starts_with(&c[..7]) => format!("{} ({})", self.rev, &c[..7]),
            Some(c) => c[..7].to_owned(),
            None => self.rev.clone(),
        }
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

#[derive(Debug, Serialize)]
pub struct RecordDiff {
    /// Relative to the dossier root.
    pub file: String,
    /// The record kind: kmi, scheme, person, institution, audit, decision, progress.
    pub kind: &'static str,
    pub institution: Option<String>,
    pub id: String,
    /// added, removed or changed.
    pub status: &'static str,
    pub changes: Vec<Item>,
}

#[derive(Debug, Serialize)]
pub struct Item {
    /// added, removed, changed (a field); finding-added, finding-removed,
    /// finding-reclassified, follow-up-added, follow-up-removed; unreadable.
    pub change: &'static str,
    /// The key path, e.g. `finding[f1].plan.received`.
    pub path: String,
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
}

/// Compare the dossier at `from` with `to` (a revision; `None`: the working
/// tree, read through `working_tree`).
pub fn compare(
    repo: &Repo,
    from: &Rev,
    to: Option<&Rev>,
    working_tree: Option<&FsReader>,
) -> Result<RevisionDiff, GitError> {
    let changes = repo.changes(from, to)?;
    let old_tree = repo.subtree(from.commit)?;
    let new_tree = match to {
        Some(r) => repo.subtree(r.commit)?,
        None => None,
    };
    let fs = match to {
        None => working_tree,
        Some(_) => None,
    };
    let missing = || Err("no dossier at this revision".to_owned());
    let read_old = |rel: &str| match old_tree {
        Some(t) => read_path(&repo.repo, t, rel),
        None => missing(),
    };
    let read_new = |rel: &str| match (&fs, new_tree) {
        (Some(fs), _) => fs.read(rel),
        (None, Some(t)) => read_path(&repo.repo, t, rel),
        (None, None) => missing(),
    };
    let mut records = Vec::new();
    let mut summary = Counts::default();
    for Change { rel, status, .. } in changes {
        let Some(planned) = layout::classify(&rel) else {
            continue;
        };
        let parsed = |r: Result<Vec<u8>, String>| r.and_then(|b| recdiff::parse(&b));
        let (old, new) = match status {
            Status::Added => (None, Some(parsed(read_new(&rel)))),
            Status::Deleted => (Some(parsed(read_old(&rel))), None),
            Status::Modified => (Some(parsed(read_old(&rel))), Some(parsed(read_new(&rel)))),
        };
        let items = items(&old, &new);
        let status = match (&old, &new) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        };
        // A changed file whose values are equal (reformatted, comments) is no change.
        if status == "changed" && items.is_empty() {
            continue;
        }
        match status {
            "added" => summary.added += 1,
            "removed" => summary.removed += 1,
            _ => summary.changed += 1,
        }
        records.push(RecordDiff {
            file: rel,
            kind: planned.kind.schema_name(),
            institution: planned.institution,
            id: planned.id,
            status,
            changes: items,
        });
    }
    Ok(RevisionDiff {
        from: Side::of(Some(from)),
        to: Side::of(to),
        records,
        summary,
    })
}

type Version = Option<Result<toml::Table, String>>;

/// The changes inside one record, named for what they mean.
fn items(old: &Version, new: &Version) -> Vec<Item> {
    let unreadable = |which: &str, e: &str| Item {
        change: "unreadable",
        path: String::new(),
        old: None,
        new: Some(format!("{which} version: {e}").into()),
    };
    let empty = toml::Table::new();
    let (o, n) = match (old, new) {
        (Some(Err(e)), _) => return vec![unreadable("old", e)],
        (_, Some(Err(e))) => return vec![unreadable("new", e)],
        (Some(Ok(o)), Some(Ok(n))) => (o, n),
        // An added or removed record: list only the findings and follow-ups it brings or takes.
        (None, Some(Ok(n))) => (&empty, n),
        (Some(Ok(o)), None) => (o, &empty),
        (None, None) => return Vec::new(),
    };
    let whole = old.is_none() || new.is_none();
    recdiff::diff(o, n)
        .into_iter()
        .filter(|c| !whole || is_item(&c.path))
        .map(item)
        .collect()
}

fn is_item(path: &KeyPath) -> bool {
    path.len() == 2 && (path.item_of("finding").is_some() || path.item_of("follow_up").is_some())
}

fn item(c: FieldChange) -> Item {
    let FieldChange { path, old, new } = c;
    let change = if path.len() == 2 && path.item_of("finding").is_some() {
        if old.is_none() {
            "finding-added"
        } else if new.is_none() {
            "finding-removed"
        } else {
            "changed"
        }
    } else if path.len() == 2 && path.item_of("follow_up").is_some() {
        if old.is_none() {
            "follow-up-added"
        } else if new.is_none() {
            "follow-up-removed"
        } else {
            "changed"
        }
    } else if path.item_of("finding").is_some() && path.shape() == "finding.class" {
        "finding-reclassified"
    } else {
        match (&old, &new) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        }
    };
    Item {
        change,
        path: path.to_string(),
        old: old.as_ref().map(recdiff::to_json),
        new: new.as_ref().map(recdiff::to_json),
    }
}

/// The human report: one block per record, a table of its changes, in `lang`.
pub fn render_human(d: &RevisionDiff, lang: Lang) -> String {
    let label = |side: &Side| match (side.commit.is_none(), lang) {
        (true, Lang::Nl) => "werkmap".to_owned(),
        _ => side.label(),
    };
    let mut out = format!("{} → {}\n", label(&d.from), label(&d.to));
    if d.records.is_empty() {
        out.push_str(lang.pick("no records changed\n", "geen records gewijzigd\n"));
        return out;
    }
    for r in &d.records {
        let (status, kind) = match lang {
            Lang::En => (r.status, r.kind),
            Lang::Nl => (word_nl(r.status), word_nl(r.kind)),
        };
        out.push_str(&format!(
            "\n{status} {kind} {}  ({})\n",
            crate::render::escape(&subject(r)),
            crate::render::escape(&r.file)
        ));
        if r.changes.is_empty() {
            continue;
        }
        let mut table = comfy_table::Table::new();
        table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        table
            .set_width(crate::render::table_width(100))
            .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
            .set_header(match lang {
                Lang::En => ["change", "field", "old", "new"],
                Lang::Nl => ["wijziging", "veld", "oud", "nieuw"],
            });
        for c in &r.changes {
            let cell = |v: &Option<serde_json::Value>| {
                v.as_ref()
                    .map(|v| crate::render::escape(&show_item(c.change, v, lang)).into_owned())
                    .unwrap_or_default()
            };
            table.add_row([
                match lang {
                    Lang::En => c.change,
                    Lang::Nl => word_nl(c.change),
                }
                .to_owned(),
                crate::render::escape(&c.path).into_owned(),
                cell(&c.old),
                cell(&c.new),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    let s = &d.summary;
    out.push_str(&match lang {
        Lang::En => format!(
            "\n{} added, {} removed, {} changed\n",
            plural(s.added, "record"),
            s.removed,
            s.changed
        ),
        Lang::Nl => format!(
            "\n{} {} toegevoegd, {} verwijderd, {} gewijzigd\n",
            s.added,
            if s.added == 1 { "record" } else { "records" },
            s.removed,
            s.changed
        ),
    });
    out
}

/// The Dutch of a status, record kind or change.
fn word_nl(word: &str) -> &str {
    match word {
        "added" => "toegevoegd",
        "removed" => "verwijderd",
        "changed" => "gewijzigd",
        "person" => "persoon",
        "institution" => "instelling",
        "decision" => "besluit",
        "progress" => "voortgangsrapportage",
        "scheme" => "schema",
        "finding-added" => "bevinding toegevoegd",
        "finding-removed" => "bevinding verwijderd",
        "finding-reclassified" => "bevinding geherclassificeerd",
        "follow-up-added" => "opvolging toegevoegd",
        "follow-up-removed" => "opvolging verwijderd",
        "unreadable" => "onleesbaar",
        other => other,
    }
}

fn subject(r: &RecordDiff) -> String {
    match &r.institution {
        Some(i) if r.kind != "institution" => format!("{i}/{}", r.id),
        _ => r.id.clone(),
    }
}

fn plural(n: usize, w: &str) -> String {
    format!("{n} {w}{}", if n == 1 { "" } else { "s" })
}

/// A finding or follow-up in a few words; other values as they are.
fn show_item(change: &str, v: &serde_json::Value, lang: Lang) -> String {
    let field = |k: &str| v.get(k).and_then(serde_json::Value::as_str).unwrap_or("?");
    let flag = |k: &str| {
        v.get(k)
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    };
    match change {
        "finding-added" | "finding-removed" => show(
            &match lang {
                Lang::En => format!(
                    "{} on norm {}: {}",
                    field("class"),
                    field("norm"),
                    field("summary")
                ),
                Lang::Nl => format!(
                    "{} op norm {}: {}",
                    crate::i18n::term_nl(field("class")),
                    field("norm"),
                    field("summary")
                ),
            }
            .into(),
        ),
        "follow-up-added" | "follow-up-removed" => {
            let mut parts: Vec<String> = [
                ("implemented", "geïmplementeerd"),
                ("effective", "doeltreffend"),
                ("closed", "gesloten"),
            ]
            .iter()
            .map(|(k, nl)| match (flag(k), lang) {
                (true, Lang::En) => (*k).to_owned(),
                (false, Lang::En) => format!("not {k}"),
                (true, Lang::Nl) => (*nl).to_owned(),
                (false, Lang::Nl) => format!("niet {nl}"),
            })
            .collect();
            if let Some(c) = v.get("reclassify").and_then(serde_json::Value::as_str) {
                parts.push(match lang {
                    Lang::En => format!("reclassified {c}"),
                    Lang::Nl => format!("geherclassificeerd: {}", crate::i18n::term_nl(c)),
                });
            }
            parts.join(", ")
        }
        _ => show(v),
    }
}

/// A JSON value shortened for a table cell.
fn show(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        serde_json::Value::Object(m) => {
            let inner: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k} = {}", show(v)))
                .collect();
            format!("{{ {} }}", inner.join(", "))
        }
        serde_json::Value::Array(items) => {
            format!(
                "[{}]",
                items.iter().map(show).collect::<Vec<_>>().join(", ")
            )
        }
        other => other.to_string(),
    };
    const MAX: usize = 60;
    if s.chars().count() > MAX {
        format!("{}…", s.chars().take(MAX - 1).collect::<String>())
    } else {
        s
    }
}

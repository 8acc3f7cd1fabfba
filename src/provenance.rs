//! Who recorded each step of a trace, and when: for every part of a record
//! (an audit's own keys, a finding, its plan, a follow-up, a decision), the
//! commit that last changed it, with its author and date.
//!
//! One walk over the history per run, newest commit first, diffing each
//! commit with its parent only at the files asked about; a part is settled at
//! the first commit whose change gives it its current value, and the walk
//! stops when every part is settled. Values are compared as parsed TOML, so
//! reformatting a file or editing a comment does not move a step's
//! provenance (where `git blame` would).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::TimeZone;
use git2::Oid;
use serde::Serialize;

use crate::clock::Date;
use crate::git::{GitError, Repo, Rev, short};

/// A part of a record file: `audit`, `finding:<id>`, `plan:<id>`,
/// `follow_up:<audit>/<finding>`, `decision`, `progress`, `institution`.
pub type Part = String;

/// (file relative to the dossier, part)
pub type Key = (String, Part);

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stamp {
    /// Short commit id, or `uncommitted` for a change in the working tree.
    pub commit: String,
    pub author: String,
    /// The commit date in the dossier's time zone.
    pub date: Option<Date>,
}

/// The parts of one record file, as parsed values.
pub fn parts(rel: &str, text: &str) -> BTreeMap<Part, toml::Value> {
    let mut out = BTreeMap::new();
    let Ok(mut table) = toml::from_str::<toml::Table>(text) else {
        return out;
    };
    let kind = if rel.contains("/audits/") {
        "audit"
    } else if rel.contains("/decisions/") {
        "decision"
    } else if rel.contains("/progress/") {
        "progress"
    } else if rel.ends_with("institution.toml") {
        "institution"
    } else {
        "record"
    };
    if kind == "audit" {
        if let Some(toml::Value::Array(findings)) = table.remove("finding") {
            for f in findings {
                let toml::Value::Table(mut f) = f else {
                    continue;
                };
                let Some(id) = f.get("id").and_then(|v| v.as_str()).map(str::to_owned) else {
                    continue;
                };
                if let Some(plan) = f.remove("plan") {
                    out.insert(format!("plan:{id}"), plan);
                }
                out.insert(format!("finding:{id}"), toml::Value::Table(f));
            }
        }
        if let Some(toml::Value::Array(follow_ups)) = table.remove("follow_up") {
            for fu in follow_ups {
                let Some(r) = fu
                    .get("finding")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
                else {
                    continue;
                };
                out.insert(format!("follow_up:{r}"), fu);
            }
        }
    }
    out.insert(kind.to_owned(), toml::Value::Table(table));
    out
}

fn text_of(repo: &git2::Repository, tree: Option<Oid>, rel: &str) -> Option<String> {
    let bytes = crate::git::read_path(repo, tree?, rel).ok()?;
    String::from_utf8(bytes).ok()
}

fn blob_text(repo: &git2::Repository, blob: Option<Oid>) -> Option<String> {
    let bytes = crate::git::read_blob(repo, blob?).ok()?;
    String::from_utf8(bytes).ok()
}

/// Finds the blob at a path of a commit's tree by walking down from the
/// root, remembering the entries of every tree it reads: a walk over the
/// history reads each tree once (a commit's trees are mostly its child's),
/// and only the trees on the way to the files traced.
struct BlobFinder<'r> {
    repo: &'r Repo,
    /// Tree → name → (object, whether it is a tree), for the names asked.
    entries: HashMap<(Oid, String), Option<(Oid, bool)>>,
}

impl<'r> BlobFinder<'r> {
    fn new(repo: &'r Repo) -> Self {
        BlobFinder {
            repo,
            entries: HashMap::new(),
        }
    }

    /// The blob at `rel` (relative to the dossier) under the commit tree
    /// `root`, if there is one (not a link, a directory or a submodule).
    fn blob(&mut self, root: Oid, rel: &str) -> Result<Option<Oid>, GitError> {
        let prefix = self.repo.prefix();
        let path = if prefix.is_empty() {
            rel.to_owned()
        } else {
            format!("{prefix}/{rel}")
        };
        let mut tree = root;
        let mut names = path.split('/').peekable();
        while let Some(name) = names.next() {
            let Some((oid, is_tree)) = self.entry(tree, name)? else {
                return Ok(None);
            };
            if names.peek().is_none() {
                return Ok((!is_tree).then_some(oid));
            }
            if !is_tree {
                return Ok(None);
            }
            tree = oid;
        }
        Ok(None)
    }

    fn entry(&mut self, tree: Oid, name: &str) -> Result<Option<(Oid, bool)>, GitError> {
        if self.entries.len() > 1_000_000 {
            self.entries.clear();
        }
        let key = (tree, name.to_owned());
        if let Some(found) = self.entries.get(&key) {
            return Ok(*found);
        }
        // The one name is looked up in the tree object's bytes: a parsed
        // tree (libgit2 parses every entry, 1,000 under `institutions/` of a
        // wide dossier) would cost more than reading the object.
        let odb = self.repo.repo.odb()?;
        let object = odb.read(tree)?;
        if object.kind() != git2::ObjectType::Tree {
            return Err(git2::Error::from_str("not a tree").into());
        }
        let found = raw_entry(object.data(), name.as_bytes())
            .ok_or_else(|| git2::Error::from_str("failed to parse tree"))?
            .and_then(|(mode, id)| match normalized(mode) {
                0o040000 => Some((id, true)),
                0o100644 | 0o100755 => Some((id, false)),
                _ => None,
            });
        self.entries.insert(key, found);
        Ok(found)
    }
}

/// The mode and object of the entry `name` in the raw bytes of a tree
/// object (`<octal mode> <name>\0<20-byte id>`, one after the other); none
/// if it has no such entry; an error (`None`) if the bytes are no tree.
#[allow(clippy::option_option)]
fn raw_entry(mut data: &[u8], name: &[u8]) -> Option<Option<(u32, Oid)>> {
    while !data.is_empty() {
        let space = data.iter().position(|b| *b == b' ')?;
        let nul = space + 1 + data[space + 1..].iter().position(|b| *b == 0)?;
        let id = data.get(nul + 1..nul + 21)?;
        if &data[space + 1..nul] == name {
            let mode = std::str::from_utf8(&data[..space]).ok()?;
            let mode = u32::from_str_radix(mode, 8).ok()?;
            return Some(Some((mode, Oid::from_bytes(id).ok()?)));
        }
        data = &data[nul + 21..];
    }
    Some(None)
}

/// A tree entry's mode as libgit2 reports it (`git_tree_entry_filemode`).
fn normalized(mode: u32) -> u32 {
    match mode & 0o170000 {
        0o040000 => 0o040000,
        _ if mode & 0o100 != 0 => 0o100755,
        0o160000 => 0o160000,
        0o120000 => 0o120000,
        _ => 0o100644,
    }
}

/// The provenance of every part of `files` (paths relative to the dossier)
/// as the dossier stands: at `head`, plus the working tree when `worktree`
/// holds the current texts (a part that differs from `head` there is
/// `uncommitted`).
pub fn compute(
    repo: &Repo,
    head: &Rev,
    files: &BTreeSet<String>,
    worktree: Option<&BTreeMap<String, String>>,
    timezone: &str,
) -> Result<BTreeMap<Key, Stamp>, GitError> {
    let git = &repo.repo;
    let head_tree = repo.subtree(head.commit)?;
    let mut current: BTreeMap<&str, BTreeMap<Part, toml::Value>> = BTreeMap::new();
    let mut settled = BTreeMap::new();
    let mut open: BTreeSet<Key> = BTreeSet::new();
    for rel in files {
        let at_head = text_of(git, head_tree, rel)
            .map(|t| parts(rel, &t))
            .unwrap_or_default();
        let now = match worktree.and_then(|w| w.get(rel)) {
            Some(text) => parts(rel, text),
            None => at_head.clone(),
        };
        for (part, value) in &now {
            let key = (rel.clone(), part.clone());
            if at_head.get(part) != Some(value) {
                settled.insert(
                    key,
                    Stamp {
                        commit: "uncommitted".to_owned(),
                        author: String::new(),
                        date: None,
                    },
                );
            } else {
                open.insert(key);
            }
        }
        current.insert(rel.as_str(), now);
    }
    if open.is_empty() {
        return Ok(settled);
    }
    let tz: Option<chrono_tz::Tz> = timezone.parse().ok();
    let mut walk = git.revwalk()?;
    walk.push(head.commit)?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
    let mut blobs = BlobFinder::new(repo);
    for oid in walk {
        let commit = git.find_commit(oid?)?;
        if commit.parent_count() > 1 {
            continue;
        }
        let new_root = commit.tree_id();
        let old_root = commit.parent(0).ok().map(|p| p.tree_id());
        if Some(new_root) == old_root {
            continue;
        }
        // Only the files still open, and of those only the ones whose blob
        // differs: each looked up from its directory's entries, and the
        // trees of a commit are those of its child's parent, so each tree on
        // the way is read once.
        let wanted: BTreeSet<&str> = open.iter().map(|(f, _)| f.as_str()).collect();
        let mut changed: Vec<(String, Option<Oid>, Option<Oid>)> = Vec::new();
        for rel in wanted {
            let after = blobs.blob(new_root, rel)?;
            let before = match old_root {
                Some(root) => blobs.blob(root, rel)?,
                None => None,
            };
            if before != after {
                changed.push((rel.to_owned(), before, after));
            }
        }
        if changed.is_empty() {
            continue;
        }
        let when = commit.committer().when();
        let date = tz
            .and_then(|tz| tz.timestamp_opt(when.seconds(), 0).single())
            .map(|t| t.date_naive())
            .or_else(|| chrono::DateTime::from_timestamp(when.seconds(), 0).map(|t| t.date_naive()))
            .and_then(|d| {
                Date::from_ymd(
                    chrono::Datelike::year(&d),
                    chrono::Datelike::month(&d),
                    chrono::Datelike::day(&d),
                )
            });
        let stamp = Stamp {
            commit: short(commit.id()),
            author: String::from_utf8_lossy(commit.author().name_bytes()).into_owned(),
            date,
        };
        for (rel, before, after) in changed {
            let before = blob_text(git, before)
                .map(|t| parts(&rel, &t))
                .unwrap_or_default();
            let after = blob_text(git, after)
                .map(|t| parts(&rel, &t))
                .unwrap_or_default();
            let Some(now) = current.get(rel.as_str()) else {
                continue;
            };
            let keys: Vec<Key> = open.iter().filter(|(f, _)| *f == rel).cloned().collect();
            for key in keys {
                let part = &key.1;
                if before.get(part) != after.get(part) && after.get(part) == now.get(part) {
                    open.remove(&key);
                    settled.insert(key, stamp.clone());
                }
            }
        }
        if open.is_empty() {
            break;
        }
    }
    Ok(settled)
}

//! What `kmi check --since <rev>` knows about the change since that
//! revision: the audit and decision files that differ (their version at
//! `<rev>` and now), the findings that were closed at `<rev>`, and when each
//! date of a plan, report, decision or progress report was first recorded.
//! The history rules (`rules::history_*`) judge these facts.
//!
//! Reading scales with the change: one tree diff between `<rev>` and now,
//! the changed blobs only, and for backdating one tree diff per commit after
//! `<rev>` (merges left out), reading only the trees and blobs those commits
//! changed. The working tree is compared with HEAD by the blob ids of the
//! texts the loader read, not by a diff that looks at every file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use toml::{Table, Value};

use crate::clock::Date;
use crate::dossier::{Dossier, FileId};
use crate::git::{Change, GitError, Repo, Rev, Status, TreeDiff, read_blob, read_path};
use crate::load::layout::{self, Planned};
use crate::load::{FsReader, Kind, Reader};
use crate::model::Level;
use crate::recdiff::{self, KeyPath};

/// The facts the history rules judge.
#[derive(Debug)]
pub struct History {
    pub since: Rev,
    /// Audit and decision files that differ between `since` and now.
    pub changed: Vec<ChangedRecord>,
    /// Findings closed at `since`: (institution, audit, finding) → the audit
    /// whose follow-up closed it.
    pub closed_at_since: BTreeMap<(String, String, String), String>,
    /// Dates first recorded after `since`, with the commit that recorded them.
    pub recorded: Vec<Recorded>,
    /// `[history] backdate_days`.
    pub backdate_days: u32,
    /// `[rules]` of kmi.toml at `since`: the history rules judge a change
    /// with the severities that held before it, so a change cannot switch
    /// off the rule that would refuse it.
    pub rules_at_since: BTreeMap<String, Level>,
    /// The rules whose `[rules]` entry differs between `since` and now:
    /// (rule, then, now), absent as None.
    pub rules_changed: Vec<(String, Option<Level>, Option<Level>)>,
}

/// An audit or decision file that changed since the revision.
#[derive(Debug)]
pub struct ChangedRecord {
    pub planned: Planned,
    /// At `since`; none when the file is new, or did not parse then.
    pub old: Option<Table>,
    /// Now; none when the file is gone, or does not parse.
    pub new: Option<Table>,
    /// The file in the loaded dossier, when it is still there.
    pub file: Option<FileId>,
}

/// A date that a commit recorded for the first time.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub rel: String,
    pub institution: Option<String>,
    pub path: KeyPath,
    pub date: Date,
    /// The commit's short id, or "working tree" for what is not committed yet.
    pub commit: String,
    pub author: String,
    /// The day the commit was made, in the dossier's time zone.
    pub committed: Date,
}

/// The dates whose recording is watched, by record kind and key path shape.
fn watched(kind: Kind, shape: &str) -> bool {
    matches!(
        (kind, shape),
        (
            Kind::Audit,
            "report" | "finding.plan.received" | "finding.plan.accepted"
        ) | (Kind::Decision, "date")
            | (Kind::Progress, "received")
    )
}

impl History {
    /// The history from `since` to `current` (a revision, or the working
    /// tree when none) of the loaded dossier `dossier`, which is the dossier
    /// at `current`. `today` dates what the working tree records.
    pub fn build(
        repo: &Repo,
        since: &Rev,
        current: Option<&Rev>,
        dossier: &Dossier,
        today: Date,
    ) -> Result<History, GitError> {
        let files: HashMap<&str, FileId> = dossier
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let old_tree = repo.subtree(since.commit)?;
        // With the working tree: one diff of it against HEAD, for both the
        // change since `since` and the last step of the backdating walk
        // (each diff of the working tree looks at every file in it).
        let head = match current {
            Some(c) => c.clone(),
            None => repo.head()?,
        };
        let working_tree = match current {
            Some(_) => None,
            None => Some(working_tree_changes(repo, &head, dossier)?),
        };
        let since_changes = match &working_tree {
            None => repo.changes(since, current)?,
            Some(wt) => combine(repo.changes(since, Some(&head))?, wt),
        };
        let mut changed = Vec::new();
        for change in since_changes {
            let Some(planned) = layout::classify(&change.rel) else {
                continue;
            };
            if !matches!(planned.kind, Kind::Audit | Kind::Decision) {
                continue;
            }
            let old = match (change.status, old_tree) {
                (Status::Added, _) | (_, None) => None,
                (_, Some(t)) => match change.old {
                    Some(blob) => read_blob(&repo.repo, blob),
                    None => read_path(&repo.repo, t, &change.rel),
                }
                .ok()
                .and_then(|b| recdiff::parse(&b).ok()),
            };
            let file = files.get(change.rel.as_str()).copied();
            let new = file.and_then(|f| dossier.file(f).text.parse::<Table>().ok());
            changed.push(ChangedRecord {
                planned,
                old,
                new,
                file,
            });
        }
        let closed_at_since = closed_at(dossier, &changed);
        let tz = dossier.timezone().parse::<chrono_tz::Tz>().ok();
        let recorded = recorded_since(repo, since, &head, working_tree, tz, today)?;
        let backdate_days = backdate_days(dossier);
        let rules_at_since = old_tree
            .and_then(|t| read_path(&repo.repo, t, "kmi.toml").ok())
            .map(|bytes| rules_of(&bytes))
            .unwrap_or_default();
        let rules_now = configured_rules(dossier);
        let rules_changed = rules_at_since
            .keys()
            .chain(rules_now.keys())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter_map(|id| {
                let (then, now) = (rules_at_since.get(id).copied(), rules_now.get(id).copied());
                (then != now).then(|| (id.clone(), then, now))
            })
            .collect();
        Ok(History {
            since: since.clone(),
            changed,
            closed_at_since,
            recorded,
            backdate_days,
            rules_at_since,
            rules_changed,
        })
    }
}

impl History {
    /// The history of an edit kmi is about to write (`kmi import`): from the
    /// files as they are (`edits`: path, table now, table edited) to the
    /// edited tables, as if `since` were the files now and the edit were
    /// committed `today`. The history rules judge it as they judge a commit,
    /// with the dossier's own `[rules]`.
    pub fn of_edit(
        dossier: &Dossier,
        since: Rev,
        edits: Vec<(String, Option<Table>, Option<Table>)>,
        today: Date,
    ) -> History {
        let files: HashMap<&str, FileId> = dossier
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let mut changed = Vec::new();
        let mut recorded = Vec::new();
        for (rel, old, new) in edits {
            let Some(planned) = layout::classify(&rel) else {
                continue;
            };
            if let Some(new) = &new {
                let old_leaves = old.as_ref().map(recdiff::leaves).unwrap_or_default();
                for (path, value) in recdiff::leaves(new) {
                    if !watched(planned.kind, &path.shape())
                        || old_leaves.get(&path) == Some(&value)
                    {
                        continue;
                    }
                    if let Some(date) = recdiff::as_date(value) {
                        recorded.push(Recorded {
                            rel: rel.clone(),
                            institution: planned.institution.clone(),
                            path,
                            date,
                            commit: since.name.clone(),
                            author: String::new(),
                            committed: today,
                        });
                    }
                }
            }
            if !matches!(planned.kind, Kind::Audit | Kind::Decision) {
                continue;
            }
            let file = files.get(rel.as_str()).copied();
            changed.push(ChangedRecord {
                planned,
                old,
                new,
                file,
            });
        }
        let closed_at_since = closed_at(dossier, &changed);
        let backdate_days = backdate_days(dossier);
        let rules_at_since = configured_rules(dossier);
        History {
            since,
            changed,
            closed_at_since,
            recorded,
            backdate_days,
            rules_at_since,
            rules_changed: Vec::new(),
        }
    }
}

/// `[rules]` of the loaded dossier's kmi.toml.
fn configured_rules(dossier: &Dossier) -> BTreeMap<String, Level> {
    dossier
        .config
        .as_ref()
        .map(|c| {
            c.data
                .rules
                .iter()
                .map(|(k, v)| (k.clone(), *v.get_ref()))
                .collect()
        })
        .unwrap_or_default()
}

/// `[history] backdate_days` of the loaded dossier (default 30).
fn backdate_days(dossier: &Dossier) -> u32 {
    dossier
        .config
        .as_ref()
        .map_or(30, |c| c.data.history.backdate_days)
}

/// `[rules]` of a kmi.toml: every entry with a valid level.
fn rules_of(bytes: &[u8]) -> BTreeMap<String, Level> {
    let Some(Value::Table(rules)) = std::str::from_utf8(bytes)
        .ok()
        .and_then(|t| t.parse::<Table>().ok())
        .and_then(|mut t| t.remove("rules"))
    else {
        return BTreeMap::new();
    };
    rules
        .into_iter()
        .filter_map(|(id, v)| {
            let level = match v.as_str()? {
                "error" => Level::Error,
                "warning" => Level::Warning,
                "off" => Level::Off,
                _ => return None,
            };
            Some((id, level))
        })
        .collect()
}

/// The findings closed at `since`: the closing follow-ups of the audits as
/// they were then — the old version of a changed audit, the current one of
/// an unchanged audit.
fn closed_at(
    dossier: &Dossier,
    changed: &[ChangedRecord],
) -> BTreeMap<(String, String, String), String> {
    let mut out = BTreeMap::new();
    let changed_audits: BTreeSet<(&str, &str)> = changed
        .iter()
        .filter(|c| c.planned.kind == Kind::Audit)
        .filter_map(|c| Some((c.planned.institution.as_deref()?, c.planned.id.as_str())))
        .collect();
    for (inst, files) in &dossier.institutions {
        for (id, audit) in &files.audits {
            if changed_audits.contains(&(inst.as_str(), id.as_str())) {
                continue;
            }
            for fu in &audit.data.follow_up {
                let fu = fu.get_ref();
                if *fu.closed.get_ref() {
                    let r = fu.finding.get_ref();
                    out.entry((inst.clone(), r.audit.to_string(), r.finding.to_string()))
                        .or_insert_with(|| id.clone());
                }
            }
        }
    }
    for c in changed.iter().filter(|c| c.planned.kind == Kind::Audit) {
        let (Some(old), Some(inst)) = (&c.old, &c.planned.institution) else {
            continue;
        };
        let Some(Value::Array(follow_ups)) = old.get("follow_up") else {
            continue;
        };
        for fu in follow_ups.iter().filter_map(Value::as_table) {
            let closed = fu.get("closed").and_then(Value::as_bool) == Some(true);
            let target = fu.get("finding").and_then(Value::as_str);
            if let (true, Some((audit, finding))) = (closed, target.and_then(|t| t.split_once('/')))
            {
                out.entry((inst.clone(), audit.to_owned(), finding.to_owned()))
                    .or_insert_with(|| c.planned.id.clone());
            }
        }
    }
    out
}

/// When each watched date was first recorded after `since`: walk the
/// commits from `since` to `current` (or HEAD, then the working tree),
/// oldest first, and note each date a commit adds or changes.
fn recorded_since(
    repo: &Repo,
    since: &Rev,
    head: &Rev,
    working_tree_changes: Option<Vec<Change>>,
    tz: Option<chrono_tz::Tz>,
    today: Date,
) -> Result<Vec<Recorded>, GitError> {
    let mut seen: BTreeSet<(String, KeyPath, Date)> = BTreeSet::new();
    let mut out = Vec::new();
    // Each step: from a tree to the next (a commit's parent to the commit,
    // or HEAD to the working tree), by whom and on which day.
    let mut steps: Vec<(Rev, Option<Rev>, String, Date)> = Vec::new();
    for c in repo.commits_between(since, head)? {
        let Some(parent) = c.parent.clone() else {
            continue;
        };
        let day = commit_day(c.seconds, c.offset_minutes, tz);
        steps.push((parent, Some(c.rev), c.author, day));
    }
    if working_tree_changes.is_some() {
        steps.push((head.clone(), None, String::new(), today));
    }
    let mut working_tree_changes = working_tree_changes;
    // The working tree is read like the loader reads it: no symbolic link
    // out of the dossier, nothing over the size limit.
    let working_tree = repo
        .repo
        .workdir()
        .and_then(|w| FsReader::new(&w.join(repo.prefix())).ok());
    // Each commit's trees are its parent's but for what it changed: the
    // trees of one step are remembered for the next, and only subtrees that
    // differ are read.
    let mut trees = TreeDiff::new(&repo.repo);
    // A file's version before a commit is often its version after an
    // earlier one: each blob is parsed once (a few thousand remembered).
    let mut parsed: HashMap<git2::Oid, Option<Rc<Table>>> = HashMap::new();
    let root = |rev: &Rev| -> Result<git2::Oid, GitError> {
        Ok(repo.repo.find_commit(rev.commit)?.tree_id())
    };
    for (from, to, author, day) in steps {
        trees.forget_unused();
        // A tree's side names each regular file's blob; the working tree's
        // old side (HEAD) may need a lookup by path.
        let (changes, from_tree) = match &to {
            None => (
                working_tree_changes.take().unwrap_or_default(),
                repo.subtree(from.commit)?,
            ),
            Some(to) => (
                trees.changes(Some(root(&from)?), Some(root(to)?), repo.prefix())?,
                None,
            ),
        };
        for change in changes {
            if change.status == Status::Deleted {
                continue;
            }
            let Some(planned) = layout::classify(&change.rel) else {
                continue;
            };
            if !matches!(planned.kind, Kind::Audit | Kind::Decision | Kind::Progress) {
                continue;
            }
            let mut read = |blob: Option<git2::Oid>, tree: Option<git2::Oid>| {
                let parse =
                    |bytes: Result<Vec<u8>, String>| recdiff::parse(&bytes.ok()?).ok().map(Rc::new);
                match blob {
                    Some(blob) => {
                        if parsed.len() > 4096 {
                            parsed.clear();
                        }
                        parsed
                            .entry(blob)
                            .or_insert_with(|| parse(read_blob(&repo.repo, blob)))
                            .clone()
                    }
                    None => parse(read_path(&repo.repo, tree?, &change.rel)),
                }
            };
            let new = match (&to, &working_tree) {
                // A tree's side names its blob (none for a link).
                (Some(_), _) => read(change.new, None),
                (None, Some(fs)) => fs
                    .read(&change.rel)
                    .ok()
                    .and_then(|b| recdiff::parse(&b).ok())
                    .map(Rc::new),
                (None, None) => None,
            };
            let Some(new) = new else { continue };
            let old = if change.status == Status::Added {
                None
            } else {
                read(change.old, from_tree)
            };
            let old_leaves = old.as_deref().map(recdiff::leaves).unwrap_or_default();
            for (path, value) in recdiff::leaves(&new) {
                if !watched(planned.kind, &path.shape()) || old_leaves.get(&path) == Some(&value) {
                    continue;
                }
                let Some(date) = recdiff::as_date(value) else {
                    continue;
                };
                if !seen.insert((change.rel.clone(), path.clone(), date)) {
                    continue;
                }
                out.push(Recorded {
                    rel: change.rel.clone(),
                    institution: planned.institution.clone(),
                    path,
                    date,
                    commit: to
                        .as_ref()
                        .map_or_else(|| "working tree".to_owned(), |t| t.name.clone()),
                    author: author.clone(),
                    committed: day,
                });
            }
        }
    }
    Ok(out)
}

/// The record files (audits, decisions, progress reports) that differ
/// between HEAD and the working tree, as libgit2's diff of the working tree
/// against HEAD finds them, without its cost: that diff looks at every file
/// of the working tree (a stat each, and a hash of each file whose stat data
/// does not match the index), whatever changed. The loader has read every
/// record file already: a file whose text hashes to the blob HEAD has at its
/// path is unchanged (the same bytes parse to the same records, whatever
/// git's view of its mode or filters). The others — changed or new files,
/// files the loader could not read as text, and files of HEAD the loader did
/// not find — are few, and libgit2 judges them with the same diff narrowed
/// to their paths, so what it counts as a change (ignored files, staged
/// changes, line-ending filters) is what it always counted.
fn working_tree_changes(
    repo: &Repo,
    head: &Rev,
    dossier: &Dossier,
) -> Result<Vec<Change>, GitError> {
    use rayon::prelude::*;
    let tracked = |rel: &str| {
        layout::classify(rel)
            .is_some_and(|p| matches!(p.kind, Kind::Audit | Kind::Decision | Kind::Progress))
    };
    // The loaded files are the working tree's only if the dossier is where
    // the repository puts it; otherwise (never in practice) the whole diff.
    let same_place = repo.repo.workdir().is_some_and(|w| {
        let here = w.join(repo.prefix()).canonicalize().ok();
        here.is_some() && here == dossier.root.canonicalize().ok()
    });
    if !same_place {
        return repo.changes(head, None);
    }
    let loaded: Vec<&crate::source::SourceFile> =
        dossier.files.iter().filter(|f| tracked(&f.path)).collect();
    // HEAD's blobs (a walk of its trees, on a repository of its own: one
    // cannot be shared between threads) while the texts are hashed. The
    // text is the file's bytes when it was read as UTF-8; an empty text may
    // be a file that could not be read, and one with U+FFFD a file that was
    // not UTF-8: those are left to libgit2.
    let head_tree = repo.subtree(head.commit)?;
    let git_dir = repo.git_dir().to_path_buf();
    let (at_head, hashes) = rayon::join(
        || -> Result<HashMap<String, (git2::Oid, i32)>, GitError> {
            match head_tree {
                Some(tree) => crate::git::record_entries(&git2::Repository::open(&git_dir)?, tree),
                None => Ok(HashMap::new()),
            }
        },
        || -> Vec<Option<git2::Oid>> {
            loaded
                .par_iter()
                .map(|f| {
                    (!f.text.is_empty() && !f.text.contains('\u{FFFD}'))
                        .then(|| blob_id(f.text.as_bytes()))
                        .flatten()
                })
                .collect()
        },
    );
    let at_head = at_head?;
    let unchanged: Vec<bool> = loaded
        .iter()
        .zip(&hashes)
        .map(|(f, hash)| match (at_head.get(f.path.as_str()), hash) {
            (Some((blob, mode)), Some(hash)) => mode & 0o170000 == 0o100000 && hash == blob,
            _ => false,
        })
        .collect();
    let mut doubtful: Vec<String> = loaded
        .iter()
        .zip(&unchanged)
        .filter(|(_, same)| !**same)
        .map(|(f, _)| f.path.clone())
        .collect();
    let read: BTreeSet<&str> = loaded.iter().map(|f| f.path.as_str()).collect();
    doubtful.extend(
        at_head
            .keys()
            .filter(|rel| tracked(rel) && !read.contains(rel.as_str()))
            .cloned(),
    );
    doubtful.sort();
    let changes = repo.working_tree_changes(head, Some(&doubtful))?;
    Ok(changes.into_iter().filter(|c| tracked(&c.rel)).collect())
}

/// Git's id of a blob of `bytes`: the SHA-1 of `blob <length>\0` and the
/// bytes. (libgit2's own SHA-1, which detects collision attacks, is about
/// four times slower here, and the bytes are every record file's.)
fn blob_id(bytes: &[u8]) -> Option<git2::Oid> {
    use sha1::Digest;
    let mut hasher = sha1::Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()).as_bytes());
    hasher.update(bytes);
    git2::Oid::from_bytes(&hasher.finalize()).ok()
}

/// The change from `since` to the working tree, from the change from
/// `since` to HEAD and the change from HEAD to the working tree.
fn combine(committed: Vec<Change>, working_tree: &[Change]) -> Vec<Change> {
    let wt: HashMap<&str, &Change> = working_tree.iter().map(|c| (c.rel.as_str(), c)).collect();
    let mut out = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for c in committed {
        seen.insert(c.rel.clone());
        let at_since = c.status != Status::Added;
        let now = match wt.get(c.rel.as_str()) {
            Some(w) => w.status != Status::Deleted,
            None => c.status != Status::Deleted,
        };
        if let Some(status) = status_of(at_since, now) {
            out.push(Change {
                status,
                new: None,
                ..c
            });
        }
    }
    for w in working_tree {
        if seen.contains(&w.rel) {
            continue;
        }
        // Unchanged from `since` to HEAD: HEAD's side is `since`'s.
        out.push(w.clone());
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

fn status_of(before: bool, after: bool) -> Option<Status> {
    match (before, after) {
        (true, true) => Some(Status::Modified),
        (false, true) => Some(Status::Added),
        (true, false) => Some(Status::Deleted),
        (false, false) => None,
    }
}

/// The calendar day of a commit time in the dossier's time zone (or the
/// commit's own offset when the zone is unknown).
fn commit_day(seconds: i64, offset_minutes: i32, tz: Option<chrono_tz::Tz>) -> Date {
    let utc = chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default();
    let naive = match tz {
        Some(tz) => utc.with_timezone(&tz).date_naive(),
        None => chrono::FixedOffset::east_opt(offset_minutes * 60)
            .map_or(utc.date_naive(), |o| utc.with_timezone(&o).date_naive()),
    };
    Date::from_ymd(
        chrono::Datelike::year(&naive),
        chrono::Datelike::month(&naive),
        chrono::Datelike::day(&naive),
    )
    .expect("a commit time is a date")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_blob_id_is_git_s() {
        for bytes in [&b""[..], b"name = \"x\"\n", &[0xff; 70_000][..]] {
            assert_eq!(
                super::blob_id(bytes),
                git2::Oid::hash_object(git2::ObjectType::Blob, bytes).ok()
            );
        }
    }
}

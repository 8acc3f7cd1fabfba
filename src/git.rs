//! The dossier's git history: finding the repository, resolving revisions,
//! reading a revision's tree without a checkout (`--rev`), and the changed
//! record files between two trees or a tree and the working tree (`kmi
//! diff`, `kmi check --since`).
//!
//! Everything here scales with the change, not with the history or the
//! dossier: tree diffs skip subtrees whose object ids are equal, only the
//! blobs of changed files are read, and the commit walk for `--since` visits
//! only the commits after that revision.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Mutex, OnceLock};

use git2::{ObjectType, Oid, Repository};

use crate::load::layout::{self, Layout};
use crate::load::{MAX_FILE_SIZE, Reader};

/// Why kmi could not read the dossier's history (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error(
        "not a git repository: {0} is not inside one (--rev, --since and revision diffs read the dossier's git history)"
    )]
    NotARepository(PathBuf),
    #[error("unknown revision `{0}`: no commit, branch or tag of that name")]
    UnknownRevision(String),
    #[error(
        "revision `{0}` names a {1}, not a commit: --rev, --since and kmi diff take a commit, branch or tag (the dossier is found in its tree)"
    )]
    NotACommit(String, &'static str),
    #[error("cannot resolve revision `{0}`: {1} (the repository may be damaged; try `git fsck`)")]
    BadRevision(String, String),
    #[error(
        "revision `{0}` is not in this shallow clone; fetch the history it needs with `git fetch --depth=<n>` (enough commits to reach it) or `git fetch --unshallow`"
    )]
    ShallowRevision(String),
    #[error(
        "the history from `{0}` to HEAD is cut off in this shallow clone; fetch it with `git fetch --deepen=<n>` or `git fetch --unshallow` (in CI: a checkout with fetch-depth 0)"
    )]
    ShallowHistory(String),
    #[error("revision `{rev}` has no dossier at `{path}`: no kmi.toml there")]
    NoDossierAtRevision { rev: String, path: String },
    #[error("the dossier {0} is outside the working tree of the git repository at {1}")]
    OutsideRepository(PathBuf, PathBuf),
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

impl GitError {
    /// The message in Dutch.
    pub fn nl(&self) -> String {
        match self {
            GitError::NotARepository(p) => format!(
                "geen git-repository: {} ligt niet in een repository (--rev, --since en het vergelijken van revisies lezen de git-geschiedenis van het dossier)",
                p.display()
            ),
            GitError::UnknownRevision(r) => {
                format!("onbekende revisie `{r}`: geen commit, branch of tag met die naam")
            }
            GitError::NotACommit(r, what) => format!(
                "revisie `{r}` is een {what}, geen commit: --rev, --since en kmi diff nemen een commit, branch of tag (het dossier wordt in de boom daarvan gezocht)"
            ),
            GitError::BadRevision(r, e) => format!(
                "kan revisie `{r}` niet vinden: {e} (de repository is misschien beschadigd; probeer `git fsck`)"
            ),
            GitError::ShallowRevision(r) => format!(
                "revisie `{r}` zit niet in deze ondiepe kloon; haal de geschiedenis op met `git fetch --depth=<n>` (genoeg commits om haar te bereiken) of `git fetch --unshallow`"
            ),
            GitError::ShallowHistory(r) => format!(
                "de geschiedenis van `{r}` tot HEAD is afgekapt in deze ondiepe kloon; haal haar op met `git fetch --deepen=<n>` of `git fetch --unshallow` (in CI: een checkout met fetch-depth 0)"
            ),
            GitError::NoDossierAtRevision { rev, path } => {
                format!("revisie `{rev}` heeft geen dossier op `{path}`: daar staat geen kmi.toml")
            }
            GitError::OutsideRepository(d, r) => format!(
                "het dossier {} ligt buiten de werkmap van de git-repository in {}",
                d.display(),
                r.display()
            ),
            GitError::Git(e) => format!("git: {}", e.message()),
        }
    }
}

/// The repository that holds a dossier, and where the dossier sits in it.
pub struct Repo {
    pub repo: Repository,
    /// The dossier's directory inside the repository, `/` separators: empty
    /// at the top of the repository, else e.g. `dossiers/jbjr`.
    prefix: String,
}

/// A resolved revision: the commit and the name the user gave it.
#[derive(Clone, Debug)]
pub struct Rev {
    pub name: String,
    pub commit: Oid,
}

impl Rev {
    /// `name (abc1234)`, for messages and reports.
    pub fn label(&self) -> String {
        // Not a commit: a state kmi names itself (`kmi import` judges its
        // edit against the files before it).
        if self.commit.is_zero() {
            return self.name.clone();
        }
        let short = short(self.commit);
        if self.name.starts_with(&short) {
            short
        } else {
            format!("{} ({short})", self.name)
        }
    }
}

/// The first 7 hex digits of an object id.
pub fn short(oid: Oid) -> String {
    oid.to_string()[..7].to_owned()
}

impl Repo {
    /// The repository holding `dir` (found upwards, like git) and `dir`'s
    /// place in it. `dir` need not exist any more in the working tree: its
    /// nearest existing ancestor finds the repository.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        // libgit2 hashes every object it reads to check its id (git does
        // not): more than half the CPU of a walk over the history. zlib's
        // checksum of each object still catches a damaged one.
        git2::opts::strict_hash_verification(false);
        let dir = absolute(dir);
        let existing = dir
            .ancestors()
            .find(|a| a.exists())
            .unwrap_or(Path::new("/"));
        let repo =
            Repository::discover(existing).map_err(|_| GitError::NotARepository(dir.clone()))?;
        let prefix = match repo.workdir() {
            // A bare repository: the dossier's place is the path below it
            // (`--dossier sub` run in the repository).
            None => {
                let git_dir = repo
                    .path()
                    .canonicalize()
                    .unwrap_or_else(|_| repo.path().to_path_buf());
                let canonical_existing = existing
                    .canonicalize()
                    .unwrap_or_else(|_| existing.to_path_buf());
                let rest = dir.strip_prefix(existing).unwrap_or(Path::new(""));
                canonical_existing
                    .join(rest)
                    .strip_prefix(&git_dir)
                    .map(path_string)
                    .unwrap_or_default()
            }
            Some(workdir) => {
                let workdir = workdir
                    .canonicalize()
                    .unwrap_or_else(|_| workdir.to_path_buf());
                let canonical_existing = existing
                    .canonicalize()
                    .unwrap_or_else(|_| existing.to_path_buf());
                let rest = dir.strip_prefix(existing).unwrap_or(Path::new(""));
                let full = canonical_existing.join(rest);
                let inside = full
                    .strip_prefix(&workdir)
                    .map_err(|_| GitError::OutsideRepository(full.clone(), workdir.clone()))?;
                path_string(inside)
            }
        };
        Ok(Repo { repo, prefix })
    }

    /// The dossier's directory inside the repository (empty at the top).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A different place for the dossier in the same repository.
    pub fn set_prefix(&mut self, prefix: String) {
        self.prefix = prefix;
    }

    /// Resolve `rev` (anything `git rev-parse` takes) to a commit, with the
    /// clear errors for unknown revisions and shallow clones.
    pub fn resolve(&self, rev: &str) -> Result<Rev, GitError> {
        let object = self.repo.revparse_single(rev).map_err(|e| {
            if self.repo.is_shallow() {
                GitError::ShallowRevision(rev.to_owned())
            } else if matches!(
                e.code(),
                git2::ErrorCode::NotFound
                    | git2::ErrorCode::UnbornBranch
                    | git2::ErrorCode::InvalidSpec
                    | git2::ErrorCode::Ambiguous
            ) || e.class() == git2::ErrorClass::Invalid
            {
                GitError::UnknownRevision(rev.to_owned())
            } else {
                // A damaged HEAD or ref is not an unknown name: say what git says.
                GitError::BadRevision(rev.to_owned(), e.message().to_owned())
            }
        })?;
        let commit = object.peel_to_commit().map_err(|_| {
            let kind = match object.kind() {
                Some(ObjectType::Tree) => "tree (a directory)",
                Some(ObjectType::Blob) => "blob (a file)",
                Some(ObjectType::Tag) => "tag of no commit",
                _ => "git object",
            };
            GitError::NotACommit(rev.to_owned(), kind)
        })?;
        Ok(Rev {
            name: rev.to_owned(),
            commit: commit.id(),
        })
    }

    /// The revision HEAD points at.
    pub fn head(&self) -> Result<Rev, GitError> {
        self.resolve("HEAD")
    }

    /// The dossier's tree at `rev`: the subtree at the prefix, which must hold
    /// kmi.toml.
    pub fn dossier_tree(&self, rev: &Rev) -> Result<Oid, GitError> {
        let commit = self.repo.find_commit(rev.commit)?;
        let root = commit.tree()?;
        let no_dossier = || GitError::NoDossierAtRevision {
            rev: rev.name.clone(),
            path: if self.prefix.is_empty() {
                ".".to_owned()
            } else {
                self.prefix.clone()
            },
        };
        let tree = if self.prefix.is_empty() {
            root.id()
        } else {
            let entry = root
                .get_path(Path::new(&self.prefix))
                .map_err(|_| no_dossier())?;
            if entry.kind() != Some(ObjectType::Tree) {
                return Err(no_dossier());
            }
            entry.id()
        };
        let has_config = self
            .repo
            .find_tree(tree)?
            .get_name("kmi.toml")
            .is_some_and(|e| e.kind() == Some(ObjectType::Blob));
        if has_config {
            Ok(tree)
        } else {
            Err(no_dossier())
        }
    }

    /// The dossier's directory in `commit`'s tree, if it has one.
    pub fn subtree(&self, commit: Oid) -> Result<Option<Oid>, GitError> {
        let root = self.repo.find_commit(commit)?.tree()?;
        if self.prefix.is_empty() {
            return Ok(Some(root.id()));
        }
        Ok(root
            .get_path(Path::new(&self.prefix))
            .ok()
            .filter(|e| e.kind() == Some(ObjectType::Tree))
            .map(|e| e.id()))
    }

    /// The nearest directory at or above `start` (relative to the repository,
    /// `/` separators) whose tree at `rev` holds kmi.toml: how the dossier
    /// is found upwards when it is read from a revision.
    pub fn find_dossier_upwards(&self, rev: &Rev, start: &str) -> Option<String> {
        let root = self.repo.find_commit(rev.commit).ok()?.tree().ok()?;
        let mut dir = start.to_owned();
        loop {
            let config = if dir.is_empty() {
                "kmi.toml".to_owned()
            } else {
                format!("{dir}/kmi.toml")
            };
            if root.get_path(Path::new(&config)).is_ok() {
                return Some(dir);
            }
            if dir.is_empty() {
                return None;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        }
    }

    /// Walk `people/` and `institutions/` of a dossier tree with the same
    /// layout rules as the file-system walk. Each directory's tree object is
    /// read once, and every path is resolved from its parent's entries: the
    /// walk also returns where each file's blob is, so reading the files
    /// never looks a path up from the top again (a lookup from the top
    /// re-reads every tree on the way, and libgit2 caches no tree object
    /// over 4 KB: `institutions/` of a large dossier is read once per file).
    pub fn walk(&self, tree: Oid) -> Result<(Layout, Entries), GitError> {
        let tree = self.repo.find_tree(tree)?;
        let mut layout = Layout::default();
        let mut entries = Entries::default();
        for top in layout::TOPS {
            let Some(entry) = tree.get_name(top) else {
                continue;
            };
            if entry.filemode() == 0o120000 {
                layout.link(top);
                continue;
            }
            if entry.kind() != Some(ObjectType::Tree) {
                continue;
            }
            let sub = self.repo.find_tree(entry.id())?;
            layout.visit(top, true, &|_| false);
            self.walk_dir(
                &sub,
                top,
                1,
                layout::max_depth(top),
                &mut layout,
                &mut entries,
            )?;
        }
        Ok((layout, entries))
    }

    fn walk_dir(
        &self,
        tree: &git2::Tree<'_>,
        rel: &str,
        depth: usize,
        max_depth: usize,
        layout: &mut Layout,
        entries: &mut Entries,
    ) -> Result<(), GitError> {
        let mut children: Vec<(String, Oid, i32, bool, bool)> = tree
            .iter()
            .map(|e| {
                (
                    String::from_utf8_lossy(e.name_bytes()).into_owned(),
                    e.id(),
                    e.filemode(),
                    e.kind() == Some(ObjectType::Tree),
                    e.filemode() == 0o120000,
                )
            })
            .collect();
        children.sort();
        for (name, id, mode, is_dir, is_link) in children {
            let child = format!("{rel}/{name}");
            if is_link {
                layout.link(&child);
                continue;
            }
            if !is_dir {
                layout.visit(&child, false, &|_| false);
                entries.0.insert(child, (id, mode));
                continue;
            }
            let sub = self.repo.find_tree(id)?;
            // The layout asks only whether a directory holds a file
            // (`institution.toml`): its own entries say.
            let exists = |path: &str| {
                path.strip_prefix(child.as_str())
                    .and_then(|rest| rest.strip_prefix('/'))
                    .is_some_and(|name| sub.get_name(name).is_some())
            };
            layout.visit(&child, true, &exists);
            if depth < max_depth {
                self.walk_dir(&sub, &child, depth + 1, max_depth, layout, entries)?;
            }
        }
        Ok(())
    }

    /// The dossier files that differ between the dossier at `from` and at
    /// `to` (a revision, or the working tree with what is staged and what is
    /// not, untracked files included), as paths relative to the dossier.
    /// Two revisions are compared by [`TreeDiff`], which opens no directory
    /// whose object id is the same on both sides.
    pub fn changes(&self, from: &Rev, to: Option<&Rev>) -> Result<Vec<Change>, GitError> {
        if let Some(to) = to {
            let old = self.repo.find_commit(from.commit)?.tree_id();
            let new = self.repo.find_commit(to.commit)?.tree_id();
            return TreeDiff::new(&self.repo).changes(Some(old), Some(new), &self.prefix);
        }
        self.working_tree_changes(from, None)
    }

    /// The dossier files that differ between the dossier at `from` and the
    /// working tree (what is staged and what is not, untracked files
    /// included, ignored files not), as libgit2's diff of the working tree
    /// finds them: it compares the stat data of every file in the working
    /// tree with the index and hashes each file whose stat data differs.
    /// With `only`, only those paths (relative to the dossier) are looked at:
    /// the working tree's other files are not even listed.
    pub fn working_tree_changes(
        &self,
        from: &Rev,
        only: Option<&[String]>,
    ) -> Result<Vec<Change>, GitError> {
        if only.is_some_and(|o| o.is_empty()) {
            return Ok(Vec::new());
        }
        let old = self.repo.find_commit(from.commit)?.tree()?;
        let mut opts = git2::DiffOptions::new();
        opts.include_typechange(true)
            .ignore_submodules(true)
            .skip_binary_check(true);
        let in_repo = |rel: &str| {
            if self.prefix.is_empty() {
                rel.to_owned()
            } else {
                format!("{}/{rel}", self.prefix)
            }
        };
        match only {
            Some(paths) => {
                for p in paths {
                    opts.pathspec(in_repo(p));
                }
                opts.disable_pathspec_match(true);
            }
            None if !self.prefix.is_empty() => {
                opts.pathspec(format!("{}/", self.prefix))
                    .disable_pathspec_match(true);
            }
            None => {}
        }
        opts.include_untracked(true).recurse_untracked_dirs(true);
        let diff = self
            .repo
            .diff_tree_to_workdir_with_index(Some(&old), Some(&mut opts))?;
        let mut out = Vec::new();
        for delta in diff.deltas() {
            let path = delta
                .new_file()
                .path()
                .or_else(|| delta.old_file().path())
                .map(path_string)
                .unwrap_or_default();
            let rel = if self.prefix.is_empty() {
                path
            } else {
                match path.strip_prefix(&format!("{}/", self.prefix)) {
                    Some(r) => r.to_owned(),
                    None => continue,
                }
            };
            let status = match delta.status() {
                git2::Delta::Added | git2::Delta::Untracked | git2::Delta::Copied => Status::Added,
                git2::Delta::Deleted => Status::Deleted,
                _ => Status::Modified,
            };
            // The blobs on each side, where git knows them (a tree's side;
            // not a file of the working tree, which git has not hashed).
            let blob = |f: git2::DiffFile<'_>| {
                let regular = matches!(
                    f.mode(),
                    git2::FileMode::Blob
                        | git2::FileMode::BlobExecutable
                        | git2::FileMode::BlobGroupWritable
                );
                (regular && f.exists() && !f.id().is_zero()).then(|| f.id())
            };
            let old = blob(delta.old_file());
            out.push(Change {
                rel,
                status,
                old,
                new: None,
            });
        }
        out.sort_by(|a, b| a.rel.cmp(&b.rel));
        out.dedup_by(|a, b| a.rel == b.rel);
        Ok(out)
    }

    /// The commits after `since` up to `head`, oldest first, merges left out
    /// (their changes are those of the commits merged): the commits that
    /// recorded what changed since `since`.
    pub fn commits_between(&self, since: &Rev, head: &Rev) -> Result<Vec<CommitInfo>, GitError> {
        if since.commit != head.commit
            && self.repo.is_shallow()
            && !self.repo.graph_descendant_of(head.commit, since.commit)?
        {
            return Err(GitError::ShallowHistory(since.name.clone()));
        }
        let mut walk = self.repo.revwalk()?;
        walk.push(head.commit)?;
        walk.hide(since.commit)?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME | git2::Sort::REVERSE)?;
        let mut out = Vec::new();
        for oid in walk {
            let commit = self.repo.find_commit(oid?)?;
            if commit.parent_count() > 1 {
                continue;
            }
            let time = commit.committer().when();
            out.push(CommitInfo {
                rev: Rev {
                    name: short(commit.id()),
                    commit: commit.id(),
                },
                parent: commit.parent_id(0).ok().map(|p| Rev {
                    name: short(p),
                    commit: p,
                }),
                seconds: time.seconds(),
                offset_minutes: time.offset_minutes(),
                author: String::from_utf8_lossy(commit.author().name_bytes()).into_owned(),
                summary: commit.summary().ok().flatten().unwrap_or("").to_owned(),
            });
        }
        Ok(out)
    }

    /// The repository's own directory (`.git`), to open it again on
    /// another thread.
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// A reader of the dossier's files at `tree`, with the blobs the walk
    /// found.
    pub fn reader(&self, tree: Oid, entries: Entries) -> TreeReader {
        let slots = rayon::current_num_threads() + 1;
        TreeReader {
            path: self.repo.path().to_path_buf(),
            repos: (0..slots).map(|_| OnceLock::new()).collect(),
            tree,
            entries,
        }
    }
}

/// Every entry that is not a directory at `institutions/<i>/<dir>/<name>`
/// of the dossier tree `tree` (where the audits, decisions and progress
/// reports are), relative to the dossier: its object and file mode.
/// Each tree on the way is read once.
pub fn record_entries(
    repo: &Repository,
    tree: Oid,
) -> Result<HashMap<String, (Oid, i32)>, GitError> {
    let mut out = HashMap::new();
    let tree = repo.find_tree(tree)?;

    let subtrees = |tree: &git2::Tree<'_>| -> Vec<(String, Oid)> {
        tree.iter()
            .filter(|e| e.filemode_raw() & 0o170000 == 0o040000)
            .map(|e| (String::from_utf8_lossy(e.name_bytes()).into_owned(), e.id()))
            .collect()
    };
    for (top, top_id) in subtrees(&tree) {
        if top != "institutions" {
            continue;
        }
        for (inst, inst_id) in subtrees(&repo.find_tree(top_id)?) {
            for (dir, dir_id) in subtrees(&repo.find_tree(inst_id)?) {
                for e in repo.find_tree(dir_id)?.iter() {
                    if e.filemode_raw() & 0o170000 == 0o040000 {
                        continue;
                    }
                    let name = String::from_utf8_lossy(e.name_bytes());
                    out.insert(
                        format!("{top}/{inst}/{dir}/{name}"),
                        (e.id(), e.filemode_raw()),
                    );
                }
            }
        }
    }
    Ok(out)
}

/// One entry of a tree object: its name (raw bytes, as git sorts them), its
/// file mode as written in the tree, and its object.
struct TreeEntry {
    name: Box<[u8]>,
    mode: i32,
    id: Oid,
}

impl TreeEntry {
    fn is_tree(&self) -> bool {
        self.mode & 0o170000 == 0o040000
    }

    fn is_submodule(&self) -> bool {
        self.mode & 0o170000 == 0o160000
    }

    /// The blob, when the entry is a regular file.
    fn blob(&self) -> Option<Oid> {
        (self.mode & 0o170000 == 0o100000).then_some(self.id)
    }

    /// Git's order of tree entries: by name, a tree's name as if it ended
    /// in `/`.
    fn order(&self, other: &TreeEntry) -> std::cmp::Ordering {
        fn key(e: &TreeEntry) -> impl Iterator<Item = u8> + '_ {
            let slash = e.is_tree().then_some(b'/');
            e.name.iter().copied().chain(slash)
        }
        key(self).cmp(key(other))
    }
}

/// Compares trees as `git diff-tree -r` does (no rename detection,
/// submodules whose commit changed left out), but reads only what differs:
/// a subtree whose object id is the same on both sides is never opened,
/// and every tree read is remembered, so a walk over consecutive commits
/// (a commit's trees are its parent's, but for what it changed) reads each
/// tree once. libgit2's tree diff iterates every entry of both trees, each
/// time.
pub struct TreeDiff<'r> {
    repo: &'r Repository,
    /// Trees read since the last [`TreeDiff::forget_unused`], and before.
    trees: HashMap<Oid, Rc<[TreeEntry]>>,
    older: HashMap<Oid, Rc<[TreeEntry]>>,
}

impl<'r> TreeDiff<'r> {
    pub fn new(repo: &'r Repository) -> Self {
        TreeDiff {
            repo,
            trees: HashMap::new(),
            older: HashMap::new(),
        }
    }

    /// Forget the trees not used since the last call: a walk over the
    /// history keeps only the trees of the step before.
    pub fn forget_unused(&mut self) {
        self.older = std::mem::take(&mut self.trees);
    }

    fn entries(&mut self, tree: Oid) -> Result<Rc<[TreeEntry]>, GitError> {
        if let Some(e) = self.trees.get(&tree) {
            return Ok(e.clone());
        }
        let entries = match self.older.remove(&tree) {
            Some(e) => e,
            None => self
                .repo
                .find_tree(tree)?
                .iter()
                .map(|e| TreeEntry {
                    name: e.name_bytes().into(),
                    mode: e.filemode_raw(),
                    id: e.id(),
                })
                .collect(),
        };
        self.trees.insert(tree, entries.clone());
        Ok(entries)
    }

    /// The tree at `path` (`/` separators, empty for `root` itself) below
    /// the tree `root`.
    pub fn subtree(&mut self, root: Oid, path: &str) -> Result<Option<Oid>, GitError> {
        let mut tree = root;
        for name in path.split('/').filter(|n| !n.is_empty()) {
            let entries = self.entries(tree)?;
            match entries
                .iter()
                .find(|e| e.is_tree() && &*e.name == name.as_bytes())
            {
                Some(e) => tree = e.id,
                None => return Ok(None),
            }
        }
        Ok(Some(tree))
    }

    /// The files that differ between the commit trees `old` and `new` (none
    /// for a side with no commit) below `prefix`, relative to it, sorted.
    pub fn changes(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
        prefix: &str,
    ) -> Result<Vec<Change>, GitError> {
        let old = match old {
            Some(root) => self.subtree(root, prefix)?,
            None => None,
        };
        let new = match new {
            Some(root) => self.subtree(root, prefix)?,
            None => None,
        };
        let mut out = Vec::new();
        self.diff(old, new, "", &mut out)?;
        out.sort_by(|a, b| a.rel.cmp(&b.rel));
        out.dedup_by(|a, b| a.rel == b.rel);
        Ok(out)
    }

    #[cfg(test)]
    fn diff_roots(&mut self, old: Oid, new: Oid) -> Vec<Change> {
        self.changes(Some(old), Some(new), "").unwrap()
    }

    fn diff(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
        base: &str,
        out: &mut Vec<Change>,
    ) -> Result<(), GitError> {
        if old == new {
            return Ok(());
        }
        let none: Rc<[TreeEntry]> = Rc::new([]);
        let old = match old {
            Some(t) => self.entries(t)?,
            None => none.clone(),
        };
        let new = match new {
            Some(t) => self.entries(t)?,
            None => none,
        };
        let path = |e: &TreeEntry| {
            let name = String::from_utf8_lossy(&e.name);
            if base.is_empty() {
                name.into_owned()
            } else {
                format!("{base}/{name}")
            }
        };
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            let order = match (old.get(i), new.get(j)) {
                (Some(o), Some(n)) => o.order(n),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => {
                    let o = &old[i];
                    i += 1;
                    if o.is_tree() {
                        self.diff(Some(o.id), None, &path(o), out)?;
                    } else {
                        out.push(Change {
                            rel: path(o),
                            status: Status::Deleted,
                            old: o.blob(),
                            new: None,
                        });
                    }
                }
                std::cmp::Ordering::Greater => {
                    let n = &new[j];
                    j += 1;
                    if n.is_tree() {
                        self.diff(None, Some(n.id), &path(n), out)?;
                    } else {
                        out.push(Change {
                            rel: path(n),
                            status: Status::Added,
                            old: None,
                            new: n.blob(),
                        });
                    }
                }
                std::cmp::Ordering::Equal => {
                    let (o, n) = (&old[i], &new[j]);
                    i += 1;
                    j += 1;
                    if o.is_tree() {
                        // Same name and both trees (a tree sorts apart from
                        // a file of the same name).
                        self.diff(Some(o.id), Some(n.id), &path(o), out)?;
                    } else if (o.id == n.id && o.mode == n.mode)
                        || (o.is_submodule() && n.is_submodule())
                    {
                        continue;
                    } else {
                        out.push(Change {
                            rel: path(n),
                            status: Status::Modified,
                            old: o.blob(),
                            new: n.blob(),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

/// Load the dossier at `rev` of `repo` from git objects, without a checkout;
/// `root` is where the dossier is on disk, for messages. The walk and the
/// reader are git's; the loader reads through its [`Reader`] trait.
pub fn load(repo: &Repo, rev: &Rev, root: PathBuf) -> Result<crate::dossier::Dossier, GitError> {
    let tree = repo.dossier_tree(rev)?;
    let (layout, entries) = repo.walk(tree)?;
    let reader = repo.reader(tree, entries);
    Ok(crate::load::load_with(root, &reader, layout))
}
/// What happened to a file between two sides of a diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Added,
    Deleted,
    Modified,
}

/// A changed file of the dossier.
#[derive(Clone, Debug)]
pub struct Change {
    /// Relative to the dossier root, `/` separators.
    pub rel: String,
    pub status: Status,
    /// The blob before and after, when it is in a tree (not for a file of
    /// the working tree): read it by id, without a lookup by path.
    pub old: Option<Oid>,
    pub new: Option<Oid>,
}

/// A commit that may have recorded something.
#[derive(Clone, Debug)]
pub struct CommitInfo {
    pub rev: Rev,
    /// Its first parent (none for a root commit).
    pub parent: Option<Rev>,
    /// Committer time: when the commit entered the history.
    pub seconds: i64,
    pub offset_minutes: i32,
    pub author: String,
    pub summary: String,
}

/// Where the walk found each file of the dossier tree, relative to the
/// dossier root: its blob and file mode.
#[derive(Default)]
pub struct Entries(HashMap<String, (Oid, i32)>);

/// Reads the files of one dossier tree from the object database. A symbolic
/// link in a tree is never followed and a blob over the size limit is not
/// read: both are `io` diagnostics, as on the file system.
pub struct TreeReader {
    path: PathBuf,
    /// One repository per rayon worker (and one for any other thread),
    /// opened on first use: a `Repository` is not `Sync`, and the loader
    /// reads in parallel. Each lock is only ever taken by its own thread.
    repos: Vec<OnceLock<Result<Mutex<Repository>, String>>>,
    tree: Oid,
    entries: Entries,
}

impl Reader for TreeReader {
    fn read(&self, rel: &str) -> Result<Vec<u8>, String> {
        let slot = rayon::current_thread_index()
            .filter(|i| *i + 1 < self.repos.len())
            .unwrap_or(self.repos.len() - 1);
        let repo = self.repos[slot]
            .get_or_init(|| {
                Repository::open(&self.path)
                    .map(Mutex::new)
                    .map_err(|e| e.message().to_owned())
            })
            .as_ref()?;
        let repo = repo.lock().unwrap_or_else(|e| e.into_inner());
        match self.entries.0.get(rel) {
            Some((oid, mode)) => read_entry(&repo, *oid, *mode),
            // kmi.toml and the scheme file are outside the walk.
            None => read_path(&repo, self.tree, rel),
        }
    }
}

/// The bytes of the file at `rel` in `tree`, or the message of an `io`
/// diagnostic: symbolic links and submodules are not followed.
pub fn read_path(repo: &Repository, tree: Oid, rel: &str) -> Result<Vec<u8>, String> {
    let tree = repo.find_tree(tree).map_err(|e| e.message().to_owned())?;
    let entry = tree
        .get_path(Path::new(rel))
        .map_err(|_| "file not found".to_owned())?;
    read_entry(repo, entry.id(), entry.filemode())
}

/// The bytes of a tree entry's blob, or the `io` message for what is not one.
fn read_entry(repo: &Repository, oid: Oid, mode: i32) -> Result<Vec<u8>, String> {
    match mode {
        0o120000 => Err(crate::load::LINK.to_owned()),
        0o160000 => Err("a submodule where a record file was expected".to_owned()),
        0o040000 => Err("a directory where a record file was expected".to_owned()),
        _ => read_blob(repo, oid),
    }
}

/// The bytes of a blob, unless it is over the size limit (read from the
/// object header first, so a huge blob is never inflated).
pub fn read_blob(repo: &Repository, oid: Oid) -> Result<Vec<u8>, String> {
    let odb = repo.odb().map_err(|e| e.message().to_owned())?;
    let (size, _) = odb.read_header(oid).map_err(|e| e.message().to_owned())?;
    if size as u64 > MAX_FILE_SIZE {
        return Err(format!(
            "file is {size} bytes, over the limit of {MAX_FILE_SIZE} bytes; not read"
        ));
    }
    let blob = repo.find_blob(oid).map_err(|e| e.message().to_owned())?;
    Ok(blob.content().to_vec())
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

fn path_string(p: &Path) -> String {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree of `files` (path, mode, contents), written into `repo`.
    fn tree(repo: &Repository, files: &[(&str, i32, &str)]) -> Oid {
        let mut index = git2::Index::new().unwrap();
        for (path, mode, text) in files {
            let id = repo.blob(text.as_bytes()).unwrap();
            let mut entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: *mode as u32,
                uid: 0,
                gid: 0,
                file_size: 0,
                id,
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            entry.flags = (path.len() as u16) & 0xfff;
            index.add(&entry).unwrap();
        }
        index.write_tree_to(repo).unwrap()
    }

    /// libgit2's tree diff with the options `changes` used.
    fn libgit2(repo: &Repository, old: Oid, new: Oid) -> Vec<(String, Status, Option<Oid>)> {
        let (old, new) = (repo.find_tree(old).unwrap(), repo.find_tree(new).unwrap());
        let mut opts = git2::DiffOptions::new();
        opts.include_typechange(true)
            .ignore_submodules(true)
            .skip_binary_check(true);
        let diff = repo
            .diff_tree_to_tree(Some(&old), Some(&new), Some(&mut opts))
            .unwrap();
        let mut out: Vec<_> = diff
            .deltas()
            .map(|d| {
                let path = d.new_file().path().or(d.old_file().path()).unwrap();
                let status = match d.status() {
                    git2::Delta::Added => Status::Added,
                    git2::Delta::Deleted => Status::Deleted,
                    _ => Status::Modified,
                };
                let f = d.new_file();
                let new = (f.exists() && f.mode() != git2::FileMode::Link).then(|| f.id());
                (path_string(path), status, new)
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    #[test]
    fn the_tree_diff_finds_what_libgit2_finds() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let old = tree(
            &repo,
            &[
                ("a", 0o100644, "a"),
                ("a.b/x.toml", 0o100644, "x"),
                ("a-b", 0o100644, "same"),
                ("c/d/e.toml", 0o100644, "e"),
                ("c/d/f.toml", 0o100644, "f"),
                ("file-then-dir", 0o100644, "f"),
                ("dir-then-file/x", 0o100644, "x"),
                ("link", 0o120000, "target"),
                ("mode", 0o100644, "m"),
                ("gone/deep/er.toml", 0o100644, "g"),
                ("z", 0o100644, "z"),
            ],
        );
        let new = tree(
            &repo,
            &[
                ("a", 0o100644, "a2"),
                ("a.b/x.toml", 0o100644, "x"),
                ("a.b/y.toml", 0o100644, "y"),
                ("a-b", 0o100644, "same"),
                ("c/d/e.toml", 0o100644, "e2"),
                ("c/d/f.toml", 0o100644, "f"),
                ("file-then-dir/x", 0o100644, "f"),
                ("dir-then-file", 0o100644, "x"),
                ("link", 0o100644, "target"),
                ("mode", 0o100755, "m"),
                ("new/deep/er.toml", 0o100644, "n"),
                ("z", 0o100644, "z"),
            ],
        );
        let ours: Vec<_> = TreeDiff::new(&repo)
            .diff_roots(old, new)
            .into_iter()
            .map(|c| (c.rel, c.status, c.new))
            .collect();
        let theirs = libgit2(&repo, old, new);
        assert_eq!(ours, theirs);
        assert_eq!(ours.len(), 11, "{ours:?}");
        // And back.
        let ours: Vec<_> = TreeDiff::new(&repo)
            .diff_roots(new, old)
            .into_iter()
            .map(|c| (c.rel, c.status, c.new))
            .collect();
        assert_eq!(ours, libgit2(&repo, new, old));
    }
}

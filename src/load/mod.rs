//! Finding, reading and parsing a dossier.
//!
//! Each file is read once, parsed once into a spanned TOML document, validated
//! against its JSON Schema (every problem reported), then deserialized into
//! its typed record. Files are loaded in parallel; a broken file is a
//! diagnostic about that file and the run goes on with the others.

pub mod layout;
pub mod validate;

pub use layout::is_month_id;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, did_you_mean};
use crate::dossier::{Dossier, FileId, InstitutionFiles, Record};
use crate::ids::RuleId;
use crate::model::{Audit, Config, Decision, Institution, Person, Progress};
use crate::scheme::{self, Scheme, SchemeFile};
use crate::source::SourceFile;
use layout::{Layout, Planned};

pub use crate::source::MAX_FILE_SIZE;

/// Why kmi could not load a dossier at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0} is not a dossier: it has no kmi.toml")]
    NotADossier(PathBuf),
    #[error("no dossier found: no kmi.toml in {0} or any directory above it (use --dossier DIR)")]
    NoDossierFound(PathBuf),
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl LoadError {
    /// The message in Dutch.
    pub fn nl(&self) -> String {
        match self {
            LoadError::NotADossier(p) => {
                format!("{} is geen dossier: er staat geen kmi.toml in", p.display())
            }
            LoadError::NoDossierFound(p) => format!(
                "geen dossier gevonden: geen kmi.toml in {} of een map erboven (gebruik --dossier MAP)",
                p.display()
            ),
            LoadError::Io { path, source } => {
                format!("kan {} niet lezen: {source}", path.display())
            }
        }
    }
}

/// The kinds of record file, by place in the dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Config,
    Scheme,
    Person,
    Institution,
    Audit,
    Decision,
    Progress,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Config,
        Kind::Scheme,
        Kind::Person,
        Kind::Institution,
        Kind::Audit,
        Kind::Decision,
        Kind::Progress,
    ];

    /// The name of its JSON Schema file under `schema/`.
    pub fn schema_name(self) -> &'static str {
        match self {
            Kind::Config => "kmi",
            Kind::Scheme => "scheme",
            Kind::Person => "person",
            Kind::Institution => "institution",
            Kind::Audit => "audit",
            Kind::Decision => "decision",
            Kind::Progress => "progress",
        }
    }

    /// The JSON Schema generated from the record type.
    pub fn json_schema(self) -> Json {
        let schema = match self {
            Kind::Config => schemars::schema_for!(Config),
            Kind::Scheme => schemars::schema_for!(SchemeFile),
            Kind::Person => schemars::schema_for!(Person),
            Kind::Institution => schemars::schema_for!(Institution),
            Kind::Audit => schemars::schema_for!(Audit),
            Kind::Decision => schemars::schema_for!(Decision),
            Kind::Progress => schemars::schema_for!(Progress),
        };
        schema.to_value()
    }
}

/// The schemas, compiled once per run (validating against the JSON form
/// would look every keyword up in a map, for every value of every file).
static SCHEMAS: LazyLock<BTreeMap<Kind, validate::Schema>> = LazyLock::new(|| {
    Kind::ALL
        .iter()
        .map(|k| (*k, validate::Schema::compile(&k.json_schema())))
        .collect()
});

/// The dossier root for `--dossier` (must hold kmi.toml) or, without it, the
/// nearest directory upwards from `start` that holds kmi.toml.
pub fn find_root(explicit: Option<&Path>, start: &Path) -> Result<PathBuf, LoadError> {
    if let Some(dir) = explicit {
        return if dir.join("kmi.toml").exists() {
            Ok(dir.to_path_buf())
        } else {
            Err(LoadError::NotADossier(dir.to_path_buf()))
        };
    }
    // Any kmi.toml marks the dossier, even one that cannot be read (a pipe,
    // a directory): the check then says what is wrong with it.
    start
        .ancestors()
        .find(|d| d.join("kmi.toml").symlink_metadata().is_ok())
        .map(Path::to_path_buf)
        .ok_or_else(|| LoadError::NoDossierFound(start.to_path_buf()))
}

/// A record of one kind, as loaded.
enum AnyRecord {
    Person(Person),
    Institution(Institution),
    Audit(Audit),
    Decision(Decision),
    Progress(Progress),
}

/// What loading one file produced.
struct Loaded {
    source: SourceFile,
    record: Option<AnyRecord>,
    diagnostics: Vec<Diagnostic>,
}

/// Load the dossier at `root` from the file system.
pub fn load(root: &Path) -> Result<Dossier, LoadError> {
    load_scoped(root, None)
}

/// Load the dossier at `root` with only one institution's folder: the
/// people, the scheme and `kmi.toml` as [`load`] reads them, and of
/// `institutions/` only `institutions/<institution>/`. Every judgment about
/// one institution reads that institution's records, the people and the
/// scheme only (no rule or fact reads across institutions), so the facts
/// and problems of that institution are those of a whole load; a command
/// about one institution (`trace`, `deadlines --institution`) loads this
/// way. `None` loads everything.
pub fn load_scoped(root: &Path, institution: Option<&str>) -> Result<Dossier, LoadError> {
    let (canonical_root, reader) = open_root(root)?;
    let Layout {
        planned,
        diags: mut early,
        leftovers,
    } = walk(&canonical_root, institution);
    let mut dossier = assemble(root.to_path_buf(), &reader, planned, &mut early);
    dossier.leftovers = leftovers;
    Ok(dossier)
}

/// The dossier root, canonical, and a reader of it.
fn open_root(root: &Path) -> Result<(PathBuf, FsReader), LoadError> {
    let io = |source| LoadError::Io {
        path: root.to_path_buf(),
        source,
    };
    let canonical_root = root.canonicalize().map_err(io)?;
    let reader = FsReader::at(canonical_root.clone()).map_err(io)?;
    Ok((canonical_root, reader))
}

/// A dossier on disk loaded in parts, for `kmi check`: [`Parts::base`]
/// holds everything but the institutions' folders (`kmi.toml`, the scheme,
/// `people/`, and what the walk found out of place anywhere), and
/// [`Parts::load`] adds a few institutions at a time. No rule or fact reads
/// across institutions, so the problems of an institution are those of a
/// load of everything; a large dossier is then judged a part at a time,
/// and its records never all sit in memory at once.
pub struct Parts {
    pub base: Dossier,
    /// The record files of each institution, in the walk's order.
    institutions: Vec<Vec<Planned>>,
    reader: FsReader,
}

/// Load the dossier at `root` in [`Parts`]: the walk and the base now, the
/// institutions when asked for.
pub fn load_parts(root: &Path) -> Result<Parts, LoadError> {
    let (canonical_root, reader) = open_root(root)?;
    let Layout {
        planned,
        diags: mut early,
        leftovers,
    } = walk(&canonical_root, None);
    let (base, rest): (Vec<Planned>, Vec<Planned>) =
        planned.into_iter().partition(|p| p.institution.is_none());
    let mut institutions: Vec<Vec<Planned>> = Vec::new();
    for p in rest {
        match institutions.last_mut() {
            Some(last) if last[0].institution == p.institution => last.push(p),
            _ => institutions.push(vec![p]),
        }
    }
    let mut base = assemble(root.to_path_buf(), &reader, base, &mut early);
    base.leftovers = leftovers;
    Ok(Parts {
        base,
        institutions,
        reader,
    })
}

/// Some institutions' record files, to be loaded by [`Parts::load`].
pub struct Group(Vec<Planned>);

impl Parts {
    /// The institutions in groups of `per` (at least 1), in the walk's
    /// order; taken from `self`, so each is loaded once.
    pub fn groups(&mut self, per: usize) -> Vec<Group> {
        let all = std::mem::take(&mut self.institutions);
        let mut groups = Vec::with_capacity(all.len().div_ceil(per.max(1)));
        let mut it = all.into_iter().peekable();
        while it.peek().is_some() {
            groups.push(Group(it.by_ref().take(per.max(1)).flatten().collect()));
        }
        groups
    }

    /// The base with the institutions of `group` loaded: their files after
    /// the base's, their records, and the problems found in loading them as
    /// its `load_diagnostics` (the base's own are not repeated). The base's
    /// files are there without their text: a part is judged for its
    /// institutions' problems only.
    pub fn load(&self, group: Group) -> Dossier {
        let planned = group.0;
        let loaded = load_planned(&self.reader, &planned);
        let base = &self.base;
        let mut files = Vec::with_capacity(base.files.len() + planned.len());
        // The base's files keep their numbers but not their text: the base's
        // own problems (its files' personal data, kmi.toml's `[rules]`) are
        // found once, in the base, not again in every part.
        files.extend(
            base.files
                .iter()
                .map(|f| SourceFile::new(f.path.clone(), f.institution.clone(), String::new())),
        );
        let mut diagnostics = Vec::new();
        let mut institutions = BTreeMap::new();
        // The base's people are shared; none is added here.
        let mut no_people = BTreeMap::new();
        let mut unreadable_people = base.unreadable_people.clone();
        add_loaded(
            planned,
            loaded,
            &mut Sink {
                files: &mut files,
                diagnostics: &mut diagnostics,
                people: &mut no_people,
                unreadable_people: &mut unreadable_people,
                institutions: &mut institutions,
            },
        );
        Dossier {
            root: base.root.clone(),
            leftovers: Vec::new(),
            files,
            config: base.config.clone(),
            scheme: base.scheme.clone(),
            people: std::sync::Arc::clone(&base.people),
            institutions,
            load_diagnostics: diagnostics,
            unreadable_people,
        }
    }
}

/// Load the dossier at `root` from the file system with some files replaced
/// by text held in memory (`kmi lsp`: the editor's unsaved buffers, by path
/// relative to the root). A buffer of a file not yet on disk is placed in
/// the layout as if it were.
pub fn load_overlaid(
    root: &Path,
    overlay: &BTreeMap<String, String>,
) -> Result<Dossier, LoadError> {
    let canonical_root = root.canonicalize().map_err(|source| LoadError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let mut layout = walk(&canonical_root, None);
    let planned: std::collections::HashSet<&str> =
        layout.planned.iter().map(|p| p.rel.as_str()).collect();
    let unsaved: Vec<&str> = overlay
        .keys()
        .map(String::as_str)
        .filter(|rel| !planned.contains(rel) && !canonical_root.join(rel).exists())
        .collect();
    let exists = |rel: &str| canonical_root.join(rel).exists() || overlay.contains_key(rel);
    let mut extra = Layout::default();
    for (rel, is_dir) in list_in_memory(unsaved) {
        // Directories on disk were visited by the walk already.
        if is_dir && canonical_root.join(&rel).is_dir() {
            continue;
        }
        extra.visit(&rel, is_dir, &exists);
    }
    layout.planned.extend(extra.planned);
    layout.diags.extend(extra.diags);
    let reader = OverlayReader {
        overlay,
        disk: FsReader::at(canonical_root).map_err(|source| LoadError::Io {
            path: root.to_path_buf(),
            source,
        })?,
    };
    let Layout {
        planned,
        diags: mut early,
        leftovers,
    } = layout;
    let mut dossier = assemble(root.to_path_buf(), &reader, planned, &mut early);
    dossier.leftovers = leftovers;
    Ok(dossier)
}

/// Reads a buffer held in memory where there is one, else the file on disk.
struct OverlayReader<'a> {
    overlay: &'a BTreeMap<String, String>,
    disk: FsReader,
}

impl Reader for OverlayReader<'_> {
    fn read(&self, rel: &str) -> Result<Vec<u8>, String> {
        match self.overlay.get(rel) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.disk.read(rel),
        }
    }
}

/// Load a dossier through any [`Reader`], given what its walk found (`kmi
/// --rev` reads a git tree this way, with the walk and the reader of
/// [`crate::git`]). `root` is where the dossier is on disk, for messages.
pub fn load_with(root: PathBuf, reader: &dyn Reader, layout: Layout) -> Dossier {
    let Layout {
        planned,
        diags: mut early,
        leftovers,
    } = layout;
    let mut dossier = assemble(root, reader, planned, &mut early);
    dossier.leftovers = leftovers;
    dossier
}

/// Load a dossier held in memory: file bytes by path relative to the root
/// (`kmi.toml`, `people/anna-jansen.toml`, …). The fuzz target and the
/// mutation tests check thousands of dossiers this way without touching the
/// disk; it judges the layout and reads each file exactly as [`load`] does.
pub fn load_in_memory(files: &BTreeMap<String, Vec<u8>>) -> Dossier {
    let exists = |rel: &str| {
        files.contains_key(rel) || files.keys().any(|k| k.starts_with(&format!("{rel}/")))
    };
    let mut layout = Layout::default();
    for (rel, is_dir) in list_in_memory(files.keys().map(String::as_str)) {
        layout.visit(&rel, is_dir, &exists);
    }
    let Layout {
        planned,
        diags: mut early,
        ..
    } = layout;
    assemble(
        PathBuf::from("<memory>"),
        &MemoryReader(files),
        planned,
        &mut early,
    )
}

/// The entries a sorted walk of an in-memory dossier visits below `people/`
/// and `institutions/`: each file inside the layout's depth and every
/// directory above it, with whether it is a directory.
fn list_in_memory<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<(String, bool)> {
    let mut entries = std::collections::BTreeSet::new();
    for path in paths {
        let parts: Vec<&str> = path.split('/').collect();
        let top = parts[0];
        if !layout::TOPS.contains(&top) || parts.iter().any(|p| p.is_empty()) {
            continue;
        }
        let depth = layout::max_depth(top);
        // A directory `n` parts deep is listed when the walk would reach it.
        for n in 1..parts.len().min(depth + 2) {
            entries.insert((parts[..n].to_vec(), true));
        }
        if parts.len() <= depth + 1 {
            entries.insert((parts.clone(), false));
        }
    }
    entries
        .into_iter()
        .map(|(parts, is_dir)| (parts.join("/"), is_dir))
        .collect()
}

/// Reads the files of an in-memory dossier, with the same size limit.
struct MemoryReader<'a>(&'a BTreeMap<String, Vec<u8>>);

impl Reader for MemoryReader<'_> {
    fn read(&self, rel: &str) -> Result<Vec<u8>, String> {
        match self.0.get(rel) {
            Some(bytes) if bytes.len() as u64 > MAX_FILE_SIZE => Err(format!(
                "file is {} bytes, over the limit of {} bytes; not read",
                bytes.len(),
                MAX_FILE_SIZE
            )),
            Some(bytes) => Ok(bytes.clone()),
            None if self.0.keys().any(|k| k.starts_with(&format!("{rel}/"))) => {
                Err("a directory where a record file was expected".to_owned())
            }
            None => Err("file not found".to_owned()),
        }
    }
}

/// The `io` message for a named pipe, socket or device where a record file
/// was expected: never read (reading a pipe could wait forever).
const NOT_A_FILE: &str = "not a regular file (a pipe, socket or device); not read";

/// Reads dossier files by relative path: from the file system
/// ([`FsReader`]), or from a git tree ([`crate::git::TreeReader`]).
pub trait Reader: Sync {
    /// The bytes of `rel`, or the diagnostic message of rule `io`.
    fn read(&self, rel: &str) -> Result<Vec<u8>, String>;
}

/// Reads the files of a dossier on disk. No file is read through a symbolic
/// link: every part of the path below the root is opened without following
/// one, so what is read is inside the dossier (the root itself may be reached
/// through links).
pub struct FsReader {
    /// The root, opened once: every file is opened relative to it.
    #[cfg(unix)]
    root: std::os::fd::OwnedFd,
    #[cfg(not(unix))]
    root: PathBuf,
    /// Tells this reader's open folder apart from another reader's (see
    /// [`open_in_folder`]).
    #[cfg(target_os = "linux")]
    id: u64,
}

impl FsReader {
    /// A reader of the dossier at `root`.
    pub fn new(root: &Path) -> std::io::Result<FsReader> {
        FsReader::at(root.canonicalize()?)
    }

    /// A reader of the dossier at the canonical path `root`.
    fn at(root: PathBuf) -> std::io::Result<FsReader> {
        #[cfg(unix)]
        {
            let dir = std::fs::OpenOptions::new().read(true).open(&root)?;
            if !dir.metadata()?.is_dir() {
                return Err(std::io::Error::from(std::io::ErrorKind::NotADirectory));
            }
            Ok(FsReader {
                root: dir.into(),
                #[cfg(target_os = "linux")]
                id: {
                    static NEXT: std::sync::atomic::AtomicU64 =
                        std::sync::atomic::AtomicU64::new(0);
                    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                },
            })
        }
        #[cfg(not(unix))]
        {
            Ok(FsReader { root })
        }
    }
}

impl Reader for FsReader {
    fn read(&self, rel: &str) -> Result<Vec<u8>, String> {
        #[cfg(target_os = "linux")]
        let file = match open_in_folder(self.id, &self.root, rel) {
            Some(opened) => opened?,
            None => open_beneath(&self.root, rel)?,
        };
        #[cfg(not(target_os = "linux"))]
        let file = open_beneath(&self.root, rel)?;
        let meta = file.metadata().map_err(|e| io_message(&e))?;
        if meta.is_dir() {
            return Err("a directory where a record file was expected".to_owned());
        }
        if !meta.is_file() {
            return Err(NOT_A_FILE.to_owned());
        }
        if meta.len() > MAX_FILE_SIZE {
            return Err(format!(
                "file is {} bytes, over the limit of {} bytes; not read",
                meta.len(),
                MAX_FILE_SIZE
            ));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(MAX_FILE_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_message(&e))?;
        if bytes.len() as u64 > MAX_FILE_SIZE {
            return Err(format!(
                "file is over the limit of {MAX_FILE_SIZE} bytes; not read"
            ));
        }
        Ok(bytes)
    }
}

/// The `io` message for a symbolic link where a record file or folder was
/// expected: on disk and in a revision alike, kmi follows no link.
pub const LINK: &str =
    "symbolic link; not followed (kmi reads no record through a link, on disk or in a revision)";

/// Open `rel` below the directory `root` for reading without following a
/// symbolic link anywhere on the way, so no link (and no later swap of a
/// folder for a link) leads the read outside the dossier. A named pipe is
/// opened without waiting for a writer.
///
/// On Linux this is one `openat2` call with `RESOLVE_BENEATH` and
/// `RESOLVE_NO_SYMLINKS`: the kernel resolves the path below the root once.
/// Elsewhere (or where `openat2` is not allowed) the path is opened one part
/// at a time, each relative to the one before, with `O_NOFOLLOW`.
#[cfg(unix)]
fn open_beneath(root: &std::os::fd::OwnedFd, rel: &str) -> Result<std::fs::File, String> {
    use std::ffi::CString;

    if rel
        .split('/')
        .any(|p| p.is_empty() || p == "." || p == "..")
    {
        return Err("file not found".to_owned());
    }
    let path = CString::new(rel).map_err(|_| "file not found".to_owned())?;
    #[cfg(target_os = "linux")]
    if let Some(opened) = openat2_beneath(root, &path) {
        return opened;
    }
    open_part_by_part(root, rel)
}

/// Open `rel` relative to its folder, the folder opened once per thread for
/// the files after it that are in it too (a dossier's files are read in
/// order, a folder at a time): the kernel then resolves one name per file,
/// not the four of `institutions/<i>/audits/<a>.toml` (3 % of a check at
/// 1,000 × 10). The folder is opened as [`open_beneath`] opens a file,
/// below the root and through no link, and so is the file below it. `None`
/// when the folder cannot be opened so: [`open_beneath`] then opens the
/// whole path and says why it cannot.
#[cfg(target_os = "linux")]
fn open_in_folder(
    reader: u64,
    root: &std::os::fd::OwnedFd,
    rel: &str,
) -> Option<Result<std::fs::File, String>> {
    use std::cell::RefCell;
    use std::ffi::CString;
    use std::os::fd::OwnedFd;

    thread_local! {
        /// The folder opened last on this thread: reader, path, descriptor.
        static FOLDER: RefCell<Option<(u64, String, OwnedFd)>> = const { RefCell::new(None) };
    }
    let (folder, name) = rel.rsplit_once('/')?;
    if rel
        .split('/')
        .any(|p| p.is_empty() || p == "." || p == "..")
    {
        return None;
    }
    let name = CString::new(name).ok()?;
    FOLDER.with(|open| {
        let mut open = open.borrow_mut();
        let same = matches!(&*open, Some((r, f, _)) if *r == reader && f == folder);
        if !same {
            *open = None;
            let path = CString::new(folder).ok()?;
            let fd = match openat2_beneath(root, &path)? {
                Ok(dir) => OwnedFd::from(dir),
                Err(_) => return None,
            };
            *open = Some((reader, folder.to_owned(), fd));
        }
        let (_, _, fd) = open.as_ref()?;
        openat2_beneath(fd, &name)
    })
}

/// `openat2(root, rel, O_NOFOLLOW, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)`,
/// or none when the kernel (before 5.6) or a sandbox does not offer it; kmi
/// then stops asking.
#[cfg(target_os = "linux")]
fn openat2_beneath(
    root: &std::os::fd::OwnedFd,
    path: &std::ffi::CStr,
) -> Option<Result<std::fs::File, String>> {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::sync::atomic::{AtomicBool, Ordering};

    static UNAVAILABLE: AtomicBool = AtomicBool::new(false);
    if UNAVAILABLE.load(Ordering::Relaxed) {
        return None;
    }
    // SAFETY: open_how is plain data; zeroed is its "no options" value.
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = (libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NOFOLLOW | libc::O_NONBLOCK) as u64;
    how.resolve = libc::RESOLVE_BENEATH | libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_NO_MAGICLINKS;
    // SAFETY: the path is NUL-terminated, `how` lives across the call and
    // its size is passed; a descriptor returned is owned by an OwnedFd.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_openat2,
            root.as_raw_fd(),
            path.as_ptr(),
            &how as *const libc::open_how,
            std::mem::size_of::<libc::open_how>(),
        )
    };
    if fd >= 0 {
        let fd = unsafe { OwnedFd::from_raw_fd(fd as i32) };
        return Some(Ok(std::fs::File::from(fd)));
    }
    let e = std::io::Error::last_os_error();
    Some(Err(match e.raw_os_error() {
        Some(libc::ENOSYS | libc::EPERM | libc::EINVAL | libc::E2BIG) => {
            UNAVAILABLE.store(true, Ordering::Relaxed);
            return None;
        }
        // A link on the way or at the end.
        Some(libc::ELOOP | libc::EXDEV) => LINK.to_owned(),
        // A part of the way is a file.
        Some(libc::ENOTDIR) => "file not found".to_owned(),
        _ => io_message(&e),
    }))
}

/// The portable way of [`open_beneath`]: one part at a time.
#[cfg(unix)]
fn open_part_by_part(root: &std::os::fd::OwnedFd, rel: &str) -> Result<std::fs::File, String> {
    use std::ffi::CString;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;

    let c = |s: &[u8]| CString::new(s).map_err(|_| "file not found".to_owned());
    let parts: Vec<&str> = rel.split('/').collect();
    // SAFETY: openat is called with NUL-terminated paths; every descriptor
    // returned is owned by an OwnedFd, which closes it.
    let mut dir: Option<OwnedFd> = None;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let name = c(std::ffi::OsStr::new(part).as_bytes())?;
        let flags = libc::O_RDONLY
            | libc::O_CLOEXEC
            | libc::O_NOFOLLOW
            | if last {
                libc::O_NONBLOCK
            } else {
                libc::O_DIRECTORY
            };
        let at = dir.as_ref().map_or(root.as_raw_fd(), |d| d.as_raw_fd());
        let fd = unsafe { libc::openat(at, name.as_ptr(), flags) };
        if fd < 0 {
            let e = std::io::Error::last_os_error();
            return Err(if is_link_at(at, &name) {
                LINK.to_owned()
            } else if !last && e.raw_os_error() == Some(libc::ENOTDIR) {
                "file not found".to_owned()
            } else {
                io_message(&e)
            });
        }
        dir = Some(unsafe { OwnedFd::from_raw_fd(fd) });
    }
    dir.map(std::fs::File::from)
        .ok_or_else(|| "file not found".to_owned())
}

/// Whether `name` in the directory `dir` is a symbolic link.
#[cfg(unix)]
fn is_link_at(dir: std::os::fd::RawFd, name: &std::ffi::CStr) -> bool {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: fstatat writes a stat into `st` and returns 0 on success.
    let rc = unsafe {
        libc::fstatat(
            dir,
            name.as_ptr(),
            st.as_mut_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    rc == 0 && (unsafe { st.assume_init() }.st_mode & libc::S_IFMT) == libc::S_IFLNK
}

/// Open `rel` below `root`, refusing it when any part of it is a symbolic link.
#[cfg(not(unix))]
fn open_beneath(root: &Path, rel: &str) -> Result<std::fs::File, String> {
    let mut path = root.to_path_buf();
    for part in rel.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err("file not found".to_owned());
        }
        path.push(part);
        let meta = std::fs::symlink_metadata(&path).map_err(|e| io_message(&e))?;
        if meta.file_type().is_symlink() {
            return Err(LINK.to_owned());
        }
    }
    std::fs::File::open(&path).map_err(|e| io_message(&e))
}

/// The Dutch of a [`Reader`]'s message. The readers (this module's and
/// `git::read_path`) say one of these few things; what the operating
/// system or git says beyond them is passed on as it is, after a Dutch
/// lead-in.
fn read_message_nl(en: &str) -> String {
    const FIXED: &[(&str, &str)] = &[
        ("file not found", "bestand niet gevonden"),
        ("permission denied", "geen toegang"),
        (
            "a directory where a record file was expected",
            "een map waar een recordbestand verwacht werd",
        ),
        (
            "a submodule where a record file was expected",
            "een submodule waar een recordbestand verwacht werd",
        ),
        (
            "symbolic link leads outside the dossier; not followed",
            "symbolische link wijst buiten het dossier; niet gevolgd",
        ),
        (
            "symbolic link in the revision; not followed",
            "symbolische link in de revisie; niet gevolgd",
        ),
        (
            NOT_A_FILE,
            "geen gewoon bestand (een pipe, socket of apparaat); niet gelezen",
        ),
    ];
    if let Some((_, nl)) = FIXED.iter().find(|(e, _)| *e == en) {
        return (*nl).to_owned();
    }
    if let Some(why) = en.strip_prefix("broken symbolic link: ") {
        return format!("kapotte symbolische link: {}", read_message_nl(why));
    }
    let bytes = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    if let Some(rest) = en.strip_prefix("file is ")
        && rest.ends_with("; not read")
    {
        return match rest.split_once(" bytes, over the limit of ") {
            Some((size, _)) => format!(
                "bestand is {} bytes, boven de grens van {MAX_FILE_SIZE} bytes; niet gelezen",
                bytes(size)
            ),
            None => format!("bestand is groter dan {MAX_FILE_SIZE} bytes; niet gelezen"),
        };
    }
    format!("kan niet lezen: {en}")
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "file not found".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Walk `people/` and `institutions/` of the file system: the record files
/// to load, and the diagnostics about what is in the wrong place. With
/// `only`, of `institutions/` only that institution's folder.
fn walk(root: &Path, only: Option<&str>) -> Layout {
    let mut layout = Layout::default();
    // A path that cannot be looked at (a folder kmi may not read) is not
    // said to be missing: the walk reports it as unreadable.
    let exists = |rel: &str| match std::fs::symlink_metadata(root.join(rel)) {
        Ok(_) => true,
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    };
    // A writer killed mid-write leaves its temporary copy next to the file;
    // kmi.toml is written at the root.
    layout.leftovers.extend(
        std::fs::read_dir(root)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| crate::write::is_temp_name(n)),
    );
    for top in layout::TOPS {
        let dir = root.join(top);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.file_type().is_symlink() => {
                // Followed, it would read records from anywhere.
                layout.link(top);
                continue;
            }
            Ok(m) if m.is_dir() => {}
            _ => continue,
        }
        if top == "people" {
            visit_entries(root, top, walker(&dir, 1), &mut layout, &exists);
            continue;
        }
        // The institutions are independent: list them, then walk each one's
        // records in parallel (the walk is a tenth of a check on 1,000
        // institutions). The listing is sorted and each part is walked in
        // order, so the result is that of one walk from the top.
        let listing: Vec<walkdir::Result<walkdir::DirEntry>> = walker(&dir, 1)
            .into_iter()
            .filter(|e| match (only, e) {
                (Some(id), Ok(e)) => e.depth() == 0 || e.file_name() == id,
                _ => true,
            })
            .collect();
        let parts: Vec<Layout> = listing
            .into_par_iter()
            .map(|entry| {
                let mut part = Layout::default();
                let subtree = match &entry {
                    Ok(e) if e.depth() == 1 && e.file_type().is_dir() => {
                        Some(walker(e.path(), layout::max_depth(top) - 1).min_depth(1))
                    }
                    _ => None,
                };
                visit_entries(root, top, [entry], &mut part, &exists);
                if let Some(subtree) = subtree {
                    visit_entries(root, top, subtree, &mut part, &exists);
                }
                part
            })
            .collect();
        for part in parts {
            layout.planned.extend(part.planned);
            layout.diags.extend(part.diags);
            layout.leftovers.extend(part.leftovers);
        }
    }
    layout
}

/// A sorted walk of `dir`, `depth` levels down, never following a link.
fn walker(dir: &Path, depth: usize) -> walkdir::WalkDir {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(depth)
        // By name: the entries sorted are of one folder, so their paths
        // differ only in their names, and comparing paths spares parsing
        // each into components for its name (`sort_by_file_name`).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
}

/// Feed `entries` of the walk under `top` through the layout visitor.
fn visit_entries(
    root: &Path,
    top: &str,
    entries: impl IntoIterator<Item = walkdir::Result<walkdir::DirEntry>>,
    layout: &mut Layout,
    exists: &dyn Fn(&str) -> bool,
) {
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map_or_else(|| top.to_owned(), rel_string);
                layout.diags.push(
                    file_diag(RuleId::Io, &rel, None, format!("cannot read: {e}"))
                        .nl(format!("kan niet lezen: {e}")),
                );
                continue;
            }
        };
        let Some(rel_path) = below(entry.path(), root) else {
            continue;
        };
        if rel_path.to_str().is_none() {
            // Its name is not UTF-8: no record id; said once, for the first
            // such name (its contents are not read).
            let name = entry.file_name().to_string_lossy();
            let readable = entry.file_type().is_dir() || name.ends_with(".toml");
            if entry.file_name().to_str().is_none() && readable {
                let rel = rel_string(rel_path);
                let institution = rel
                    .split('/')
                    .nth(1)
                    .filter(|_| top == "institutions" && rel.split('/').count() > 2)
                    .map(str::to_owned);
                layout.diags.push(file_diag(
                    RuleId::Io,
                    &rel,
                    institution,
                    "the name is not UTF-8 text, so it is no record id; not read".to_owned(),
                ));
            }
            continue;
        }
        let rel = rel_string(rel_path);
        if entry.file_type().is_symlink() {
            layout.link(&rel);
        } else if entry.file_type().is_file()
            && crate::write::is_temp_name(&entry.file_name().to_string_lossy())
        {
            layout.leftovers.push(rel);
        } else {
            layout.visit(&rel, entry.file_type().is_dir(), exists);
        }
    }
}

/// `path` below `root`, for a path the walk gives (it starts with `root`):
/// on Unix a cut of its bytes, where `Path::strip_prefix` parses both paths
/// into components (1.5 % of a check at 1,000 × 10).
fn below<'a>(path: &'a Path, root: &Path) -> Option<&'a Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let rest = path
            .as_os_str()
            .as_bytes()
            .strip_prefix(root.as_os_str().as_bytes())
            .and_then(|rest| rest.strip_prefix(b"/"));
        if let Some(rest) = rest {
            return Some(Path::new(std::ffi::OsStr::from_bytes(rest)));
        }
    }
    path.strip_prefix(root).ok()
}

fn rel_string(p: &Path) -> String {
    // A walk's path below the root is already `/`-separated on Unix.
    #[cfg(unix)]
    if let Some(s) = p.to_str() {
        return s.to_owned();
    }
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A diagnostic about a whole file (line 1, column 1).
fn file_diag(rule: RuleId, rel: &str, institution: Option<String>, message: String) -> Diagnostic {
    let file = SourceFile::new(rel.to_owned(), institution, String::new());
    let subject = rel
        .trim_end_matches(".toml")
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .to_owned();
    Diagnostic::at(rule, &file, 0..0, subject, message)
}

/// Read, parse, validate and deserialize everything; build the dossier.
fn assemble(
    root: PathBuf,
    reader: &dyn Reader,
    planned: Vec<Planned>,
    early: &mut Vec<Diagnostic>,
) -> Dossier {
    let mut files = Vec::with_capacity(planned.len() + 2);
    let mut load_diagnostics = std::mem::take(early);

    // kmi.toml first: it names the scheme.
    let config_loaded = load_one::<Config>(reader, "kmi.toml", Kind::Config, None);
    let mut config = None;
    let config_file: FileId = files.len();
    let (cfg_source, cfg_record, cfg_diags) = config_loaded;
    load_diagnostics.extend(cfg_diags);
    files.push(cfg_source);
    if let Some(c) = cfg_record {
        config = Some(Record {
            id: "kmi".to_owned(),
            file: config_file,
            data: c,
        });
    }

    // A kmi.toml with problems still names its scheme file, whose own
    // problems are then reported in the same run instead of the next one.
    let scheme_name = match &config {
        Some(c) => Some(c.data.dossier.scheme.clone()),
        None => scheme_name_in(&files[config_file].text),
    };
    let scheme = load_scheme(
        reader,
        scheme_name.as_ref(),
        config_file,
        &mut files,
        &mut load_diagnostics,
    );

    let loaded = load_planned(reader, &planned);
    let mut people = BTreeMap::new();
    let mut unreadable_people = std::collections::BTreeSet::new();
    let mut institutions: BTreeMap<String, InstitutionFiles> = BTreeMap::new();
    add_loaded(
        planned,
        loaded,
        &mut Sink {
            files: &mut files,
            diagnostics: &mut load_diagnostics,
            people: &mut people,
            unreadable_people: &mut unreadable_people,
            institutions: &mut institutions,
        },
    );

    let dossier = Dossier {
        root,
        leftovers: Vec::new(),
        files,
        config,
        scheme,
        people: std::sync::Arc::new(people),
        institutions,
        load_diagnostics,
        unreadable_people,
    };
    let mut extra = check_config(&dossier);
    let mut dossier = dossier;
    dossier.load_diagnostics.append(&mut extra);
    dossier
}

/// Read, parse, validate and deserialize the planned record files, in
/// parallel, in their order.
fn load_planned(reader: &dyn Reader, planned: &[Planned]) -> Vec<Loaded> {
    planned
        .par_iter()
        .map(|p| {
            let (source, record, diagnostics) = match p.kind {
                Kind::Person => wrap(
                    load_one::<Person>(reader, &p.rel, p.kind, None),
                    AnyRecord::Person,
                ),
                Kind::Institution => wrap(
                    load_one::<Institution>(reader, &p.rel, p.kind, p.institution.clone()),
                    AnyRecord::Institution,
                ),
                Kind::Audit => wrap(
                    load_one::<Audit>(reader, &p.rel, p.kind, p.institution.clone()),
                    AnyRecord::Audit,
                ),
                Kind::Decision => wrap(
                    load_one::<Decision>(reader, &p.rel, p.kind, p.institution.clone()),
                    AnyRecord::Decision,
                ),
                Kind::Progress => wrap(
                    load_one::<Progress>(reader, &p.rel, p.kind, p.institution.clone()),
                    AnyRecord::Progress,
                ),
                Kind::Config | Kind::Scheme => unreachable!("the walk plans only record files"),
            };
            Loaded {
                source,
                record,
                diagnostics,
            }
        })
        .collect()
}

/// Where [`add_loaded`] puts files, problems and records.
struct Sink<'a> {
    files: &'a mut Vec<SourceFile>,
    diagnostics: &'a mut Vec<Diagnostic>,
    people: &'a mut BTreeMap<String, Record<Person>>,
    unreadable_people: &'a mut std::collections::BTreeSet<String>,
    institutions: &'a mut BTreeMap<String, InstitutionFiles>,
}

/// Add what [`load_planned`] loaded: each file after those already there,
/// each record in its place.
fn add_loaded(planned: Vec<Planned>, loaded: Vec<Loaded>, sink: &mut Sink<'_>) {
    for (p, l) in planned.into_iter().zip(loaded) {
        let file = sink.files.len();
        sink.files.push(l.source);
        sink.diagnostics.extend(l.diagnostics);
        // The institution's id moves into the map: no copy per record.
        let inst = p.institution.map(|i| match sink.institutions.entry(i) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let id = e.key().clone();
                e.insert(InstitutionFiles {
                    id,
                    ..Default::default()
                })
            }
        });
        let Some(record) = l.record else {
            // The file exists: so does its record, unread.
            match (p.kind, inst) {
                (Kind::Person, _) => {
                    sink.unreadable_people.insert(p.id);
                }
                (Kind::Audit, Some(i)) => {
                    i.unreadable_audits.insert(p.id);
                    i.has_unreadable = true;
                }
                (_, Some(i)) => i.has_unreadable = true,
                (_, None) => {}
            }
            continue;
        };
        let id = p.id;
        match (record, inst) {
            (AnyRecord::Person(data), _) => {
                sink.people.insert(id.clone(), Record { id, file, data });
            }
            (AnyRecord::Institution(data), Some(i)) => {
                i.record = Some(Record {
                    id: i.id.clone(),
                    file,
                    data,
                });
            }
            (AnyRecord::Audit(data), Some(i)) => {
                i.audits.insert(id.clone(), Record { id, file, data });
            }
            (AnyRecord::Decision(data), Some(i)) => {
                i.decisions.insert(id.clone(), Record { id, file, data });
            }
            (AnyRecord::Progress(data), Some(i)) => {
                i.progress.insert(id.clone(), Record { id, file, data });
            }
            _ => {}
        }
    }
}

type LoadResult<T> = (SourceFile, Option<T>, Vec<Diagnostic>);

fn wrap<T>(r: LoadResult<T>, f: fn(T) -> AnyRecord) -> LoadResult<AnyRecord> {
    (r.0, r.1.map(f), r.2)
}

/// Load one record file: read, decode, parse, validate, deserialize.
fn load_one<T: DeserializeOwned>(
    reader: &dyn Reader,
    rel: &str,
    kind: Kind,
    institution: Option<String>,
) -> LoadResult<T> {
    let subject = rel
        .trim_end_matches(".toml")
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .to_owned();
    let bytes = match reader.read(rel) {
        Ok(b) => b,
        Err(message) => {
            let source = SourceFile::new(rel.to_owned(), institution, String::new());
            let nl = read_message_nl(&message);
            let d = Diagnostic::at(RuleId::Io, &source, 0..0, subject, message).nl(nl);
            return (source, None, vec![d]);
        }
    };
    if bytes.starts_with(b"version https://git-lfs.github.com/spec/") {
        let source = SourceFile::new(rel.to_owned(), institution, String::new());
        let d = Diagnostic::at(
            RuleId::Io,
            &source,
            0..0,
            subject,
            "a Git LFS pointer, not the record: the file itself is not in this clone".to_owned(),
        )
        .with_hint("run `git lfs pull` to fetch it; record files are small text and need not be in Git LFS");
        return (source, None, vec![d]);
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // Offsets into the lossy text match the original up to the first bad byte.
            let source = SourceFile::new(rel.to_owned(), institution, text);
            let d = Diagnostic::at(
                RuleId::Parse,
                &source,
                at..at + 1,
                subject,
                "file is not UTF-8 text".to_owned(),
            )
            .nl("bestand is geen UTF-8-tekst")
            .hints(
                "save the file as UTF-8; record files are TOML text",
                "sla het bestand op als UTF-8; recordbestanden zijn TOML-tekst",
            );
            return (source, None, vec![d]);
        }
    };
    let source = SourceFile::new(rel.to_owned(), institution, text);
    let (record, diagnostics) = parse_record::<T>(&source, kind, &subject);
    (source, record, diagnostics)
}

fn parse_record<T: DeserializeOwned>(
    source: &SourceFile,
    kind: Kind,
    subject: &str,
) -> (Option<T>, Vec<Diagnostic>) {
    let (doc, errors) = DeTable::parse_recoverable(&source.text);
    if !errors.is_empty() {
        let diags = errors
            .iter()
            .map(|e| {
                let span = e
                    .span()
                    .unwrap_or_else(|| deepest_line(&source.text, e.message()));
                let message = toml_message(e.message());
                let nl = validate::toml_message_nl(&message);
                let d = Diagnostic::at(RuleId::Parse, source, span, subject, message).nl(nl);
                match validate::syntax_hint(&source.text[source.line_range(d.line)]) {
                    Some((en, nl)) => d.hints(en, nl),
                    None => d,
                }
            })
            .collect();
        return (None, diags);
    }
    let doc = Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
    let issues = SCHEMAS[&kind].validate(&doc);
    // A TODO left from a template is reported, but the record is whole and
    // loads: the rules go on judging it.
    let well_formed = issues.iter().all(|i| i.placeholder);
    let diags: Vec<Diagnostic> = issues
        .into_iter()
        .map(|i| {
            let (en, nl) = i.message;
            let d = Diagnostic::at(RuleId::Schema, source, i.span, subject, en).nl(nl);
            match i.hint {
                Some((en, nl)) => d.hints(en, nl),
                None => d,
            }
        })
        .collect();
    if !well_formed {
        if let Some(d) = misplaced(&doc, kind, source, subject) {
            return (None, vec![d]);
        }
        return (None, diags);
    }
    // Valid: the document is needed no more, so it is moved into the
    // deserializer rather than copied.
    let span = doc.span();
    let DeValue::Table(table) = doc.into_inner() else {
        unreachable!("a document is a table")
    };
    let de = toml::de::Deserializer::from(Spanned::new(span, table));
    match T::deserialize(de) {
        Ok(r) => (Some(r), diags),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = toml_message(e.message());
            let nl = format!("het record past niet in zijn vorm: {message}");
            let d = Diagnostic::at(RuleId::Schema, source, span, subject, message).nl(nl);
            (None, vec![d])
        }
    }
}

/// Where a parse error without a place is: for toml's recursion limit
/// (keys or values nested too deep), the line that nests deepest — the
/// most dots, brackets and braces; else the start of the file.
fn deepest_line(text: &str, message: &str) -> std::ops::Range<usize> {
    if !message.contains("recursion") {
        return 0..0;
    }
    let mut best = (0, 0..0);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let depth = line
            .bytes()
            .filter(|b| matches!(b, b'.' | b'[' | b'{'))
            .count();
        if depth > best.0 {
            best = (depth, start..start + line.trim_end().len());
        }
        start += line.len();
    }
    best.1
}

/// A record of another kind in the wrong folder (a decision in audits/):
/// one diagnostic that says where it belongs, instead of every key the
/// folder's kind lacks or does not know.
fn misplaced(
    doc: &Spanned<DeValue<'_>>,
    kind: Kind,
    source: &SourceFile,
    subject: &str,
) -> Option<Diagnostic> {
    // The kind, with an article and in Dutch with and without one.
    const MOVABLE: [(Kind, &str, &str, &str, &str); 4] = [
        (
            Kind::Audit,
            "an audit",
            "een audit",
            "audit",
            "institutions/<institution>/audits/",
        ),
        (
            Kind::Decision,
            "a decision",
            "een besluit",
            "besluit",
            "institutions/<institution>/decisions/",
        ),
        (
            Kind::Progress,
            "a progress report",
            "een voortgangsrapportage",
            "voortgangsrapportage",
            "institutions/<institution>/progress/",
        ),
        (
            Kind::Person,
            "a person",
            "een persoon",
            "persoon",
            "people/",
        ),
    ];
    let (_, here, _, here_nl, _) = MOVABLE.iter().find(|m| m.0 == kind)?;
    let (_, what, what_nl, _, folder) = MOVABLE.iter().find(|(other, ..)| {
        *other != kind && SCHEMAS[other].validate(doc).iter().all(|i| i.placeholder)
    })?;
    let folder = match &source.institution {
        Some(i) => folder.replace("<institution>", i),
        None => (*folder).to_owned(),
    };
    Some(
        Diagnostic::at(
            RuleId::Schema,
            source,
            0..0,
            subject,
            format!("this looks like {what}, not {here}: it is in the wrong folder"),
        )
        .nl(format!(
            "dit lijkt {what_nl}, geen {here_nl}: het staat in de verkeerde map"
        ))
        .hints(
            format!("move it to {folder}"),
            format!("verplaats het naar {folder}"),
        ),
    )
}

/// toml's messages, first line, without a trailing period.
fn toml_message(m: &str) -> String {
    m.lines()
        .next()
        .unwrap_or(m)
        .trim_end_matches('.')
        .to_owned()
}

/// `dossier.scheme` of a kmi.toml that did not load, if it still holds a
/// string there (the parse recovers from syntax errors).
fn scheme_name_in(text: &str) -> Option<Spanned<String>> {
    let (doc, _) = DeTable::parse_recoverable(text);
    let DeValue::Table(dossier) = doc.get_ref().get("dossier")?.get_ref() else {
        return None;
    };
    let scheme = dossier.get("scheme")?;
    let DeValue::String(name) = scheme.get_ref() else {
        return None;
    };
    Some(Spanned::new(scheme.span(), name.to_string()))
}

/// The scheme named in kmi.toml: built in, or a scheme file of the dossier.
fn load_scheme(
    reader: &dyn Reader,
    name: Option<&Spanned<String>>,
    config_file: FileId,
    files: &mut Vec<SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> Scheme {
    let Some(name) = name else {
        return Scheme::jbjr();
    };
    if let Some(src) = scheme::builtin(name.get_ref()) {
        let file: SchemeFile = toml::from_str(src).expect("built-in schemes are valid");
        return Scheme::resolve(None, &file).expect("built-in schemes are complete");
    }
    let rel = name.get_ref().trim_start_matches("./").to_owned();
    if !rel.ends_with(".toml") || rel.contains("..") || rel.starts_with('/') {
        let builtins = scheme::BUILTIN_NAMES.join(", ");
        let d = Diagnostic::at(
            RuleId::Schema,
            &files[config_file],
            name.span(),
            "kmi",
            format!(
                "`scheme` is `{}`: neither a built-in scheme ({builtins}) nor a .toml file inside the dossier",
                name.get_ref(),
            ),
        )
        .nl(format!(
            "`scheme` is `{}`: geen ingebouwd schema ({builtins}) en geen .toml-bestand in het dossier",
            name.get_ref(),
        ));
        diags.push(did_you_mean_hint(
            d,
            name.get_ref(),
            scheme::BUILTIN_NAMES.iter().copied(),
        ));
        return Scheme::jbjr();
    }
    let (source, record, mut d) = load_one::<SchemeFile>(reader, &rel, Kind::Scheme, None);
    if record.is_none() {
        // Deserializing stops at the first clock out of range; name them all.
        let out_of_range = clocks_out_of_range(&source);
        if !out_of_range.is_empty() {
            d.retain(|x| {
                x.rule != "schema"
                    || !out_of_range
                        .iter()
                        .any(|o| o.line == x.line && o.column == x.column)
            });
            d.extend(out_of_range);
        }
    }
    diags.extend(d);
    let file_id = files.len();
    files.push(source);
    let Some(file) = record else {
        // Its other problems too, in the same run: what `extends` and the
        // norms' categories name, read from the document as written.
        raw_scheme_references(&files[file_id], diags);
        return Scheme::jbjr();
    };
    let base = match &file.extends {
        None => None,
        Some(ext) => match scheme::builtin(ext.get_ref()) {
            Some(src) => {
                let base_file: SchemeFile =
                    toml::from_str(src).expect("built-in schemes are valid");
                Some(Scheme::resolve(None, &base_file).expect("built-in schemes are complete"))
            }
            None => {
                diags.push(unknown_extends(&files[file_id], ext));
                Some(Scheme::jbjr())
            }
        },
    };
    let scheme = match Scheme::resolve(base.as_ref(), &file) {
        Ok(s) => s,
        Err(missing) => {
            let missing = missing.join(", ");
            diags.push(
                Diagnostic::at(
                    RuleId::Schema,
                    &files[file_id],
                    0..0,
                    "scheme",
                    format!("the scheme leaves clocks undefined: {missing}"),
                )
                .nl(format!("het schema laat klokken ongedefinieerd: {missing}"))
                .hints(
                    "add them to [clocks] or use `extends = \"jbjr\"`",
                    "voeg ze toe aan [clocks] of gebruik `extends = \"jbjr\"`",
                ),
            );
            return Scheme::jbjr();
        }
    };
    let categories: Vec<&str> = scheme.categories.iter().map(|c| c.id.as_str()).collect();
    for n in &file.norm {
        let cat = &n.get_ref().category;
        if !categories.contains(&cat.get_ref().as_str()) {
            diags.push(unknown_category(
                &files[file_id],
                &n.get_ref().id.to_string(),
                &Spanned::new(cat.span(), cat.get_ref().to_string()),
                &categories,
            ));
        }
    }
    scheme
}

/// A `schema` diagnostic for every value of `[clocks]` in a scheme file that
/// is an integer but no clock (negative, or over 4294967295).
fn clocks_out_of_range(source: &SourceFile) -> Vec<Diagnostic> {
    let (doc, _) = DeTable::parse_recoverable(&source.text);
    let Some(clocks) = doc.get_ref().get("clocks") else {
        return Vec::new();
    };
    let DeValue::Table(clocks) = clocks.get_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut check = |key: &str, v: &Spanned<DeValue<'_>>| {
        if let DeValue::Integer(i) = v.get_ref()
            && u32::from_str_radix(i.as_str(), i.radix()).is_err()
        {
            out.push(Diagnostic::at(
                RuleId::Schema,
                source,
                v.span(),
                "scheme",
                format!(
                    "`{key}` is {}: a clock is a whole number from 0 to {}",
                    i.as_str(),
                    u32::MAX
                ),
            ));
        }
    };
    for (key, value) in clocks.iter() {
        match value.get_ref() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    check(key.get_ref(), item);
                }
            }
            _ => check(key.get_ref(), value),
        }
    }
    out
}

/// `d` with "did you mean" for the closest of `candidates`, if one is close.
fn did_you_mean_hint<'a>(
    d: Diagnostic,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    match did_you_mean(word, candidates) {
        Some(m) => d.hints(format!("did you mean `{m}`?"), format!("bedoel je `{m}`?")),
        None => d,
    }
}

fn unknown_extends(file: &SourceFile, ext: &Spanned<String>) -> Diagnostic {
    let builtins = scheme::BUILTIN_NAMES.join(", ");
    let d = Diagnostic::at(
        RuleId::UnknownReference,
        file,
        ext.span(),
        "scheme",
        format!(
            "`extends` names `{}`, which is not a built-in scheme ({builtins})",
            ext.get_ref(),
        ),
    )
    .nl(format!(
        "`extends` noemt `{}`, geen ingebouwd schema ({builtins})",
        ext.get_ref(),
    ));
    did_you_mean_hint(d, ext.get_ref(), scheme::BUILTIN_NAMES.iter().copied())
}

fn unknown_category(
    file: &SourceFile,
    norm: &str,
    cat: &Spanned<String>,
    categories: &[&str],
) -> Diagnostic {
    let list = categories.join(", ");
    let d = Diagnostic::at(
        RuleId::UnknownReference,
        file,
        cat.span(),
        format!("norm {norm}"),
        format!(
            "norm {norm} names category `{}`, which the scheme does not have ({list})",
            cat.get_ref(),
        ),
    )
    .nl(format!(
        "norm {norm} noemt categorie `{}`, die het schema niet heeft ({list})",
        cat.get_ref(),
    ));
    did_you_mean_hint(d, cat.get_ref(), categories.iter().copied())
}

/// A string at `key` of a raw table, with its span.
fn raw_str(table: &DeTable<'_>, key: &str) -> Option<Spanned<String>> {
    let v = table.get(key)?;
    match v.get_ref() {
        DeValue::String(s) => Some(Spanned::new(v.span(), s.to_string())),
        _ => None,
    }
}

/// The references of a scheme file that did not load, read from its
/// document: `extends`, and each `[[norm]]`'s `category` against the
/// categories of the scheme it extends and its own `[[category]]`s.
fn raw_scheme_references(file: &SourceFile, diags: &mut Vec<Diagnostic>) {
    let (doc, errors) = DeTable::parse_recoverable(&file.text);
    if !errors.is_empty() {
        return;
    }
    let doc = doc.get_ref();
    let mut categories: Vec<String> = Vec::new();
    match raw_str(doc, "extends") {
        Some(ext) if scheme::builtin(ext.get_ref()).is_none() => {
            diags.push(unknown_extends(file, &ext));
            categories.extend(Scheme::jbjr().categories.iter().map(|c| c.id.clone()));
        }
        Some(ext) => {
            let src = scheme::builtin(ext.get_ref()).expect("a built-in scheme");
            let base: SchemeFile = toml::from_str(src).expect("built-in schemes are valid");
            categories.extend(base.category.iter().map(|c| c.id.to_string()));
        }
        None => {}
    }
    let tables = |key: &str| -> Vec<&DeTable<'_>> {
        match doc.get(key).map(|v| v.get_ref()) {
            Some(DeValue::Array(items)) => items
                .iter()
                .filter_map(|i| match i.get_ref() {
                    DeValue::Table(t) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    categories.extend(
        tables("category")
            .iter()
            .filter_map(|t| raw_str(t, "id"))
            .map(|id| id.into_inner()),
    );
    let categories: Vec<&str> = categories.iter().map(String::as_str).collect();
    for norm in tables("norm") {
        let (Some(id), Some(cat)) = (raw_str(norm, "id"), raw_str(norm, "category")) else {
            continue;
        };
        if !categories.contains(&cat.get_ref().as_str()) {
            diags.push(unknown_category(file, id.get_ref(), &cat, &categories));
        }
    }
}

/// `timezone` of kmi.toml, read from the document as written, so that it is
/// checked even when another key of kmi.toml is wrong: every problem in one
/// run. (`[rules]` names rules: the rules check it, `rules::config`.)
fn check_config(dossier: &Dossier) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(file) = dossier.files.iter().find(|f| f.path == "kmi.toml") else {
        return out;
    };
    let (doc, errors) = DeTable::parse_recoverable(&file.text);
    if !errors.is_empty() {
        return out;
    }
    let doc = doc.get_ref();
    let timezone = match doc.get("dossier").map(|v| v.get_ref()) {
        Some(DeValue::Table(t)) => raw_str(t, "timezone"),
        _ => None,
    };
    if let Some(tz) = timezone
        && tz.get_ref().parse::<chrono_tz::Tz>().is_err()
    {
        let d = Diagnostic::at(
            RuleId::Schema,
            file,
            tz.span(),
            "kmi",
            format!(
                "`timezone` is `{}`, which is not an IANA time zone like Europe/Amsterdam",
                tz.get_ref()
            ),
        )
        .nl(format!(
            "`timezone` is `{}`, maar dat is geen IANA-tijdzone zoals Europe/Amsterdam",
            tz.get_ref()
        ));
        out.push(did_you_mean_hint(
            d,
            tz.get_ref(),
            ["Europe/Amsterdam", "Europe/Brussels", "UTC"],
        ));
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// `openat2` and the part-by-part walk agree: a file is read, a link at
    /// the end or on the way is refused as a link, a missing file or a file
    /// on the way is not found.
    #[test]
    fn both_ways_of_opening_beneath_the_root_agree() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("people")).unwrap();
        std::fs::write(root.join("people/a.toml"), "name = \"A\"\n").unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("b.toml"), "secret").unwrap();
        std::os::unix::fs::symlink(outside.path().join("b.toml"), root.join("people/b.toml"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("institutions")).unwrap();
        let reader = FsReader::new(root).unwrap();
        let open = |rel: &str| {
            let a = open_beneath(&reader.root, rel).map(|_| ());
            let b = open_part_by_part(&reader.root, rel).map(|_| ());
            assert_eq!(a, b, "{rel}");
            a
        };
        assert_eq!(open("people/a.toml"), Ok(()));
        assert_eq!(open("people/b.toml"), Err(LINK.to_owned()));
        assert_eq!(open("institutions/b.toml"), Err(LINK.to_owned()));
        assert_eq!(open("people/a.toml/x"), Err("file not found".to_owned()));
        assert!(open("people/c.toml").is_err());
        assert_eq!(
            reader.read("people/a.toml").unwrap(),
            b"name = \"A\"\n".to_vec()
        );
    }
}

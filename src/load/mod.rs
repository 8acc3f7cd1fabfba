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
use crate::model::{Audit, Config, Decision, Institution, Person, Progress};
use crate::scheme::{self, Scheme, SchemeFile};
use crate::source::SourceFile;
use layout::{Layout, Planned};

/// Files larger than this are not read (rule `io`): no record is this large.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

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
    start
        .ancestors()
        .find(|d| d.join("kmi.toml").is_file())
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
    let canonical_root = root.canonicalize().map_err(|source| LoadError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let reader = FsReader {
        root: canonical_root.clone(),
    };

    let Layout {
        planned,
        diags: mut early,
    } = walk(&canonical_root);
    Ok(assemble(root.to_path_buf(), &reader, planned, &mut early))
}

/// Load a dossier through any [`Reader`], given what its walk found (`kmi
/// --rev` reads a git tree this way, with the walk and the reader of
/// [`crate::git`]). `root` is where the dossier is on disk, for messages.
pub fn load_with(root: PathBuf, reader: &dyn Reader, layout: Layout) -> Dossier {
    let Layout {
        planned,
        diags: mut early,
    } = layout;
    assemble(root, reader, planned, &mut early)
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

/// Reads the files of a dossier on disk; symbolic links leading out of the
/// dossier are not followed.
pub struct FsReader {
    root: PathBuf,
}

impl FsReader {
    /// A reader of the dossier at `root`.
    pub fn new(root: &Path) -> std::io::Result<FsReader> {
        Ok(FsReader {
            root: root.canonicalize()?,
        })
    }
}

impl Reader for FsReader {
    fn read(&self, rel: &str) -> Result<Vec<u8>, String> {
        let path = self.root.join(rel);
        // Nearly every record file is a plain file: open it in one system
        // call that refuses a symbolic link. Anything else (a link, a missing
        // or unreadable file) takes the careful way, which says what is wrong.
        let file = match open_no_follow(&path) {
            Some(file) => file,
            None => self.open_checked(path)?,
        };
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

impl FsReader {
    /// Open `path`, following a symbolic link only when it stays inside the dossier.
    fn open_checked(&self, path: PathBuf) -> Result<std::fs::File, String> {
        let meta = std::fs::symlink_metadata(&path).map_err(|e| io_message(&e))?;
        let path = if meta.file_type().is_symlink() {
            let target = path
                .canonicalize()
                .map_err(|e| format!("broken symbolic link: {}", io_message(&e)))?;
            if !target.starts_with(&self.root) {
                return Err("symbolic link leads outside the dossier; not followed".to_owned());
            }
            target
        } else {
            path
        };
        let meta = std::fs::metadata(&path).map_err(|e| io_message(&e))?;
        if !meta.is_file() && !meta.is_dir() {
            return Err(NOT_A_FILE.to_owned());
        }
        std::fs::File::open(&path).map_err(|e| io_message(&e))
    }
}

/// `path` opened for reading unless it is a symbolic link (or cannot be opened).
#[cfg(unix)]
fn open_no_follow(path: &Path) -> Option<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        // O_NONBLOCK: opening a named pipe must not wait for a writer.
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .ok()
}

#[cfg(not(unix))]
fn open_no_follow(_: &Path) -> Option<std::fs::File> {
    None
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "file not found".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Walk `people/` and `institutions/` of the file system: the record files
/// to load, and the diagnostics about what is in the wrong place.
fn walk(root: &Path) -> Layout {
    let mut layout = Layout::default();
    let exists = |rel: &str| root.join(rel).exists();
    for top in layout::TOPS {
        let dir = root.join(top);
        if !dir.is_dir() {
            continue;
        }
        if top == "people" {
            visit_entries(root, top, walker(&dir, 1), &mut layout, &exists);
            continue;
        }
        // The institutions are independent: list them, then walk each one's
        // records in parallel (the walk is a tenth of a check on 1,000
        // institutions). The listing is sorted and each part is walked in
        // order, so the result is that of one walk from the top.
        let listing: Vec<walkdir::Result<walkdir::DirEntry>> =
            walker(&dir, 1).into_iter().collect();
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
        }
    }
    layout
}

/// A sorted walk of `dir`, `depth` levels down, never following a link.
fn walker(dir: &Path, depth: usize) -> walkdir::WalkDir {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(depth)
        .sort_by_file_name()
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
                layout
                    .diags
                    .push(file_diag("io", &rel, None, format!("cannot read: {e}")));
                continue;
            }
        };
        let Ok(rel_path) = entry.path().strip_prefix(root) else {
            continue;
        };
        layout.visit(&rel_string(rel_path), entry.file_type().is_dir(), exists);
    }
}

fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A diagnostic about a whole file (line 1, column 1).
fn file_diag(
    rule: &'static str,
    rel: &str,
    institution: Option<String>,
    message: String,
) -> Diagnostic {
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
    let mut files = Vec::new();
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

    let loaded: Vec<Loaded> = planned
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
        .collect();

    let mut people = BTreeMap::new();
    let mut institutions: BTreeMap<String, InstitutionFiles> = BTreeMap::new();
    for (p, l) in planned.into_iter().zip(loaded) {
        let file = files.len();
        files.push(l.source);
        load_diagnostics.extend(l.diagnostics);
        let inst = p.institution.clone().map(|i| {
            institutions
                .entry(i.clone())
                .or_insert_with(|| InstitutionFiles {
                    id: i,
                    ..Default::default()
                })
        });
        let Some(record) = l.record else { continue };
        let id = p.id;
        match (record, inst) {
            (AnyRecord::Person(data), _) => {
                people.insert(id.clone(), Record { id, file, data });
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

    let dossier = Dossier {
        root,
        files,
        config,
        scheme,
        people,
        institutions,
        load_diagnostics,
    };
    let mut extra = check_config(&dossier);
    let mut dossier = dossier;
    dossier.load_diagnostics.append(&mut extra);
    dossier
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
            let d = Diagnostic::at("io", &source, 0..0, subject, message);
            return (source, None, vec![d]);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // Offsets into the lossy text match the original up to the first bad byte.
            let source = SourceFile::new(rel.to_owned(), institution, text);
            let d = Diagnostic::at(
                "parse",
                &source,
                at..at + 1,
                subject,
                "file is not UTF-8 text".to_owned(),
            )
            .with_hint("save the file as UTF-8; record files are TOML text");
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
                let span = e.span().unwrap_or(0..0);
                Diagnostic::at("parse", source, span, subject, toml_message(e.message()))
            })
            .collect();
        return (None, diags);
    }
    let doc = Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
    let issues = SCHEMAS[&kind].validate(&doc);
    if !issues.is_empty() {
        let diags = issues
            .into_iter()
            .map(|i| {
                let (en, nl) = i.message;
                let d = Diagnostic::at("schema", source, i.span, subject, en).nl(nl);
                match i.hint {
                    Some((en, nl)) => d.hints(en, nl),
                    None => d,
                }
            })
            .collect();
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
        Ok(r) => (Some(r), Vec::new()),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let d = Diagnostic::at("schema", source, span, subject, toml_message(e.message()));
            (None, vec![d])
        }
    }
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
        let d = Diagnostic::at(
            "schema",
            &files[config_file],
            name.span(),
            "kmi",
            format!(
                "`scheme` is `{}`: neither a built-in scheme ({}) nor a .toml file inside the dossier",
                name.get_ref(),
                scheme::BUILTIN_NAMES.join(", ")
            ),
        );
        diags.push(d);
        return Scheme::jbjr();
    }
    let (source, record, d) = load_one::<SchemeFile>(reader, &rel, Kind::Scheme, None);
    diags.extend(d);
    let file_id = files.len();
    files.push(source);
    let Some(file) = record else {
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
                let hint = did_you_mean(ext.get_ref(), scheme::BUILTIN_NAMES.iter().copied())
                    .map(|m| format!("did you mean `{m}`?"));
                let mut d = Diagnostic::at(
                    "unknown-reference",
                    &files[file_id],
                    ext.span(),
                    "scheme",
                    format!(
                        "`extends` names `{}`, which is not a built-in scheme ({})",
                        ext.get_ref(),
                        scheme::BUILTIN_NAMES.join(", ")
                    ),
                );
                d.hint = hint;
                diags.push(d);
                Some(Scheme::jbjr())
            }
        },
    };
    let scheme = match Scheme::resolve(base.as_ref(), &file) {
        Ok(s) => s,
        Err(missing) => {
            diags.push(Diagnostic::at(
                "schema",
                &files[file_id],
                0..0,
                "scheme",
                format!("the scheme leaves clocks undefined: {} (add them to [clocks] or use `extends = \"jbjr\"`)", missing.join(", ")),
            ));
            return Scheme::jbjr();
        }
    };
    let categories: Vec<&str> = scheme.categories.iter().map(|c| c.id.as_str()).collect();
    for n in &file.norm {
        let cat = &n.get_ref().category;
        if !categories.contains(&cat.get_ref().as_str()) {
            let mut d = Diagnostic::at(
                "unknown-reference",
                &files[file_id],
                cat.span(),
                format!("norm {}", n.get_ref().id),
                format!(
                    "norm {} names category `{}`, which the scheme does not have ({})",
                    n.get_ref().id,
                    cat.get_ref(),
                    categories.join(", ")
                ),
            );
            d.hint = did_you_mean(cat.get_ref(), categories.iter().copied())
                .map(|m| format!("did you mean `{m}`?"));
            diags.push(d);
        }
    }
    scheme
}

/// The time zone of kmi.toml must exist. (The rule ids of `[rules]` are
/// checked where the rules live: [`crate::rules::check_config`].)
fn check_config(dossier: &Dossier) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(config) = &dossier.config else {
        return out;
    };
    let file = dossier.file(config.file);
    if let Some(tz) = &config.data.dossier.timezone
        && tz.get_ref().parse::<chrono_tz::Tz>().is_err()
    {
        out.push(Diagnostic::at(
            "schema",
            file,
            tz.span(),
            "kmi",
            format!(
                "`timezone` is `{}`, which is not an IANA time zone like Europe/Amsterdam",
                tz.get_ref()
            ),
        ));
    }
    out
}

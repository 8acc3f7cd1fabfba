//! Writing records: atomically, never over a file that exists, never through
//! a symbolic link, and one writer at a time.
//!
//! Every file `kmi init` and `kmi new` write goes to a temporary file in the
//! same directory first and is then moved into place in one step, so a
//! crash, a full disk or a second `kmi` at the same moment never leaves half
//! a record behind. A new record is moved with `persist_noclobber`: if the
//! file appeared in the meantime, it is left alone and kmi says so.
//!
//! A record kmi edits (an audit that gets a new finding; the files a future
//! `kmi import` changes) is read, edited and moved into place under
//! [`DossierLock`], an exclusive lock on the dossier: two writers at the same
//! moment take turns, and neither loses the other's change. [`edit`] does
//! all of it.
//!
//! Temporary files are named `.kmi-<random>.tmp` ([`TEMP_PATTERN`]): the
//! `.gitignore` of `kmi init` excludes them, `kmi check` warns about one
//! left behind, and on Ctrl-C, SIGTERM or SIGHUP the one being written is
//! removed before kmi stops (`kill -9` cannot be caught).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::source::MAX_FILE_SIZE;

/// The names of kmi's temporary files, as a `.gitignore` pattern.
pub const TEMP_PATTERN: &str = ".kmi-*.tmp";
const TEMP_PREFIX: &str = ".kmi-";
const TEMP_SUFFIX: &str = ".tmp";

/// Whether `name` is the name of one of kmi's temporary files.
pub fn is_temp_name(name: &str) -> bool {
    name.len() > TEMP_PREFIX.len() + TEMP_SUFFIX.len()
        && name.starts_with(TEMP_PREFIX)
        && name.ends_with(TEMP_SUFFIX)
}

/// Why a record was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} exists already; kmi never overwrites a record", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} is {size} bytes, over the limit of {MAX_FILE_SIZE} bytes for a record; kmi does not edit it",
        .path.display()
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error(
        "{} is a symbolic link; kmi writes no record through a link (it might lead out of the dossier)",
        .0.display()
    )]
    Link(PathBuf),
    #[error("{} is not a regular file; kmi edits only record files", .0.display())]
    NotAFile(PathBuf),
    #[error("cannot lock the dossier {} for writing: {source}", .path.display())]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// An exclusive lock on a dossier for writing, held until dropped. Every
/// writer that edits an existing file holds it from before the read until
/// after the rename; a second writer waits for it (and says so).
///
/// On Unix the lock is taken on the dossier directory itself (`flock`), so
/// no lock file is left in the dossier; elsewhere on `.kmi-lock.tmp` in the
/// root, which the `.gitignore` of `kmi init` excludes.
pub struct DossierLock {
    _file: std::fs::File,
}

impl DossierLock {
    /// Lock the dossier at `root`, waiting while another writer holds it.
    pub fn acquire(root: &Path) -> Result<DossierLock, WriteError> {
        let lock_err = |source| WriteError::Lock {
            path: root.to_path_buf(),
            source,
        };
        #[cfg(unix)]
        let file = std::fs::File::open(root).map_err(lock_err)?;
        #[cfg(not(unix))]
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(root.join(".kmi-lock.tmp"))
            .map_err(lock_err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                eprintln!("waiting for another kmi writing to this dossier…");
                file.lock().map_err(lock_err)?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(lock_err(e)),
        }
        Ok(DossierLock { _file: file })
    }
}

/// Edit the existing record `rel` of the dossier at `root`: under
/// [`DossierLock`], read it (refusing a link, a non-file and a file over the
/// size limit the loader also refuses), pass its text to `change`, and
/// replace the file with the text `change` returns, in one step. Whatever
/// else `change` returns is handed back.
pub fn edit<T, E: From<WriteError>>(
    root: &Path,
    rel: &str,
    change: impl FnOnce(&str) -> Result<(String, T), E>,
) -> Result<T, E> {
    let _lock = DossierLock::acquire(root)?;
    refuse_links(root, rel)?;
    let path = root.join(rel);
    let text = read_record(&path)?;
    let (edited, out) = change(&text)?;
    replace(&path, edited.as_bytes())?;
    Ok(out)
}

/// Edit several existing records of the dossier at `root` as one change
/// (`kmi import`): under one [`DossierLock`], read every file of `rels`,
/// pass their texts (by path) to `change`, and write the texts it returns
/// for the files that differ. Every temporary file is written and synced
/// before the first rename; should a rename fail half way, the files
/// already replaced get their original bytes back, so the dossier is left
/// as it was. Whatever else `change` returns is handed back. (The signal
/// handler knows one temporary file at a time: on Ctrl-C while several
/// exist, some may be left behind, and `kmi check` names them.)
pub fn edit_many<T, E: From<WriteError>>(
    root: &Path,
    rels: &[String],
    change: impl FnOnce(&BTreeMap<String, String>) -> Result<(BTreeMap<String, String>, T), E>,
) -> Result<T, E> {
    edit_many_failing(root, rels, change, None)
}

/// [`edit_many`], failing on purpose before the rename of the `fail_at`-th
/// file (from 0), to test the way back.
fn edit_many_failing<T, E: From<WriteError>>(
    root: &Path,
    rels: &[String],
    change: impl FnOnce(&BTreeMap<String, String>) -> Result<(BTreeMap<String, String>, T), E>,
    fail_at: Option<usize>,
) -> Result<T, E> {
    let _lock = DossierLock::acquire(root)?;
    let mut originals = BTreeMap::new();
    for rel in rels {
        refuse_links(root, rel)?;
        originals.insert(rel.clone(), read_record(&root.join(rel))?);
    }
    let (edited, out) = change(&originals)?;
    let mut temps = Vec::new();
    for (rel, text) in &edited {
        let Some(original) = originals.get(rel) else {
            continue;
        };
        if original == text {
            continue;
        }
        // Only the files read under the lock are written.
        let path = root.join(rel);
        temps.push((rel, path.clone(), write_temp(&path, text.as_bytes())?));
    }
    let mut done: Vec<(&String, PathBuf)> = Vec::new();
    for (i, (rel, path, temp)) in temps.into_iter().enumerate() {
        let renamed = if fail_at == Some(i) {
            Err(io(
                &path,
                std::io::Error::other("failing on purpose (test)"),
            ))
        } else {
            temp.file
                .persist(&path)
                .map(|_| ())
                .map_err(|e| io(&path, e.error))
        };
        if let Err(e) = renamed {
            for (rel, path) in done.iter().rev() {
                // Best effort: this is the way back from a failure already.
                let _ = replace(path, originals[*rel].as_bytes());
            }
            return Err(e.into());
        }
        done.push((rel, path));
    }
    Ok(out)
}

/// The text of the record file `path`, which must be a regular file (not a
/// link) within the size limit.
fn read_record(path: &Path) -> Result<String, WriteError> {
    let read_err = |source| WriteError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::symlink_metadata(path).map_err(read_err)?;
    if meta.file_type().is_symlink() {
        return Err(WriteError::Link(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(WriteError::NotAFile(path.to_path_buf()));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(WriteError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(read_err)?
        .take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(WriteError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
        });
    }
    String::from_utf8(bytes).map_err(|_| {
        read_err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not UTF-8 text; `kmi check` shows where",
        ))
    })
}

/// Refuse when any part of `rel` below `root` that exists is a symbolic
/// link: a writer never writes or reads through one (the dossier root
/// itself may be reached through links).
pub fn refuse_links(root: &Path, rel: &str) -> Result<(), WriteError> {
    let mut path = root.to_path_buf();
    for part in Path::new(rel).components() {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err(WriteError::Link(path)),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => return Err(WriteError::Read { path, source }),
        }
    }
    Ok(())
}

/// Write `bytes` to the new file `rel` of the dossier at `root` (its
/// directory is created), never through a symbolic link; fails with
/// [`WriteError::Exists`] when the file exists, even if it appears while kmi
/// writes.
pub fn create_new_in(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
    refuse_links(root, rel)?;
    create_new(&root.join(rel), bytes)
}

impl WriteError {
    /// The message in Dutch.
    pub fn nl(&self) -> String {
        match self {
            WriteError::Exists(p) => format!(
                "{} bestaat al; kmi overschrijft nooit een record",
                p.display()
            ),
            WriteError::Io { path, source } => {
                format!("kan {} niet schrijven: {source}", path.display())
            }
            WriteError::Read { path, source } => {
                format!("kan {} niet lezen: {source}", path.display())
            }
            WriteError::TooLarge { path, size } => format!(
                "{} is {size} bytes, boven de grens van {MAX_FILE_SIZE} bytes voor een record; kmi bewerkt het niet",
                path.display()
            ),
            WriteError::Link(p) => format!(
                "{} is een symbolische link; kmi schrijft geen record via een link (die kan buiten het dossier leiden)",
                p.display()
            ),
            WriteError::NotAFile(p) => format!(
                "{} is geen gewoon bestand; kmi bewerkt alleen recordbestanden",
                p.display()
            ),
            WriteError::Lock { path, source } => {
                format!(
                    "kan het dossier {} niet vergrendelen om te schrijven: {source}",
                    path.display()
                )
            }
        }
    }
}

/// Write `bytes` to the new file `path` (its directory is created); fails
/// with [`WriteError::Exists`] when `path` exists, even if it appears while
/// kmi writes.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if path.symlink_metadata().is_ok() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let temp = write_temp(path, bytes)?;
    temp.file.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists(path.to_path_buf())
        } else {
            io(path, e.error)
        }
    })?;
    Ok(())
}

/// Replace the existing file `path` with `bytes` in one step (for a record
/// kmi edits, such as an audit that gets a new finding; hold a
/// [`DossierLock`] from before reading it, or use [`edit`]).
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let temp = write_temp(path, bytes)?;
    temp.file.persist(path).map_err(|e| io(path, e.error))?;
    Ok(())
}

/// A temporary file being written, removed on a signal until dropped.
struct Temp {
    file: tempfile::NamedTempFile,
    _guard: signals::Guard,
}

fn write_temp(path: &Path, bytes: &[u8]) -> Result<Temp, WriteError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    // No signal between creating the file and registering it for removal.
    let blocked = signals::Blocked::new();
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // A record is an ordinary file of the repository: 0666 less the umask
    // (0644 as a rule), as an editor would make it; tempfile's own 0600
    // would make every record private to its author.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(dir).map_err(|e| io(dir, e))?;
    let guard = signals::Guard::new(temp.path());
    drop(blocked);
    temp.write_all(bytes).map_err(|e| io(path, e))?;
    temp.as_file().sync_all().map_err(|e| io(path, e))?;
    Ok(Temp {
        file: temp,
        _guard: guard,
    })
}

fn io(path: &Path, source: std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Removing the temporary file being written when kmi is stopped by SIGINT
/// (Ctrl-C), SIGTERM or SIGHUP: the handler unlinks it (async-signal-safe)
/// and then stops kmi with the signal's default action. kmi writes one
/// temporary file at a time.
#[cfg(unix)]
mod signals {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::sync::Once;
    use std::sync::atomic::{AtomicPtr, Ordering};

    static TEMP: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
    static INSTALL: Once = Once::new();
    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    extern "C" fn on_signal(sig: libc::c_int) {
        let path = TEMP.swap(std::ptr::null_mut(), Ordering::SeqCst);
        // SAFETY: unlink, signal and raise are async-signal-safe; `path` is
        // a NUL-terminated string that no one frees any more (swapped out).
        unsafe {
            if !path.is_null() {
                libc::unlink(path);
            }
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }

    fn install() {
        INSTALL.call_once(|| {
            for sig in SIGNALS {
                // SAFETY: installs a handler that only calls
                // async-signal-safe functions.
                unsafe {
                    libc::signal(sig, on_signal as *const () as libc::sighandler_t);
                }
            }
        });
    }

    /// While alive, the signals are held back (this thread); dropped, one
    /// that came meanwhile is delivered.
    pub struct Blocked(libc::sigset_t);

    impl Blocked {
        pub fn new() -> Blocked {
            install();
            // SAFETY: sigset_t is plain data, filled by sigemptyset and
            // sigaddset; pthread_sigmask stores the old mask in `old`.
            unsafe {
                let mut set = std::mem::zeroed::<libc::sigset_t>();
                let mut old = std::mem::zeroed::<libc::sigset_t>();
                libc::sigemptyset(&mut set);
                for sig in SIGNALS {
                    libc::sigaddset(&mut set, sig);
                }
                libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
                Blocked(old)
            }
        }
    }

    impl Drop for Blocked {
        fn drop(&mut self) {
            // SAFETY: restores the mask saved by `new`.
            unsafe {
                libc::pthread_sigmask(libc::SIG_SETMASK, &self.0, std::ptr::null_mut());
            }
        }
    }

    /// While alive, a signal removes the temporary file at the path given.
    pub struct Guard;

    impl Guard {
        pub fn new(path: &Path) -> Guard {
            install();
            if let Ok(c) = CString::new(path.as_os_str().as_bytes()) {
                free(TEMP.swap(c.into_raw(), Ordering::SeqCst));
            }
            Guard
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            free(TEMP.swap(std::ptr::null_mut(), Ordering::SeqCst));
        }
    }

    fn free(p: *mut libc::c_char) {
        if !p.is_null() {
            // SAFETY: every pointer stored in TEMP came from CString::into_raw
            // and is freed once, by whoever swapped it out.
            drop(unsafe { CString::from_raw(p) });
        }
    }
}

#[cfg(not(unix))]
mod signals {
    pub struct Blocked;
    impl Blocked {
        pub fn new() -> Blocked {
            Blocked
        }
    }
    pub struct Guard;
    impl Guard {
        pub fn new(_: &std::path::Path) -> Guard {
            Guard
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("people/a.toml");
        create_new(&path, b"one").unwrap();
        assert!(matches!(
            create_new(&path, b"two"),
            Err(WriteError::Exists(_))
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        replace(&path, b"three").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("people"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.toml"]);
    }

    #[test]
    fn temporary_file_names() {
        assert!(is_temp_name(".kmi-Ab12cd.tmp"));
        assert!(!is_temp_name(".kmi-.tmp"));
        assert!(!is_temp_name("kmi-a.tmp"));
        assert!(!is_temp_name(".kmi-a.toml"));
    }

    #[test]
    fn edits_under_the_lock_from_many_threads_are_all_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("n.toml"), "").unwrap();
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    edit::<_, WriteError>(dir.path(), "n.toml", |t| Ok((format!("{t}x"), ())))
                        .unwrap()
                });
            }
        });
        assert_eq!(
            std::fs::read_to_string(dir.path().join("n.toml")).unwrap(),
            "xxxxxxxx"
        );
    }

    #[test]
    fn a_failure_half_way_leaves_every_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let rels: Vec<String> = ["a.toml", "b.toml", "c.toml"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for r in &rels {
            std::fs::write(dir.path().join(r), format!("{r} before\n")).unwrap();
        }
        let change = |texts: &BTreeMap<String, String>| {
            let edited = texts
                .iter()
                .map(|(r, t)| (r.clone(), t.replace("before", "after")))
                .collect();
            Ok::<_, WriteError>((edited, ()))
        };
        // The third rename fails: the first two files are put back.
        let failed = edit_many_failing(dir.path(), &rels, change, Some(2));
        assert!(failed.is_err());
        for r in &rels {
            assert_eq!(
                std::fs::read_to_string(dir.path().join(r)).unwrap(),
                format!("{r} before\n")
            );
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| is_temp_name(n))
            .collect();
        assert!(names.is_empty(), "temporary files left: {names:?}");
        // Without the failure every file is written.
        edit_many(dir.path(), &rels, change).unwrap();
        for r in &rels {
            assert_eq!(
                std::fs::read_to_string(dir.path().join(r)).unwrap(),
                format!("{r} after\n")
            );
        }
    }

    #[test]
    fn a_file_that_cannot_be_read_stops_the_edit_before_any_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "a").unwrap();
        let rels = vec!["a.toml".to_owned(), "gone.toml".to_owned()];
        let r = edit_many::<(), WriteError>(dir.path(), &rels, |texts| {
            Ok((
                texts.keys().map(|r| (r.clone(), "x".to_owned())).collect(),
                (),
            ))
        });
        assert!(matches!(r, Err(WriteError::Read { .. })));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.toml")).unwrap(),
            "a"
        );
    }

    #[cfg(unix)]
    #[test]
    fn records_get_the_ordinary_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        create_new(&path, b"one").unwrap();
        // What a plain file gets under this process's umask.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain));
        replace(&path, b"two").unwrap();
        assert_eq!(mode(&path), mode(&plain));
    }
}

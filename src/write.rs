//! Writing records: atomically, and never over a file that exists.
//!
//! Every file `kmi init` and `kmi new` write goes to a temporary file in the
//! same directory first and is then moved into place in one step, so a
//! crash, a full disk or a second `kmi` at the same moment never leaves half
//! a record behind. A new record is moved with `persist_noclobber`: if the
//! file appeared in the meantime, it is left alone and kmi says so.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    temp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists(path.to_path_buf())
        } else {
            io(path, e.error)
        }
    })?;
    Ok(())
}

/// Replace the existing file `path` with `bytes` in one step (for a record
/// kmi edits, such as an audit that gets a new finding).
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let temp = write_temp(path, bytes)?;
    temp.persist(path).map_err(|e| io(path, e.error))?;
    Ok(())
}

fn write_temp(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, WriteError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kmi-").suffix(".tmp");
    // A record is an ordinary file of the repository: 0666 less the umask
    // (0644 as a rule), as an editor would make it; tempfile's own 0600
    // would make every record private to its author.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(dir).map_err(|e| io(dir, e))?;
    temp.write_all(bytes).map_err(|e| io(path, e))?;
    temp.as_file().sync_all().map_err(|e| io(path, e))?;
    Ok(temp)
}

fn io(path: &Path, source: std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        source,
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

//! What every integration test needs: the built `kmi` run in a clean
//! environment, the repository's paths, and small dossiers written to a
//! temporary directory.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One run of the built binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr, for tests that destructure them.
    pub fn parts(self) -> (i32, String, String) {
        (self.code, self.stdout, self.stderr)
    }
}

/// The repository's root (where Cargo.toml is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled example dossier.
pub fn example() -> PathBuf {
    repo().join("examples/dossier")
}

/// The example dossier's path as a string, for argument lists.
pub fn example_str() -> String {
    example().to_str().expect("a UTF-8 path").to_owned()
}

/// Runs `kmi` in `dir` with `args` and extra environment variables. The
/// environment is made neutral first: no `KMI_FORMAT`, `KMI_LANG` or
/// `COLUMNS` from the developer's shell, no colour, and git does not look
/// for a repository above the temporary directory.
pub fn kmi_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kmi"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("KMI_FORMAT")
        .env_remove("KMI_LANG")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("kmi runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `kmi` in `dir`.
pub fn kmi_in(dir: &Path, args: &[&str]) -> Run {
    kmi_env(dir, args, &[])
}

/// Runs `kmi` in the repository's root.
pub fn kmi(args: &[&str]) -> Run {
    kmi_in(&repo(), args)
}

/// Writes `files` (path relative to `root`, contents) under `root`,
/// making the folders they need.
pub fn write_files(root: &Path, files: &[(&str, &[u8])]) {
    for (rel, bytes) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
}

/// A dossier in a temporary directory: a minimal `kmi.toml`, then `files`
/// (which may replace it).
pub fn dossier(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write_files(dir.path(), &[("kmi.toml", b"[dossier]\nname = \"test\"\n")]);
    write_files(dir.path(), files);
    dir
}

/// [`dossier`] of text files.
pub fn text_dossier(files: &[(&str, &str)]) -> tempfile::TempDir {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(r, t)| (*r, t.as_bytes())).collect();
    dossier(&files)
}

/// A copy of the folder `from` in a temporary directory.
pub fn copy_dir(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let to = dir
            .path()
            .join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    dir
}

/// `kmi check --format json` on `dossier` as of `as_of`: the exit code and
/// the parsed report.
pub fn check_json(dossier: &Path, as_of: &str) -> (i32, serde_json::Value) {
    let dir = dossier.to_str().expect("a UTF-8 path");
    let run = kmi(&[
        "--dossier",
        dir,
        "--as-of",
        as_of,
        "--format",
        "json",
        "check",
    ]);
    let v = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("JSON output ({e}): {}\n{}", run.stdout, run.stderr));
    (run.code, v)
}

//! Renderers: one per output format, over the same diagnostics.
//!
//! `human` and `json` name files relative to the dossier root (the JSON
//! contract). The CI formats (`sarif`, `github`, `junit`, `gitlab`) name them
//! as the CI checkout sees them: see [`Report::path`].

pub mod consistency;
pub mod deadlines;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod register;
pub mod sarif;
pub mod trace;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Severity};
use crate::dossier::Dossier;
use crate::source::SourceFile;

/// The width tables may take: `COLUMNS` when set, else the terminal's
/// width when stdout is one, else `default` (piped output and tests do not
/// depend on a terminal). Never under 40: narrower, columns wrap word by word.
pub fn table_width(default: u16) -> u16 {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&w| w > 0);
    let width = from_env.or_else(|| {
        terminal_size::terminal_size_of(std::io::stdout())
            .map(|(terminal_size::Width(w), _)| w)
            .filter(|&w| w > 0)
    });
    width.unwrap_or(default).max(40)
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic], files: usize) -> Summary {
        Summary {
            errors: diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            warnings: diags
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            files,
        }
    }
}

/// One run of `kmi check`, as the CI renderers see it.
pub struct Report<'a> {
    pub dossier: &'a Dossier,
    /// Sorted (see [`Diagnostic::sort_key`]).
    pub diags: &'a [Diagnostic],
    /// The dossier root as seen from the working directory, with a trailing
    /// `/`, or empty: see [`base_path`].
    pub base: String,
    /// The files read as text, by path.
    sources: HashMap<&'a str, &'a SourceFile>,
}

impl<'a> Report<'a> {
    pub fn new(dossier: &'a Dossier, diags: &'a [Diagnostic], base: String) -> Report<'a> {
        Report {
            dossier,
            diags,
            base,
            sources: dossier
                .files
                .iter()
                .filter(|f| !f.text.is_empty())
                .map(|f| (f.path.as_str(), f))
                .collect(),
        }
    }

    /// A dossier-relative path as the CI checkout names it: CI systems
    /// resolve annotation paths against the directory the job runs in.
    pub fn path(&self, file: &str) -> String {
        format!("{}{file}", self.base)
    }

    /// Every file the report speaks of, sorted: the files read, and the
    /// places a diagnostic names that could not be read (a missing
    /// `institution.toml`, a directory where a file belongs).
    pub fn files(&self) -> Vec<&'a str> {
        let files: BTreeSet<&'a str> = self
            .dossier
            .files
            .iter()
            .map(|f| f.path.as_str())
            .chain(self.diags.iter().map(|d| d.file.as_str()))
            .collect();
        files.into_iter().collect()
    }

    /// The diagnostics of each file, in order.
    pub fn by_file(&self) -> BTreeMap<&'a str, Vec<&'a Diagnostic>> {
        let mut map: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
        for d in self.diags {
            map.entry(d.file.as_str()).or_default().push(d);
        }
        map
    }

    /// The file a diagnostic is in, when it was read as text.
    fn source(&self, file: &str) -> Option<&'a SourceFile> {
        self.sources.get(file).copied()
    }

    /// The 1-based line and column just past the diagnostic's span, when it
    /// spans something: for regions that show the whole key or table.
    pub fn end(&self, d: &Diagnostic) -> Option<(usize, usize)> {
        let source = self.source(&d.file)?;
        if d.span.end <= d.span.start || source.line_col(d.span.start) != (d.line, d.column) {
            return None;
        }
        Some(source.line_col(d.span.end))
    }

    /// A stable fingerprint per diagnostic, in the order of `diags`.
    pub fn fingerprints(&self) -> Vec<String> {
        fingerprints(self.diags)
    }
}

/// The dossier root relative to the working directory, as a `/`-separated
/// prefix with a trailing `/`; empty when kmi runs in the root or the root
/// lies outside the working directory. Both paths should be canonical.
/// What to put before a dossier-relative path in human output so that it
/// is relative to the working directory `cwd` — clickable in a terminal
/// when `--dossier` points elsewhere: `examples/dossier/` below it, `../`
/// above it, else the root's absolute path. Empty when the dossier is the
/// working directory.
pub fn display_base(root: &Path, cwd: &Path) -> String {
    let (Ok(root), Ok(cwd)) = (root.canonicalize(), cwd.canonicalize()) else {
        return String::new();
    };
    if root.starts_with(&cwd) {
        return base_path(&root, &cwd);
    }
    if let Ok(up) = cwd.strip_prefix(&root) {
        return "../".repeat(up.components().count());
    }
    match root.to_str() {
        Some(r) => format!("{}/", r.trim_end_matches('/')),
        None => String::new(),
    }
}

pub fn base_path(root: &Path, cwd: &Path) -> String {
    let Ok(rel) = root.strip_prefix(cwd) else {
        return String::new();
    };
    let mut base = String::new();
    for part in rel.components() {
        let std::path::Component::Normal(part) = part else {
            return String::new();
        };
        let Some(part) = part.to_str() else {
            return String::new();
        };
        base.push_str(part);
        base.push('/');
    }
    base
}

/// Fingerprints that follow a problem through edits elsewhere in its file:
/// a SHA-256 of the rule, the dossier-relative file, the subject and the
/// message — not of line numbers, nor of where the dossier lies. Equal
/// diagnostics in one file are told apart by their order.
pub fn fingerprints(diags: &[Diagnostic]) -> Vec<String> {
    let mut seen: BTreeMap<[&str; 4], usize> = BTreeMap::new();
    diags
        .iter()
        .map(|d| {
            let key = [
                d.rule,
                d.file.as_str(),
                d.subject.as_str(),
                d.message.as_str(),
            ];
            let n = seen.entry(key).or_default();
            let mut hasher = Sha256::new();
            for part in key {
                hasher.update(part.as_bytes());
                hasher.update([0]);
            }
            if *n > 0 {
                hasher.update(n.to_string().as_bytes());
            }
            *n += 1;
            hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        })
        .collect()
}

/// The message with its hint on a line of its own, for formats that show
/// both to a person.
pub fn message_with_hint(d: &Diagnostic) -> String {
    match &d.hint {
        Some(h) => format!("{}\nhelp: {h}", d.message),
        None => d.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_root_below_the_working_directory() {
        let p = Path::new;
        assert_eq!(
            base_path(p("/repo/examples/dossier"), p("/repo")),
            "examples/dossier/"
        );
        assert_eq!(base_path(p("/repo"), p("/repo")), "");
        assert_eq!(base_path(p("/repo"), p("/repo/people")), "");
        assert_eq!(base_path(p("/elsewhere/d"), p("/repo")), "");
    }

    fn diag(line: usize, message: &str) -> Diagnostic {
        let file = SourceFile::new("people/a.toml".into(), None, "a\nb\nc\n".into());
        let start = file.line_range(line).start;
        Diagnostic::at("vog", &file, start..start + 1, "a", message)
    }

    #[test]
    fn fingerprints_ignore_lines_and_tell_equal_problems_apart() {
        let a = fingerprints(&[diag(1, "m")]);
        let b = fingerprints(&[diag(2, "m")]);
        assert_eq!(a, b);
        assert_eq!(a[0].len(), 64);
        let c = fingerprints(&[diag(1, "m"), diag(2, "m"), diag(3, "n")]);
        assert_eq!(c[0], a[0]);
        assert_ne!(c[0], c[1]);
        assert_ne!(c[1], c[2]);
    }
}

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
        Diagnostic::at(
            crate::ids::RuleId::Vog,
            &file,
            start..start + 1,
            "a",
            message,
        )
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

/// Whether `c` must not leave kmi as it is: a control character (C0 but the
/// tab, DEL, C1 such as U+009B, the terminal's CSI) or a bidirectional
/// override or isolate (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C), which make a terminal or a review page show other text than is
/// there. `keep_newline` keeps `\n` (for text printed as several lines).
fn unsafe_char(c: char, keep_newline: bool) -> bool {
    match c {
        '\t' => false,
        '\n' => !keep_newline,
        c if c.is_control() => true,
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

fn escape_with(s: &str, keep_newline: bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c, keep_newline)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' if !keep_newline => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c, keep_newline) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text from the dossier or the history (a message, an id, a path, an
/// author's name) made safe to print on one line: control characters (a
/// newline that would start a line like `::error file=…`, an escape
/// sequence, C1) and bidirectional overrides are written as visible escapes
/// (`\n`, `\u001b`, `\u202e`). Every renderer of text output uses this.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    escape_with(s, false)
}

/// [`escape`] for text printed as several lines: newlines are kept.
pub fn escape_lines(s: &str) -> std::borrow::Cow<'_, str> {
    escape_with(s, true)
}

/// Whether `c` never belongs in kmi's output as it is, whatever the format:
/// C1 controls and bidirectional controls. kmi writes none of its own.
fn never_raw(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}') || (unsafe_char(c, true) && !c.is_ascii())
}

/// Everything kmi prints goes through this writer: a C1 control or a
/// bidirectional control is written as `\uXXXX`. In JSON output that is the
/// same character (a JSON escape, so the data is unchanged); in every other
/// format it is visible text instead of a terminal command or reordered
/// text. (C0 controls are escaped where free text is formatted, by
/// [`escape`]: kmi's own colours are C0 escape sequences.)
pub struct SafeWriter<W: std::io::Write> {
    inner: W,
    /// The start of a UTF-8 sequence cut off at the end of a write.
    pending: Vec<u8>,
}

impl<W: std::io::Write> SafeWriter<W> {
    pub fn new(inner: W) -> SafeWriter<W> {
        SafeWriter {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut rest: &[u8] = &bytes;
        while !rest.is_empty() {
            let (valid, after) = match std::str::from_utf8(rest) {
                Ok(s) => (s, &rest[rest.len()..]),
                Err(e) => {
                    let (v, a) = rest.split_at(e.valid_up_to());
                    (std::str::from_utf8(v).unwrap_or(""), a)
                }
            };
            let mut start = 0;
            for (i, c) in valid.char_indices() {
                if never_raw(c) {
                    self.inner.write_all(&valid.as_bytes()[start..i])?;
                    write!(self.inner, "\\u{:04x}", c as u32)?;
                    start = i + c.len_utf8();
                }
            }
            self.inner.write_all(&valid.as_bytes()[start..])?;
            rest = after;
            if rest.is_empty() {
                break;
            }
            match std::str::from_utf8(rest) {
                // Cut off at the end: keep it for the next write.
                Err(e) if e.valid_up_to() == 0 && e.error_len().is_none() => {
                    self.pending = rest.to_vec();
                    break;
                }
                // An invalid byte: pass it on as it is.
                Err(e) if e.valid_up_to() == 0 => {
                    let n = e.error_len().unwrap_or(1);
                    self.inner.write_all(&rest[..n])?;
                    rest = &rest[n..];
                }
                _ => {}
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        self.inner.write_all(&pending)?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod escape_tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn escapes_controls_and_bidi_overrides() {
        assert_eq!(escape("a\n::error file=x::b"), "a\\n::error file=x::b");
        assert_eq!(escape("\u{1b}[31mred"), "\\u001b[31mred");
        assert_eq!(escape("x\u{9b}y\u{202e}z\tw"), "x\\u009by\\u202ez\tw");
        assert_eq!(escape_lines("a\nb\r"), "a\nb\\r");
        assert!(matches!(escape("plain é"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn the_writer_escapes_c1_and_bidi_even_across_writes() {
        let mut w = SafeWriter::new(Vec::new());
        let text = "\u{1b}[1mok\u{1b}[0m \"\u{9b}\u{202e}é\"\n".as_bytes();
        // A write boundary inside a character.
        let cut = text.len() - 4;
        w.write_all(&text[..cut]).unwrap();
        w.write_all(&text[cut..]).unwrap();
        w.flush().unwrap();
        let out = String::from_utf8(w.inner).unwrap();
        assert_eq!(out, "\u{1b}[1mok\u{1b}[0m \"\\u009b\\u202eé\"\n");
        let v: serde_json::Value = serde_json::from_str(&out[out.find('"').unwrap()..]).unwrap();
        assert_eq!(v.as_str(), Some("\u{9b}\u{202e}é"));
    }
}

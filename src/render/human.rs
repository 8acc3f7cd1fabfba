//! The human format: one diagnostic per problem in the style of rustc and
//! ruff — `file:line:col`, the rule id, the message, the source line with a
//! marker, and a hint.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::Summary;
use crate::diag::{Diagnostic, Severity};
use crate::dossier::Dossier;
use crate::i18n::Lang;

/// `base` is put before each dossier-relative path, so that paths are
/// relative to the working directory (see [`super::display_base`]).
pub fn render(
    dossier: &Dossier,
    diags: &[Diagnostic],
    summary: Summary,
    lang: Lang,
    base: &str,
) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    // Each diagnostic's source, found in a map rather than by a scan of every
    // file (40,000 files × hundreds of diagnostics); the first file of a path wins.
    let mut texts: HashMap<&str, &str> = HashMap::new();
    if !diags.is_empty() {
        for f in &dossier.files {
            texts.entry(f.path.as_str()).or_insert(f.text.as_str());
        }
    }
    for d in diags {
        // The labels in the report's language: `fout[…]`, `waarschuwing[…]`, `hint`.
        let level = match (d.severity, lang) {
            (Severity::Error, Lang::En) => Level::ERROR,
            (Severity::Warning, Lang::En) => Level::WARNING,
            (Severity::Error, Lang::Nl) => Level::ERROR.with_name("fout"),
            (Severity::Warning, Lang::Nl) => Level::WARNING.with_name("waarschuwing"),
        };
        let help = match lang {
            Lang::En => Level::HELP,
            Lang::Nl => Level::HELP.with_name("hint"),
        };
        let text = texts.get(d.file.as_str()).copied().unwrap_or("");
        // Free text reaches the terminal and CI logs: no control characters
        // (a newline could start a line `::error file=…`) or bidi overrides.
        let message = super::escape(&d.message);
        let path = format!("{base}{}", super::escape(&d.file));
        let title = level.primary_title(message.as_ref()).id(d.rule);
        // The source line of a personal-data finding would repeat the number.
        let mut group = if text.is_empty() || d.rule == "personal-data" {
            title.element(
                annotate_snippets::Origin::path(path.as_str())
                    .line(d.line)
                    .char_column(d.column),
            )
        } else {
            let span = clamp_span(text, d.span.clone());
            let label = super::escape(&d.subject).into_owned();
            title.element(
                Snippet::source(text)
                    .line_start(1)
                    .path(path.as_str())
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(span).label(label)),
            )
        };
        let hint = d.hint.as_deref().map(super::escape);
        if let Some(h) = &hint {
            group = group.element(help.clone().message(h.as_ref()));
        }
        let report: Vec<Group<'_>> = vec![group];
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out.push_str(&summary_line(summary, lang));
    out
}

/// A span that annotate-snippets can show: on char boundaries, at most to
/// the end of the line it starts on, and at least one character wide.
fn clamp_span(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut end = span.end.clamp(start, line_end);
    if end == start && end < line_end {
        end = start + text[start..].chars().next().map_or(0, char::len_utf8);
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

pub fn summary_line(s: Summary, lang: Lang) -> String {
    if lang == Lang::Nl {
        let n =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        return if s.errors == 0 && s.warnings == 0 {
            format!(
                "geen problemen gevonden in {}\n",
                n(s.files, "bestand", "bestanden")
            )
        } else {
            format!(
                "{} en {} gevonden in {}\n",
                n(s.errors, "fout", "fouten"),
                n(s.warnings, "waarschuwing", "waarschuwingen"),
                n(s.files, "bestand", "bestanden")
            )
        };
    }
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if s.errors == 0 && s.warnings == 0 {
        format!("no problems found in {}\n", plural(s.files, "file"))
    } else {
        format!(
            "found {} and {} in {}\n",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.files, "file")
        )
    }
}

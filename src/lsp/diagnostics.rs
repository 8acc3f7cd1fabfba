//! kmi's diagnostics as the protocol's: the rule id as `code` with a link to
//! its page, the other record a diagnostic names as related information, and
//! the "did you mean" hint as a fix a code action applies.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeDescription,
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, TextEdit, Uri,
    WorkspaceEdit,
};
use serde::{Deserialize, Serialize};

use super::text::{Encoding, LineIndex};
use crate::diag::{Diagnostic, Severity};
use crate::dossier::Dossier;
use crate::model::FindingRef;
use crate::source::SourceFile;

/// Where the rule pages are.
pub struct RulePages {
    base: Option<String>,
}

impl RulePages {
    /// `base` as configured; without one, the pages compiled into kmi are
    /// written to a cache directory once, so the links work offline and
    /// match this build.
    pub fn new(base: Option<String>) -> RulePages {
        let base = base
            .map(|b| b.trim_end_matches('/').to_owned())
            .or_else(|| {
                write_pages().map(|dir| super::text::path_to_uri(&dir).as_str().to_owned())
            });
        RulePages { base }
    }

    /// The page of `rule`.
    pub fn url(&self, rule: &str) -> Option<Uri> {
        format!("{}/{rule}.md", self.base.as_ref()?).parse().ok()
    }
}

/// Write the rule pages to `<cache>/kmi/rules-<version>/`; the directory, or
/// `None` when no cache directory can be written.
fn write_pages() -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = cache
        .join("kmi")
        .join(format!("rules-{}", env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&dir).ok()?;
    for rule in crate::rules::REGISTRY {
        let path = dir.join(format!("{}.md", rule.id));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(rule.doc) {
            std::fs::write(&path, rule.doc).ok()?;
        }
    }
    dir.canonicalize().ok()
}

/// What a diagnostic carries for its code action: the text that replaces
/// a range of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub range: lsp_types::Range,
    #[serde(rename = "newText")]
    pub new_text: String,
}

/// The protocol's form of `d`, in `file` (its text as checked).
pub fn to_lsp(
    d: &Diagnostic,
    file: Option<&SourceFile>,
    encoding: Encoding,
    dossier: &Dossier,
    pages: &RulePages,
    uri_of: &dyn Fn(&str) -> Option<Uri>,
) -> lsp_types::Diagnostic {
    let index = file.map(|f| LineIndex::new(&f.text, encoding));
    let range = index
        .as_ref()
        .map_or_else(Default::default, |i| i.range(&d.span));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhelp: ");
        message.push_str(hint);
    }
    let fix = match (file, &index) {
        (Some(f), Some(i)) => fix(d, &f.text).map(|(span, new_text)| Fix {
            range: i.range(&span),
            new_text,
        }),
        _ => None,
    };
    let related = related(d, dossier, encoding, uri_of);
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.rule.to_owned())),
        code_description: pages.url(d.rule).map(|href| CodeDescription { href }),
        source: Some("kmi".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: fix.map(|f| serde_json::json!({ "fix": f })),
    }
}

/// The suggestion of a "did you mean `x`?" hint (`--lang nl`: "bedoel je `x`?").
pub fn suggestion(hint: &str) -> Option<&str> {
    hint.strip_prefix("did you mean `")
        .or_else(|| hint.strip_prefix("bedoel je `"))?
        .strip_suffix("`?")
}

/// The replacement a "did you mean" hint proposes: which bytes of `text`
/// and what goes there. The misspelled word is one the message names (in
/// backticks or plain); it is looked for in the diagnostic's span first (a
/// reference `audit/finding` is fixed in its part), then on the span's line
/// (`[rules]` points at the value of a misspelled key).
pub fn fix(d: &Diagnostic, text: &str) -> Option<(Range<usize>, String)> {
    let new = suggestion(d.hint.as_deref()?)?;
    let words: Vec<&str> =
        d.message
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, w)| w)
            .chain(d.message.split_whitespace().map(|w| {
                w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
            }))
            .filter(|w| w.len() > 1 && *w != new)
            .collect();
    let span = d.span.start.min(text.len())..d.span.end.min(text.len());
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.start..]
        .find('\n')
        .map_or(text.len(), |i| span.start + i);
    for within in [span, line_start..line_end] {
        let Some(hay) = text.get(within.clone()) else {
            continue;
        };
        for w in &words {
            if let Some(at) = find_word(hay, w) {
                let start = within.start + at;
                return Some((start..start + w.len(), new.to_owned()));
            }
        }
    }
    None
}

/// Where `word` occurs in `hay` as a whole word (not inside a longer id).
fn find_word(hay: &str, word: &str) -> Option<usize> {
    let is_id = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    hay.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + word.len()..].chars().next();
        !before.is_some_and(is_id) && !after.is_some_and(is_id)
    })
}

/// The other records a diagnostic names: the person it is about, and the
/// audits and findings its message mentions, where they are in other files.
fn related(
    d: &Diagnostic,
    dossier: &Dossier,
    encoding: Encoding,
    uri_of: &dyn Fn(&str) -> Option<Uri>,
) -> Vec<DiagnosticRelatedInformation> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |file: usize, span: Range<usize>, message: String| {
        let f = dossier.file(file);
        if f.path == d.file || !seen.insert(format!("{}:{}", f.path, span.start)) {
            return;
        }
        let Some(uri) = uri_of(&f.path) else {
            return;
        };
        let range = LineIndex::new(&f.text, encoding).range(&span);
        out.push(DiagnosticRelatedInformation {
            location: Location { uri, range },
            message,
        });
    };
    let words = std::iter::once(d.subject.as_str()).chain(
        d.message
            .split(|c: char| c.is_whitespace() || matches!(c, '`' | ',' | ':' | '(' | ')'))
            .map(|w| w.trim_end_matches('.')),
    );
    let inst = d
        .institution
        .as_deref()
        .and_then(|i| dossier.institutions.get(i));
    for w in words {
        if let Some(p) = dossier.people.get(w) {
            push(p.file, 0..0, format!("person {w}: {}", p.data.name));
            continue;
        }
        let Some(inst) = inst else {
            continue;
        };
        if let Some(r) = FindingRef::parse(w)
            && let Some(a) = inst.audits.get(r.audit.as_str())
        {
            if let Some(f) = a
                .data
                .finding
                .iter()
                .find(|f| f.get_ref().id.get_ref() == &r.finding)
            {
                let f = f.get_ref();
                push(
                    a.file,
                    f.id.span(),
                    format!(
                        "finding {w} ({}): {}",
                        f.class.get_ref().as_str(),
                        f.summary
                    ),
                );
            }
            continue;
        }
        if let Some(a) = inst.audits.get(w) {
            push(
                a.file,
                a.data.kind.span(),
                format!(
                    "audit {w} ({}, {})",
                    a.data.kind.get_ref().as_str(),
                    a.data.first_day()
                ),
            );
        }
    }
    out
}

/// The quick fixes for the diagnostics the client sends back: each carries
/// its fix in `data`.
pub fn code_actions(params: &CodeActionParams) -> Option<serde_json::Value> {
    let mut actions = Vec::new();
    for d in &params.context.diagnostics {
        let Some(fix) = d
            .data
            .as_ref()
            .and_then(|v| v.get("fix"))
            .and_then(|f| serde_json::from_value::<Fix>(f.clone()).ok())
        else {
            continue;
        };
        let edit = TextEdit {
            range: fix.range,
            new_text: fix.new_text.clone(),
        };
        // `Uri` caches its parse in a cell, which does not touch its hash or equality.
        #[allow(clippy::mutable_key_type)]
        let mut changes = HashMap::new();
        changes.insert(params.text_document.uri.clone(), vec![edit]);
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Replace with `{}`", fix.new_text),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(WorkspaceEdit::new(changes)),
            is_preferred: Some(true),
            ..Default::default()
        }));
    }
    serde_json::to_value(actions).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(text: &str, span: Range<usize>, message: &str, hint: &str) -> Diagnostic {
        let file = SourceFile::new("a.toml".to_owned(), None, text.to_owned());
        Diagnostic::at(
            crate::ids::RuleId::UnknownReference,
            &file,
            span,
            "s",
            message,
        )
        .with_hint(hint)
    }

    #[test]
    fn fixes_the_part_of_a_reference() {
        let text = "finding = \"2022-11-contrl/f1\"\n";
        let d = diag(
            text,
            10..29,
            "audit `2022-11-contrl` does not exist at institution jbn",
            "did you mean `2022-11-control`?",
        );
        let (span, new) = fix(&d, text).unwrap();
        assert_eq!(&text[span], "2022-11-contrl");
        assert_eq!(new, "2022-11-control");
    }

    #[test]
    fn fixes_a_plain_word_and_a_key_on_the_line() {
        let text = "norm = \"C.1.11\"\n";
        let d = diag(
            text,
            7..15,
            "norm C.1.11 is not in the scheme's catalogue",
            "did you mean `C.1.1`?",
        );
        assert_eq!(fix(&d, text).unwrap().0, 8..14);
        let text = "[rules]\nvgo = \"warning\"\n";
        let d = diag(
            text,
            14..23,
            "`[rules]` names `vgo`, which is not a rule (see `kmi rules`)",
            "did you mean `vog`?",
        );
        assert_eq!(fix(&d, text).unwrap().0, 8..11);
    }

    #[test]
    fn no_fix_without_a_suggestion() {
        let text = "lead = \"x\"\n";
        let d = diag(
            text,
            7..10,
            "person `x` does not exist",
            "add people/x.toml",
        );
        assert_eq!(fix(&d, text), None);
    }
}

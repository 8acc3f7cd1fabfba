//! Diagnostics are data: rules push them into a list, renderers print them.

use std::ops::Range;

use serde::Serialize;

use crate::source::SourceFile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

pub use crate::ids::DeadlineRef;

/// One problem at one place. The serialized form is the JSON contract of
/// `kmi check --format json` (product brief §3); `span` and `hint` are for
/// the human renderer only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    /// The rule, typed (`rule` is its id).
    #[serde(skip)]
    pub id: crate::ids::RuleId,
    pub severity: Severity,
    /// Relative to the dossier root, `/` separators.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub institution: Option<String>,
    pub subject: String,
    pub message: String,
    /// The obligation the diagnostic is about, as `kmi deadlines` names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DeadlineRef>,
    /// Another record the diagnostic is about, `<audit>/<finding>` (e.g. the
    /// open finding a decision does not account for): lets `trace` show
    /// the rule's own judgment at that finding.
    #[serde(skip)]
    pub concerns: Option<String>,
    #[serde(skip)]
    pub hint: Option<String>,
    /// The message in Dutch (`--lang nl`), where the rule gives one.
    #[serde(skip)]
    pub message_nl: Option<String>,
    #[serde(skip)]
    pub hint_nl: Option<String>,
    #[serde(skip)]
    pub span: Range<usize>,
}

impl Diagnostic {
    /// A diagnostic at `span` of `file`; the severity is settled later from the
    /// rule's default and the dossier's `[rules]`.
    pub fn at(
        rule: crate::ids::RuleId,
        file: &SourceFile,
        span: Range<usize>,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = file.line_col(span.start);
        Diagnostic {
            rule: rule.as_str(),
            id: rule,
            severity: Severity::Error,
            file: file.path.clone(),
            line,
            column,
            institution: file.institution.clone(),
            subject: subject.into(),
            message: message.into(),
            deadline: None,
            concerns: None,
            hint: None,
            message_nl: None,
            hint_nl: None,
            span,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// The obligation this diagnostic is about (`Obligation::reference`).
    pub fn about(mut self, deadline: DeadlineRef) -> Diagnostic {
        self.deadline = Some(deadline);
        self
    }

    /// Another record this diagnostic is about.
    pub fn concerning(mut self, subject: impl Into<String>) -> Diagnostic {
        self.concerns = Some(subject.into());
        self
    }

    /// The message in Dutch.
    pub fn nl(mut self, message: impl Into<String>) -> Diagnostic {
        self.message_nl = Some(message.into());
        self
    }

    /// The hint in English and in Dutch.
    pub fn hints(mut self, en: impl Into<String>, nl: impl Into<String>) -> Diagnostic {
        self.hint = Some(en.into());
        self.hint_nl = Some(nl.into());
        self
    }

    /// Put the message and hint in `lang`: each is made with its Dutch
    /// beside it (`nl`, `hints`).
    pub fn localize(&mut self, lang: crate::i18n::Lang) {
        if lang == crate::i18n::Lang::Nl {
            if let Some(m) = self.message_nl.take() {
                self.message = m;
            }
            if let Some(h) = self.hint_nl.take() {
                self.hint = Some(h);
            }
        }
    }

    /// Sort key: by file, then position, then rule — stable output for CI logs.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str, &str) {
        (
            &self.file,
            self.line,
            self.column,
            self.rule,
            &self.subject,
            &self.message,
        )
    }
}

/// "did you mean `x`?" for the closest of `candidates`, if one is close enough.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

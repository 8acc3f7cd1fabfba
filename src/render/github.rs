//! `--format github`: GitHub Actions workflow commands, one annotation per
//! diagnostic on the file and line (`::error file=…,line=…,col=…,title=…::…`;
//! warnings as `::warning`).
//!
//! Paths are relative to the directory kmi ran in, which in a workflow is
//! the checkout (see [`Report::path`]).

use super::{Report, message_with_hint};
use crate::diag::Severity;

pub fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    for d in report.diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = vec![
            ("file", report.path(&d.file)),
            ("line", d.line.to_string()),
            ("col", d.column.to_string()),
        ];
        // An end position only where it is on the same line: GitHub reads
        // endColumn only then.
        if let Some((line, column)) = report.end(d).filter(|&(l, _)| l == d.line) {
            props.push(("endLine", line.to_string()));
            props.push(("endColumn", column.to_string()));
        }
        let title = if d.subject.is_empty() {
            format!("kmi {}", d.rule)
        } else {
            format!("kmi {} ({})", d.rule, d.subject)
        };
        props.push(("title", title));
        let props: Vec<String> = props
            .into_iter()
            .map(|(k, v)| format!("{k}={}", escape_property(&super::escape(&v))))
            .collect();
        // Control characters other than the line break (escape sequences
        // the log viewer would obey) are written as visible escapes.
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&super::escape_lines(&message_with_hint(d)))
        ));
    }
    out
}

/// The message part of a workflow command: `%`, CR and LF are escaped.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as data, and `:` and `,` too, which end a property.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(
            escape_data("50% done\r\nnext: a, b"),
            "50%25 done%0D%0Anext: a, b"
        );
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
    }
}

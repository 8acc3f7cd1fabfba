//! `--format gitlab`: a GitLab code quality report
//! (`artifacts:reports:codequality`): a JSON array of issues, each with a
//! description, the rule as `check_name`, a stable fingerprint, a severity
//! and the file and line.
//!
//! The fingerprint hashes the rule, the dossier-relative file, the subject
//! and the message — not line numbers — so GitLab sees the same problem as
//! the same issue after unrelated edits to its file (see
//! [`super::fingerprints`]).

use serde::Serialize;

use super::Report;
use crate::diag::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    /// GitLab's scale: info, minor, major, critical, blocker.
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub fn render(report: &Report<'_>) -> String {
    let issues: Vec<Issue<'_>> = report
        .diags
        .iter()
        .zip(report.fingerprints())
        .map(|(d, fingerprint)| Issue {
            description: if d.subject.is_empty() {
                format!("{}: {}", d.rule, d.message)
            } else {
                format!("{}: {}: {}", d.rule, d.subject, d.message)
            },
            check_name: d.rule,
            fingerprint,
            severity: match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
            },
            location: IssueLocation {
                path: report.path(&d.file),
                lines: Lines { begin: d.line },
            },
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).expect("issues serialize");
    s.push('\n');
    s
}

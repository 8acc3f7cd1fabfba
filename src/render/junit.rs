//! `--format junit`: a JUnit XML test report, for CI test views (GitLab's
//! `artifacts:reports:junit`, Jenkins, …).
//!
//! One `<testsuite>` per file read, named by its path: in it, a failing
//! `<testcase>` per diagnostic in that file (warnings too, marked as such),
//! or one passing `<testcase>` when the file has no problems. A test case
//! carries one failure (GitLab and Jenkins read no more), so each diagnostic
//! gets its own case, and the failure count equals the diagnostic count.
//! No timestamps or durations: the report is deterministic.

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::Report;
use crate::diag::Diagnostic;

/// The name of the passing test case of a file without problems.
pub const CLEAN: &str = "no problems";

pub fn render(report: &Report<'_>) -> String {
    let by_file = report.by_file();
    let mut junit = JunitReport::new("kmi check");
    for file in report.files() {
        let path = report.path(file);
        let mut suite = TestSuite::new(path.as_str());
        match by_file.get(file) {
            None => suite.add_test_case(case(CLEAN, &path, None, TestCaseStatus::success())),
            Some(diags) => {
                // A case is named by its rule and subject, which outlive
                // edits that move lines (CI test histories track names);
                // repeats in one file are numbered.
                let mut seen = std::collections::BTreeMap::new();
                suite.add_test_cases(diags.iter().map(|d| {
                    let base = if d.subject.is_empty() {
                        d.rule.to_owned()
                    } else {
                        format!("{} {}", d.rule, d.subject)
                    };
                    let n: &mut usize = seen.entry(base.clone()).or_default();
                    *n += 1;
                    let name = if *n == 1 {
                        base
                    } else {
                        format!("{base} ({n})")
                    };
                    failure(&name, &path, d)
                }))
            }
        };
        junit.add_test_suite(suite);
    }
    junit.to_string().expect("JUnit XML serializes")
}

fn case(name: &str, path: &str, line: Option<usize>, status: TestCaseStatus) -> TestCase {
    let mut case = TestCase::new(name, status);
    case.set_classname(path);
    // GitLab links a test case to its file through these attributes.
    case.extra.insert("file".into(), path.into());
    if let Some(line) = line {
        case.extra.insert("line".into(), line.to_string().into());
    }
    case
}

fn failure(name: &str, path: &str, d: &Diagnostic) -> TestCase {
    let severity = d.severity.as_str();
    // Free text on one line each, control characters escaped (XML cannot
    // hold most of them, and CI logs show the report).
    let message = super::escape(&d.message);
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status.set_message(format!("{severity}: {message}"));
    status.set_type(d.rule);
    let mut body = format!(
        "{path}:{}:{}: {severity}[{}] {message}",
        d.line, d.column, d.rule
    );
    if !d.subject.is_empty() {
        body.push_str(&format!("\nsubject: {}", super::escape(&d.subject)));
    }
    if let Some(hint) = &d.hint {
        body.push_str(&format!("\nhelp: {}", super::escape(hint)));
    }
    body.push('\n');
    status.set_description(body);
    case(name, path, Some(d.line), status)
}

//! `--format json`: the contract of product brief §3.

use super::Summary;
use crate::diag::Diagnostic;

#[derive(serde::Serialize)]
struct Output<'a> {
    diagnostics: &'a [Diagnostic],
    summary: Summary,
}

pub fn render(diags: &[Diagnostic], summary: Summary) -> String {
    let mut s = serde_json::to_string_pretty(&Output {
        diagnostics: diags,
        summary,
    })
    .expect("diagnostics serialize");
    s.push('\n');
    s
}

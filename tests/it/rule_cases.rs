//! Every rule has a minimal dossier that breaks it (`tests/rules/<id>/fail/`)
//! and one that passes exactly on the boundary day (`tests/rules/<id>/pass/`).
//! The built binary checks each with the date in `tests/rules/<id>/as-of`;
//! the failing case's human output is snapshotted.

use crate::util;
use std::path::{Path, PathBuf};

fn kmi(dossier: &Path, as_of: &str, format: &str) -> (i32, String) {
    let dir = dossier.to_str().expect("a UTF-8 path");
    let run = util::kmi(&[
        "--dossier",
        dir,
        "--as-of",
        as_of,
        "--color",
        "never",
        "--format",
        format,
        "check",
    ]);
    (run.code, run.stdout)
}

fn rule_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/rules exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn rules_in(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("JSON output");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().expect("rule").to_owned())
        .collect()
}

/// One test per rule, named by its id: `tests/rules/<id>/fail` breaks the
/// rule, `tests/rules/<id>/pass` does not, as of `tests/rules/<id>/as-of`.
macro_rules! rule_cases {
    ($($test:ident => $id:literal,)*) => {
        $(
            #[test]
            fn $test() {
                rule_case($id);
            }
        )*
        /// Every rule with a fixture.
        const CASES: &[&str] = &[$($id),*];
    };
}

rule_cases! {
    audit_cycle => "audit-cycle",
    bridging => "bridging",
    certificate_gap => "certificate-gap",
    closed_unverified => "closed-unverified",
    continuity => "continuity",
    date_order => "date-order",
    decision_considerations => "decision-considerations",
    decision_maker => "decision-maker",
    duplicate_id => "duplicate-id",
    expertise => "expertise",
    finding_rationale => "finding-rationale",
    follow_up_missing => "follow-up-missing",
    personal_data => "personal-data",
    plan_deadline => "plan-deadline",
    progress_reports => "progress-reports",
    qualification => "qualification",
    report_missing => "report-missing",
    rotation => "rotation",
    scope => "scope",
    suspension => "suspension",
    team => "team",
    temporary_basis => "temporary-basis",
    temporary_certificate => "temporary-certificate",
    unknown_reference => "unknown-reference",
    verification_deadline => "verification-deadline",
    vog => "vog",
}

/// A fixture folder without its test would never run: the list above and
/// `tests/rules/` are the same.
#[test]
fn every_fixture_has_its_test() {
    let dirs: Vec<String> = rule_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(dirs, CASES, "add the new fixture to rule_cases! above");
}

fn rule_case(id: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/rules")
        .join(id);
    assert!(
        kmi::rules::find(id).is_some(),
        "tests/rules/{id}: no such rule"
    );
    let as_of = std::fs::read_to_string(dir.join("as-of"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "2026-11-23".to_owned());
    let fail = dir.join("fail");
    let (code, json) = kmi(&fail, &as_of, "json");
    let rules = rules_in(&json);
    assert!(
        rules.iter().any(|r| r == id),
        "{id}/fail: no `{id}` diagnostic (exit {code}): {rules:?}"
    );
    let (_, human) = kmi(&fail, &as_of, "human");
    insta::assert_snapshot!(format!("rule-{id}-fail"), human);
    let pass = dir.join("pass");
    assert!(pass.is_dir(), "{id}: no pass case");
    let (code, json) = kmi(&pass, &as_of, "json");
    assert!(
        !rules_in(&json).iter().any(|r| r == id),
        "{id}/pass: unexpected `{id}` diagnostic (exit {code}): {json}"
    );
}

//! The settled questions of the product brief (§2a) that the rule fixtures
//! cannot show on their own: as of a date before a record, that record does
//! not count (question 13, per rule), and `valid_until` of a temporary
//! decision, required unless a scheme file gives a validity (question 7).

use crate::util::check_json;
use std::path::{Path, PathBuf};

fn case(rule: &str, which: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/rules")
        .join(rule)
        .join(which)
}

/// (rule, subject) of every diagnostic of `kmi check` on `dossier` as of `as_of`.
fn diagnostics(dossier: &Path, as_of: &str) -> Vec<(String, String)> {
    let (_, v) = check_json(dossier, as_of);
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn has(ds: &[(String, String)], rule: &str, subject: &str) -> bool {
    ds.iter().any(|(r, s)| r == rule && s == subject)
}

#[test]
fn report_missing_counts_no_finding_of_an_audit_not_yet_held() {
    let dossier = case("report-missing", "fail");
    assert!(has(
        &diagnostics(&dossier, "2026-11-23"),
        "report-missing",
        "2026-11-initial"
    ));
    // The audit's last day (2026-11-20) has not passed: no report is owed yet.
    assert!(!has(
        &diagnostics(&dossier, "2026-11-20"),
        "report-missing",
        "2026-11-initial"
    ));
    // Before its first day the audit is planned: its finding is not there.
    assert!(!has(
        &diagnostics(&dossier, "2026-11-18"),
        "report-missing",
        "2026-11-initial"
    ));
    assert!(has(
        &diagnostics(&dossier, "2026-11-21"),
        "report-missing",
        "2026-11-initial"
    ));
}

#[test]
fn date_order_judges_no_decision_taken_after_the_date() {
    let dossier = case("date-order", "fail");
    assert!(has(
        &diagnostics(&dossier, "2026-11-23"),
        "date-order",
        "2025-06-17-provisional"
    ));
    assert!(!has(
        &diagnostics(&dossier, "2025-06-16"),
        "date-order",
        "2025-06-17-provisional"
    ));
}

#[test]
fn temporary_basis_judges_no_temporary_decision_after_the_date() {
    let dossier = case("temporary-basis", "fail");
    let now = diagnostics(&dossier, "2025-12-01");
    assert!(has(&now, "temporary-basis", "2025-03-03-temporary"));
    assert!(has(&now, "temporary-basis", "2025-04-01-temporary"));
    assert!(has(&now, "temporary-basis", "2025-03-02-temporary"));
    // The withdrawal's day with a temporary certificate is a basis; only its
    // missing `valid_until` is reported.
    assert!(has(&now, "schema", "2025-03-01-temporary"));
    assert!(!has(&now, "temporary-basis", "2025-03-01-temporary"));
    let before = diagnostics(&dossier, "2025-03-02");
    assert!(!has(&before, "temporary-basis", "2025-03-03-temporary"));
    assert!(has(&before, "temporary-basis", "2025-03-02-temporary"));
}

#[test]
fn a_scheme_file_with_a_temporary_validity_makes_valid_until_optional() {
    let dir = tempfile::tempdir().unwrap();
    let src = case("temporary-basis", "fail");
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    std::fs::write(
        dir.path().join("kmi.toml"),
        "[dossier]\nname = \"Rule case: temporary-basis\"\nscheme = \"scheme.toml\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("scheme.toml"),
        "extends = \"jbjr\"\n\n[clocks]\ntemporary_months = 6\n",
    )
    .unwrap();
    let ds = diagnostics(dir.path(), "2025-12-01");
    assert!(!has(&ds, "schema", "2025-03-01-temporary"), "{ds:?}");
    assert!(has(&ds, "temporary-basis", "2025-03-03-temporary"));
}

#[test]
fn a_temporary_certificate_does_not_end_a_suspension() {
    let dossier = case("suspension", "fail");
    // gi-y: suspended 2025-03-31, temporary certificate 2025-04-15, no
    // reinstatement: overdue after 2025-09-30.
    let ds = diagnostics(&dossier, "2025-12-01");
    assert!(has(&ds, "suspension", "2025-03-31-suspend"), "{ds:?}");
    assert!(!has(
        &diagnostics(&dossier, "2025-09-30"),
        "suspension",
        "2025-03-31-suspend"
    ));
    // The reinstatement of the pass case counts only from its date.
    let pass = case("suspension", "pass");
    assert!(!has(
        &diagnostics(&pass, "2025-12-01"),
        "suspension",
        "2025-03-31-suspend"
    ));
}

#[test]
fn certificate_gap_after_a_temporary_certificate_counts_only_once_passed() {
    let dossier = case("certificate-gap", "fail");
    assert!(has(
        &diagnostics(&dossier, "2026-06-15"),
        "certificate-gap",
        "2025-01-10-temporary"
    ));
    // As of its last valid day the temporary certificate has not yet ended.
    assert!(!has(
        &diagnostics(&dossier, "2025-07-10"),
        "certificate-gap",
        "2025-01-10-temporary"
    ));
    // As of a day before the withdrawal, the provisional certificate runs on.
    assert!(!has(
        &diagnostics(&dossier, "2025-01-09"),
        "certificate-gap",
        "2024-06-01-provisional"
    ));
}

#[test]
fn a_planned_audit_is_checked_in_advance_and_its_later_records_do_not_count() {
    // qualification: the team of an audit that has not started is checked.
    let q = case("qualification", "fail");
    assert!(has(
        &diagnostics(&q, "2025-06-01"),
        "qualification",
        "fem-visser"
    ));
    // expertise: shown after the as-of date, it is not on file yet.
    let e = case("expertise", "pass");
    assert!(!has(
        &diagnostics(&e, "2026-11-23"),
        "expertise",
        "eva-evers"
    ));
    assert!(has(
        &diagnostics(&e, "2023-06-09"),
        "expertise",
        "eva-evers"
    ));
    // rotation: a planned audit beyond the limit is reported in advance.
    let r = case("rotation", "fail");
    assert!(has(
        &diagnostics(&r, "2024-02-15"),
        "rotation",
        "anna-jansen"
    ));
}

//! Every rule has a minimal dossier that breaks it (`tests/rules/<id>/fail/`)
//! and one that passes exactly on the boundary day (`tests/rules/<id>/pass/`).
//! The built binary checks each with the date in `tests/rules/<id>/as-of`;
//! the failing case's human output is snapshotted.

use std::path::{Path, PathBuf};
use std::process::Command;

fn kmi(dossier: &Path, as_of: &str, format: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kmi"))
        .args(["--dossier"])
        .arg(dossier)
        .args([
            "--as-of", as_of, "--color", "never", "--format", format, "check",
        ])
        .env_remove("KMI_FORMAT")
        .env_remove("COLUMNS")
        .output()
        .expect("kmi runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
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

#[test]
fn every_rule_case_fails_and_passes_as_documented() {
    let mut problems = Vec::new();
    let dirs = rule_dirs();
    assert!(!dirs.is_empty(), "no rule cases found");
    for dir in dirs {
        let id = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            kmi::rules::find(&id).is_some(),
            "tests/rules/{id}: no such rule"
        );
        let as_of = std::fs::read_to_string(dir.join("as-of"))
            .map(|s| s.trim().to_owned())
            .unwrap_or_else(|_| "2026-11-23".to_owned());
        let fail = dir.join("fail");
        let (code, json) = kmi(&fail, &as_of, "json");
        let rules = rules_in(&json);
        if !rules.contains(&id) {
            problems.push(format!(
                "{id}/fail: no `{id}` diagnostic (exit {code}): {rules:?}"
            ));
        }
        let (_, human) = kmi(&fail, &as_of, "human");
        insta::assert_snapshot!(format!("rule-{id}-fail"), human);
        let pass = dir.join("pass");
        if pass.is_dir() {
            let (code, json) = kmi(&pass, &as_of, "json");
            let rules = rules_in(&json);
            if rules.contains(&id) {
                problems.push(format!(
                    "{id}/pass: unexpected `{id}` diagnostic (exit {code}): {json}"
                ));
            }
        } else {
            problems.push(format!("{id}: no pass case"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

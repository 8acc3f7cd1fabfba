//! `kmi deadlines`: every format snapshotted, the calendar parsed back, and
//! the promise that deadlines and `check` never disagree: on many dates,
//! every overdue deadline has its `check` error and every "overdue" error of
//! a deadline rule has its overdue deadline.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use kmi::clock::Date;
use kmi::deadlines::{Kind, Status};

const AS_OF: &str = "2026-11-23";

fn kmi(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kmi"))
        .args(args)
        .env_remove("KMI_FORMAT")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .output()
        .expect("kmi runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

fn dossier(rel: &str) -> String {
    format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_format_on_the_example_dossier() {
    let ex = dossier("examples/dossier");
    for format in ["human", "json", "csv", "yaml", "ics"] {
        let (code, out, err) = kmi(&[
            "--dossier",
            &ex,
            "--as-of",
            AS_OF,
            "--format",
            format,
            "deadlines",
        ]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("example-deadlines-{format}"), out);
    }
}

#[test]
fn filters() {
    let d = dossier("tests/dossiers/deadlines");
    let (_, out, _) = kmi(&[
        "--dossier",
        &d,
        "--as-of",
        "2026-06-01",
        "--format",
        "json",
        "deadlines",
        "--overdue",
        "--institution",
        "gi",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v["deadlines"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|i| i["status"] == "overdue" && i["institution"] == "gi")
    );
    let (_, out, _) = kmi(&[
        "--dossier",
        &d,
        "--as-of",
        "2026-06-01",
        "--format",
        "json",
        "deadlines",
        "--kind",
        "vog,expertise",
        "--person",
        "anna-jansen",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<&str> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["expertise", "vog"]);
    let (code, _, err) = kmi(&["--dossier", &d, "deadlines", "--institution", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("no institution `nope`"));
    let (code, _, err) = kmi(&["--dossier", &d, "--format", "ics", "check"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_json_contract() {
    let d = dossier("tests/dossiers/deadlines");
    let (_, out, _) = kmi(&[
        "--dossier",
        &d,
        "--as-of",
        "2026-06-01",
        "--format",
        "json",
        "deadlines",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for i in v["deadlines"].as_array().unwrap() {
        for key in ["kind", "due", "status", "institution", "subject", "file"] {
            assert!(i.get(key).is_some(), "{key} missing in {i}");
        }
        assert!(["overdue", "due", "upcoming"].contains(&i["status"].as_str().unwrap()));
        assert!(
            Path::new(&d).join(i["file"].as_str().unwrap()).is_file(),
            "{i}"
        );
    }
    insta::assert_snapshot!("deadlines-json-2026-06-01", out);
}

#[test]
fn the_calendar_parses_back_with_one_event_and_a_stable_uid_per_deadline() {
    let ex = dossier("examples/dossier");
    let (_, json, _) = kmi(&[
        "--dossier",
        &ex,
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "deadlines",
    ]);
    let count = serde_json::from_str::<serde_json::Value>(&json).unwrap()["deadlines"]
        .as_array()
        .unwrap()
        .len();
    let (_, ics, _) = kmi(&[
        "--dossier",
        &ex,
        "--as-of",
        AS_OF,
        "--format",
        "ics",
        "deadlines",
    ]);
    let unfolded = icalendar::parser::unfold(&ics);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), count);
    let uids: BTreeSet<String> = events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .find(|p| p.name == "UID")
                .expect("UID")
                .val
                .to_string()
        })
        .collect();
    assert_eq!(uids.len(), count, "UIDs are unique");
    for e in &events {
        let alarm = e
            .components
            .iter()
            .find(|c| c.name == "VALARM")
            .expect("an alarm");
        let trigger = alarm
            .properties
            .iter()
            .find(|p| p.name == "TRIGGER")
            .expect("trigger");
        assert_eq!(trigger.val.to_string(), "-PT604800S");
    }
    // The same dossier and date give the same file, byte for byte.
    let (_, again, _) = kmi(&[
        "--dossier",
        &ex,
        "--as-of",
        AS_OF,
        "--format",
        "ics",
        "deadlines",
    ]);
    assert_eq!(ics, again);
}

/// Deadlines and check, on the same dossier, at many dates.
#[test]
fn overdue_deadlines_and_check_errors_agree_on_every_date() {
    for rel in ["tests/dossiers/deadlines", "examples/dossier"] {
        let root = dossier(rel);
        let d = kmi::load::load(Path::new(&root)).expect("loads");
        let facts = kmi::facts::Facts::build(&d);
        let mut day = Date::parse("2024-06-01").unwrap();
        let end = Date::parse("2027-06-01").unwrap();
        while day <= end {
            let items = kmi::deadlines::compute(&d, &facts, day, 90);
            let diags = kmi::rules::check(&d, &facts, day);
            let from_deadlines: BTreeSet<(String, String, String)> = items
                .iter()
                .filter(|i| i.status == Status::Overdue)
                .filter_map(|i| {
                    let rule = match i.kind {
                        Kind::Plan => "plan-deadline",
                        Kind::Verification => "verification-deadline",
                        Kind::ControlAudit | Kind::Recertification => "audit-cycle",
                        Kind::ProgressReport => "progress-reports",
                        _ => return None,
                    };
                    Some((rule.to_owned(), i.file.clone(), i.due.to_string()))
                })
                .collect();
            let from_check: BTreeSet<(String, String, String)> = diags
                .iter()
                .filter(|d| {
                    matches!(
                        d.rule,
                        "plan-deadline"
                            | "verification-deadline"
                            | "audit-cycle"
                            | "progress-reports"
                    )
                })
                .filter(|d| d.message.contains("overdue"))
                .map(|d| {
                    let due = d
                        .message
                        .split("due ")
                        .nth(1)
                        .and_then(|s| s.get(..10))
                        .expect("the message names the due date");
                    (d.rule.to_owned(), d.file.clone(), due.to_owned())
                })
                .collect();
            assert_eq!(from_deadlines, from_check, "{rel} as of {day}");
            day = day.add_days(7);
        }
    }
}

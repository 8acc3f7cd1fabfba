//! `kmi deadlines`: every format snapshotted, the calendar parsed back, and
//! the promise that deadlines and `check` never disagree: on many dates,
//! every overdue deadline has its `check` error and every "overdue" error of
//! a deadline rule has its overdue deadline.

use std::collections::BTreeSet;
use std::path::Path;

use crate::util;
use kmi::clock::Date;
use kmi::deadlines::{Kind, Status};

const AS_OF: &str = "2026-11-23";

fn kmi(args: &[&str]) -> (i32, String, String) {
    util::kmi(args).parts()
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

/// The obligations overdue in `kmi deadlines` and unmet past due in `kmi
/// check`, as (kind, institution, subject, due), read from the structured
/// fields: the deadline rows and the diagnostics' `deadline` field.
fn agreement(root: &Path, day: Date) -> (BTreeSet<Key>, BTreeSet<Key>) {
    let mut d = kmi::load::load(root).expect("loads");
    kmi::asof::restrict(&mut d, day);
    let facts = kmi::facts::Facts::build(&d, day);
    let items = kmi::deadlines::compute(&d, &facts, 90);
    let diags = kmi::rules::check(&d, &facts);
    let checked = [
        Kind::Plan,
        Kind::Verification,
        Kind::ControlAudit,
        Kind::Recertification,
        Kind::ProgressReport,
    ];
    let from_deadlines = items
        .iter()
        .filter(|i| i.status == Status::Overdue && checked.contains(&i.kind))
        .map(|i| {
            (
                i.kind.as_str().to_owned(),
                i.institution.clone().unwrap_or_default(),
                i.subject.clone(),
                i.due.to_string(),
            )
        })
        .collect();
    let from_check = diags
        .iter()
        .filter_map(|x| {
            let dl = x.deadline.as_ref()?;
            (dl.met.is_none() && dl.due < day).then(|| {
                (
                    dl.kind.as_str().to_owned(),
                    x.institution.clone().unwrap_or_default(),
                    dl.subject.clone(),
                    dl.due.to_string(),
                )
            })
        })
        .collect();
    (from_deadlines, from_check)
}

type Key = (String, String, String, String);

/// Deadlines and check, on the same dossier, at many dates.
#[test]
fn overdue_deadlines_and_check_errors_agree_on_every_date() {
    for rel in ["tests/dossiers/deadlines", "examples/dossier"] {
        let root = dossier(rel);
        let mut day = Date::parse("2016-01-01").unwrap();
        let end = Date::parse("2027-06-01").unwrap();
        while day <= end {
            let (from_deadlines, from_check) = agreement(Path::new(&root), day);
            assert_eq!(from_deadlines, from_check, "{rel} as of {day}");
            day = day.add_days(9);
        }
    }
}

/// The same on every rule fixture, on the day before, of and after every due
/// date it has, and on its own date.
#[test]
fn overdue_deadlines_and_check_errors_agree_on_every_rule_fixture() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut cases: Vec<_> = std::fs::read_dir(&rules)
        .expect("tests/rules")
        .flat_map(|e| {
            let dir = e.expect("entry").path();
            ["fail", "pass"].map(|c| dir.join(c))
        })
        .filter(|p| p.join("kmi.toml").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() > 40, "rule fixtures found: {}", cases.len());
    let mut compared = 0;
    for case in cases {
        let as_of = std::fs::read_to_string(case.parent().unwrap().join("as-of"))
            .map(|s| Date::parse(s.trim()).expect("as-of is a date"))
            .unwrap_or_else(|_| Date::parse("2026-11-23").unwrap());
        let mut d = kmi::load::load(&case).expect("loads");
        kmi::asof::restrict(&mut d, as_of);
        let facts = kmi::facts::Facts::build(&d, as_of);
        let mut days: BTreeSet<Date> = [as_of].into();
        for o in &facts.obligations {
            for n in [-1, 0, 1] {
                days.insert(o.deadline.due.add_days(n));
            }
        }
        for day in days {
            let (from_deadlines, from_check) = agreement(&case, day);
            assert_eq!(from_deadlines, from_check, "{} as of {day}", case.display());
            compared += from_check.len();
        }
    }
    assert!(compared > 0, "no overdue obligation in any fixture");
}

fn json(args: &[&str]) -> serde_json::Value {
    let ex = dossier("examples/dossier");
    let mut full = vec!["--dossier", ex.as_str(), "--format", "json"];
    full.extend_from_slice(args);
    let (_, out, err) = kmi(&full);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"))
}

/// As of a date nothing later has happened (product brief §2a, point 13):
/// a later decision does not cut a certificate short, a later follow-up is
/// not judged, a later audit does not restart a rotation count.
#[test]
fn as_of_a_date_nothing_later_has_happened() {
    // The bridging certificate of 2024-12-17 runs its nine months as of
    // January 2025, though a later grant replaced it.
    let reg = json(&["--as-of", "2025-01-15", "register"]);
    let jbn = reg["certified"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["institution"] == "jbn")
        .unwrap_or_else(|| panic!("jbn certified: {reg}"));
    assert_eq!(jbn["certificate"], "bridging", "{jbn}");
    assert_eq!(jbn["end"], "2025-09-17", "{jbn}");
    // The follow-up of 2022-03 that closes a finding without effectiveness
    // is not judged before it happened.
    let rules = |as_of: &str| -> Vec<String> {
        json(&["--as-of", as_of, "check"])["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(!rules("2022-01-01").contains(&"closed-unverified".to_owned()));
    assert!(rules("2022-12-01").contains(&"closed-unverified".to_owned()));
}

/// VOG, expertise and rotation rows are reminders about people who still
/// serve: none for someone who left, no rotation row after a full break, and
/// a planned audit does not count as held.
#[test]
fn people_rows_are_for_people_who_serve() {
    let rows = |args: &[&str]| -> Vec<(String, String, String)> {
        json(args)["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["kind"].as_str().unwrap().to_owned(),
                    d["subject"].as_str().unwrap().to_owned(),
                    d["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // cor-smit left on 2021-06-30.
    let all = rows(&["--as-of", AS_OF, "deadlines"]);
    assert!(!all.iter().any(|(_, s, _)| s == "cor-smit"), "{all:?}");
    let before = rows(&["--as-of", "2021-06-30", "deadlines", "--person", "cor-smit"]);
    assert!(before.iter().any(|(k, _, _)| k == "vog"), "{before:?}");
    // anna-jansen's audits at jbn ended in 2016: as of 2024-12-20 a full
    // break has restarted her count there, so there is no rotation row.
    let jbn = rows(&[
        "--as-of",
        "2024-12-20",
        "deadlines",
        "--institution",
        "jbn",
        "--kind",
        "rotation",
    ]);
    assert!(!jbn.iter().any(|(_, s, _)| s == "anna-jansen"), "{jbn:?}");
    assert!(
        !jbn.iter().any(|(_, _, st)| st == "overdue"),
        "no rotation limit has passed: {jbn:?}"
    );
}

//! `--lang nl`: Dutch reports and diagnostics, with the domain's Dutch terms;
//! the JSON contracts keep their structure.

use std::process::Command;

fn kmi(args: &[&str]) -> (i32, String) {
    let ex = format!("{}/examples/dossier", env!("CARGO_MANIFEST_DIR"));
    let mut full = vec!["--dossier", ex.as_str(), "--as-of", "2026-11-23"];
    full.extend_from_slice(args);
    let out = Command::new(env!("CARGO_BIN_EXE_kmi"))
        .args(&full)
        .env_remove("KMI_FORMAT")
        .env_remove("KMI_LANG")
        .env("NO_COLOR", "1")
        .output()
        .expect("kmi runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

#[test]
fn dutch_snapshots() {
    for (name, args) in [
        ("check", vec!["check"]),
        ("deadlines", vec!["deadlines", "--hide-upcoming"]),
        ("trace", vec!["trace", "jbn/2024-11-recertification/f1"]),
        (
            "trace-decision",
            vec!["trace", "--decision", "jbn/2024-12-17-bridging"],
        ),
        ("register", vec!["register"]),
        ("consistency", vec!["consistency", "--norm", "C.1.1"]),
        ("rules", vec!["rules"]),
    ] {
        let mut full = vec!["--lang", "nl"];
        full.extend(args);
        let (_, out) = kmi(&full);
        insta::assert_snapshot!(format!("nl-{name}"), out);
    }
}

#[test]
fn dutch_terms_are_used() {
    let (_, out) = kmi(&["--lang", "nl", "check"]);
    assert!(
        out.contains("plan van aanpak uiterlijk 2025-03-21 (rapport 2025-02-21 + 4 weken)"),
        "{out}"
    );
    assert!(out.contains("fouten en 3 waarschuwingen gevonden"), "{out}");
    let (_, out) = kmi(&["--lang", "nl", "--format", "markdown", "register"]);
    assert!(out.contains("niet onder accreditatie"));
    let (_, out) = kmi(&[
        "--lang",
        "nl",
        "trace",
        "--decision",
        "jbn/2024-12-17-bridging",
    ]);
    assert!(out.contains("overbruggingscertificaat"));
}

fn shape(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), shape(v))).collect(),
        serde_json::Value::Array(a) => a.iter().map(shape).collect(),
        _ => serde_json::Value::Null,
    }
}

#[test]
fn the_json_contracts_keep_their_shape_in_dutch() {
    for args in [
        vec!["check"],
        vec!["deadlines"],
        vec!["register"],
        vec!["trace", "jbn"],
    ] {
        let mut en = vec!["--format", "json"];
        en.extend(args.iter().copied());
        let mut nl = vec!["--lang", "nl", "--format", "json"];
        nl.extend(args.iter().copied());
        let (_, a) = kmi(&en);
        let (_, b) = kmi(&nl);
        let a: serde_json::Value = serde_json::from_str(&a).unwrap();
        let b: serde_json::Value = serde_json::from_str(&b).unwrap();
        assert_eq!(shape(&a), shape(&b), "{args:?}");
    }
    let (_, nl) = kmi(&["--lang", "nl", "--format", "json", "check"]);
    assert!(nl.contains("\"rule\": \"plan-deadline\""));
    assert!(nl.contains("plan van aanpak"));
}

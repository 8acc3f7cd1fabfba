//! `kmi trace` on the example dossier: every format snapshotted, gaps shown,
//! names redacted on request.

use std::process::Command;

const AS_OF: &str = "2026-11-23";

fn kmi(args: &[&str]) -> (i32, String, String) {
    let ex = format!("{}/examples/dossier", env!("CARGO_MANIFEST_DIR"));
    let mut full = vec!["--dossier", ex.as_str(), "--as-of", AS_OF];
    full.extend_from_slice(args);
    let out = Command::new(env!("CARGO_BIN_EXE_kmi"))
        .args(&full)
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

#[test]
fn one_finding_in_every_format() {
    for format in ["human", "json", "markdown", "html"] {
        let (code, out, err) = kmi(&[
            "--format",
            format,
            "trace",
            "jbn/2024-11-recertification/f1",
        ]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("trace-finding-{format}"), out);
    }
}

#[test]
fn a_whole_institution_and_a_decision() {
    let (code, out, _) = kmi(&["trace", "zuidrand"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("trace-institution-zuidrand", out);
    let (code, out, _) = kmi(&["trace", "--decision", "jbn/2024-12-17-bridging"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("trace-decision-bridging", out);
}

#[test]
fn gaps_are_shown_not_hidden() {
    // The example's deliberate problems: a finding without rationale and a
    // closure without effectiveness.
    let (_, out, _) = kmi(&["trace", "zuidrand/2025-06-control/f1"]);
    assert!(out.contains("⚠ GAP: no rationale"), "{out}");
    let (_, out, _) = kmi(&["trace", "jbra/2021-03-control/f1"]);
    assert!(out.contains("NOT judged effective"), "{out}");
    assert!(
        out.contains("⚠ GAP: closed by 2022-03-control without the measures judged effective"),
        "{out}"
    );
}

#[test]
fn redact_replaces_every_name_by_its_id() {
    let people = std::fs::read_dir(format!(
        "{}/examples/dossier/people",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let names: Vec<String> = people
        .map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            let v: toml::Table = toml::from_str(&text).unwrap();
            v["name"].as_str().unwrap().to_owned()
        })
        .collect();
    for format in ["human", "json", "markdown", "html"] {
        for target in [
            vec!["trace", "jbn"],
            vec!["trace", "--decision", "jbn/2024-12-17-bridging"],
        ] {
            let mut args = vec!["--format", format];
            args.extend(target.iter().copied());
            args.push("--redact");
            let (code, out, _) = kmi(&args);
            assert_eq!(code, 0);
            for n in &names {
                assert!(!out.contains(n.as_str()), "{n} in {format} {target:?}");
            }
            assert!(out.contains("dirk-de-vries") || out.contains("ineke-van-dam"));
        }
    }
}

#[test]
fn unknown_targets_exit_2_with_a_suggestion() {
    let (code, _, err) = kmi(&["trace", "jbm"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `jbn`?"), "{err}");
    let (code, _, err) = kmi(&["trace", "jbn/2024-11-recertification/f9"]);
    assert_eq!(code, 2);
    assert!(err.contains("no finding `f9`"), "{err}");
    let (code, _, _) = kmi(&["trace"]);
    assert_eq!(code, 2);
    let (code, _, err) = kmi(&["--format", "ics", "trace", "jbn"]);
    assert_eq!(code, 2, "{err}");
}

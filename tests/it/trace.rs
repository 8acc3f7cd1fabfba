//! `kmi trace` on the example dossier: every format snapshotted, gaps shown,
//! names redacted on request.

use crate::util::{self, example_str};

const AS_OF: &str = "2026-11-23";

fn kmi(args: &[&str]) -> (i32, String, String) {
    let ex = example_str();
    let mut full = vec!["--dossier", ex.as_str(), "--as-of", AS_OF];
    full.extend_from_slice(args);
    util::kmi(&full).parts()
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
    assert!(
        out.contains("⚠ GAP: non-critical finding without a rationale: why this class here [finding-rationale]"),
        "{out}"
    );
    let (_, out, _) = kmi(&["trace", "jbra/2021-03-control/f1"]);
    assert!(out.contains("NOT judged effective"), "{out}");
    assert!(
        out.contains("⚠ GAP: closes 2021-03-control/f1 although its measures were not judged effective [closed-unverified]"),
        "{out}"
    );
}

/// A trace's gaps are `check`'s own judgments: every diagnostic `check`
/// gives about a finding (at the finding, or naming it) is a gap of its
/// trace, with the same message, and the trace adds no judgment of its own
/// beyond "no decision rests on this audit".
#[test]
fn trace_gaps_are_the_judgments_of_check() {
    let (_, check, _) = kmi(&["--format", "json", "check"]);
    let check: serde_json::Value = serde_json::from_str(&check).unwrap();
    let (_, trace, _) = kmi(&["--format", "json", "trace", "zuidrand"]);
    let trace: serde_json::Value = serde_json::from_str(&trace).unwrap();
    let mut compared = 0;
    for f in trace["findings"].as_array().unwrap() {
        let subject = f["subject"].as_str().unwrap();
        let expected: Vec<String> = check["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["institution"] == "zuidrand" && d["subject"] == subject)
            .map(|d| {
                format!(
                    "{} [{}]",
                    d["message"].as_str().unwrap(),
                    d["rule"].as_str().unwrap()
                )
            })
            .collect();
        let gaps: Vec<String> = f["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| !g["rule"].is_null())
            .map(|g| {
                format!(
                    "{} [{}]",
                    g["message"].as_str().unwrap(),
                    g["rule"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(gaps, expected, "{subject}");
        compared += expected.len();
    }
    assert!(compared > 0, "zuidrand keeps a finding without rationale");
}

/// The JSON trace carries ids and fields, not display strings: people by
/// id, the closure as data, the certificate the finding's decisions issued.
#[test]
fn json_trace_has_ids_and_fields() {
    let (_, out, _) = kmi(&[
        "--format",
        "json",
        "trace",
        "jbn/2024-11-recertification/f1",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["audit"]["lead"], "dewi-visser", "{f}");
    assert_eq!(f["closure"]["state"], "closed", "{f}");
    assert_eq!(f["closure"]["by"], "2025-02-verification", "{f}");
    assert_eq!(f["closure"]["effective"], true, "{f}");
    assert_eq!(f["decisions"][0]["by"], "dirk-de-vries", "{f}");
    // Its decision issued the bridging certificate, not today's regular one.
    assert_eq!(f["certificate"]["kind"], "bridging", "{f}");
    assert_eq!(f["certificate"]["decision"], "2024-12-17-bridging", "{f}");
    // Dutch never doubles the word: "voorlopig certificaat", not "… certificaat certificaat".
    let (_, nl, _) = kmi(&["--lang", "nl", "trace", "jbn"]);
    assert!(!nl.contains("certificaat certificaat"), "{nl}");
    assert!(nl.contains("samenvatting"), "{nl}");
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

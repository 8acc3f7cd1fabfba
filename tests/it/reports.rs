//! `kmi register` and `kmi consistency`: snapshots, and the promise that the
//! public register carries nothing confidential.

use crate::util::{self, example};
use std::path::Path;

fn kmi(dossier: &Path, args: &[&str]) -> (i32, String, String) {
    let mut full = vec!["--dossier", dossier.to_str().expect("a UTF-8 path")];
    full.extend_from_slice(args);
    util::kmi(&full).parts()
}

fn write(dir: &Path, files: &[(&str, String)]) {
    for (rel, text) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[test]
fn register_in_every_format() {
    for format in ["human", "markdown", "csv", "json", "html"] {
        let (code, out, err) = kmi(
            &example(),
            &["--as-of", "2026-11-23", "--format", format, "register"],
        );
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("register-{format}"), out);
    }
    let (_, out, _) = kmi(
        &example(),
        &["--as-of", "2019-05-01", "--format", "json", "register"],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["applicants"][0]["institution"], "nieuwe-start");
}

/// Every free-text field and every person's name holds a unique marker; none
/// may reach the register in any format.
#[test]
fn the_register_never_shows_findings_or_people() {
    let dir = tempfile::tempdir().unwrap();
    let person = |m: &str| {
        format!(
            "name = \"PERSON-{m}\"\nroles = [\"lead-auditor\", \"expert\", \"decision-maker\"]\nqualified = 2016-03-01\nvog = [2024-03-28]\nexpertise = [2025-01-15]\n"
        )
    };
    write(
        dir.path(),
        &[
            ("kmi.toml", "[dossier]\nname = \"markers\"\n".to_owned()),
            ("people/anna.toml", person("ANNA")),
            ("people/bram.toml", person("BRAM")),
            ("people/dirk.toml", person("DIRK")),
            ("institutions/gi/institution.toml", "name = \"GI\"\napplied = 2024-01-01\n".to_owned()),
            ("institutions/gj/institution.toml", "name = \"GJ\"\napplied = 2025-01-01\n".to_owned()),
            (
                "institutions/gi/audits/2025-05-initial.toml",
                "kind = \"initial\"\ndays = [2025-05-08]\nreport = 2025-05-20\nlead = \"anna\"\nexperts = [\"bram\"]\nscope = \"SCOPE-MARKER\"\npilots = [\"PILOT-MARKER\"]\n\n[[finding]]\nid = \"f1\"\nnorm = \"4.2\"\nclass = \"critical\"\nsummary = \"SUMMARY-MARKER\"\nrationale = \"RATIONALE-MARKER\"\ncontext = [\"staff-shortage\"]\n\n[finding.plan]\nreceived = 2025-06-01\n".to_owned(),
            ),
            (
                "institutions/gi/decisions/2025-06-01-grant.toml",
                "date = 2025-06-01\noutcome = \"grant\"\nby = \"dirk\"\naudits = [\"2025-05-initial\"]\nchecklist = true\nconsiderations = \"CONSIDERATIONS-MARKER\"\n\n[[open_finding]]\nfinding = \"2025-05-initial/f1\"\nwhy = \"WHY-MARKER\"\n".to_owned(),
            ),
        ],
    );
    for format in ["human", "markdown", "csv", "json", "html"] {
        let (code, out, err) = kmi(
            dir.path(),
            &["--as-of", "2026-01-01", "--format", format, "register"],
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("GI") && out.contains("GJ"), "{out}");
        for marker in [
            "PERSON",
            "SCOPE",
            "PILOT",
            "SUMMARY",
            "RATIONALE",
            "CONSIDERATIONS",
            "WHY",
            "anna",
            "bram",
            "dirk",
            "f1",
            "staff-shortage",
            "2025-05-initial",
        ] {
            assert!(
                !out.contains(marker),
                "`{marker}` in the {format} register:\n{out}"
            );
        }
    }
}

#[test]
fn consistency_flags_equal_context_with_different_classes() {
    let dir = tempfile::tempdir().unwrap();
    let person = "name = \"P\"\nroles = [\"lead-auditor\", \"expert\"]\nqualified = 2016-03-01\nvog = [2024-03-28]\nexpertise = [2025-01-15]\n".to_owned();
    let audit = |class: &str, ctx: &str| {
        format!(
            "kind = \"initial\"\ndays = [2025-05-08]\nlead = \"anna\"\nexperts = [\"bram\"]\nscope = \"all\"\n\n[[finding]]\nid = \"f1\"\nnorm = \"4.2\"\nclass = \"{class}\"\nsummary = \"Families not seen within five days.\"\nrationale = \"r\"\ncontext = [{ctx}]\n"
        )
    };
    write(
        dir.path(),
        &[
            ("kmi.toml", "[dossier]\nname = \"c\"\n".to_owned()),
            ("people/anna.toml", person.clone()),
            ("people/bram.toml", person),
            (
                "institutions/a/institution.toml",
                "name = \"A\"\n".to_owned(),
            ),
            (
                "institutions/b/institution.toml",
                "name = \"B\"\n".to_owned(),
            ),
            (
                "institutions/c/institution.toml",
                "name = \"C\"\n".to_owned(),
            ),
            (
                "institutions/a/audits/2025-05-initial.toml",
                audit("critical", "\"impact-on-children\""),
            ),
            (
                "institutions/b/audits/2025-05-initial.toml",
                audit("non-critical", "\"impact-on-children\""),
            ),
            (
                "institutions/c/audits/2025-05-initial.toml",
                audit("remark", "\"impact-on-children\", \"action-plan\""),
            ),
        ],
    );
    let (code, out, _) = kmi(
        dir.path(),
        &["--format", "json", "consistency", "--norm", "4.2"],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let flags = v["norms"][0]["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{out}");
    assert_eq!(flags[0]["a"], "a/2025-05-initial/f1");
    assert_eq!(flags[0]["b"], "b/2025-05-initial/f1");
    let (_, out, _) = kmi(dir.path(), &["consistency", "--since", "2026-01-01"]);
    assert_eq!(out, "no findings\n");
}

#[test]
fn consistency_on_the_example() {
    for format in ["human", "markdown", "json"] {
        let (code, out, err) = kmi(
            &example(),
            &["--format", format, "consistency", "--norm", "C.1.1"],
        );
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("consistency-{format}"), out);
    }
}

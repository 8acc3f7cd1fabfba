//! The built binary on the example dossier and on broken dossiers: exit
//! codes, snapshots of the human and JSON output, and bad input of every kind.

use crate::util::{Run, check_json, dossier, example_str, kmi, kmi_in};
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-11-23";

fn diags(v: &serde_json::Value) -> Vec<(String, String, u64, u64, String)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// `kmi check --format json` on the example dossier.
fn example_json() -> Run {
    kmi(&[
        "--dossier",
        &example_str(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "check",
    ])
}

const PERSON: &[u8] = b"name = \"Anna Jansen\"\nroles = [\"lead-auditor\", \"expert\"]\nqualified = 2016-03-01\nvog = [2024-03-28]\nexpertise = [2025-01-15]\n";

#[test]
fn example_dossier_human_output() {
    let r = kmi(&["--dossier", &example_str(), "--as-of", AS_OF, "check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("example-check-human", r.stdout);
}

#[test]
fn example_dossier_json_output() {
    let r = example_json();
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["summary"]["files"].as_u64().unwrap() > 50);
    for d in v["diagnostics"].as_array().unwrap() {
        let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        // A diagnostic about an obligation carries its `deadline`.
        let obligation = matches!(
            d["rule"].as_str().unwrap(),
            "plan-deadline" | "verification-deadline" | "audit-cycle" | "progress-reports"
        );
        if obligation {
            let dl = d["deadline"].as_object().expect("a deadline field");
            let dl_keys: Vec<&str> = dl.keys().map(String::as_str).collect();
            assert_eq!(dl_keys, ["due", "kind", "met", "subject"]);
            keys.retain(|k| *k != "deadline");
        }
        assert_eq!(
            keys,
            [
                "column",
                "file",
                "institution",
                "line",
                "message",
                "rule",
                "severity",
                "subject"
            ]
        );
    }
    insta::assert_snapshot!("example-check-json", r.stdout);
}

#[test]
fn output_is_deterministic() {
    let a = example_json();
    let b = example_json();
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn dossier_is_found_upwards_like_cargo() {
    let dir = format!("{}/institutions/jbn/audits", example_str());
    let r = kmi_in(
        Path::new(&dir),
        &["--as-of", AS_OF, "--format", "json", "check"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("\"diagnostics\""));
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let d = dossier(&[
        ("people/anna-jansen.toml", PERSON),
        ("people/bram-bakker.toml", PERSON),
        ("institutions/gi/institution.toml", b"name = \"GI\"\n"),
        (
            "institutions/gi/audits/2025-05-initial.toml",
            b"kind = \"initial\"\ndays = [2025-05-08]\nlead = \"anna-jansen\"\nexperts = [\"bram-bakker\"]\n",
        ),
    ]);
    let (code, v) = check_json(d.path(), AS_OF);
    assert_eq!(
        diags(&v).iter().map(|d| d.0.as_str()).collect::<Vec<_>>(),
        ["scope"]
    );
    assert_eq!(code, 0);
    let r = kmi(&[
        "--dossier",
        d.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "check",
        "--deny-warnings",
    ]);
    assert_eq!(r.code, 1);
}

#[test]
fn rule_severity_from_kmi_toml() {
    let d = dossier(&[
        ("kmi.toml", b"[dossier]\nname = \"t\"\n[rules]\nscope = \"off\"\nscop = \"off\"\n"),
        ("people/anna-jansen.toml", PERSON),
        ("people/bram-bakker.toml", PERSON),
        ("institutions/gi/institution.toml", b"name = \"GI\"\n"),
        (
            "institutions/gi/audits/2025-05-initial.toml",
            b"kind = \"initial\"\ndays = [2025-05-08]\nlead = \"anna-jansen\"\nexperts = [\"bram-bakker\"]\n",
        ),
    ]);
    let (code, v) = check_json(d.path(), AS_OF);
    let ds = diags(&v);
    assert_eq!(code, 1);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0].0, "schema");
    assert!(ds[0].4.contains("`scop`"), "{ds:?}");
}

#[test]
fn broken_toml_reports_every_syntax_error_with_its_place() {
    let d = dossier(&[(
        "people/a.toml",
        b"name = \"A\"\nroles = [\"expert\"\nqualified = 2016-13-01\n",
    )]);
    let (code, v) = check_json(d.path(), AS_OF);
    assert_eq!(code, 1);
    let ds = diags(&v);
    assert!(!ds.is_empty());
    assert!(
        ds.iter().all(|d| d.0 == "parse" && d.1 == "people/a.toml"),
        "{ds:?}"
    );
    assert!(ds.iter().all(|d| d.2 >= 2), "{ds:?}");
}

#[test]
fn schema_problems_are_all_reported_with_did_you_mean() {
    let d = dossier(&[(
        "people/a.toml",
        b"name = 12\nroles = [\"lead-auditr\"]\nqualifed = 2016-03-01\nvog = \"2019-04-02\"\n",
    )]);
    let (code, v) = check_json(d.path(), AS_OF);
    assert_eq!(code, 1);
    let r = kmi(&[
        "--dossier",
        d.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "check",
    ]);
    insta::assert_snapshot!(
        "schema-problems",
        r.stdout.replace(d.path().to_str().unwrap(), "<tmp>")
    );
    let ds = diags(&v);
    assert_eq!(ds.len(), 4, "{ds:?}");
    assert!(ds.iter().all(|d| d.0 == "schema"));
    let lines: Vec<u64> = ds.iter().map(|d| d.2).collect();
    assert_eq!(lines, [1, 2, 3, 4]);
}

#[test]
fn missing_required_keys_point_at_the_table() {
    let d = dossier(&[
        ("people/anna-jansen.toml", PERSON),
        ("institutions/gi/institution.toml", b"name = \"GI\"\n"),
        (
            "institutions/gi/audits/a.toml",
            b"kind = \"initial\"\ndays = [2025-05-08]\nlead = \"anna-jansen\"\nexperts = [\"anna-jansen\"]\nscope = \"all\"\n\n[[finding]]\nid = \"f1\"\nnorm = \"4.2\"\n",
        ),
    ]);
    let (_, v) = check_json(d.path(), AS_OF);
    let ds = diags(&v);
    let schema: Vec<_> = ds.iter().filter(|d| d.0 == "schema").collect();
    assert_eq!(schema.len(), 2, "{ds:?}");
    assert!(schema.iter().all(|d| d.2 == 7), "{ds:?}");
    assert!(
        schema[0]
            .4
            .contains("[[finding]] is missing the required key")
    );
}

#[test]
fn empty_file_is_missing_its_keys() {
    let d = dossier(&[("people/a.toml", b"")]);
    let (_, v) = check_json(d.path(), AS_OF);
    let ds = diags(&v);
    assert_eq!(ds.len(), 2, "{ds:?}");
    assert!(ds.iter().all(|d| d.0 == "schema" && d.2 == 1 && d.3 == 1));
}

#[test]
fn non_utf8_and_binary_files() {
    let d = dossier(&[
        ("people/a.toml", b"name = \"Ann\xe9\"\nroles = []\n"),
        ("people/b.toml", b"\x00\x01\x02\x7fELF\x00\x00"),
    ]);
    let (code, v) = check_json(d.path(), AS_OF);
    assert_eq!(code, 1);
    let ds = diags(&v);
    assert_eq!(ds[0].0, "parse");
    assert_eq!((ds[0].2, ds[0].3), (1, 12));
    assert!(ds[0].4.contains("not UTF-8"));
    assert!(
        ds.iter().any(|d| d.1 == "people/b.toml" && d.0 == "parse"),
        "{ds:?}"
    );
}

#[test]
fn directory_named_like_a_record_and_oversized_file() {
    let big = vec![b'#'; 2 * 1024 * 1024];
    let d = dossier(&[("people/huge.toml", &big), ("people/dir.toml/x", b"")]);
    let (code, v) = check_json(d.path(), AS_OF);
    assert_eq!(code, 1);
    let ds = diags(&v);
    assert!(
        ds.iter()
            .any(|d| d.0 == "io" && d.1 == "people/dir.toml" && d.4.contains("directory")),
        "{ds:?}"
    );
    assert!(
        ds.iter()
            .any(|d| d.0 == "io" && d.1 == "people/huge.toml" && d.4.contains("limit")),
        "{ds:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_out_of_the_dossier_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.toml");
    std::fs::write(&secret, PERSON).unwrap();
    let d = dossier(&[]);
    std::fs::create_dir_all(d.path().join("people")).unwrap();
    std::os::unix::fs::symlink(&secret, d.path().join("people/x.toml")).unwrap();
    let (code, v) = check_json(d.path(), AS_OF);
    assert_eq!(code, 1);
    let ds = diags(&v);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0].0, "io");
    assert!(ds[0].4.contains("symbolic link; not followed"), "{ds:?}");
}

#[test]
fn bad_file_names_and_places() {
    let d = dossier(&[
        ("people/Anna Jansen.toml", PERSON),
        ("institutions/gi/institution.toml", b"name = \"GI\"\n"),
        ("institutions/gi/audit/a.toml", b""),
        (
            "institutions/gi/progress/2025-13.toml",
            b"received = 2025-02-05\n",
        ),
        ("institutions/other/decisions/x.toml", b""),
    ]);
    let (_, v) = check_json(d.path(), AS_OF);
    let ds = diags(&v);
    let mut files: Vec<&str> = ds.iter().map(|d| d.1.as_str()).collect();
    files.dedup();
    assert_eq!(
        files,
        [
            "institutions/gi/audit",
            "institutions/gi/progress/2025-13.toml",
            "institutions/other/decisions/x.toml",
            "institutions/other/institution.toml",
            "people/Anna Jansen.toml"
        ],
        "{ds:?}"
    );
}

#[test]
fn cannot_run_exits_2_with_one_line() {
    let empty = tempfile::tempdir().unwrap();
    let r = kmi(&["--dossier", empty.path().to_str().unwrap(), "check"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("no kmi.toml"));

    let r = kmi_in(empty.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no dossier found"));

    let r = kmi(&["--as-of", "2025-02-30", "check"]);
    assert_eq!(r.code, 2);

    let r = kmi(&["rules", "plan-deadlin"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `plan-deadline`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn rules_list_and_page() {
    let r = kmi(&["rules"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("rules-list", r.stdout);
    let r = kmi(&["rules", "plan-deadline"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("# `plan-deadline`"));
}

#[test]
fn schema_command_prints_the_committed_schemas() {
    let r = kmi(&["schema", "audit"]);
    assert_eq!(r.code, 0);
    let committed = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/audit.schema.json"),
    )
    .unwrap();
    assert_eq!(r.stdout, committed);
    let r = kmi(&["schema"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v.as_object().unwrap().len(), 7);
}

#[test]
fn read_commands_never_write() {
    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .map(|e| {
                let bytes = if e.file_type().is_file() {
                    std::fs::read(e.path()).unwrap()
                } else {
                    Vec::new()
                };
                (e.path().to_path_buf(), bytes)
            })
            .collect();
        out.sort();
        out
    }
    let before = snapshot(Path::new(&example_str()));
    // Every read command, in every format it has.
    for args in [
        vec!["check"],
        vec!["check", "--deny-warnings"],
        vec!["--format", "json", "check"],
        vec!["--format", "sarif", "check"],
        vec!["--format", "github", "check"],
        vec!["--format", "junit", "check"],
        vec!["--format", "gitlab", "check"],
        vec!["rules"],
        vec!["--format", "json", "rules"],
        vec!["rules", "plan-deadline"],
        vec!["--format", "json", "rules", "plan-deadline"],
        vec!["schema"],
        vec!["man"],
        vec!["completions", "bash"],
        vec!["schema", "audit"],
        vec!["deadlines"],
        vec!["--format", "ics", "deadlines"],
        vec!["--format", "csv", "deadlines"],
        vec!["--format", "yaml", "deadlines"],
        vec!["trace", "jbn"],
        vec!["--format", "html", "trace", "jbn"],
        vec![
            "--format",
            "markdown",
            "trace",
            "--decision",
            "jbn/2024-12-17-bridging",
        ],
        vec!["register"],
        vec!["--format", "html", "register"],
        vec!["consistency"],
        vec!["diff", "jbn", "2024-11-recertification", "2025-05-initial"],
        vec!["--lang", "nl", "check"],
    ] {
        let mut full = vec![
            "--dossier",
            &*Box::leak(example_str().into_boxed_str()),
            "--as-of",
            AS_OF,
        ];
        full.extend(args);
        kmi(&full);
    }
    assert!(
        before == snapshot(Path::new(&example_str())),
        "a read command changed the dossier"
    );
}

#[test]
fn a_dossier_scheme_file_changes_a_clock_and_adds_a_catalogue() {
    let audit = b"kind = \"initial\"\ndays = [2025-05-08]\nreport = 2025-06-02\nlead = \"anna-jansen\"\nexperts = [\"bram-bakker\"]\nscope = \"all\"\n\n[[finding]]\nid = \"f1\"\nnorm = \"B.2.2\"\nclass = \"non-critical\"\nsummary = \"s\"\nrationale = \"r\"\n\n[finding.plan]\nreceived = 2025-06-20\n";
    let d = dossier(&[
        ("kmi.toml", b"[dossier]\nname = \"t\"\nscheme = \"scheme.toml\"\n"),
        (
            "scheme.toml",
            b"extends = \"jbjr\"\n[clocks]\nplan_days = 14\n[[norm]]\nid = \"B.2.1\"\ntitle = \"Caseload\"\ncategory = \"B\"\n[[norm]]\nid = \"C.1.1\"\ntitle = \"Method\"\ncategory = \"X\"\n",
        ),
        ("people/anna-jansen.toml", PERSON),
        ("people/bram-bakker.toml", PERSON),
        ("institutions/gi/institution.toml", b"name = \"GI\"\n"),
        ("institutions/gi/audits/2025-05-initial.toml", audit),
    ]);
    let (code, v) = check_json(d.path(), AS_OF);
    assert_eq!(code, 1);
    let ds = diags(&v);
    let got: Vec<(&str, &str)> = ds.iter().map(|d| (d.0.as_str(), d.4.as_str())).collect();
    assert_eq!(
        got,
        [
            (
                "unknown-reference",
                "norm B.2.2 is not in the scheme's catalogue"
            ),
            (
                "plan-deadline",
                "plan of action due 2025-06-16 (report 2025-06-02 + 2 weeks), received 2025-06-20: 4 days late"
            ),
            (
                "unknown-reference",
                "norm C.1.1 names category `X`, which the scheme does not have (A, B, C, D, E)"
            ),
        ],
        "{ds:?}"
    );
}

#[test]
fn a_finding_cannot_be_closed_by_its_own_audit() {
    let audit = b"kind = \"initial\"\ndays = [2025-05-08]\nreport = 2025-06-02\nlead = \"anna-jansen\"\nexperts = [\"bram-bakker\"]\nscope = \"all\"\n\n[[finding]]\nid = \"f1\"\nnorm = \"4.2\"\nclass = \"critical\"\nsummary = \"s\"\nrationale = \"r\"\n\n[finding.plan]\nreceived = 2025-06-20\n\n[[follow_up]]\nfinding = \"2025-05-initial/f1\"\nimplemented = true\neffective = true\nclosed = true\n";
    let d = dossier(&[
        ("people/anna-jansen.toml", PERSON),
        ("people/bram-bakker.toml", PERSON),
        ("institutions/gi/institution.toml", b"name = \"GI\"\n"),
        ("institutions/gi/audits/2025-05-initial.toml", audit),
    ]);
    let (_, v) = check_json(d.path(), AS_OF);
    let rules: Vec<String> = diags(&v).into_iter().map(|d| d.0).collect();
    assert_eq!(rules, ["verification-deadline", "date-order"], "{v}");
}

// ------------------------------------------------------------ init and new

fn kmi_at(dir: &Path, args: &[&str]) -> Run {
    let mut full = vec!["--as-of", "2025-06-30"];
    full.extend_from_slice(args);
    kmi_in(dir, &full)
}

/// The diagnostics of rules io, parse and schema: a generated record must have none.
fn format_problems(dir: &Path) -> Vec<(String, String, u64, u64, String)> {
    let (_, v) = check_json(dir, AS_OF);
    diags(&v)
        .into_iter()
        .filter(|d| matches!(d.0.as_str(), "io" | "parse" | "schema"))
        .collect()
}

#[test]
fn init_makes_a_dossier_that_checks_clean_with_a_first_commit() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("dossier");
    let r = kmi_in(parent.path(), &["init", "dossier"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("created a new dossier"), "{}", r.stderr);
    let r = kmi_in(&dir, &["--as-of", AS_OF, "check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("no problems found"), "{}", r.stdout);

    let repo = git2::Repository::open(&dir).expect("a git repository");
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.parent_count(), 0);
    let tree = head.tree().unwrap();
    for path in [
        "kmi.toml",
        "README.md",
        ".pre-commit-config.yaml",
        "people/.gitkeep",
        "institutions/.gitkeep",
    ] {
        assert!(
            tree.get_path(Path::new(path)).is_ok(),
            "{path} is not committed"
        );
    }
    assert!(repo.statuses(None).unwrap().is_empty(), "all committed");
    let hook = std::fs::read_to_string(dir.join(".pre-commit-config.yaml")).unwrap();
    for line in [
        "repo: local",
        "entry: kmi check",
        "language: system",
        "pass_filenames: false",
    ] {
        assert!(hook.contains(line), "{hook}");
    }
}

#[test]
fn init_refuses_a_non_empty_directory_and_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
    let r = kmi_in(dir.path(), &["init"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not empty"), "{}", r.stderr);
    assert!(r.stderr.contains("notes.txt"), "{}", r.stderr);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["notes.txt"], "init wrote nothing");

    let r = kmi_in(dir.path(), &["init", "notes.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a directory"), "{}", r.stderr);
}

#[test]
fn every_generated_record_passes_the_schema() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("d");
    assert_eq!(kmi_in(parent.path(), &["init", "--no-git", "d"]).code, 0);
    assert!(!dir.join(".git").exists());
    let steps: &[&[&str]] = &[
        &["new", "person", "anna-jansen", "--role", "lead-auditor"],
        &[
            "new",
            "person",
            "bram-bakker",
            "--name",
            "Bram \"B\" Bakker",
            "--role",
            "expert",
        ],
        &["new", "person", "dirk-de-vries", "--role", "decision-maker"],
        &[
            "new",
            "institution",
            "gi",
            "--name",
            "Jeugdbescherming Noord",
            "--measure",
            "child-protection",
            "--applied",
            "2025-01-02",
        ],
        &["new", "institution", "applicant"],
        &[
            "new",
            "audit",
            "gi",
            "2025-05-initial",
            "--day",
            "2025-05-08",
            "--day",
            "2025-05-14",
            "--lead",
            "anna-jansen",
            "--expert",
            "bram-bakker",
        ],
        &[
            "new",
            "audit",
            "gi",
            "2025-06-x",
            "--kind",
            "extra",
            "--lead",
            "anna-jansen",
        ],
        &[
            "new",
            "finding",
            "gi",
            "2025-05-initial",
            "--norm",
            "4.2",
            "--class",
            "critical",
        ],
        &[
            "new",
            "finding",
            "gi",
            "2025-05-initial",
            "--norm",
            "D.5.3",
            "--class",
            "remark",
            "--summary",
            "A remark.",
        ],
        &[
            "new",
            "decision",
            "gi",
            "2025-06-30-provisional",
            "--by",
            "dirk-de-vries",
            "--audit",
            "2025-05-initial",
        ],
        &[
            "new",
            "decision",
            "gi",
            "2025-06-30-b",
            "--outcome",
            "refuse",
            "--by",
            "dirk-de-vries",
        ],
        &["new", "progress", "gi", "2025-01"],
    ];
    for args in steps {
        let r = kmi_at(&dir, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    // Only the TODOs the templates leave for the coordinator to write: a
    // finding's summary (no --summary) and a progress report's summary.
    let problems: Vec<(String, u64)> = format_problems(&dir)
        .into_iter()
        .map(|p| {
            assert_eq!(p.0, "schema");
            assert_eq!(p.4, "`summary` is still the template's TODO", "{p:?}");
            (p.1, p.2)
        })
        .collect();
    assert_eq!(
        problems,
        [
            ("institutions/gi/audits/2025-05-initial.toml".to_owned(), 33),
            ("institutions/gi/progress/2025-01.toml".to_owned(), 7),
        ],
        "generated records fail the schema"
    );
    let audit =
        std::fs::read_to_string(dir.join("institutions/gi/audits/2025-05-initial.toml")).unwrap();
    assert!(
        audit.contains("id = \"f1\"") && audit.contains("id = \"f2\""),
        "{audit}"
    );
    assert!(audit.contains("days = [2025-05-08, 2025-05-14]"), "{audit}");
    let decision =
        std::fs::read_to_string(dir.join("institutions/gi/decisions/2025-06-30-provisional.toml"))
            .unwrap();
    assert!(decision.contains("date = 2025-06-30"), "{decision}");
    assert!(decision.contains("outcome = \"provisional\""), "{decision}");
    let leftovers: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn new_never_overwrites_a_record() {
    let d = dossier(&[("people/anna-jansen.toml", PERSON)]);
    let r = kmi_at(d.path(), &["new", "person", "anna-jansen"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("exists already"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(d.path().join("people/anna-jansen.toml")).unwrap(),
        PERSON
    );
}

#[test]
fn new_checks_ids_and_references() {
    let d = dossier(&[
        ("people/anna-jansen.toml", PERSON),
        ("institutions/gi/institution.toml", b"name = \"GI\"\n"),
    ]);
    let cases: &[(&[&str], &str)] = &[
        (&["new", "person", "Anna Jansen"], "e.g. `anna-jansen`"),
        (&["new", "institution", "x_y"], "not a valid institution id"),
        (
            &[
                "new",
                "audit",
                "gi",
                "2025-05-initial",
                "--lead",
                "ana-jansen",
            ],
            "did you mean `anna-jansen`?",
        ),
        (
            &["new", "audit", "gi", "2025-05", "--lead", "anna-jansen"],
            "give --kind",
        ),
        (
            &[
                "new",
                "audit",
                "gj",
                "2025-05-initial",
                "--lead",
                "anna-jansen",
            ],
            "did you mean `gi`?",
        ),
        (&["new", "progress", "gi", "2025-13"], "not a month"),
        (
            &[
                "new",
                "finding",
                "gi",
                "2025-05-initial",
                "--norm",
                "4.2",
                "--class",
                "remark",
            ],
            "no audit",
        ),
        (
            &[
                "new",
                "decision",
                "gi",
                "x-grant",
                "--by",
                "anna-jansen",
                "--audit",
                "nope",
            ],
            "no audit `nope`",
        ),
        (
            &[
                "new",
                "audit",
                "gi",
                "a-initial",
                "--lead",
                "anna-jansen",
                "--kind",
                "initiall",
            ],
            "initial",
        ),
    ];
    for (args, expected) in cases {
        let r = kmi_at(d.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{args:?}: {}", r.stderr);
    }
    // Nothing was written by any of them.
    let files: Vec<String> = walkdir::WalkDir::new(d.path())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(d.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
}

#[test]
fn new_finding_keeps_the_audit_as_written() {
    let d = dossier(&[]);
    let src = PathBuf::from(example_str());
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let to = d.path().join(entry.path().strip_prefix(&src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let rel = "institutions/jbn/audits/2024-11-recertification.toml";
    let before = std::fs::read_to_string(d.path().join(rel)).unwrap();
    let r = kmi_at(
        d.path(),
        &[
            "new",
            "finding",
            "jbn",
            "2024-11-recertification",
            "--norm",
            "C.1.1",
            "--class",
            "non-critical",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("2024-11-recertification/f4"),
        "{}",
        r.stderr
    );
    let after = std::fs::read_to_string(d.path().join(rel)).unwrap();
    // The new finding is one block inserted after f3's plan; all else is as it was.
    let start = after.find("\n# Finding f4").expect("the new finding");
    let end = after.find("[[follow_up]]").unwrap();
    assert!(start < end);
    let block = &after[start..end];
    assert_eq!(after.replacen(block, "\n", 1), before);
    assert!(block.contains("[[finding]]\nid = \"f4\""), "{block}");
    // Its one problem: the summary it leaves to write (no --summary).
    let problems: Vec<_> = format_problems(d.path())
        .into_iter()
        .filter(|p| p.1 == rel)
        .map(|p| p.4)
        .collect();
    assert_eq!(problems, ["`summary` is still the template's TODO"]);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_reported_not_read() {
    let d = dossier(&[]);
    std::fs::create_dir_all(d.path().join("people")).unwrap();
    let fifo = d.path().join("people/pipe.toml");
    let status = Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        return; // no mkfifo on this system
    }
    let (code, v) = check_json(d.path(), AS_OF);
    assert_eq!(code, 1);
    let ds = diags(&v);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0].0, "io");
    assert!(ds[0].4.contains("not a regular file"), "{ds:?}");
}

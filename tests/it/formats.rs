//! The CI formats of `kmi check` (sarif, github, junit, gitlab) on the
//! example dossier and on broken ones: snapshots, validity (SARIF against
//! the official schema, JUnit with an XML parser), the pipelines of
//! docs/ci.md and the pre-commit hook run as documented, `KMI_FORMAT`,
//! completions and the man page.

use crate::util::{Run, dossier, example_str, kmi, kmi_env, repo};
use std::collections::BTreeSet;
use std::path::Path;

const AS_OF: &str = "2026-11-23";
const FORMATS: [&str; 6] = ["human", "json", "sarif", "github", "junit", "gitlab"];

/// `kmi check --format <format>` on the example dossier.
fn example_check(format: &str) -> Run {
    kmi(&[
        "--dossier",
        &example_str(),
        "--as-of",
        AS_OF,
        "--format",
        format,
        "check",
    ])
}

fn check_in(dir: &Path, format: &str) -> Run {
    kmi(&[
        "--dossier",
        dir.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        format,
        "check",
    ])
}

/// A dossier with problems of every kind a loader finds, and file names
/// that need escaping in every format.
fn broken_dossier() -> tempfile::TempDir {
    dossier(&[
        ("people/Anna Jansen.toml", b"name = \"A\"\nroles = []\n"),
        ("people/a,b%c.toml", b"name = \"B\"\nroles = []\n"),
        ("people/bad.toml", b"name = \"Ann\xe9\"\nroles = []\n"),
        ("people/bin.toml", b"\x00\x01\x02\x7fELF\x00\x00"),
        ("people/empty.toml", b""),
        ("people/syntax.toml", b"name = \"A\"\nroles = [\"expert\"\n"),
        (
            "people/typo.toml",
            b"name = \"A\"\nroles = [\"exprt\"]\nqualifed = 2016-03-01\n",
        ),
        ("institutions/gi/audits/a.toml", b"kind = \"initial\"\n"),
    ])
}

fn sarif_validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(repo().join("tests/data/sarif/sarif-schema-2.1.0.json")).unwrap();
    // The official schema's pattern for `language` has a stray `]`, which
    // ECMAScript reads as a literal `]` (Annex B) but the jsonschema crate
    // rejects while checking the schema itself. Escaping it keeps the
    // pattern's meaning; kmi's output has no `language` anyway.
    let stray = r#"-[a-zA-Z]{2}]?$"#;
    assert_eq!(
        text.matches(stray).count(),
        2,
        "the schema changed: see this comment"
    );
    let text = text.replace(stray, r#"-[a-zA-Z]{2}\\]?$"#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// Parse and validate SARIF output against the official 2.1.0 schema.
fn valid_sarif(text: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(text).expect("SARIF is JSON");
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    v
}

/// Parse JUnit XML; returns (suite names, failures, passing cases).
fn parse_junit(text: &str) -> (Vec<String>, usize, usize) {
    let doc = roxmltree::Document::parse(text).expect("JUnit XML parses");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<String> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|n| n.attribute("name").unwrap().to_owned())
        .collect();
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    for suite in root.children().filter(|n| n.has_tag_name("testsuite")) {
        let names: Vec<&str> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .map(|n| n.attribute("name").unwrap())
            .collect();
        let unique: BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "case names repeat: {names:?}");
    }
    let failures = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .count();
    assert_eq!(
        root.attribute("failures").unwrap(),
        failures.to_string(),
        "the failure count matches the cases"
    );
    (suites, failures, cases.len() - failures)
}

/// Check a GitLab code quality report: the keys GitLab requires.
fn valid_gitlab(text: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(text).expect("code quality is JSON");
    let issues = v.as_array().expect("an array of issues").clone();
    for i in &issues {
        assert!(
            i["description"].as_str().is_some_and(|s| !s.is_empty()),
            "{i}"
        );
        assert!(i["check_name"].as_str().is_some(), "{i}");
        assert_eq!(i["fingerprint"].as_str().unwrap().len(), 64, "{i}");
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap()),
            "{i}"
        );
        assert!(i["location"]["path"].as_str().is_some(), "{i}");
        assert!(
            i["location"]["lines"]["begin"].as_u64().unwrap() >= 1,
            "{i}"
        );
    }
    let fingerprints: BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    issues
}

/// Check GitHub workflow commands: one annotation per line.
fn valid_github(text: &str) -> usize {
    for line in text.lines() {
        let (command, rest) = line
            .strip_prefix("::")
            .and_then(|l| l.split_once(' '))
            .expect("a workflow command");
        assert!(["error", "warning"].contains(&command), "{line}");
        let (props, _message) = rest.split_once("::").expect("properties::message");
        let keys: Vec<&str> = props
            .split(',')
            .map(|p| p.split_once('=').expect("key=value").0)
            .collect();
        assert!(keys.starts_with(&["file", "line", "col"]), "{line}");
        assert_eq!(keys.last(), Some(&"title"), "{line}");
    }
    text.lines().count()
}

// ---------------------------------------------------------------- snapshots

/// The CI formats; human and json are snapshotted in tests/it/cli.rs
/// (`example-check-human`, `example-check-json`) on the same dossier.
#[test]
fn every_ci_format_on_the_example_dossier() {
    for format in &FORMATS[2..] {
        let r = example_check(format);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{format}: {}", r.stderr);
        insta::assert_snapshot!(format!("example-check-{format}"), r.stdout);
    }
}

#[test]
fn every_format_is_deterministic() {
    for format in FORMATS {
        assert_eq!(
            example_check(format).stdout,
            example_check(format).stdout,
            "{format}"
        );
    }
}

#[test]
fn ci_formats_agree_with_json_on_every_problem() {
    let json: serde_json::Value = serde_json::from_str(&example_check("json").stdout).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    let n = diags.len();
    assert!(n > 0);

    let sarif = valid_sarif(&example_check("sarif").stdout);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), n);
    for (r, d) in results.iter().zip(diags) {
        assert_eq!(r["ruleId"], d["rule"]);
        assert_eq!(r["level"], d["severity"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"].as_str().unwrap(),
            format!("examples/dossier/{}", d["file"].as_str().unwrap())
        );
        assert_eq!(loc["region"]["startLine"], d["line"]);
        assert_eq!(loc["region"]["startColumn"], d["column"]);
    }

    assert_eq!(valid_github(&example_check("github").stdout), n);

    let (suites, failures, passing) = parse_junit(&example_check("junit").stdout);
    assert_eq!(failures, n);
    assert_eq!(
        suites.len() as u64,
        json["summary"]["files"].as_u64().unwrap(),
        "a suite per file read"
    );
    let files_with_problems: BTreeSet<&str> =
        diags.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(passing + files_with_problems.len(), suites.len());

    let issues = valid_gitlab(&example_check("gitlab").stdout);
    assert_eq!(issues.len(), n);
    for (i, d) in issues.iter().zip(diags) {
        assert_eq!(i["check_name"], d["rule"]);
        assert_eq!(i["location"]["lines"]["begin"], d["line"]);
    }
}

// -------------------------------------------------------------------- SARIF

#[test]
fn sarif_lists_every_rule_with_its_documentation() {
    let v = valid_sarif(&example_check("sarif").stdout);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), kmi::rules::REGISTRY.len());
    for (sarif, rule) in rules.iter().zip(kmi::rules::REGISTRY) {
        assert_eq!(sarif["id"], rule.id);
        assert_eq!(sarif["shortDescription"]["text"], rule.summary());
        assert_eq!(sarif["help"]["text"], rule.doc);
        assert_eq!(sarif["help"]["markdown"], rule.doc);
        assert_eq!(
            sarif["defaultConfiguration"]["level"],
            rule.default.as_str()
        );
    }
    for r in run["results"].as_array().unwrap() {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        assert!(r["partialFingerprints"]["kmi/v1"].is_string());
    }
    assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object());
}

#[test]
fn sarif_of_a_broken_dossier_is_valid_and_escapes_file_names() {
    let d = broken_dossier();
    let r = check_in(d.path(), "sarif");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = valid_sarif(&r.stdout);
    let uris: BTreeSet<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    // Outside the working directory, paths stay relative to the dossier root.
    assert!(uris.contains("people/Anna%20Jansen.toml"), "{uris:?}");
    assert!(uris.contains("people/a%2Cb%25c.toml"), "{uris:?}");
    assert!(uris.contains("people/bin.toml"), "{uris:?}");
}

#[test]
fn sarif_lists_the_dossiers_rule_overrides() {
    let d = dossier(&[(
        "kmi.toml",
        b"[dossier]\nname = \"t\"\n[rules]\nscope = \"off\"\nvog = \"warning\"\n",
    )]);
    let r = check_in(d.path(), "sarif");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = valid_sarif(&r.stdout);
    let overrides = v["runs"][0]["invocations"][0]["ruleConfigurationOverrides"]
        .as_array()
        .unwrap();
    let got: Vec<(&str, String)> = overrides
        .iter()
        .map(|o| {
            (
                o["descriptor"]["id"].as_str().unwrap(),
                o["configuration"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("vog", r#"{"level":"warning"}"#.to_owned()),
            ("scope", r#"{"enabled":false}"#.to_owned()),
        ]
    );
}

// ------------------------------------------------------------------- GitHub

#[test]
fn github_annotations_escape_properties_and_data() {
    let d = broken_dossier();
    let r = check_in(d.path(), "github");
    assert_eq!(r.code, 1, "{}", r.stderr);
    valid_github(&r.stdout);
    // The comma and the percent sign of the file name are escaped.
    assert!(
        r.stdout.contains("file=people/a%2Cb%25c.toml,line="),
        "{}",
        r.stdout
    );
    // Every annotation is one line: the hint's line break is escaped.
    assert!(r.stdout.contains("%0Ahelp: "), "{}", r.stdout);
    // A colon in a property is escaped; in the message it is not.
    for line in r.stdout.lines() {
        let (props, _) = line[2..].split_once("::").unwrap();
        assert!(!props.contains(':'), "{line}");
    }
}

// -------------------------------------------------------------------- JUnit

#[test]
fn junit_has_a_passing_case_when_clean() {
    let d = dossier(&[]);
    let r = check_in(d.path(), "junit");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (suites, failures, passing) = parse_junit(&r.stdout);
    assert_eq!(suites, ["kmi.toml"]);
    assert_eq!((failures, passing), (0, 1));
}

#[test]
fn junit_of_a_broken_dossier_parses() {
    let d = broken_dossier();
    let r = check_in(d.path(), "junit");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let (suites, failures, _) = parse_junit(&r.stdout);
    let json: serde_json::Value = serde_json::from_str(&check_in(d.path(), "json").stdout).unwrap();
    assert_eq!(failures, json["diagnostics"].as_array().unwrap().len());
    // Every file read is a suite, and so is a place a problem names that
    // could not be read (the missing institution.toml).
    assert!(
        suites.contains(&"people/a,b%c.toml".to_owned()),
        "{suites:?}"
    );
    assert!(
        suites.contains(&"institutions/gi/institution.toml".to_owned()),
        "{suites:?}"
    );
}

// ------------------------------------------------------------------- GitLab

#[test]
fn gitlab_fingerprints_survive_edits_elsewhere_in_the_file() {
    let audit =
        "kind = \"initial\"\ndays = [2025-05-08]\nlead = \"nobody\"\nexperts = [\"nobody-else\"]\n";
    let d = dossier(&[
        ("institutions/gi/institution.toml", b"name = \"GI\"\n"),
        (
            "institutions/gi/audits/2025-05-initial.toml",
            audit.as_bytes(),
        ),
    ]);
    let before = valid_gitlab(&check_in(d.path(), "gitlab").stdout);
    assert!(!before.is_empty());
    std::fs::write(
        d.path().join("institutions/gi/audits/2025-05-initial.toml"),
        format!("# moved down\n\n{audit}"),
    )
    .unwrap();
    let after = valid_gitlab(&check_in(d.path(), "gitlab").stdout);
    let key = |v: &[serde_json::Value]| -> Vec<(String, u64)> {
        v.iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_owned(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let (before, after) = (key(&before), key(&after));
    assert_eq!(before.len(), after.len());
    for ((fp_a, line_a), (fp_b, line_b)) in before.iter().zip(&after) {
        assert_eq!(fp_a, fp_b);
        assert_eq!(line_a + 2, *line_b);
    }
}

#[test]
fn gitlab_of_a_broken_dossier_has_the_required_keys() {
    let d = broken_dossier();
    let r = check_in(d.path(), "gitlab");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!valid_gitlab(&r.stdout).is_empty());
}

// --------------------------------------------------------------- KMI_FORMAT

#[test]
fn kmi_format_sets_the_default_format() {
    let example = example_str();
    let args = ["--dossier", example.as_str(), "--as-of", AS_OF, "check"];
    for format in FORMATS {
        let r = kmi_env(&repo(), &args, &[("KMI_FORMAT", format)]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert_eq!(r.stdout, example_check(format).stdout, "{format}");
    }
    // --format wins over KMI_FORMAT.
    let mut explicit = args.to_vec();
    explicit.extend(["--format", "gitlab"]);
    let r = kmi_env(&repo(), &explicit, &[("KMI_FORMAT", "sarif")]);
    assert_eq!(r.stdout, example_check("gitlab").stdout);
    // An unknown KMI_FORMAT is a usage error.
    let r = kmi_env(&repo(), &args, &[("KMI_FORMAT", "xml")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("xml"), "{}", r.stderr);
}

#[test]
fn commands_refuse_a_format_they_cannot_print_but_ignore_it_from_kmi_format() {
    for (args, prints) in [
        (vec!["rules"], "human or json"),
        (vec!["rules", "scope"], "human or json"),
        (vec!["schema", "audit"], "human or json"),
        (vec!["completions", "bash"], "human"),
        (vec!["man"], "human"),
    ] {
        let mut explicit = args.clone();
        explicit.extend(["--format", "sarif"]);
        let r = kmi(&explicit);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stdout.is_empty(), "{args:?}");
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("cannot print --format sarif; it prints {prints}")),
            "{}",
            r.stderr
        );

        let plain = kmi(&args);
        let from_env = kmi_env(&repo(), &args, &[("KMI_FORMAT", "github")]);
        assert_eq!(from_env.code, 0, "{args:?}: {}", from_env.stderr);
        assert_eq!(from_env.stdout, plain.stdout, "{args:?}");
    }
    // A format a command can print is still taken from KMI_FORMAT.
    let r = kmi_env(&repo(), &["rules"], &[("KMI_FORMAT", "json")]);
    assert!(r.stdout.starts_with("{\n  \"rules\""), "{}", r.stdout);
}

// ------------------------------------------------- documented CI pipelines

/// A `kmi` command line of a pipeline: its arguments, the file it writes
/// to, and whether exit 1 (problems found) is allowed to pass.
#[derive(Debug)]
struct Step {
    args: Vec<String>,
    output: Option<String>,
    tolerates_problems: bool,
}

/// The `kmi` command lines in the YAML blocks of docs/ci.md, and the rest of
/// each block (to find where the written files are used).
fn documented_steps() -> Vec<(Step, String)> {
    let text = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    let mut steps = Vec::new();
    let mut block: Option<Vec<&str>> = None;
    for line in text.lines() {
        match (&mut block, line.trim()) {
            (None, "```yaml") => block = Some(Vec::new()),
            (Some(lines), "```") => {
                let yaml = lines.join("\n");
                for l in lines.iter() {
                    let l = l.trim();
                    let command = l
                        .strip_prefix("run: ")
                        .or_else(|| l.strip_prefix("- "))
                        .unwrap_or("");
                    if !command.starts_with("kmi ") {
                        continue;
                    }
                    let (command, tolerates_problems) = match command.split_once(" || ") {
                        Some((c, rest)) => {
                            assert_eq!(rest, "test $? -eq 1", "{l}");
                            (c, true)
                        }
                        None => (command, false),
                    };
                    let (command, output) = match command.split_once(" > ") {
                        Some((c, file)) => (c, Some(file.trim().to_owned())),
                        None => (command, None),
                    };
                    let args = command
                        .split_whitespace()
                        .skip(1)
                        .map(String::from)
                        .collect();
                    steps.push((
                        Step {
                            args,
                            output,
                            tolerates_problems,
                        },
                        yaml.clone(),
                    ));
                }
                block = None;
            }
            (Some(lines), _) => lines.push(line),
            (None, _) => {}
        }
    }
    steps
}

#[test]
fn documented_pipelines_run_on_the_example_dossier() {
    let steps = documented_steps();
    let mut formats = BTreeSet::new();
    let workdir = tempfile::tempdir().unwrap();
    for (step, yaml) in &steps {
        let mut args = vec![
            "--dossier".to_owned(),
            example_str(),
            "--as-of".to_owned(),
            AS_OF.to_owned(),
        ];
        // `--since <base branch>` runs against this repository's HEAD.
        let mut documented = step.args.clone();
        if let Some(i) = documented.iter().position(|a| a == "--since") {
            documented[i + 1] = "HEAD".to_owned();
        }
        args.extend(documented);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = kmi_env(workdir.path(), &args, &[]);
        // The example dossier has errors: a step fails the job unless it
        // tolerates them, and kmi always ran.
        assert_eq!(r.code, 1, "{step:?}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{step:?}: {}", r.stderr);
        let format = step
            .args
            .iter()
            .position(|a| a == "--format")
            .map_or("human", |i| step.args[i + 1].as_str());
        formats.insert(format.to_owned());
        match format {
            "sarif" => {
                valid_sarif(&r.stdout);
            }
            "junit" => assert!(parse_junit(&r.stdout).1 > 0),
            "gitlab" => assert!(!valid_gitlab(&r.stdout).is_empty()),
            "github" => assert!(valid_github(&r.stdout) > 0),
            "human" => assert!(r.stdout.contains("error[")),
            other => panic!("docs/ci.md uses --format {other}, which this test does not check"),
        }
        match &step.output {
            Some(file) => {
                assert!(
                    step.tolerates_problems,
                    "{step:?} writes a report: it must not fail on problems"
                );
                // The report is handed on: to upload-sarif or GitLab's reports.
                let handed_on = yaml.lines().any(|l| {
                    let l = l.trim();
                    !l.contains("kmi check") && l.ends_with(&format!(": {file}"))
                });
                assert!(handed_on, "{file} is written but not uploaded:\n{yaml}");
            }
            None => assert!(
                !step.tolerates_problems,
                "{step:?}: the step that prints should fail the job"
            ),
        }
    }
    assert_eq!(
        formats,
        BTreeSet::from(["github", "gitlab", "human", "junit", "sarif"].map(String::from)),
        "{steps:?}"
    );
}

#[test]
fn pre_commit_hook_runs_kmi_check_on_the_whole_dossier() {
    let text = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    let value = |key: &str| -> String {
        text.lines()
            .map(str::trim)
            .map(|l| l.strip_prefix("- ").unwrap_or(l))
            .find_map(|l| l.strip_prefix(&format!("{key}: ")))
            .unwrap_or_else(|| panic!("no {key} in .pre-commit-hooks.yaml"))
            .to_owned()
    };
    assert_eq!(value("id"), "kmi-check");
    assert_eq!(value("pass_filenames"), "false");
    assert!(["rust", "system"].contains(&value("language").as_str()));
    let entry = value("entry");
    let args: Vec<&str> = entry.split_whitespace().collect();
    assert_eq!(args[..2], ["kmi", "check"]);
    // pre-commit runs the hook at the repository root: here, the dossier's.
    let mut full = vec!["--as-of", AS_OF];
    full.extend(&args[1..]);
    let r = kmi_env(Path::new(&example_str()), &full, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("found 3 errors"), "{}", r.stdout);
}

// ---------------------------------------------- completions and man page

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = kmi(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains("kmi"), "{shell}");
        for word in ["completions", "sarif", "gitlab"] {
            assert!(r.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    let r = kmi(&["completions", "tcsh"]);
    assert_eq!(r.code, 2);
}

#[test]
fn man_page_documents_every_command_and_format() {
    let r = kmi(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\n.TH kmi 1 "), "{}", r.stdout);
    for word in [
        "check",
        "rules",
        "schema",
        "completions",
        "KMI_FORMAT",
        "sarif",
    ] {
        assert!(r.stdout.contains(word), "man page lacks {word}");
    }
    assert_eq!(r.stdout, kmi(&["man"]).stdout, "deterministic");

    // kmi(1) refers to kmi-check(1) and the others: `kmi man check`.
    assert!(r.stdout.contains("kmi\\-check(1)"), "{}", r.stdout);
    let r = kmi(&["man", "check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(".TH kmi-check 1"), "{}", r.stdout);
    assert!(r.stdout.contains("deny\\-warnings"), "{}", r.stdout);
    let r = kmi(&["man", "chek"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no command `chek`"), "{}", r.stderr);
}

//! A coordinator's first day (issue 15): the wrong answers, the messages
//! that should tell the fix, a dossier that works out of the box, and the
//! output — each as the built binary shows it.

use crate::util::{copy_dir, example_str, kmi_env, kmi_in, repo};
use std::path::Path;

/// A copy of a rule case's passing dossier, to break by hand.
fn copy_of(case: &str) -> tempfile::TempDir {
    copy_dir(&repo().join("tests/rules").join(case).join("pass"))
}

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `(rule, file, message)` of `kmi check --format json`.
fn check(dir: &Path, as_of: &str) -> Vec<(String, String, String)> {
    let r = kmi_in(dir, &["--as-of", as_of, "--format", "json", "check"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stderr);
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn human(dir: &Path, as_of: &str) -> String {
    kmi_in(dir, &["--as-of", as_of, "check"]).stdout
}

// ------------------------------------------------------------ wrong answers

#[test]
fn a_finding_still_open_at_b_is_open_not_resolved() {
    let args = [
        "--dossier",
        &example_str(),
        "--format",
        "json",
        "diff",
        "jbn",
        "2022-11-control",
        "2023-11-control",
    ];
    let r = kmi_in(&repo(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let rows = v["findings"].as_array().unwrap();
    let c21 = rows
        .iter()
        .find(|r| r["norm"] == "C.2.1")
        .expect("a row for C.2.1");
    assert_eq!(c21["a_at_b"]["open"], true);
    assert_eq!(c21["status"], "open", "{c21}");
    for row in rows {
        if row["status"] == "resolved" {
            assert_eq!(row["a_at_b"]["open"], false, "{row}");
        }
    }
    assert!(v["summary"]["open"].as_u64().unwrap() >= 1);

    let r = kmi_in(
        &repo(),
        &[
            "--dossier",
            &example_str(),
            "diff",
            "jbn",
            "2022-11-control",
            "2023-11-control",
        ],
    );
    assert!(r.stdout.contains("still open"), "{}", r.stdout);
    let row = r.stdout.lines().find(|l| l.contains("C.2.1")).unwrap();
    assert!(row.contains("open") && !row.contains("resolved"), "{row}");
}

#[test]
fn one_mistake_one_diagnostic() {
    // A typo in a person's key: her file is the one problem.
    let d = copy_of("closed-unverified");
    assert_eq!(check(d.path(), "2026-11-23"), [], "the copy starts clean");
    edit(d.path(), "people/anna-jansen.toml", "vog =", "vogs =");
    let found = check(d.path(), "2026-11-23");
    assert!(!found.is_empty());
    for (rule, file, message) in &found {
        assert_eq!(file, "people/anna-jansen.toml", "{rule}: {message}");
    }
    // A missing quote: likewise.
    let d = copy_of("closed-unverified");
    edit(
        d.path(),
        "people/anna-jansen.toml",
        "\"Anna Jansen\"",
        "\"Anna Jansen",
    );
    for (rule, file, message) in check(d.path(), "2026-11-23") {
        assert_eq!(file, "people/anna-jansen.toml", "{rule}: {message}");
    }
    // A broken follow-up in the verification audit: no false deadline, no
    // "does not exist", no false decision judgment.
    let d = copy_of("closed-unverified");
    let verification = "institutions/gi-x/audits/2025-09-verification.toml";
    edit(d.path(), verification, "closed = true", "closed = \"yes\"");
    let found = check(d.path(), "2026-11-23");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "schema");
    assert_eq!(found[0].1, verification);
    // The audit the follow-up refers to, broken: the reference still holds.
    let d = copy_of("closed-unverified");
    edit(
        d.path(),
        "institutions/gi-x/audits/2025-05-initial.toml",
        "kind = \"initial\"",
        "kind = \"initial",
    );
    for (rule, file, message) in check(d.path(), "2026-11-23") {
        assert_eq!(
            file, "institutions/gi-x/audits/2025-05-initial.toml",
            "{rule}: {message}"
        );
    }
}

#[test]
fn a_bad_file_name_is_io_with_the_name_to_give_it() {
    let d = copy_of("closed-unverified");
    std::fs::rename(
        d.path().join("people/bram-bakker.toml"),
        d.path().join("people/Bram_Bakker.toml"),
    )
    .unwrap();
    let found = check(d.path(), "2026-11-23");
    let bad: Vec<_> = found
        .iter()
        .filter(|f| f.1 == "people/Bram_Bakker.toml")
        .collect();
    assert_eq!(bad.len(), 1, "{found:?}");
    assert_eq!(bad[0].0, "io");
    let page = kmi_in(&repo(), &["rules", "io"]).stdout;
    assert!(page.contains("file name is not a valid id"), "{page}");
    let out = human(d.path(), "2026-11-23");
    assert!(out.contains("rename it to `bram-bakker.toml`"), "{out}");
}

// ------------------------------------------------------- messages that fix

#[test]
fn messages_say_how_to_write_dates_quotes_and_values() {
    let d = copy_of("closed-unverified");
    edit(
        d.path(),
        "people/anna-jansen.toml",
        "vog = [2023-01-10]",
        "vog = [2023/01/10]",
    );
    let out = human(d.path(), "2026-11-23");
    assert!(out.contains("write 2023-01-10"), "{out}");

    let d = copy_of("closed-unverified");
    edit(
        d.path(),
        "people/anna-jansen.toml",
        "qualified = 2015-01-12",
        "qualified = \"12-01-2015\"",
    );
    let out = human(d.path(), "2026-11-23");
    assert!(out.contains("write 2015-01-12"), "{out}");

    let d = copy_of("closed-unverified");
    edit(
        d.path(),
        "people/anna-jansen.toml",
        "\"Anna Jansen\"",
        "“Anna Jansen”",
    );
    let out = human(d.path(), "2026-11-23");
    assert!(out.contains("use straight quotes"), "{out}");

    let d = copy_of("closed-unverified");
    let audit = "institutions/gi-x/audits/2025-05-initial.toml";
    edit(
        d.path(),
        audit,
        "class = \"non-critical\"",
        "class = \"niet-kritisch\"",
    );
    edit(
        d.path(),
        audit,
        "kind = \"initial\"",
        "kind = \"herbeoordeling\"",
    );
    let out = human(d.path(), "2026-11-23");
    assert!(out.contains("did you mean `non-critical`?"), "{out}");
    assert!(out.contains("did you mean `recertification`?"), "{out}");
}

#[test]
fn a_record_in_the_wrong_folder_is_one_diagnostic() {
    let d = copy_of("closed-unverified");
    write(
        d.path(),
        "institutions/gi-x/audits/2025-10-01-grant.toml",
        "date = 2025-10-01\noutcome = \"grant\"\nby = \"anna-jansen\"\naudits = [\"2025-05-initial\"]\nchecklist = true\nconsiderations = \"Fine.\"\n",
    );
    write(d.path(), "people/eva.TOML", "name = \"Eva\"\nroles = []\n");
    let found = check(d.path(), "2026-11-23");
    let misplaced: Vec<_> = found
        .iter()
        .filter(|f| f.1.ends_with("2025-10-01-grant.toml"))
        .collect();
    assert_eq!(misplaced.len(), 1, "{found:?}");
    assert!(
        misplaced[0].2.contains("looks like a decision"),
        "{found:?}"
    );
    let out = human(d.path(), "2026-11-23");
    assert!(
        out.contains("move it to institutions/gi-x/decisions/"),
        "{out}"
    );
    assert!(
        found.iter().any(|f| f.1 == "people/eva.TOML"),
        "the .TOML file is named: {found:?}"
    );
    // Other files are left alone, and named with --verbose.
    write(d.path(), "people/notes.txt", "mine");
    let r = kmi_in(d.path(), &["--as-of", "2026-11-23", "check", "--verbose"]);
    assert!(
        r.stderr.contains("not read: people/notes.txt"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(".gitkeep"), "{}", r.stderr);
}

#[test]
fn a_template_todo_is_an_error_at_its_key() {
    let d = copy_of("closed-unverified");
    let r = kmi_in(
        d.path(),
        &[
            "--as-of",
            "2026-11-23",
            "new",
            "progress",
            "gi-x",
            "2026-10",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("TODO"), "{}", r.stderr);
    let found = check(d.path(), "2026-11-23");
    let todo: Vec<_> = found.iter().filter(|f| f.2.contains("TODO")).collect();
    assert_eq!(todo.len(), 1, "{found:?}");
    assert_eq!(todo[0].0, "schema");
    assert!(todo[0].2.contains("`summary`"), "{found:?}");
    // A person's template has no TODO, and `new` does not speak of one.
    let r = kmi_in(d.path(), &["new", "person", "cor-smit", "--role", "expert"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("TODO"), "{}", r.stderr);
}

// ------------------------------------------------ a dossier out of the box

#[cfg(unix)]
#[test]
fn init_and_new_write_ordinary_files_and_an_executable_hook() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let r = kmi_in(parent.path(), &["init", "d"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = parent.path().join("d");
    let r = kmi_in(&dir, &["new", "person", "anna-jansen"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::write(dir.join("plain"), "").unwrap();
    let mode = |rel: &str| {
        std::fs::metadata(dir.join(rel))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    for rel in ["kmi.toml", "README.md", "people/anna-jansen.toml"] {
        assert_eq!(mode(rel), mode("plain"), "{rel}");
    }
    let hook = std::fs::read_to_string(dir.join(".git/hooks/pre-commit")).unwrap();
    assert!(
        hook.starts_with("#!/bin/sh") && hook.contains("kmi check"),
        "{hook}"
    );
    assert_eq!(mode(".git/hooks/pre-commit") & 0o100, 0o100, "executable");
    assert!(dir.join(".pre-commit-config.yaml").exists());
    let kmi_toml = std::fs::read_to_string(dir.join("kmi.toml")).unwrap();
    assert!(
        kmi_toml.contains("[history]\nbackdate_days = 30"),
        "{kmi_toml}"
    );
}

#[test]
fn init_after_git_init_uses_that_repository() {
    let dir = tempfile::tempdir().unwrap();
    git2::Repository::init(dir.path()).unwrap();
    let r = kmi_in(dir.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let repo = git2::Repository::open(dir.path()).unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert!(head.tree().unwrap().get_path(Path::new("kmi.toml")).is_ok());
}

#[test]
fn init_inside_a_repository_says_so_instead_of_nesting() {
    let outer = tempfile::tempdir().unwrap();
    git2::Repository::init(outer.path()).unwrap();
    let r = kmi_in(outer.path(), &["init", "dossier"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--no-git"), "{}", r.stderr);
    assert!(!outer.path().join("dossier/.git").exists());
    assert!(!outer.path().join("dossier/kmi.toml").exists());
    let r = kmi_in(outer.path(), &["init", "--no-git", "dossier"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!outer.path().join("dossier/.git").exists());
}

// ------------------------------------------------------------------ output

#[test]
fn tables_fit_the_width_and_paths_are_clickable() {
    let r = kmi_env(
        &repo(),
        &[
            "--dossier",
            &example_str(),
            "--as-of",
            "2026-11-23",
            "deadlines",
        ],
        &[("COLUMNS", "70")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in r.stdout.lines() {
        assert!(
            line.chars().count() <= 70,
            "{} wide: {line}",
            line.chars().count()
        );
    }
    // Too narrow for seven columns: a block per deadline, dates and ids
    // whole, the kind in Dutch with --lang nl.
    let nl = kmi_env(
        &repo(),
        &[
            "--dossier",
            &example_str(),
            "--as-of",
            "2026-11-23",
            "--lang",
            "nl",
            "deadlines",
        ],
        &[("COLUMNS", "80")],
    );
    assert!(nl.stdout.lines().all(|l| l.chars().count() <= 80));
    insta::assert_snapshot!("deadlines-80-columns-nl", nl.stdout);
    let r = kmi_in(
        &repo(),
        &[
            "--dossier",
            "examples/dossier",
            "--as-of",
            "2026-11-23",
            "check",
        ],
    );
    assert!(
        r.stdout.contains("examples/dossier/institutions/"),
        "{}",
        r.stdout
    );
}

#[test]
fn help_shows_each_command_what_it_takes() {
    let init = kmi_in(&repo(), &["init", "--help"]).stdout;
    assert!(
        !init.contains("--rev") && !init.contains("--as-of"),
        "{init}"
    );
    let deadlines = kmi_in(&repo(), &["deadlines", "--help"]).stdout;
    assert!(deadlines.contains("Global options"), "{deadlines}");
    assert!(
        deadlines.contains("ics") && !deadlines.contains("sarif"),
        "{deadlines}"
    );
    let diff = kmi_in(&repo(), &["diff", "--help"]).stdout;
    for line in diff.lines() {
        assert!(line.chars().count() <= 100, "{line}");
    }
    fn undescribed(c: &clap::Command, path: &str, out: &mut Vec<String>) {
        let path = format!("{path} {}", c.get_name());
        for a in c.get_arguments() {
            let id = a.get_id().as_str();
            if !a.is_hide_set() && a.get_help().is_none() && id != "help" && id != "version" {
                out.push(format!("{path}: {id}"));
            }
        }
        for sub in c.get_subcommands() {
            undescribed(sub, &path, out);
        }
    }
    let mut missing = Vec::new();
    undescribed(&kmi::cli::command(), "", &mut missing);
    assert!(
        missing.is_empty(),
        "arguments without a description: {missing:?}"
    );
    let man = kmi_in(&repo(), &["man"]).stdout;
    let name = man
        .lines()
        .skip_while(|l| !l.starts_with(".SH NAME"))
        .nth(1)
        .unwrap_or_default();
    assert!(name.starts_with("kmi \\- "), "{name}");
}

#[test]
fn dutch_for_diff_new_and_errors() {
    let r = kmi_in(
        &repo(),
        &[
            "--lang",
            "nl",
            "--dossier",
            &example_str(),
            "diff",
            "jbn",
            "2022-11-control",
            "2023-11-control",
        ],
    );
    assert!(r.stdout.contains("nog open"), "{}", r.stdout);
    assert!(r.stdout.contains("bevinding van A bij B"), "{}", r.stdout);
    let d = copy_of("closed-unverified");
    let r = kmi_in(d.path(), &["--lang", "nl", "new", "person", "anna-jansen"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("fout: "), "{}", r.stderr);
    assert!(r.stderr.contains("bestaat al"), "{}", r.stderr);
    let r = kmi_in(
        d.path(),
        &[
            "--lang",
            "nl",
            "new",
            "audit",
            "gi-x",
            "2026-01-x",
            "--lead",
            "anna-jansen",
        ],
    );
    assert!(r.stderr.contains("geef --kind"), "{}", r.stderr);
    let r = kmi_in(
        &repo(),
        &[
            "--lang",
            "nl",
            "--dossier",
            &example_str(),
            "diff",
            "jbx",
            "a",
            "b",
        ],
    );
    assert!(
        r.stderr.contains("geen instelling van het dossier"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("bedoel je `jbn`?"), "{}", r.stderr);
    let r = kmi_in(
        &repo(),
        &[
            "--lang",
            "nl",
            "--dossier",
            &example_str(),
            "--format",
            "sarif",
            "deadlines",
        ],
    );
    assert!(
        r.stderr.contains("kan --format sarif niet maken"),
        "{}",
        r.stderr
    );
    let empty = tempfile::tempdir().unwrap();
    let r = kmi_in(empty.path(), &["--lang", "nl", "check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("geen dossier gevonden"), "{}", r.stderr);
}

#[test]
fn the_calendar_names_people_and_institutions() {
    let args = [
        "--dossier",
        &example_str(),
        "--as-of",
        "2026-11-23",
        "--format",
        "ics",
        "deadlines",
    ];
    let r = kmi_in(&repo(), &args);
    assert!(
        r.stdout.contains("PRODID:-//kmi//kmi deadlines//EN"),
        "{}",
        &r.stdout[..300]
    );
    assert!(r.stdout.contains("Jeugdbescherming Noord"), "names");
    let mut redacted = args.to_vec();
    redacted.push("--redact");
    let r = kmi_in(&repo(), &redacted);
    assert!(!r.stdout.contains("Jeugdbescherming Noord"), "ids only");
}

#[test]
fn consistency_says_when_a_norm_is_unknown() {
    let r = kmi_in(
        &repo(),
        &["--dossier", &example_str(), "consistency", "--norm", "X.9"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("norm `X.9` is not in the scheme"),
        "{}",
        r.stderr
    );
    let r = kmi_in(
        &repo(),
        &[
            "--dossier",
            &example_str(),
            "consistency",
            "--norm",
            "C.1.1",
        ],
    );
    assert!(r.stdout.contains("\n1 norm,"), "{}", r.stdout);
}

// ------------------------------------------- [rules] and the scheme file

#[test]
fn every_config_and_scheme_problem_in_one_run_with_did_you_mean() {
    let d = copy_of("closed-unverified");
    edit(
        d.path(),
        "kmi.toml",
        "scheme = \"jbjr\"",
        "scheme = \"scheme.toml\"\n\n[rules]\nscoop = \"off\"\nvog = \"eror\"",
    );
    write(
        d.path(),
        "scheme.toml",
        "extends = \"jbjrr\"\nnmae = \"x\"\n[[norm]]\nid = \"4.2\"\ntitle = \"x\"\ncategory = \"nope\"\n",
    );
    let out = human(d.path(), "2026-11-23");
    for expected in [
        "`[rules]` names `scoop`",
        "did you mean `scope`?",
        "did you mean `error`?",
        "`extends` names `jbjrr`",
        "did you mean `jbjr`?",
        "unknown key `nmae`",
        "category `nope`",
    ] {
        assert!(out.contains(expected), "{expected} not in:\n{out}");
    }
}

#[test]
fn the_revision_diff_in_dutch() {
    let d = copy_of("closed-unverified");
    let repo = git2::Repository::init(d.path()).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("Test", "t@example.org").unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "start", &tree, &[])
        .unwrap();
    edit(
        d.path(),
        "institutions/gi-x/audits/2025-09-verification.toml",
        "effective = true",
        "effective = false",
    );
    let r = kmi_in(d.path(), &["--lang", "nl", "diff", "HEAD"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("→ werkmap"), "{}", r.stdout);
    assert!(r.stdout.contains("wijziging"), "{}", r.stdout);
    assert!(r.stdout.contains("1 gewijzigd"), "{}", r.stdout);
}

//! kmi on git history: throwaway repositories built with git2 (fixed
//! authors and dates, so commit ids and snapshots are stable) for `--rev`,
//! `kmi diff` of revisions and audits, and the history rules of
//! `kmi check --since`.

use std::path::{Path, PathBuf};

use crate::util::{Run, kmi_in};
use git2::{Oid, Repository, Signature, Time};

const AS_OF: &str = "2025-12-01";

/// A repository in a temporary directory, the dossier at `prefix` inside it.
struct Repo {
    dir: tempfile::TempDir,
    repo: Repository,
    prefix: &'static str,
}

impl Repo {
    fn new(prefix: &'static str) -> Repo {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = Repository::init(dir.path()).expect("git init");
        Repo { dir, repo, prefix }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn dossier(&self) -> PathBuf {
        self.dir.path().join(self.prefix)
    }

    fn path_in_repo(&self, rel: &str) -> String {
        if self.prefix.is_empty() {
            rel.to_owned()
        } else {
            format!("{}/{rel}", self.prefix)
        }
    }

    /// Write (Some) or delete (None) dossier files in the working tree.
    fn write(&self, files: &[(&str, Option<&str>)]) {
        for (rel, text) in files {
            let path = self.dossier().join(rel);
            match text {
                Some(t) => {
                    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                    std::fs::write(&path, t).unwrap();
                }
                None => std::fs::remove_file(&path).unwrap(),
            }
        }
    }

    /// Write the files and commit them on `day` (noon UTC) as Anna Jansen.
    fn commit(&self, files: &[(&str, Option<&str>)], day: &str, message: &str) -> Oid {
        self.write(files);
        let mut index = self.repo.index().unwrap();
        for (rel, text) in files {
            let p = self.path_in_repo(rel);
            match text {
                Some(_) => index.add_path(Path::new(&p)).unwrap(),
                None => index.remove_path(Path::new(&p)).unwrap(),
            }
        }
        index.write().unwrap();
        self.commit_index(&mut index, day, message)
    }

    fn commit_index(&self, index: &mut git2::Index, day: &str, message: &str) -> Oid {
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let secs = date.and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp();
        let sig = Signature::new("Anna Jansen", "anna@example.org", &Time::new(secs, 0)).unwrap();
        let parents: Vec<git2::Commit<'_>> = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect();
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    fn kmi(&self, args: &[&str]) -> Run {
        kmi_in(&self.dossier(), args)
    }

    /// `kmi check --since REV --format json`: the rules that fired.
    fn since(&self, rev: &str) -> (i32, Vec<(String, String, String)>) {
        let r = self.kmi(&[
            "--as-of", AS_OF, "--format", "json", "check", "--since", rev,
        ]);
        assert!(r.stderr.is_empty(), "stderr: {}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
        let diags = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"].as_str().unwrap().starts_with("history-"))
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_owned(),
                    d["subject"].as_str().unwrap().to_owned(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (r.code, diags)
    }
}

const KMI: &str = "[dossier]\nname = \"test\"\n";
const ANNA: &str = "name = \"Anna Jansen\"\nroles = [\"lead-auditor\", \"expert\"]\nqualified = 2016-03-01\nvog = [2024-03-28]\nexpertise = [2025-01-15]\n";
const BRAM: &str = "name = \"Bram Bakker\"\nroles = [\"expert\"]\nqualified = 2018-01-01\nvog = [2024-03-28]\nexpertise = [2025-01-15]\n";
const DIRK: &str = "name = \"Dirk de Vries\"\nroles = [\"decision-maker\"]\nvog = [2024-03-28]\n";
const INSTITUTION: &str = "name = \"GI Test\"\napplied = 2025-01-10\n";
const AUDIT_PATH: &str = "institutions/gi-x/audits/2025-05-initial.toml";
const DECISION_PATH: &str = "institutions/gi-x/decisions/2025-07-01-provisional.toml";

fn audit(f1_class: &str, plan: &str, extra: &str) -> String {
    format!(
        r#"kind = "initial"
days = [2025-05-08, 2025-05-14]
report = 2025-06-27
lead = "anna-jansen"
experts = ["bram-bakker"]
scope = "Whole normenkader"

[[finding]]
id = "f1"
norm = "4.2"
class = "{f1_class}"
summary = "Risk management is not described."
rationale = "Weighed against the number of deviations."
{plan}
[[finding]]
id = "f2"
norm = "1.1"
class = "remark"
summary = "The complaints leaflet is dated."
{extra}"#
    )
}

const DECISION: &str = r#"date = 2025-07-01
outcome = "provisional"
by = "dirk-de-vries"
audits = ["2025-05-initial"]
checklist = true
considerations = "One non-critical finding with a plan on its way; the institution is new."
"#;

/// The base dossier, committed on 2025-07-02.
fn base(prefix: &'static str) -> Repo {
    let repo = Repo::new(prefix);
    let audit = audit("non-critical", "", "");
    repo.commit(
        &[
            ("kmi.toml", Some(KMI)),
            ("people/anna-jansen.toml", Some(ANNA)),
            ("people/bram-bakker.toml", Some(BRAM)),
            ("people/dirk-de-vries.toml", Some(DIRK)),
            ("institutions/gi-x/institution.toml", Some(INSTITUTION)),
            (AUDIT_PATH, Some(&audit)),
            (DECISION_PATH, Some(DECISION)),
        ],
        "2025-07-02",
        "Initial audit and decision",
    );
    repo
}

fn rules(diags: &[(String, String, String)]) -> Vec<&str> {
    diags.iter().map(|d| d.0.as_str()).collect()
}

#[test]
fn a_clean_change_passes_since() {
    let repo = base("");
    let plan = "\n[finding.plan]\nreceived = 2025-07-20\n";
    repo.commit(
        &[(AUDIT_PATH, Some(&audit("non-critical", plan, "")))],
        "2025-07-21",
        "Plan received",
    );
    let (_, diags) = repo.since("HEAD~1");
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn a_deleted_finding_is_caught() {
    let repo = base("");
    let without_f2 = audit("non-critical", "", "");
    let without_f2 = &without_f2[..without_f2.rfind("[[finding]]").unwrap()];
    repo.commit(&[(AUDIT_PATH, Some(without_f2))], "2025-07-10", "Drop f2");
    let (code, diags) = repo.since("HEAD~1");
    assert_eq!(code, 1);
    assert_eq!(rules(&diags), ["history-deleted"]);
    assert_eq!(diags[0].1, "2025-05-initial/f2");
    assert!(diags[0].2.contains("remark on norm 1.1"), "{}", diags[0].2);
}

#[test]
fn a_deleted_decision_is_caught() {
    let repo = base("");
    repo.commit(&[(DECISION_PATH, None)], "2025-07-10", "Drop the decision");
    let (code, diags) = repo.since("HEAD~1");
    assert_eq!(code, 1);
    assert_eq!(rules(&diags), ["history-deleted"]);
    assert_eq!(diags[0].1, "2025-07-01-provisional");
}

#[test]
fn a_reclassification_in_place_is_caught_but_a_follow_up_is_not() {
    let repo = base("");
    repo.commit(
        &[(AUDIT_PATH, Some(&audit("critical", "", "")))],
        "2025-07-10",
        "Make f1 critical",
    );
    let (code, diags) = repo.since("HEAD~1");
    assert_eq!(code, 1);
    assert_eq!(rules(&diags), ["history-reclassified"]);
    assert!(
        diags[0].2.contains("was non-critical at HEAD~1 (")
            && diags[0].2.contains("is now critical"),
        "{}",
        diags[0].2
    );

    // The scheme's way: a later audit reclassifies with a reason.
    let repo = base("");
    let verification = r#"kind = "verification"
days = [2025-09-10]
report = 2025-09-12
lead = "anna-jansen"
experts = ["bram-bakker"]
scope = "Follow-up of 2025-05-initial/f1"

[[follow_up]]
finding = "2025-05-initial/f1"
implemented = false
reclassify = "critical"
reason = "No plan received; children's safety at stake."
"#;
    repo.commit(
        &[(
            "institutions/gi-x/audits/2025-09-verification.toml",
            Some(verification),
        )],
        "2025-09-12",
        "Verification reclassifies f1",
    );
    let (_, diags) = repo.since("HEAD~1");
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn a_rewritten_decision_is_caught() {
    let repo = base("");
    let rewritten = DECISION.replace("the institution is new", "everything was fine");
    repo.commit(&[(DECISION_PATH, Some(&rewritten))], "2025-08-01", "Reword");
    let (code, diags) = repo.since("HEAD~1");
    assert_eq!(code, 1);
    assert_eq!(rules(&diags), ["history-rewritten"]);
    assert!(
        diags[0].2.contains("`considerations` was"),
        "{}",
        diags[0].2
    );
    // Reformatting is not rewriting.
    let repo = base("");
    let reformatted = format!(
        "# the provisional certificate\n{}",
        DECISION.replace(" = ", "  =  ")
    );
    repo.commit(
        &[(DECISION_PATH, Some(&reformatted))],
        "2025-08-01",
        "Format",
    );
    let (_, diags) = repo.since("HEAD~1");
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn a_changed_closed_finding_is_caught() {
    let repo = base("");
    let control = r#"kind = "control"
days = [2025-10-01]
report = 2025-10-10
lead = "anna-jansen"
experts = ["bram-bakker"]
scope = "Whole normenkader"

[[follow_up]]
finding = "2025-05-initial/f1"
implemented = true
effective = true
closed = true
"#;
    repo.commit(
        &[(
            "institutions/gi-x/audits/2025-10-control.toml",
            Some(control),
        )],
        "2025-10-10",
        "Control audit closes f1",
    );
    let edited = audit("non-critical", "", "").replace(
        "Risk management is not described.",
        "Risk management is described.",
    );
    let reopened = control.replace("closed = true", "closed = false");
    repo.commit(
        &[
            (AUDIT_PATH, Some(&edited)),
            (
                "institutions/gi-x/audits/2025-10-control.toml",
                Some(&reopened),
            ),
        ],
        "2025-10-20",
        "Edit a closed finding",
    );
    let (code, diags) = repo.since("HEAD~1");
    assert_eq!(code, 1);
    assert_eq!(
        rules(&diags),
        ["history-rewritten", "history-rewritten"],
        "{diags:?}"
    );
    assert!(
        diags[0].2.contains("closed by 2025-10-control"),
        "{}",
        diags[0].2
    );
    assert!(
        diags[1]
            .2
            .contains("the follow-up that closed 2025-05-initial/f1")
    );
}

#[test]
fn a_backdated_plan_is_a_warning_and_the_window_is_configurable() {
    let repo = base("");
    repo.commit(
        &[("people/cor-smit.toml", Some(BRAM))],
        "2025-07-05",
        "Unrelated",
    );
    let plan = "\n[finding.plan]\nreceived = 2025-07-20\n";
    repo.commit(
        &[(AUDIT_PATH, Some(&audit("non-critical", plan, "")))],
        "2025-09-30",
        "Plan received (recorded late)",
    );
    let (code, diags) = repo.since("HEAD~2");
    assert_eq!(rules(&diags), ["history-backdated"]);
    assert_eq!(diags[0].1, "2025-05-initial/f1");
    assert!(
        diags[0]
            .2
            .starts_with("plan received 2025-07-20 first recorded on 2025-09-30 ("),
        "{}",
        diags[0].2
    );
    assert!(
        diags[0]
            .2
            .contains("by Anna Jansen), 72 days later: more than 30 days")
    );
    // A warning: the exit code is that of the other rules (none here).
    assert_eq!(code, 0);

    let wide = format!("{KMI}\n[history]\nbackdate_days = 90\n");
    repo.commit(&[("kmi.toml", Some(&wide))], "2025-10-01", "Wider window");
    let (_, diags) = repo.since("HEAD~3");
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn uncommitted_dates_count_as_recorded_today() {
    let repo = base("");
    let plan = "\n[finding.plan]\nreceived = 2025-07-20\n";
    repo.write(&[(AUDIT_PATH, Some(&audit("non-critical", plan, "")))]);
    let (_, diags) = repo.since("HEAD");
    assert_eq!(rules(&diags), ["history-backdated"]);
    assert!(
        diags[0]
            .2
            .contains(&format!("first recorded on {AS_OF} (working tree)"))
    );
}

/// The working tree's change is what git counts as one: kmi compares the
/// files it read with HEAD's blobs and asks git only about those that
/// differ, so each kind of change is tried here, in a dossier below the
/// top of its repository.
#[test]
fn the_working_tree_change_is_what_git_counts() {
    let repo = base("records/dossier");
    let decision = |date: &str| DECISION.replace("2025-07-01", date);
    let new_decision = "institutions/gi-x/decisions/2025-09-01-continue.toml";
    let ignored_decision = "institutions/gi-x/decisions/2025-09-02-continue.toml";
    // A staged edit (a plan received), then an edit on top of it that is
    // not staged (a remark reclassified).
    let plan = "\n[finding.plan]\nreceived = 2025-07-20\n";
    repo.write(&[(AUDIT_PATH, Some(&audit("non-critical", plan, "")))]);
    let mut index = repo.repo.index().unwrap();
    index
        .add_path(Path::new(&repo.path_in_repo(AUDIT_PATH)))
        .unwrap();
    index.write().unwrap();
    let reclassified = audit("non-critical", plan, "").replace(
        "class = \"remark\"",
        "class = \"non-critical\"\nrationale = \"Weighed.\"",
    );
    repo.write(&[
        (AUDIT_PATH, Some(&reclassified)),
        // Deleted, not staged.
        (DECISION_PATH, None),
        // New and untracked; and new and ignored, which git does not see.
        (new_decision, Some(&decision("2025-09-01"))),
        (ignored_decision, Some(&decision("2025-09-02"))),
        // Written again with the same bytes: no change.
        ("institutions/gi-x/institution.toml", Some(INSTITUTION)),
    ]);
    std::fs::write(
        repo.root().join(".gitignore"),
        repo.path_in_repo(ignored_decision),
    )
    .unwrap();
    let (_, diags) = repo.since("HEAD");
    let found: Vec<(&str, &str)> = diags.iter().map(|d| (d.0.as_str(), d.1.as_str())).collect();
    assert_eq!(
        found,
        [
            ("history-backdated", "2025-05-initial/f1"),
            ("history-reclassified", "2025-05-initial/f2"),
            ("history-deleted", "2025-07-01-provisional"),
            ("history-backdated", "2025-09-01-continue"),
        ],
        "{diags:?}"
    );
    // All of it staged (the ignored file still left out): the same.
    let mut index = repo.repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    assert!(
        index
            .get_path(Path::new(&repo.path_in_repo(ignored_decision)), 0)
            .is_none()
    );
    assert_eq!(repo.since("HEAD").1, diags);
}

#[test]
fn rev_reads_an_old_revision_without_a_checkout() {
    let repo = base("");
    repo.commit(&[(DECISION_PATH, None)], "2025-07-10", "Drop the decision");
    let now = repo.kmi(&["--as-of", AS_OF, "--format", "json", "check"]);
    let then = repo.kmi(&[
        "--as-of", AS_OF, "--format", "json", "--rev", "HEAD~1", "check",
    ]);
    let files = |r: &Run| {
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["summary"]["files"].as_u64().unwrap()
    };
    assert_eq!(files(&then), files(&now) + 1, "{}", then.stderr);
    // The working tree is untouched.
    assert!(!repo.dossier().join(DECISION_PATH).exists());
}

#[test]
fn rev_finds_a_dossier_in_a_subdirectory() {
    let repo = base("dossiers/jbjr");
    // From the repository root, with --dossier.
    let r = kmi_in(
        &repo.root(),
        &[
            "--dossier",
            "dossiers/jbjr",
            "--rev",
            "HEAD",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "check",
        ],
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(r.stdout.contains("\"files\": 7"), "{}", r.stdout);
    // From inside the dossier, found upwards in the revision's tree.
    let inner = repo.dossier().join("institutions/gi-x");
    let r = kmi_in(
        &inner,
        &[
            "--rev", "HEAD", "--as-of", AS_OF, "--format", "json", "check",
        ],
    );
    assert!(
        r.stdout.contains("\"files\": 7"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    // The history rules work there too.
    repo.commit(&[(DECISION_PATH, None)], "2025-07-10", "Drop");
    let (_, diags) = repo.since("HEAD~1");
    assert_eq!(rules(&diags), ["history-deleted"]);
}

#[test]
fn a_tree_symlink_is_not_followed_and_a_huge_blob_not_read() {
    let repo = base("");
    std::os::unix::fs::symlink("/etc/passwd", repo.dossier().join("people/eve.toml")).unwrap();
    let huge = "# padding\n".repeat(120_000);
    repo.commit(
        &[("people/huge.toml", Some(&huge))],
        "2025-07-10",
        "Bad files",
    );
    let mut index = repo.repo.index().unwrap();
    index.add_path(Path::new("people/eve.toml")).unwrap();
    repo.commit_index(&mut index, "2025-07-11", "A symlink");
    std::fs::remove_file(repo.dossier().join("people/eve.toml")).unwrap();
    let r = repo.kmi(&[
        "--rev", "HEAD", "--as-of", AS_OF, "--format", "json", "check",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stderr);
    let io: Vec<(&str, &str)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "io")
        .map(|d| (d["file"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        io,
        [
            (
                "people/eve.toml",
                "symbolic link; not followed (kmi reads no record through a link, on disk or in a revision)"
            ),
            (
                "people/huge.toml",
                "file is 1200000 bytes, over the limit of 1048576 bytes; not read"
            ),
        ]
    );
}

#[test]
fn clear_errors_for_bad_revisions_and_places() {
    let repo = base("");
    let r = repo.kmi(&["--rev", "no-such-branch", "check"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: unknown revision `no-such-branch`: no commit, branch or tag of that name\n"
    );
    let r = repo.kmi(&["check", "--since", "v9"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown revision `v9`"));

    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("kmi.toml"), KMI).unwrap();
    let r = kmi_in(plain.path(), &["check", "--since", "HEAD"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: not a git repository: "),
        "{}",
        r.stderr
    );
    let r = kmi_in(plain.path(), &["diff", "HEAD"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: not a git repository: "),
        "{}",
        r.stderr
    );
}

#[test]
fn a_shallow_clone_says_how_to_fetch_the_history() {
    let repo = base("");
    let first = repo.repo.head().unwrap().target().unwrap();
    repo.commit(
        &[("people/cor-smit.toml", Some(BRAM))],
        "2025-07-05",
        "Second",
    );
    let second = repo.repo.head().unwrap().target().unwrap();
    repo.commit(
        &[("people/cor-smit.toml", Some(ANNA))],
        "2025-07-06",
        "Third",
    );
    // A shallow clone of depth 1: git records the cut in .git/shallow.
    std::fs::write(
        repo.root().join(".git/shallow"),
        format!("{}\n", repo.repo.head().unwrap().target().unwrap()),
    )
    .unwrap();
    let r = repo.kmi(&["check", "--since", "HEAD~2"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is not in this shallow clone")
            && r.stderr.contains("git fetch --depth=<n>")
            && r.stderr.contains("git fetch --unshallow"),
        "{}",
        r.stderr
    );
    // The commit is still in the object store, but the history to it is cut off.
    let _ = second;
    let r = repo.kmi(&["check", "--since", &first.to_string()]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("is cut off in this shallow clone"),
        "{}",
        r.stderr
    );
}

/// A short history for the diff snapshots: a finding reclassified in
/// place, a plan received, a follow-up and a new audit, a decision removed.
fn diff_repo() -> Repo {
    let repo = base("");
    let plan = "\n[finding.plan]\nreceived = 2025-07-20\naccepted = 2025-07-28\n";
    let follow_up = r#"
[[follow_up]]
finding = "2024-11-control/f3"
implemented = true
effective = true
closed = true
note = "Measures seen working in 12 of 12 files."
"#;
    let verification = r#"kind = "verification"
days = [2025-09-10]
report = 2025-09-12
lead = "anna-jansen"
experts = ["bram-bakker"]

[[finding]]
id = "f1"
norm = "4.2"
class = "non-critical"
summary = "Risk management is described but not yet used."
rationale = "Seen in 3 of 10 files."
"#;
    repo.commit(
        &[
            (AUDIT_PATH, Some(&audit("critical", plan, follow_up))),
            (
                "institutions/gi-x/audits/2025-09-verification.toml",
                Some(verification),
            ),
            (DECISION_PATH, None),
        ],
        "2025-09-15",
        "September",
    );
    repo
}

#[test]
fn diff_of_revisions_snapshots() {
    let repo = diff_repo();
    let human = repo.kmi(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    insta::assert_snapshot!("diff-revisions-human", human.stdout);
    let json = repo.kmi(&["--format", "json", "diff", "HEAD~1", "HEAD"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    insta::assert_snapshot!("diff-revisions-json", json.stdout);
    // Default b: the working tree, which holds HEAD plus an edit.
    repo.write(&[(
        "institutions/gi-x/institution.toml",
        Some("name = \"GI Test\"\nregion = \"Utrecht\"\napplied = 2025-01-10\n"),
    )]);
    let wt = repo.kmi(&["diff", "HEAD"]);
    insta::assert_snapshot!("diff-revisions-working-tree", wt.stdout);
    let none = repo.kmi(&["diff", "HEAD", "HEAD"]);
    assert!(
        none.stdout.contains("no records changed"),
        "{}",
        none.stdout
    );
}

#[test]
fn diff_of_audits_snapshots() {
    let repo = diff_repo();
    let human = repo.kmi(&["diff", "gi-x", "2025-05-initial", "2025-09-verification"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    insta::assert_snapshot!("diff-audits-human", human.stdout);
    let json = repo.kmi(&[
        "--format",
        "json",
        "diff",
        "gi-x",
        "2025-05-initial",
        "2025-09-verification",
    ]);
    insta::assert_snapshot!("diff-audits-json", json.stdout);
    // --rev: the audits as they were at a revision.
    let then = repo.kmi(&[
        "--rev",
        "HEAD~1",
        "diff",
        "gi-x",
        "2025-05-initial",
        "2025-05-initial",
    ]);
    assert!(
        then.stdout.contains("f1 non-critical"),
        "{}{}",
        then.stdout,
        then.stderr
    );
}

#[test]
fn diff_tells_its_two_forms_apart() {
    let repo = diff_repo();
    let r = repo.kmi(&["diff", "gi-y", "a", "b"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: `gi-y` is not an institution of the dossier; three arguments")
            && r.stderr.contains("\n  hint: did you mean `gi-x`?"),
        "{}",
        r.stderr
    );
    let r = repo.kmi(&["diff", "gi-x", "2025-05-initial", "2025-09-verificaton"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `2025-09-verification`?"),
        "{}",
        r.stderr
    );
}

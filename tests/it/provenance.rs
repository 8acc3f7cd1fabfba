//! `kmi trace --provenance` on a throwaway repository with known authors and
//! dates: each step names the commit that last changed it; reformatting does
//! not move it; uncommitted edits show as such.

use crate::util::kmi;
use std::path::Path;

use git2::{Repository, Signature, Time};

fn commit(repo: &Repository, author: &str, date: &str, message: &str) -> String {
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let secs = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    let sig = Signature::new(author, "x@example.org", &Time::new(secs, 0)).unwrap();
    let parents: Vec<git2::Commit> = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .into_iter()
        .collect();
    let parents: Vec<&git2::Commit> = parents.iter().collect();
    let oid = repo
        .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap();
    oid.to_string()[..7].to_owned()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn trace(dir: &Path) -> serde_json::Value {
    let run = kmi(&[
        "--dossier",
        dir.to_str().unwrap(),
        "--as-of",
        "2025-12-01",
        "--format",
        "json",
        "trace",
        "--provenance",
        "gi/2025-05-initial/f1",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

const PERSON: &str = "name = \"P\"\nroles = [\"lead-auditor\", \"expert\", \"decision-maker\"]\nqualified = 2016-03-01\nvog = [2024-03-28]\nexpertise = [2025-01-15]\n";
const AUDIT: &str = "kind = \"initial\"\ndays = [2025-05-08]\nreport = 2025-05-20\nlead = \"anna\"\nexperts = [\"bram\"]\nscope = \"all\"\n\n[[finding]]\nid = \"f1\"\nnorm = \"4.2\"\nclass = \"non-critical\"\nsummary = \"s\"\nrationale = \"r\"\n";

#[test]
fn each_step_names_the_commit_that_last_changed_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let repo = Repository::init(d).unwrap();
    write(
        d,
        "kmi.toml",
        "[dossier]\nname = \"t\"\ntimezone = \"Europe/Amsterdam\"\n",
    );
    write(d, "people/anna.toml", PERSON);
    write(d, "people/bram.toml", PERSON);
    write(d, "people/dirk.toml", PERSON);
    write(d, "institutions/gi/institution.toml", "name = \"GI\"\n");
    write(d, "institutions/gi/audits/2025-05-initial.toml", AUDIT);
    let c1 = commit(
        &repo,
        "Anna Jansen",
        "2025-05-21",
        "audit 2025-05 with its findings",
    );
    let with_plan = format!("{AUDIT}\n[finding.plan]\nreceived = 2025-06-10\n");
    write(d, "institutions/gi/audits/2025-05-initial.toml", &with_plan);
    let c2 = commit(
        &repo,
        "Bram Bakker",
        "2025-06-11",
        "plan of action received",
    );
    // Reformatting and a comment change no value.
    write(
        d,
        "institutions/gi/audits/2025-05-initial.toml",
        &format!("# audit of May\n{}", with_plan.replace(" = ", "=")),
    );
    let _c3 = commit(&repo, "Cor Smit", "2025-06-12", "tidy");
    write(
        d,
        "institutions/gi/decisions/2025-06-20-grant.toml",
        "date = 2025-06-20\noutcome = \"grant\"\nby = \"dirk\"\naudits = [\"2025-05-initial\"]\nchecklist = true\nconsiderations = \"c\"\n",
    );
    let c4 = commit(&repo, "Dirk de Vries", "2025-06-20", "grant");

    let v = trace(d);
    let f = &v["findings"][0];
    assert_eq!(f["recorded"]["commit"], c1.as_str());
    assert_eq!(f["recorded"]["author"], "Anna Jansen");
    assert_eq!(f["recorded"]["date"], "2025-05-21");
    assert_eq!(f["audit"]["recorded"]["commit"], c1.as_str());
    assert_eq!(
        f["plan"]["recorded"]["commit"],
        c2.as_str(),
        "reformatting does not move provenance"
    );
    assert_eq!(f["plan"]["recorded"]["author"], "Bram Bakker");
    assert_eq!(f["decisions"][0]["recorded"]["commit"], c4.as_str());

    // An edit not yet committed.
    write(
        d,
        "institutions/gi/audits/2025-05-initial.toml",
        &with_plan.replace("rationale = \"r\"", "rationale = \"r2\""),
    );
    let v = trace(d);
    assert_eq!(v["findings"][0]["recorded"]["commit"], "uncommitted");
    assert_eq!(v["findings"][0]["plan"]["recorded"]["commit"], c2.as_str());

    // Without --provenance there is no `recorded`.
    let run = kmi(&[
        "--dossier",
        d.to_str().unwrap(),
        "--format",
        "json",
        "trace",
        "gi",
    ]);
    assert!(!run.stdout.contains("\"recorded\""));
}

#[test]
fn provenance_outside_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kmi.toml", "[dossier]\nname = \"t\"\n");
    write(
        dir.path(),
        "institutions/gi/institution.toml",
        "name = \"GI\"\n",
    );
    let dir_str = dir.path().to_str().unwrap();
    let run = kmi(&["--dossier", dir_str, "trace", "--provenance", "gi"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("git"), "{}", run.stderr);
}

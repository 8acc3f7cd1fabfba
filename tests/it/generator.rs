//! The synthetic dossier of the benchmarks (examples/kmi-gen) is what it
//! claims to be: without defects it checks clean — so a benchmark measures a
//! realistic dossier, not a pile of errors — and the same seed gives the same
//! files, byte for byte. Small sizes only: nothing here is timed.

use crate::util;
use std::path::Path;

#[allow(dead_code)]
#[path = "../../examples/kmi-gen/synth.rs"]
mod synth;

use kmi::clock::Date;

fn params(seed: u64, as_of: &str, defects: f64) -> synth::Params {
    synth::Params {
        institutions: 8,
        years: 10,
        seed,
        as_of: as_of.parse::<Date>().expect("a date"),
        defects,
    }
}

#[test]
fn without_defects_the_dossier_checks_clean() {
    for (seed, as_of) in [(1, "2026-06-30"), (2, "2025-02-28"), (3, "2024-11-15")] {
        let dir = tempfile::tempdir().unwrap();
        let files = synth::generate(&params(seed, as_of, 0.0))
            .write(dir.path())
            .unwrap();
        assert!(files > 8 * 20, "seed {seed}: only {files} files");
        let (_, out) = util::check_json(dir.path(), as_of);
        // An audit that ended days before the date and whose report (written
        // 10-21 days after it) is not out yet is, by settled question 4, a
        // `report-missing` warning: the generator's normal course, not a defect.
        let diagnostics: Vec<&serde_json::Value> = out["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["rule"] != "report-missing")
            .collect();
        assert_eq!(
            serde_json::json!(diagnostics),
            serde_json::json!([]),
            "seed {seed}, as of {as_of}"
        );
    }
}

/// Every kind of defect the generator put in is found, under its own rule,
/// and nothing else is reported.
#[test]
fn defects_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = synth::generate(&params(1, "2026-06-30", 0.5));
    dossier.write(dir.path()).unwrap();
    let expected = dossier.defect_rules();
    assert!(expected.len() >= 4, "defects put in: {expected:?}");
    let (_, out) = util::check_json(dir.path(), "2026-06-30");
    let found: std::collections::BTreeSet<&str> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(
        found.is_superset(&expected),
        "found {found:?}, put in {expected:?}"
    );
    // A key typo makes its whole audit unreadable to the rules, so the
    // audit's obligations show up as unmet: reported, but nothing else.
    let knock_on = ["audit-cycle", "follow-up-missing"];
    for rule in found.difference(&expected) {
        assert!(knock_on.contains(rule), "unexpected `{rule}`: {found:?}");
    }
}

#[test]
fn same_seed_same_files() {
    let read_all = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    synth::generate(&params(7, "2026-06-30", 0.05))
        .write(a.path())
        .unwrap();
    synth::generate(&params(7, "2026-06-30", 0.05))
        .write(b.path())
        .unwrap();
    assert_eq!(read_all(a.path()), read_all(b.path()));
}

/// `kmi trace` and `kmi deadlines --institution` read one institution's
/// folder only (`load::load_scoped`). That is sound only if every fact and
/// problem of that institution is the same as in a load of everything: on a
/// generated dossier with defects, and on the example, for every
/// institution, as of two dates.
#[test]
fn one_institution_loaded_alone_is_judged_as_in_the_whole_dossier() {
    let dir = tempfile::tempdir().unwrap();
    synth::generate(&params(4, "2026-06-30", 0.05))
        .write(dir.path())
        .unwrap();
    for root in [dir.path(), util::example().as_path()] {
        for as_of in ["2026-06-30", "2025-03-01"] {
            let as_of: Date = as_of.parse().unwrap();
            let mut whole = kmi::load::load(root).unwrap();
            kmi::asof::restrict(&mut whole, as_of);
            let whole_facts = kmi::facts::Facts::build(&whole, as_of);
            let whole_problems = kmi::rules::check(&whole, &whole_facts);
            assert!(whole.institutions.len() > 1);
            let whole_paths: Vec<&str> = whole.files.iter().map(|f| f.path.as_str()).collect();
            let mut compared = 0;
            for id in whole.institutions.keys() {
                let mut one = kmi::load::load_scoped(root, Some(id)).unwrap();
                kmi::asof::restrict(&mut one, as_of);
                assert_eq!(one.institutions.keys().collect::<Vec<_>>(), [id]);
                let facts = kmi::facts::Facts::build(&one, as_of);
                let mine = |o: &&kmi::facts::obligations::Obligation| {
                    o.institution.as_deref() == Some(id.as_str())
                };
                // Files are numbered in load order: compare them by path.
                let one_paths: Vec<&str> = one.files.iter().map(|f| f.path.as_str()).collect();
                let obligations = |f: &kmi::facts::Facts, paths: &[&str]| {
                    f.obligations
                        .iter()
                        .filter(mine)
                        .map(|o| with_paths(&format!("{o:?}"), paths))
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    obligations(&facts, &one_paths),
                    obligations(&whole_facts, &whole_paths),
                    "{id}"
                );
                let problems = |ds: &[kmi::diag::Diagnostic]| -> Vec<kmi::diag::Diagnostic> {
                    ds.iter()
                        .filter(|d| d.institution.as_deref() == Some(id.as_str()))
                        .cloned()
                        .collect()
                };
                let alone = problems(&kmi::rules::check(&one, &facts));
                let within = problems(&whole_problems);
                assert_eq!(alone, within, "{id} as of {as_of}");
                compared += within.len();
            }
            if root == dir.path() {
                assert!(compared > 0, "the defects gave no problems to compare");
            }
        }
    }
}

/// `kmi check` judges a dossier on disk a few institutions at a time
/// (`rules::check_in_parts`). That is sound only if it finds exactly the
/// problems of a check of the whole dossier, in the same order, and reads
/// the same files: on a generated dossier with defects, the example and
/// every test dossier, as of two dates, in parts of one, two and three
/// institutions.
#[test]
fn a_dossier_judged_in_parts_has_the_problems_of_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    synth::generate(&params(5, "2026-06-30", 0.05))
        .write(dir.path())
        .unwrap();
    let mut roots = vec![dir.path().to_path_buf(), util::example()];
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for entry in walkdir::WalkDir::new(&tests).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_name() == "kmi.toml" {
            roots.push(entry.path().parent().unwrap().to_path_buf());
        }
    }
    assert!(roots.len() > 40, "only {} dossiers", roots.len());
    let mut compared = 0;
    for root in &roots {
        for as_of in ["2026-06-30", "2025-03-01"] {
            let as_of: Date = as_of.parse().unwrap();
            let mut whole = kmi::load::load(root).unwrap();
            kmi::asof::restrict(&mut whole, as_of);
            let facts = kmi::facts::Facts::build(&whole, as_of);
            let problems = kmi::rules::check(&whole, &facts);
            let paths: Vec<&str> = whole.files.iter().map(|f| f.path.as_str()).collect();
            for per in [1, 2, 3] {
                let parts = kmi::load::load_parts(root).unwrap();
                let (shown, in_parts) = kmi::rules::check_in_parts(parts, as_of, per);
                let at = format!("{} as of {as_of}, {per} at a time", root.display());
                assert_eq!(in_parts, problems, "{at}");
                let shown_paths: Vec<&str> = shown.files.iter().map(|f| f.path.as_str()).collect();
                assert_eq!(shown_paths, paths, "{at}");
                // Every problem is shown with its file's text.
                for d in &in_parts {
                    let text = shown.files.iter().find(|f| f.path == d.file);
                    let whole_text = whole.files.iter().find(|f| f.path == d.file);
                    assert_eq!(
                        text.map(|f| &f.text),
                        whole_text.map(|f| &f.text),
                        "{at}: {}",
                        d.file
                    );
                }
                assert_eq!(shown.leftovers, whole.leftovers, "{at}");
            }
            compared += problems.len();
        }
    }
    assert!(compared > 100, "only {compared} problems compared");
}

/// `file: 12` in a debug print, with the file's path for its number.
fn with_paths(debug: &str, paths: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = debug;
    while let Some(at) = rest.find("file: ") {
        let (before, after) = rest.split_at(at + "file: ".len());
        out.push_str(before);
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if let Ok(n) = after[..digits].parse::<usize>() {
            out.push_str(paths[n]);
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

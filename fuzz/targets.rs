//! The bodies of the fuzz targets, without libFuzzer: `fuzz_targets/*.rs`
//! wrap them for cargo-fuzz, and the integration tests (tests/it/fuzz.rs)
//! compile them with the main package and run them on the seed inputs, so
//! a change of kmi's API cannot leave the fuzz targets broken unnoticed.

use std::collections::BTreeMap;

use kmi::clock::Date;
use kmi::facts::Facts;
use kmi::render::{self, Summary};

/// The files the input can replace (or add, for the last three).
pub const SLOTS: &[&str] = &[
    "kmi.toml",
    "scheme.toml",
    "people/anna-jansen.toml",
    "institutions/gi/institution.toml",
    "institutions/gi/audits/2024-11-recertification.toml",
    "institutions/gi/audits/2025-02-verification.toml",
    "institutions/gi/decisions/2024-12-17-bridging.toml",
    "institutions/gi/decisions/2025-09-16-grant.toml",
    "institutions/gi/progress/2025-01.toml",
    "institutions/gi/audits/2025-05-initial.toml",
    "institutions/gi/decisions/2025-10-01-suspend.toml",
    "people/new-person.toml",
];

/// Days that count as today: before everything, mid-way, after, the calendar's end.
const AS_OF: &[(i32, u32, u32)] = &[(2026, 11, 23), (2025, 3, 1), (2014, 1, 1), (9999, 12, 31)];

/// The base dossier: every record kind, findings of each class with plans,
/// a follow-up, a bridging certificate with a progress report, a grant.
const BASE: &[(&str, &str)] = &[
    (
        "kmi.toml",
        "[dossier]\nname = \"fuzz\"\nscheme = \"scheme.toml\"\ntimezone = \"Europe/Amsterdam\"\n\n[rules]\nscope = \"warning\"\n\n[context]\nextra = [\"covid-measures\"]\n",
    ),
    (
        "scheme.toml",
        "extends = \"jbjr\"\n\n[[norm]]\nid = \"C.1.1\"\ntitle = \"Safety\"\ncategory = \"C\"\n\n[[norm]]\nid = \"A.2.1\"\ntitle = \"Steering\"\ncategory = \"A\"\n",
    ),
    (
        "people/anna-jansen.toml",
        "name = \"Anna Jansen\"\nroles = [\"lead-auditor\", \"expert\"]\nqualified = 2014-06-01\nvog = [2019-02-26, 2024-01-16]\nexpertise = [2024-04-09]\n",
    ),
    (
        "people/bram-bakker.toml",
        "name = \"Bram Bakker\"\nroles = [\"expert\"]\nqualified = 2015-01-01\nvog = [2022-05-01]\nexpertise = [2024-06-01]\n",
    ),
    (
        "people/dirk-de-vries.toml",
        "name = \"Dirk de Vries\"\nroles = [\"decision-maker\"]\nvog = [2023-01-10]\nleft = 2030-01-01\n",
    ),
    (
        "institutions/gi/institution.toml",
        "name = \"GI\"\nregion = \"Noord\"\nmeasures = [\"child-protection\"]\napplied = 2014-09-01\n",
    ),
    (
        "institutions/gi/audits/2024-11-recertification.toml",
        "kind = \"recertification\"\ndays = [2024-11-05, 2024-11-19]\nreport = 2024-12-06\nlead = \"anna-jansen\"\nexperts = [\"bram-bakker\"]\nscope = \"all\"\npilots = []\n\n[[finding]]\nid = \"f1\"\nnorm = \"C.1.1\"\nclass = \"critical\"\nsummary = \"s\"\nrationale = \"r\"\ncontext = [\"staff-shortage\"]\n\n[finding.plan]\nreceived = 2024-12-20\naccepted = 2025-01-08\n\n[[finding]]\nid = \"f2\"\nnorm = \"A.2.1\"\nclass = \"non-critical\"\nsummary = \"s\"\nrationale = \"r\"\n\n[[finding]]\nid = \"f3\"\nnorm = \"A.2.1\"\nclass = \"remark\"\nsummary = \"s\"\n",
    ),
    (
        "institutions/gi/audits/2025-02-verification.toml",
        "kind = \"verification\"\ndays = [2025-02-10]\nreport = 2025-02-20\nlead = \"anna-jansen\"\nexperts = [\"bram-bakker\"]\nscope = \"f1\"\n\n[[follow_up]]\nfinding = \"2024-11-recertification/f1\"\nimplemented = true\neffective = true\nclosed = true\nnote = \"seen working\"\n\n[[follow_up]]\nfinding = \"2024-11-recertification/f2\"\nreclassify = \"critical\"\nreason = \"worse\"\n",
    ),
    (
        "institutions/gi/decisions/2024-12-17-bridging.toml",
        "date = 2024-12-17\noutcome = \"bridging\"\nby = \"dirk-de-vries\"\naudits = [\"2024-11-recertification\"]\nvalid_until = 2025-09-17\nchecklist = true\nconsiderations = \"c\"\ncontext = [\"covid-measures\"]\n\n[[open_finding]]\nfinding = \"2024-11-recertification/f1\"\nwhy = \"plan accepted\"\n",
    ),
    (
        "institutions/gi/decisions/2025-09-16-grant.toml",
        "date = 2025-09-16\noutcome = \"grant\"\nby = \"dirk-de-vries\"\naudits = [\"2025-02-verification\"]\nchecklist = true\nconsiderations = \"c\"\n",
    ),
    (
        "institutions/gi/progress/2025-01.toml",
        "received = 2025-02-05\nsummary = \"figures\"\n",
    ),
];

/// Fuzz the loader and the rules: the input is one record file, placed in a
/// small, valid dossier that references it from every side, then loaded,
/// checked by every rule and rendered. Nothing may panic.
///
/// Input layout: the first byte chooses the slot (which file the rest of the
/// input replaces or adds, `selector % SLOTS.len()`) and the day that counts as
/// today (`selector / SLOTS.len() % AS_OF.len()`); the rest is the file's bytes.
/// `fuzz/seed.sh` seeds the corpus with the example dossier's files, each
/// prefixed with the selector of its kind.
pub fn loader(data: &[u8]) {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let slot = SLOTS[usize::from(selector) % SLOTS.len()];
    let (y, m, d) = AS_OF[usize::from(selector) / SLOTS.len() % AS_OF.len()];
    let as_of = Date::from_ymd(y, m, d).expect("a real date");

    let mut files: BTreeMap<String, Vec<u8>> = BASE
        .iter()
        .map(|(path, text)| ((*path).to_owned(), text.as_bytes().to_vec()))
        .collect();
    files.insert(slot.to_owned(), file.to_vec());

    let mut dossier = kmi::load::load_in_memory(&files);
    kmi::asof::restrict(&mut dossier, as_of);
    let facts = Facts::build(&dossier, as_of);
    let diags = kmi::rules::check(&dossier, &facts);
    for d in &diags {
        assert!(
            d.line >= 1 && d.column >= 1,
            "a diagnostic without a place: {d:?}"
        );
    }
    let summary = Summary::of(&diags, dossier.files.len());
    let _ = render::human::render(&dossier, &diags, summary, kmi::i18n::Lang::Nl, "");
    let _ = render::json::render(&diags, summary);
}

/// Fuzz `kmi new finding`'s edit: the input is an audit file as a
/// coordinator may have left it. Adding a finding must never panic, and when
/// it succeeds the result must be TOML holding exactly the old data plus one
/// `[[finding]]` with the new id at the end of the list.
pub fn new_finding(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((edited, id)) = kmi::commands::new::add_finding(text, "4.2", "critical", Some("s"))
    else {
        return;
    };
    let Ok(before) = text.parse::<toml::Table>() else {
        // toml_edit took what toml refuses; the loader reports that file.
        return;
    };
    let mut after: toml::Table = edited
        .parse()
        .unwrap_or_else(|e| panic!("the edited audit is not TOML: {e}\n{edited}"));
    let findings = after
        .get_mut("finding")
        .and_then(toml::Value::as_array_mut)
        .expect("a finding list");
    let new = findings.pop().expect("the new finding");
    assert_eq!(
        new.get("id").and_then(toml::Value::as_str),
        Some(id.as_str())
    );
    if findings.is_empty() && !before.contains_key("finding") {
        after.remove("finding");
    }
    // Compared as text: NaN is not equal to itself.
    assert_eq!(
        canonical(&before),
        canonical(&after),
        "the edit changed the audit's data\n--- before\n{text}\n--- after\n{edited}"
    );
}

fn canonical(t: &toml::Table) -> String {
    toml::to_string(t).unwrap_or_default()
}

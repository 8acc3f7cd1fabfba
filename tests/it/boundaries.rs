//! Boundaries that mutation testing (cargo-mutants over src/clock.rs and
//! the rules, docs/fuzzing.md) found untested: each test kills a mutant that
//! survived, on a dossier checked by the built binary.

use crate::util::{check_json, text_dossier};
use std::path::Path;

/// The message of every diagnostic of `rule` that `kmi check` reports.
fn diags(dir: &Path, as_of: &str, rule: &str) -> Vec<String> {
    let (_, v) = check_json(dir, as_of);
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect()
}

const KMI: &str = "[dossier]\nname = \"t\"\nscheme = \"jbjr\"\n";
const INSTITUTION: &str = "name = \"Jeugdbescherming X\"\nmeasures = [\"child-protection\"]\n";
const ANNA: &str = "name = \"Anna Jansen\"\nroles = [\"lead-auditor\"]\nqualified = 2010-01-12\nvog = [2015-01-10, 2019-01-10, 2023-01-10]\n";
const BRAM: &str = "name = \"Bram Bakker\"\nroles = [\"expert\"]\nqualified = 2010-03-01\nvog = [2015-01-10, 2019-01-10, 2023-01-10]\nexpertise = [2015-01-15, 2017-01-15, 2019-01-15, 2021-01-15, 2023-01-15]\n";

fn audit(kind: &str, days: &str, expert: &str) -> String {
    format!(
        "kind = \"{kind}\"\ndays = [{days}]\nlead = \"anna-jansen\"\nexperts = [\"{expert}\"]\nscope = \"Whole normenkader\"\n"
    )
}

/// A day-based clock that is not a whole number of weeks stays in days:
/// `plan_days = 30` is 30 days, not 4 weeks (28 days).
#[test]
fn a_day_clock_of_30_days_is_not_rounded_to_weeks() {
    let scheme = "extends = \"jbjr\"\nname = \"t\"\n\n[clocks]\nplan_days = 30\n";
    let audit = |received: &str| {
        format!(
            "kind = \"initial\"\ndays = [2025-06-10]\nreport = 2025-06-01\nlead = \"anna-jansen\"\nexperts = [\"bram-bakker\"]\nscope = \"Whole normenkader\"\n\n[[finding]]\nid = \"f1\"\nnorm = \"4.2\"\nclass = \"non-critical\"\nsummary = \"s\"\nrationale = \"r\"\n\n[finding.plan]\nreceived = {received}\n"
        )
    };
    for (received, late) in [("2025-07-01", false), ("2025-07-02", true)] {
        let d = text_dossier(&[
            (
                "kmi.toml",
                "[dossier]\nname = \"t\"\nscheme = \"scheme.toml\"\n",
            ),
            ("scheme.toml", scheme),
            ("people/anna-jansen.toml", ANNA),
            ("people/bram-bakker.toml", BRAM),
            ("institutions/gi-x/institution.toml", INSTITUTION),
            (
                "institutions/gi-x/audits/2025-06-initial.toml",
                &audit(received),
            ),
        ]);
        let found = diags(d.path(), "2025-08-01", "plan-deadline");
        assert_eq!(!found.is_empty(), late, "received {received}: {found:?}");
        if late {
            assert!(found[0].contains("2025-07-01"), "{found:?}");
        }
    }
}

/// A break of exactly 3 years restarts the rotation count.
#[test]
fn a_break_of_exactly_three_years_restarts_the_rotation_count() {
    // First audit ends 2016-03-01. The next starts 2019-03-01 (a break of
    // exactly 3 years: the count restarts there) or 2019-02-28 (a day short:
    // it does not). Then audits less than 3 years apart; the one of
    // 2022-06-01 is over 6 years after 2016-02-29 and under 6 years after
    // 2019-03-01.
    for (second, error) in [("2019-03-01", false), ("2019-02-28", true)] {
        let d = text_dossier(&[
            ("kmi.toml", KMI),
            ("people/anna-jansen.toml", ANNA),
            ("people/bram-bakker.toml", BRAM),
            ("institutions/gi-x/institution.toml", INSTITUTION),
            (
                "institutions/gi-x/audits/2016-03-initial.toml",
                &audit("initial", "2016-02-29, 2016-03-01", "bram-bakker"),
            ),
            (
                "institutions/gi-x/audits/2019-03-recertification.toml",
                &audit("recertification", second, "bram-bakker"),
            ),
            (
                "institutions/gi-x/audits/2021-06-control.toml",
                &audit("control", "2021-06-01", "bram-bakker"),
            ),
            (
                "institutions/gi-x/audits/2022-06-control.toml",
                &audit("control", "2022-06-01", "bram-bakker"),
            ),
        ]);
        let found = diags(d.path(), "2024-01-01", "rotation");
        assert_eq!(
            found.iter().any(|m| m.contains("anna-jansen")),
            error,
            "second audit {second}: {found:?}"
        );
    }
}

/// "No VOG on file" and "no VOG issued before that day" are two cases.
#[test]
fn no_vog_at_all_and_no_vog_before_the_day_are_told_apart() {
    let person = |vog: &str| {
        format!(
            "name = \"Anna Jansen\"\nroles = [\"lead-auditor\"]\nqualified = 2010-01-12\nvog = [{vog}]\n"
        )
    };
    for (vog, says) in [
        ("", "no VOG on file"),
        ("2025-06-01", "no VOG issued before that day"),
    ] {
        let d = text_dossier(&[
            ("kmi.toml", KMI),
            ("people/anna-jansen.toml", &person(vog)),
            ("people/bram-bakker.toml", BRAM),
            ("institutions/gi-x/institution.toml", INSTITUTION),
            (
                "institutions/gi-x/audits/2025-05-initial.toml",
                &audit("initial", "2025-05-12", "bram-bakker"),
            ),
        ]);
        let found = diags(d.path(), "2025-08-01", "vog");
        assert!(
            found
                .iter()
                .any(|m| m.contains("anna-jansen") && m.contains(says)),
            "vog = [{vog}]: {found:?}"
        );
    }
}

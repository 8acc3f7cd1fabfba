//! `kmi plan`: the built binary on tests/dossiers/plan and the example
//! dossier, as of 2026-11-23.

use crate::util::{Run, kmi_in, repo};

const AS_OF: &str = "2026-11-23";

fn kmi_on(dossier: &str, args: &[&str]) -> Run {
    let mut full = vec!["--dossier", dossier, "--as-of", AS_OF];
    full.extend_from_slice(args);
    kmi_in(&repo(), &full)
}

const FIXTURE: &str = "tests/dossiers/plan";
const EXAMPLE: &str = "examples/dossier";

fn plan(args: &[&str]) -> Run {
    kmi_on(FIXTURE, args)
}

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", r.stdout, r.stderr))
}

/// The rule ids of the diagnostics, in order.
fn rules(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn audit(inst: &str, kind: &str, days: &str, lead: &str, experts: &str) -> Run {
    plan(&[
        "--format",
        "json",
        "plan",
        "audit",
        inst,
        "--kind",
        kind,
        "--days",
        days,
        "--lead",
        lead,
        "--experts",
        experts,
    ])
}

#[test]
fn a_good_team_passes_and_meets_the_control_audit_in_time() {
    let r = audit(
        "alfa",
        "control",
        "2027-02-17,2027-02-18",
        "lena-lead",
        "erik-expert",
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = json(&r);
    assert_eq!(rules(&v), Vec::<String>::new());
    assert_eq!(v["summary"]["errors"], 0);
    assert_eq!(
        v["audit"]["file"],
        "institutions/alfa/audits/2027-02-17-control-planned.toml"
    );
    let meets = v["meets"].as_array().unwrap();
    assert_eq!(meets.len(), 1, "{meets:?}");
    assert_eq!(meets[0]["kind"], "control-audit");
    assert_eq!(meets[0]["subject"], "2026-03-01-grant");
    assert_eq!(meets[0]["due"], "2027-03-01");
    assert_eq!(meets[0]["days_late"], 0);
}

#[test]
fn a_late_audit_says_how_late() {
    let r = audit("alfa", "control", "2027-03-11", "lena-lead", "erik-expert");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = json(&r);
    assert_eq!(v["meets"][0]["days_late"], 10);
    let human = plan(&[
        "plan",
        "audit",
        "alfa",
        "--kind",
        "control",
        "--days",
        "2027-03-11",
        "--lead",
        "lena-lead",
        "--experts",
        "erik-expert",
    ]);
    assert!(
        human
            .stdout
            .contains("meets control-audit 2026-03-01-grant (due 2027-03-01): 10 days late"),
        "{}",
        human.stdout
    );
}

#[test]
fn an_expired_vog_fails_with_rule_vog() {
    let r = audit("alfa", "control", "2027-02-17", "lena-lead", "vera-oldvog");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json(&r);
    assert_eq!(rules(&v), ["vog"]);
    assert_eq!(v["diagnostics"][0]["subject"], "vera-oldvog");
    assert_eq!(
        v["diagnostics"][0]["file"],
        "institutions/alfa/audits/2027-02-17-control-planned.toml"
    );
}

#[test]
fn a_lead_without_the_lead_role_fails_with_rule_team() {
    let r = audit(
        "alfa",
        "control",
        "2027-02-17",
        "piet-expert",
        "erik-expert",
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json(&r);
    assert!(rules(&v).contains(&"team".to_owned()), "{}", r.stdout);
    assert!(r.stdout.contains("does not hold the lead-auditor role"));
}

#[test]
fn a_rotation_breach_fails_with_rule_rotation() {
    let r = audit(
        "beta",
        "recertification",
        "2027-02-01",
        "rob-rotation",
        "erik-expert",
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json(&r);
    assert_eq!(rules(&v), ["rotation"]);
    assert_eq!(v["diagnostics"][0]["subject"], "rob-rotation");
    assert!(
        r.stdout.contains("the limit was 2027-01-12"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_team_without_anyone_from_the_last_audit_breaks_continuity() {
    let r = audit(
        "alfa",
        "control",
        "2027-02-17",
        "rob-rotation",
        "piet-expert",
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(rules(&json(&r)), ["continuity"]);
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "alfaa",
                "--kind",
                "control",
                "--days",
                "2027-02-17",
                "--lead",
                "lena-lead",
                "--experts",
                "erik-expert",
            ],
            "no institution `alfaa` in the dossier; did you mean `alfa`?",
        ),
        (
            &[
                "alfa",
                "--kind",
                "control",
                "--days",
                "2027-02-17",
                "--lead",
                "lena-led",
                "--experts",
                "erik-expert",
            ],
            "no person `lena-led` in the dossier; did you mean `lena-lead`?",
        ),
        (
            &[
                "alfa",
                "--kind",
                "control",
                "--days",
                "2027-02-30",
                "--lead",
                "lena-lead",
                "--experts",
                "erik-expert",
            ],
            "`2027-02-30` is not a date",
        ),
        (
            &[
                "alfa",
                "--kind",
                "control",
                "--days",
                "2026-11-01",
                "--lead",
                "lena-lead",
                "--experts",
                "erik-expert",
            ],
            "is not after the as-of date 2026-11-23",
        ),
        (
            &[
                "alfa",
                "--kind",
                "verification",
                "--days",
                "2027-02-17",
                "--lead",
                "lena-lead",
                "--experts",
                "erik-expert",
            ],
            "alfa owes no verification",
        ),
        (
            &[
                "alfa",
                "--kind",
                "initial",
                "--days",
                "2027-02-17",
                "--lead",
                "lena-lead",
                "--experts",
                "erik-expert",
            ],
            "owes no initial audit",
        ),
        (
            &[
                "alfa",
                "--kind",
                "inspection",
                "--days",
                "2027-02-17",
                "--lead",
                "lena-lead",
                "--experts",
                "erik-expert",
            ],
            "invalid value 'inspection'",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["plan", "audit"];
        all.extend_from_slice(args);
        let r = plan(&all);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
}

#[test]
fn nothing_is_written() {
    let before = std::fs::read_dir(format!(
        "{}/{FIXTURE}/institutions/alfa/audits",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .count();
    let r = audit("alfa", "control", "2027-02-17", "lena-lead", "erik-expert");
    assert_eq!(r.code, 0);
    let after = std::fs::read_dir(format!(
        "{}/{FIXTURE}/institutions/alfa/audits",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .count();
    assert_eq!(before, after);
}

fn teams(days: &str) -> serde_json::Value {
    let r = plan(&[
        "--format", "json", "plan", "team", "alfa", "--kind", "control", "--days", days,
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    json(&r)
}

fn team_list(v: &serde_json::Value) -> Vec<String> {
    v["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let experts: Vec<&str> = t["experts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e.as_str().unwrap())
                .collect();
            format!("{}+{}", t["lead"].as_str().unwrap(), experts.join(","))
        })
        .collect()
}

fn excluded(v: &serde_json::Value) -> Vec<(String, String, Vec<String>)> {
    v["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["person"].as_str().unwrap().to_owned(),
                e["from"].as_str().unwrap().to_owned(),
                e["rules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn teams_are_ranked_as_documented() {
    let v = teams("2027-02-17");
    // Every team keeps continuity (continuity is an error here); rotation
    // time left is the same for all (lena-lead and erik-expert started on
    // 2026-01-13, the others never served alfa); then the lowest workload in
    // 2027 (rob-rotation and piet-expert have the planned beta audit), then
    // the freshest expertise (erik 2026-06-01, rob 2026-09-01, lena
    // 2026-05-01, piet 2025-06-10).
    assert_eq!(
        team_list(&v),
        [
            "lena-lead+erik-expert",
            "lena-lead+rob-rotation",
            "rob-rotation+erik-expert",
            "rob-rotation+lena-lead",
            "lena-lead+piet-expert",
        ]
    );
    let best = &v["teams"][0];
    assert_eq!(best["workload"], 0);
    assert_eq!(best["continuity"], true);
    assert!(
        best["why"]
            .as_str()
            .unwrap()
            .contains("continuity: lena-lead, erik-expert")
    );
    assert_eq!(
        excluded(&v),
        [(
            "vera-oldvog".to_owned(),
            "team".to_owned(),
            vec!["vog".to_owned()]
        )]
    );
}

#[test]
fn people_booked_elsewhere_that_day_are_left_out() {
    let v = teams("2027-02-10");
    assert_eq!(team_list(&v), ["lena-lead+erik-expert"]);
    let ex = excluded(&v);
    assert!(ex.contains(&(
        "rob-rotation".to_owned(),
        "team".to_owned(),
        vec!["busy".to_owned()]
    )));
    assert!(ex.contains(&(
        "piet-expert".to_owned(),
        "team".to_owned(),
        vec!["busy".to_owned()]
    )));
}

#[test]
fn a_rotation_breach_excludes_a_person_and_no_team_may_remain() {
    let r = plan(&[
        "--format",
        "json",
        "plan",
        "team",
        "beta",
        "--kind",
        "recertification",
        "--days",
        "2027-02-01",
    ]);
    // rob-rotation and piet-expert are past their 6 years at beta, and
    // continuity needs one of them: no team passes.
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json(&r);
    assert_eq!(team_list(&v), Vec::<String>::new());
    let ex = excluded(&v);
    assert!(
        ex.contains(&(
            "rob-rotation".to_owned(),
            "team".to_owned(),
            vec!["rotation".to_owned()]
        )),
        "{ex:?}"
    );
    assert!(
        ex.contains(&(
            "piet-expert".to_owned(),
            "team".to_owned(),
            vec!["rotation".to_owned()]
        )),
        "{ex:?}"
    );
}

#[test]
fn workload_counts_audits_and_decisions_and_lapses() {
    let r = plan(&["--format", "json", "plan", "workload", "--year", "2026"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = json(&r);
    let row = |p: &str| {
        v["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["person"] == p)
            .cloned()
            .unwrap_or_else(|| panic!("no row for {p}: {v}"))
    };
    assert_eq!(row("lena-lead")["lead"], 1);
    assert_eq!(row("erik-expert")["expert"], 1);
    assert_eq!(row("rob-rotation")["lead"], 1);
    assert_eq!(row("dora-decides")["decisions"], 1);
    assert_eq!(row("vera-oldvog")["vog_lapses"], "2026-01-05");
    let csv = plan(&["--format", "csv", "plan", "workload", "--year", "2027"]);
    assert_eq!(csv.code, 0);
    assert!(
        csv.stdout
            .starts_with("year,person,lead,expert,decisions,vog_lapses,expertise_lapses\n")
    );
    assert!(
        csv.stdout.contains("2027,rob-rotation,1,0,0,"),
        "{}",
        csv.stdout
    );
}

#[test]
fn on_the_example_dossier() {
    // jbra's certificate of 2026-04-07 owes its first control audit by 2027-04-07.
    let r = kmi_on(
        EXAMPLE,
        &[
            "--format",
            "json",
            "plan",
            "audit",
            "jbra",
            "--kind",
            "control",
            "--days",
            "2027-03-09,2027-03-10",
            "--lead",
            "hanna-bos",
            "--experts",
            "bram-bakker",
        ],
    );
    assert!(r.code == 0 || r.code == 1, "{}{}", r.stdout, r.stderr);
    let v = json(&r);
    assert!(
        v["meets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "control-audit"),
        "{}",
        r.stdout
    );
    let t = kmi_on(
        EXAMPLE,
        &[
            "--format",
            "json",
            "plan",
            "team",
            "jbra",
            "--kind",
            "control",
            "--days",
            "2027-03-09",
        ],
    );
    assert_eq!(t.code, 0, "{}{}", t.stdout, t.stderr);
    let v = json(&t);
    assert!(!v["teams"].as_array().unwrap().is_empty());
    // Everyone who left or whose VOG has lapsed is left out with the rule.
    let ex = excluded(&v);
    assert!(
        ex.iter()
            .any(|(p, _, r)| p == "cor-smit" && r.contains(&"qualification".to_owned())),
        "{ex:?}"
    );
    // Each listed team passes `plan audit` with exit 0.
    let best = &v["teams"][0];
    let experts: Vec<&str> = best["experts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    let again = kmi_on(
        EXAMPLE,
        &[
            "plan",
            "audit",
            "jbra",
            "--kind",
            "control",
            "--days",
            "2027-03-09",
            "--lead",
            best["lead"].as_str().unwrap(),
            "--experts",
            &experts.join(","),
        ],
    );
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
}

#[test]
fn plan_team_refuses_bad_input_with_exit_2() {
    for (args, message) in [
        (
            [
                "plan",
                "team",
                "alfa",
                "--kind",
                "verification",
                "--days",
                "2027-02-17",
            ],
            "alfa owes no verification",
        ),
        (
            [
                "plan",
                "team",
                "gamma",
                "--kind",
                "control",
                "--days",
                "2027-02-17",
            ],
            "no institution `gamma` in the dossier",
        ),
        (
            [
                "plan",
                "team",
                "alfa",
                "--kind",
                "control",
                "--days",
                "2027-13-01",
            ],
            "`2027-13-01` is not a date",
        ),
    ] {
        let r = plan(&args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
    }
}

//! Generated artefacts are committed and must not drift from the code: the
//! JSON Schemas under `schema/` and the rule pages under `docs/rules/`.

use std::path::Path;

use kmi::load::Kind;

fn repo(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn committed_json_schemas_match_the_record_types() {
    let mut stale = Vec::new();
    for kind in Kind::ALL {
        let path = repo(&format!("schema/{}.schema.json", kind.schema_name()));
        let expected = kmi::commands::schema::schema_text(kind);
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        if actual != expected {
            if std::env::var_os("KMI_BLESS").is_some() {
                std::fs::write(&path, expected).expect("write schema");
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "schemas out of date: {stale:?}\nregenerate with: KMI_BLESS=1 cargo test --test drift"
    );
}

#[test]
fn every_rule_has_its_page_and_every_page_its_rule() {
    let mut problems = Vec::new();
    for rule in kmi::rules::REGISTRY {
        let first = rule.doc.lines().next().unwrap_or("");
        if first != format!("# `{}`", rule.id) {
            problems.push(format!("{}: first line is {first:?}", rule.id));
        }
        let severity_line = format!("Default severity: **{}**", rule.default.as_str());
        if !rule.doc.lines().any(|l| l.starts_with(&severity_line)) {
            problems.push(format!("{}: no line starting {severity_line:?}", rule.id));
        }
        if !rule.summary().ends_with('.') {
            problems.push(format!(
                "{}: the summary line should be one sentence",
                rule.id
            ));
        }
        for section in ["## What it checks", "## Why", "## Example", "## How to fix"] {
            if !rule.doc.contains(section) {
                problems.push(format!("{}: no section {section:?}", rule.id));
            }
        }
    }
    for entry in std::fs::read_dir(repo("docs/rules")).expect("docs/rules") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some(id) = name.strip_suffix(".md") else {
            continue;
        };
        if id != "README" && kmi::rules::find(id).is_none() {
            problems.push(format!("docs/rules/{name} documents no rule"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_built_in_scheme_is_valid_against_its_schema() {
    let s = kmi::scheme::Scheme::jbjr();
    assert_eq!(s.categories.len(), 5);
}

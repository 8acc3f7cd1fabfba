//! Fuzz `kmi new finding`'s edit: the input is an audit file as a
//! coordinator may have left it. Adding a finding must never panic, and when
//! it succeeds the result must be TOML holding exactly the old data plus one
//! `[[finding]]` with the new id at the end of the list.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});

fn canonical(t: &toml::Table) -> String {
    toml::to_string(t).unwrap_or_default()
}

//! The fuzz targets' bodies (fuzz/targets.rs) compile with kmi as it is now
//! and hold on their seed inputs, the example dossier's files, with every
//! as-of day the loader target knows. cargo-fuzz goes further (see
//! docs/fuzzing.md); this keeps the targets from rotting between runs.

#[allow(dead_code)]
#[path = "../../fuzz/targets.rs"]
mod targets;

use crate::util::example;

/// The loader target's slot for a file of the example dossier, as
/// fuzz/seed.sh chooses it.
fn slot(rel: &str) -> Option<u8> {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts[..] {
        ["kmi.toml"] => Some(0),
        ["scheme.toml"] => Some(1),
        ["people", _] => Some(2),
        ["institutions", _, "institution.toml"] => Some(3),
        ["institutions", _, "audits", _] => Some(4),
        ["institutions", _, "decisions", _] => Some(6),
        ["institutions", _, "progress", _] => Some(8),
        _ => None,
    }
}

#[test]
fn the_fuzz_targets_hold_on_their_seeds() {
    let root = example();
    let mut seeds = 0;
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&root).unwrap().to_string_lossy();
        let Some(slot) = slot(&rel).filter(|_| rel.ends_with(".toml")) else {
            continue;
        };
        let bytes = std::fs::read(entry.path()).unwrap();
        // Each as-of day of the target: selector = slot + day × slots.
        for day in 0..4u8 {
            let mut input = vec![slot + day * targets::SLOTS.len() as u8];
            input.extend_from_slice(&bytes);
            targets::loader(&input);
        }
        if slot == 4 {
            targets::new_finding(&bytes);
        }
        seeds += 1;
    }
    assert!(seeds > 30, "only {seeds} seed files");
}

//! Fuzz `kmi new finding`'s edit: the input is an audit file as a
//! coordinator may have left it. Adding a finding must never panic, and when
//! it succeeds the result must be TOML holding exactly the old data plus one
//! `[[finding]]` with the new id at the end of the list.

#![no_main]

use libfuzzer_sys::fuzz_target;

// Each target uses its half of the shared bodies.
#[allow(dead_code)]
#[path = "../targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::new_finding(data));

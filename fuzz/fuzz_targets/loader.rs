//! Fuzz the loader and the rules: the input is one record file, placed in a
//! small, valid dossier that references it from every side, then loaded,
//! checked by every rule and rendered. Nothing may panic.
//!
//! Input layout: the first byte chooses the slot (which file the rest of the
//! input replaces or adds, `selector % SLOTS.len()`) and the day that counts as
//! today (`selector / SLOTS.len() % AS_OF.len()`); the rest is the file's bytes.
//! `fuzz/seed.sh` seeds the corpus with the example dossier's files, each
//! prefixed with the selector of its kind.

#![no_main]

use libfuzzer_sys::fuzz_target;

// Each target uses its half of the shared bodies.
#[allow(dead_code)]
#[path = "../targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| targets::loader(data));

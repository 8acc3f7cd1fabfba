//! kmi's integration tests, in one binary (as ripgrep's tests/tests.rs):
//! one link instead of one per file, and the helpers every test needs in
//! `util`. Each module runs the built `kmi` on dossiers in `tests/` and
//! `examples/`, with the date pinned by `--as-of`.
//!
//! Run one module with `cargo test --test it <module>::`, e.g.
//! `cargo test --test it rule_cases::`.

mod boundaries;
mod cli;
mod clock_props;
mod deadlines;
mod drift;
mod dutch;
mod first_day;
mod formats;
mod fuzz;
mod generator;
mod git;
mod lsp;
mod modules;
mod mutations;
mod plan;
mod provenance;
mod reports;
mod rule_cases;
mod security;
mod settled;
mod site;
mod spreadsheets;
mod trace;
mod util;

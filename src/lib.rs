//! `kmi`: the certification dossier of the Keurmerkinstituut (JB/JR) as TOML
//! files, checked against the certification scheme's rules.
//!
//! The binary is a thin shell over [`cli::main_with_args`].
//!
//! Modules are `pub(crate)` unless the integration tests, the benchmarks
//! and examples or the fuzz targets need them, so that the compiler names
//! what nothing uses.

pub mod asof;
pub mod cli;
pub mod clock;
pub mod commands;
pub(crate) mod consistency;
pub mod deadlines;
pub mod diag;
pub(crate) mod diff;
pub(crate) mod dossier;
pub mod facts;
pub(crate) mod git;
pub(crate) mod history;
pub mod i18n;
pub(crate) mod ids;
pub mod load;
pub mod lsp;
pub mod model;
pub(crate) mod plan;
pub(crate) mod plan_calendar;
pub(crate) mod provenance;
pub(crate) mod recdiff;
pub(crate) mod register;
pub mod render;
pub mod rules;
pub mod scheme;
pub(crate) mod session;
pub mod sheets;
pub(crate) mod site;
pub(crate) mod source;
pub(crate) mod timeline;
pub(crate) mod trace;
pub(crate) mod write;

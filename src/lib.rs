//! `kmi`: the certification dossier of the Keurmerkinstituut (JB/JR) as TOML
//! files, checked against the certification scheme's rules.
//!
//! The binary is a thin shell over [`cli::main_with_args`].

pub mod asof;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod consistency;
pub mod deadlines;
pub mod diag;
pub mod diff;
pub mod dossier;
pub mod facts;
pub mod git;
pub mod history;
pub mod i18n;
pub mod ids;
pub mod load;
pub mod lsp;
pub mod model;
pub mod plan;
pub mod provenance;
pub mod recdiff;
pub mod register;
pub mod render;
pub mod rules;
pub mod scheme;
pub mod sheets;
pub mod site;
pub mod source;
pub mod timeline;
pub mod trace;
pub mod write;

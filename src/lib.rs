//! `kmi`: the certification dossier of the Keurmerkinstituut (JB/JR) as TOML
//! files, checked against the certification scheme's rules.
//!
//! The binary is a thin shell over [`cli::main_with_args`].

pub mod cli;
pub mod clock;
pub mod commands;
pub mod diag;
pub mod dossier;
pub mod facts;
pub mod load;
pub mod model;
pub mod render;
pub mod rules;
pub mod scheme;
pub mod source;
pub mod timeline;
pub mod write;

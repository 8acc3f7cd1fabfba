//! One file per subcommand: its `Args`, its `run`, and the `FORMATS` it
//! prints.

pub mod check;
pub mod completions;
pub mod consistency;
pub mod deadlines;
pub mod diff;
pub mod export;
pub mod import;
pub mod init;
pub mod lsp;
pub mod man;
pub mod new;
pub mod plan;
pub mod register;
pub mod rules;
pub mod schema;
pub mod site;
pub mod trace;

//! One file per subcommand: its `Args`, its `run`, and the `FORMATS` it
//! prints.

pub mod check;
pub mod completions;
pub mod man;
pub mod rules;
pub mod schema;

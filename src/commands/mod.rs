//! One file per subcommand: its `Args` and its `run`.

pub mod check;
pub mod diff;
pub mod rules;
pub mod schema;

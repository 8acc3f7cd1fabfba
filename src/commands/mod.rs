//! One file per subcommand: its `Args` and its `run`.

pub mod check;
pub mod consistency;
pub mod deadlines;
pub mod diff;
pub mod register;
pub mod rules;
pub mod schema;
pub mod trace;

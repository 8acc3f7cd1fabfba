//! One file per subcommand: its `Args` and its `run`.

pub mod check;
pub mod deadlines;
pub mod rules;
pub mod schema;
pub mod trace;

//! One file per subcommand: its `Args`, its `run`, and the `FORMATS` it
//! prints.

pub mod check;
pub mod rules;
pub mod schema;

//! One file per subcommand: its `Args` and its `run`.

pub mod check;
pub mod init;
pub mod new;
pub mod rules;
pub mod schema;

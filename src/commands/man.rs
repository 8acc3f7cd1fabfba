//! `kmi man [COMMAND]`: the man page (roff) on stdout — kmi(1), or a
//! command's own page, kmi-check(1) and so on, which kmi(1) refers to —
//! from the same argument definitions as `--help`.

use std::io::Write;

use crate::session::{Outcome, RunError, Session};

crate::formats! {
    /// A man page has one form.
    pub enum Out {
        Human,
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    kmi man > ~/.local/share/man/man1/kmi.1\n  \
    kmi man check > ~/.local/share/man/man1/kmi-check.1")]
pub struct Args {
    /// A command, for its own page (kmi-check(1), …).
    pub command: Option<String>,
}

/// `kmi` is the whole command line, each command with the global options
/// fitted to it (`cli::command`).
pub fn run(
    _s: &Session,
    args: &Args,
    kmi: &clap::Command,
    out: &mut dyn Write,
) -> Result<Outcome, RunError> {
    let mut kmi = kmi.clone();
    kmi.build();
    let page = match &args.command {
        None => kmi,
        Some(name) => {
            let Some(command) = kmi
                .get_subcommands()
                .find(|c| c.get_name() == name && c.get_name() != "help")
            else {
                let names: Vec<&str> = kmi
                    .get_subcommands()
                    .map(|c| c.get_name())
                    .filter(|&n| n != "help")
                    .collect();
                return Err(RunError::said(
                    format!("no command `{name}`; one of: {}", names.join(", ")),
                    format!("geen opdracht `{name}`; een van: {}", names.join(", ")),
                ));
            };
            command.clone()
        }
    };
    clap_mangen::Man::new(page)
        .source(format!("kmi {}", env!("CARGO_PKG_VERSION")))
        .render(out)?;
    Ok(Outcome::Clean)
}

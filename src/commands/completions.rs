//! `kmi completions <SHELL>`: a completion script for a shell, from the
//! same argument definitions as `--help`.

use std::io::Write;

use crate::session::{Outcome, RunError, Session};

crate::formats! {
    /// A shell script has one form.
    pub enum Out {
        Human,
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    kmi completions bash > ~/.local/share/bash-completion/completions/kmi\n  \
    kmi completions zsh > ~/.zfunc/_kmi\n  \
    kmi completions fish > ~/.config/fish/completions/kmi.fish")]
pub struct Args {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `kmi` is the whole command line (`cli::command`).
pub fn run(
    _s: &Session,
    args: &Args,
    kmi: &mut clap::Command,
    out: &mut dyn Write,
) -> Result<Outcome, RunError> {
    // Generated into a buffer first: clap_complete panics when its writer
    // fails, and a closed pipe is no reason to panic.
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, kmi, "kmi", &mut buf);
    out.write_all(&buf)?;
    Ok(Outcome::Clean)
}

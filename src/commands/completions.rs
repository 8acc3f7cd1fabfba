//! `kmi completions <SHELL>`: a completion script for a shell, from the
//! same argument definitions as `--help`.

use std::io::Write;

use crate::cli::{Outcome, RunError, Session};

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

pub fn run(_s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    // Generated into a buffer first: clap_complete panics when its writer
    // fails, and a closed pipe is no reason to panic.
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut crate::cli::command(), "kmi", &mut buf);
    out.write_all(&buf)?;
    Ok(Outcome::Clean)
}

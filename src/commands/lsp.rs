//! `kmi lsp`: the language server, over stdin and stdout (see docs/editors.md).

use std::io::Write;
use std::time::Duration;

use crate::session::{Outcome, RunError, Session};

crate::formats! {
    /// It speaks the protocol, not a format.
    pub enum Out {
        Human,
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The editor starts `kmi lsp` and talks to it over stdin and stdout; \
    see docs/editors.md for VS Code, Neovim, Helix and Zed.\n\n\
    Examples:\n  \
    kmi lsp\n  \
    kmi lsp --rule-base-url https://example.org/kmi/docs/rules"
)]
pub struct Args {
    /// Where the rule pages are, linked from each diagnostic as <URL>/<rule>.md (the
    /// client's initializationOptions.ruleBaseUrl wins); default: the pages built into
    /// kmi, written once to a cache directory and linked as file:// URLs.
    #[arg(long, value_name = "URL")]
    pub rule_base_url: Option<String>,

    /// How long edits must pause, in milliseconds, before the dossier is checked again.
    #[arg(long, value_name = "MS", default_value_t = 50)]
    pub debounce: u64,
}

pub fn run(s: &Session, args: &Args, _out: &mut dyn Write) -> Result<Outcome, RunError> {
    let options = crate::lsp::Options {
        dossier: s.dossier_flag().map(Into::into),
        as_of: s.fixed_as_of(),
        rule_base_url: args.rule_base_url.clone(),
        debounce: Duration::from_millis(args.debounce),
        lang: s.lang,
    };
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let served = crate::lsp::serve(&connection, options);
    // Closing the channel lets the writer thread finish.
    drop(connection);
    served
        .map_err(|e| RunError::said(format!("language server: {e}"), format!("taalserver: {e}")))?;
    io_threads.join()?;
    Ok(Outcome::Clean)
}

//! The command line: arguments, dispatch, and the one place where outcomes
//! become exit codes (0 clean, 1 problems found, 2 could not run).

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::clock::Date;

/// kmi — the certification dossier of the Keurmerkinstituut (JB/JR), kept as
/// TOML files in git: checked against the scheme's rules (regels van het
/// certificatieschema), with deadline, traceability and diff reports.
#[derive(Debug, Parser)]
#[command(name = "kmi", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// The dossier directory (dossier); default: the nearest directory upwards holding kmi.toml.
    #[arg(long, global = true, value_name = "DIR")]
    pub dossier: Option<PathBuf>,

    /// The date that counts as today (peildatum), YYYY-MM-DD; default: today in the dossier's time zone.
    #[arg(long, global = true, value_name = "DATE")]
    pub as_of: Option<Date>,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human, env = "KMI_FORMAT")]
    pub format: Format,

    /// When to use colour in human output (NO_COLOR and CLICOLOR are honoured with auto).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: diagnostics with the source line, tables.
    Human,
    /// The JSON contract (docs/json.md).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the dossier against every rule (controleren); every file, every problem, in one run.
    Check(crate::commands::check::Args),
    /// List the rules, or print one rule's documentation (regels).
    Rules(crate::commands::rules::Args),
    /// Print the JSON Schemas of the record files (also under schema/).
    Schema(crate::commands::schema::Args),
    /// Start a new dossier (nieuw dossier) in an empty directory, with its first git commit.
    Init(crate::commands::init::Args),
    /// Write a new record from a template (nieuw record); never over an existing file.
    New(crate::commands::new::Args),
}

/// What a command did: whether it found problems.
pub enum Outcome {
    Clean,
    Problems,
}

/// Errors that stop kmi from running (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Load(#[from] crate::load::LoadError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Output(#[from] std::io::Error),
    /// `init` or `new` would overwrite something, or cannot write.
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
    #[error("git: {}", .0.message())]
    Git(#[from] git2::Error),
}

/// Run kmi with `args`; returns the process exit code.
pub fn main_with_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let color = match cli.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    let mut stdout = anstream::AutoStream::new(
        std::io::stdout().lock(),
        if cli.format == Format::Human {
            color
        } else {
            anstream::ColorChoice::Never
        },
    );
    let result = run(&cli, &mut stdout).and_then(|o| {
        stdout.flush()?;
        Ok(o)
    });
    match result {
        Ok(Outcome::Clean) => 0,
        Ok(Outcome::Problems) => 1,
        Err(RunError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let mut stderr = anstream::AutoStream::new(std::io::stderr().lock(), color);
            let style = anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::Red.into()));
            let _ = writeln!(stderr, "{style}error{style:#}: {e}");
            2
        }
    }
}

fn run(cli: &Cli, out: &mut dyn Write) -> Result<Outcome, RunError> {
    match &cli.command {
        Command::Check(args) => crate::commands::check::run(cli, args, out),
        Command::Rules(args) => crate::commands::rules::run(cli, args, out),
        Command::Schema(args) => crate::commands::schema::run(cli, args, out),
        Command::Init(args) => crate::commands::init::run(cli, args, out),
        Command::New(args) => crate::commands::new::run(cli, args, out),
    }
}

/// Load the dossier named by `--dossier` (or found upwards from the current directory).
pub fn load_dossier(cli: &Cli) -> Result<crate::dossier::Dossier, RunError> {
    let cwd = std::env::current_dir()
        .map_err(|e| RunError::Usage(format!("cannot read the current directory: {e}")))?;
    let root = crate::load::find_root(cli.dossier.as_deref(), &cwd)?;
    Ok(crate::load::load(&root)?)
}

/// `--as-of`, or today in the dossier's time zone.
pub fn as_of(cli: &Cli, dossier: &crate::dossier::Dossier) -> Date {
    cli.as_of.unwrap_or_else(|| dossier.today())
}

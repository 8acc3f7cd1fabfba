//! The command line: arguments, dispatch, and the one place where outcomes
//! become exit codes (0 clean, 1 problems found, 2 could not run).

use std::io::Write;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::clock::Date;
use crate::session::unsupported;
use crate::session::{Format, Outcome, RunError, Session};

/// The certification dossier of the Keurmerkinstituut (JB/JR) as TOML files
/// in git: checked against the scheme's rules, with deadline, traceability
/// and diff reports.
#[derive(Debug, Parser)]
#[command(
    name = "kmi",
    version,
    about = "Check the certification dossier of the Keurmerkinstituut (JB/JR), kept as TOML files in git",
    long_about = "Check the certification dossier of the Keurmerkinstituut (JB/JR), kept as TOML files in git, against the scheme's rules (regels van het certificatieschema), with deadline, traceability and diff reports.",
    max_term_width = 100
)]
pub struct Cli {
    /// The dossier directory (dossier); default: the nearest directory upwards holding kmi.toml.
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help_heading = "Global options"
    )]
    pub dossier: Option<PathBuf>,

    /// The date that counts as today (peildatum), YYYY-MM-DD; default: today in the dossier's time zone.
    #[arg(
        long,
        global = true,
        value_name = "DATE",
        help_heading = "Global options"
    )]
    pub as_of: Option<Date>,

    /// Read the dossier from a git revision (commit, branch, tag; revisie) instead of the working tree, without a checkout.
    #[arg(
        long,
        global = true,
        value_name = "REV",
        help_heading = "Global options"
    )]
    pub rev: Option<String>,

    /// Output format (default from KMI_FORMAT). The CI formats (sarif, github, junit, gitlab) are
    /// for `kmi check`: other commands refuse them, and ignore them in KMI_FORMAT.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human, env = "KMI_FORMAT", help_heading = "Global options")]
    pub format: Format,

    /// The language of messages and reports (taal): en or nl. JSON keeps its fields.
    #[arg(long, global = true, value_enum, default_value_t = crate::i18n::Lang::En, env = "KMI_LANG", help_heading = "Global options")]
    pub lang: crate::i18n::Lang,

    /// When to use colour in human output (NO_COLOR and CLICOLOR are honoured with auto).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Global options")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
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
    /// Deadlines due, overdue and coming (termijnen): plans, verifications, audits, certificates, VOG, …
    Deadlines(crate::commands::deadlines::Args),
    /// Follow each finding from norm to decision, or what a decision rested on (herleidbaarheid).
    Trace(crate::commands::trace::Args),
    /// The public register (openbaar register): certified institutions and pending applications.
    Register(crate::commands::register::Args),
    /// Per norm, how it was classified at each institution and why (gelijke gevallen gelijk).
    Consistency(crate::commands::consistency::Args),
    /// Compare the findings of two audits, or the dossier at two git revisions (vergelijken).
    Diff(crate::commands::diff::Args),
    /// Write the dossier as a static website (website): board, institution timelines, deadlines, people, problems, register.
    Site(crate::commands::site::Args),
    /// Plan ahead (vooruit plannen): pre-flight a proposed audit, find the teams that may go, workload, the audit calendar.
    Plan(crate::commands::plan::Args),
    /// Write the dossier as a workbook (.xlsx) or CSV files for spreadsheets (exporteren); never over a file.
    Export(crate::commands::export::Args),
    /// Read an edited export back into the records (inlezen): checked cell by cell, all or nothing.
    Import(crate::commands::import::Args),
    /// List the rules, or print one rule's documentation (regels).
    Rules(crate::commands::rules::Args),
    /// Print the JSON Schemas of the record files (also under schema/).
    Schema(crate::commands::schema::Args),
    /// Start a new dossier (nieuw dossier) in an empty directory, with its first git commit.
    Init(crate::commands::init::Args),
    /// Write a new record from a template (nieuw record); never over an existing file.
    New(crate::commands::new::Args),
    /// The language server for editors (taalserver): diagnostics while typing, completion, hover, go to definition.
    Lsp(crate::commands::lsp::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(crate::commands::completions::Args),
    /// Print the man page (roff): kmi(1), or a command's own page.
    Man(crate::commands::man::Args),
}

impl Command {
    fn name(&self) -> &'static str {
        match self {
            Command::Check(_) => "check",
            Command::Deadlines(_) => "deadlines",
            Command::Trace(_) => "trace",
            Command::Register(_) => "register",
            Command::Consistency(_) => "consistency",
            Command::Diff(_) => "diff",
            Command::Site(_) => "site",
            Command::Plan(_) => "plan",
            Command::Export(_) => "export",
            Command::Import(_) => "import",
            Command::Init(_) => "init",
            Command::New(_) => "new",
            Command::Rules(_) => "rules",
            Command::Schema(_) => "schema",
            Command::Lsp(_) => "lsp",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
        }
    }

    /// The formats this command prints; the first is its default.
    fn formats(&self) -> &'static [Format] {
        formats_of(self.name())
    }
}

/// The global options a command has no use for: hidden from its help.
fn unused_globals(command: &str) -> &'static [&'static str] {
    match command {
        "init" => &["dossier", "as_of", "rev", "format"],
        "new" => &["rev", "format"],
        "rules" | "schema" | "completions" | "man" => &["dossier", "as_of", "rev", "lang"],
        "diff" => &["as_of", "rev"],
        "import" => &["rev", "format"],
        _ => &[],
    }
}

/// The command line, with each command's help showing only what it takes:
/// its own formats, and no global option it has no use for. The man page
/// and completions are made from the same definition.
pub fn command() -> clap::Command {
    let mut kmi = Cli::command();
    let globals: Vec<clap::Arg> = kmi
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    let names: Vec<String> = kmi
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    // Each command gets its own copy of the global options (clap does not
    // propagate an option a command has already), fitted to it.
    for name in names {
        let list: Vec<String> = formats_of(&name).iter().map(Format::to_string).collect();
        kmi = kmi.mut_subcommand(&name, |mut sub| {
            for global in &globals {
                let id = global.get_id().as_str();
                let mut arg = global.clone();
                if unused_globals(&name).contains(&id) {
                    arg = arg.hide(true);
                }
                if id == "format" && name == "export" {
                    arg = arg.hide_possible_values(true).help(
                        "Output format: human (the .xlsx workbook) or csv (one CSV file per sheet, in a new directory)",
                    );
                } else if id == "format" {
                    arg = arg.hide_possible_values(true).help(format!(
                        "Output format: {} (default from KMI_FORMAT)",
                        list.join(", ")
                    ));
                }
                sub = sub.arg(arg);
            }
            sub
        });
    }
    kmi
}

/// The formats of a command, by name.
/// The formats each command prints, the first its default: the one list
/// that `--help`, the check of `--format` and the commands read.
fn formats_of(name: &str) -> &'static [Format] {
    match name {
        "check" => crate::commands::check::FORMATS,
        "deadlines" => crate::commands::deadlines::FORMATS,
        "trace" => crate::commands::trace::FORMATS,
        "register" => crate::commands::register::FORMATS,
        "consistency" => crate::commands::consistency::FORMATS,
        "diff" => crate::commands::diff::FORMATS,
        "site" => crate::commands::site::FORMATS,
        "plan" => crate::commands::plan::FORMATS,
        "export" => crate::commands::export::FORMATS,
        "import" => crate::commands::import::FORMATS,
        "rules" => crate::commands::rules::FORMATS,
        "schema" => crate::commands::schema::FORMATS,
        "lsp" => crate::commands::lsp::FORMATS,
        "completions" => crate::commands::completions::FORMATS,
        "man" => crate::commands::man::FORMATS,
        // They write records and say so on stderr: no report to format.
        "init" | "new" => &[Format::Human],
        other => unreachable!("`{other}` is missing from formats_of"),
    }
}

/// Run kmi with `args`; returns the process exit code.
pub fn main_with_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let parsed = command()
        .try_get_matches_from(args)
        .and_then(|m| Ok((Cli::from_arg_matches(&m)?, m.value_source("format"))));
    let (mut cli, format_source) = match parsed {
        Ok(p) => p,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let settled = settle_format(&mut cli, format_source);
    let color = match cli.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    let result = if let Command::Lsp(args) = &cli.command {
        // The language server writes the protocol to stdout from a thread
        // of its own: stdout must not be held locked here.
        settled.and_then(|()| crate::commands::lsp::run(&session(&cli), args, &mut std::io::sink()))
    } else {
        let mut stdout = crate::render::SafeWriter::new(anstream::AutoStream::new(
            std::io::stdout().lock(),
            if cli.format == Format::Human {
                color
            } else {
                anstream::ColorChoice::Never
            },
        ));
        settled.and_then(|()| run(&cli, &mut stdout)).and_then(|o| {
            stdout.flush()?;
            Ok(o)
        })
    };
    match result {
        Ok(Outcome::Clean) => 0,
        Ok(Outcome::Problems) => 1,
        Err(RunError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let mut stderr = anstream::AutoStream::new(std::io::stderr().lock(), color);
            let style = anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::Red.into()));
            let label = cli.lang.pick("error", "fout");
            let _ = writeln!(
                stderr,
                "{style}{label}{style:#}: {}",
                crate::render::escape(&e.in_lang(cli.lang))
            );
            if let Some(hint) = e.hint_in(cli.lang) {
                let style = anstyle::Style::new()
                    .bold()
                    .fg_color(Some(anstyle::AnsiColor::Cyan.into()));
                let label = cli.lang.pick("hint", "tip");
                let _ = writeln!(
                    stderr,
                    "  {style}{label}{style:#}: {}",
                    crate::render::escape(hint)
                );
            }
            2
        }
    }
}

/// The session of a parsed command line whose format has been settled.
fn session(cli: &Cli) -> Session {
    Session::new(
        cli.dossier.clone(),
        cli.rev.clone(),
        cli.as_of,
        cli.format,
        cli.lang,
    )
}

/// Hold the format to what the command prints: a `--format` it cannot print
/// is a usage error; a `KMI_FORMAT` it cannot print is ignored, so that one
/// KMI_FORMAT for a CI job (say `github`) does not break `kmi rules` there.
fn settle_format(cli: &mut Cli, source: Option<ValueSource>) -> Result<(), RunError> {
    let formats = cli.command.formats();
    if formats.contains(&cli.format) {
        return Ok(());
    }
    if source == Some(ValueSource::EnvVariable) {
        cli.format = formats[0];
        return Ok(());
    }
    Err(unsupported(cli.format, cli.command.name(), formats))
}

fn run(cli: &Cli, out: &mut dyn Write) -> Result<Outcome, RunError> {
    let s = &session(cli);
    match &cli.command {
        Command::Check(args) => crate::commands::check::run(s, args, out),
        Command::Deadlines(args) => crate::commands::deadlines::run(s, args, out),
        Command::Trace(args) => crate::commands::trace::run(s, args, out),
        Command::Register(args) => crate::commands::register::run(s, args, out),
        Command::Consistency(args) => crate::commands::consistency::run(s, args, out),
        Command::Diff(args) => crate::commands::diff::run(s, args, out),
        Command::Site(args) => crate::commands::site::run(s, args, out),
        Command::Plan(args) => crate::commands::plan::run(s, args, out),
        Command::Export(args) => crate::commands::export::run(s, args, out),
        Command::Import(args) => crate::commands::import::run(s, args, out),
        Command::Rules(args) => crate::commands::rules::run(s, args, out),
        Command::Schema(args) => crate::commands::schema::run(s, args, out),
        Command::Lsp(args) => crate::commands::lsp::run(s, args, out),
        Command::Completions(args) => {
            crate::commands::completions::run(s, args, &mut command(), out)
        }
        Command::Man(args) => crate::commands::man::run(s, args, &command(), out),
        Command::Init(args) => crate::commands::init::run(s, args, out),
        Command::New(args) => crate::commands::new::run(s, args, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command has its formats listed (the list behind `--help`), and
    /// its help names exactly those.
    #[test]
    fn every_command_lists_its_formats() {
        for sub in command().get_subcommands() {
            let formats = formats_of(sub.get_name());
            let help = sub
                .get_arguments()
                .find(|a| a.get_id() == "format")
                .and_then(|a| a.get_help())
                .map(|h| h.to_string())
                .unwrap_or_default();
            for f in formats {
                assert!(help.contains(&f.to_string()), "{}: {help}", sub.get_name());
            }
        }
    }
}

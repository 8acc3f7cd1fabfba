//! The command line: arguments, dispatch, and the one place where outcomes
//! become exit codes (0 clean, 1 problems found, 2 could not run).

use std::io::Write;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::clock::Date;

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
pub enum Format {
    /// For people: diagnostics with the source line, tables.
    Human,
    /// The JSON contract (docs/json.md).
    Json,
    /// Comma-separated values (reports).
    Csv,
    /// YAML (reports).
    Yaml,
    /// iCalendar, for a calendar subscription (deadlines).
    Ics,
    /// Markdown (reports).
    Markdown,
    /// One self-contained HTML page with print CSS (reports).
    Html,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the file and line.
    Github,
    /// A JUnit XML test report (GitLab, Jenkins).
    Junit,
    /// A GitLab code quality report.
    Gitlab,
}

/// The name on the command line.
impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = self.to_possible_value().expect("no format is hidden");
        f.write_str(value.get_name())
    }
}

/// The error for a `--format` a command does not print (`settle_format`
/// already refuses these; this keeps each command's match total).
pub fn unsupported(format: Format, command: &str, supported: &[Format]) -> RunError {
    let names: Vec<String> = supported.iter().map(Format::to_string).collect();
    RunError::Usage(format!(
        "`kmi {command}` cannot print --format {format}; it prints {}",
        names.join(" or ")
    ))
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
    /// Plan ahead (vooruit plannen): pre-flight a proposed audit, find the teams that may go, workload.
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
        match self {
            Command::Check(_) => crate::commands::check::FORMATS,
            Command::Deadlines(_) => crate::commands::deadlines::FORMATS,
            Command::Trace(_) => crate::commands::trace::FORMATS,
            Command::Register(_) => crate::commands::register::FORMATS,
            Command::Consistency(_) => crate::commands::consistency::FORMATS,
            Command::Diff(_) => crate::commands::diff::FORMATS,
            Command::Site(_) => crate::commands::site::FORMATS,
            Command::Plan(_) => crate::commands::plan::FORMATS,
            Command::Export(_) => crate::commands::export::FORMATS,
            Command::Import(_) => crate::commands::import::FORMATS,
            // They write records and say so on stderr: no report to format.
            Command::Init(_) | Command::New(_) => &[Format::Human],
            Command::Rules(_) => crate::commands::rules::FORMATS,
            Command::Schema(_) => crate::commands::schema::FORMATS,
            Command::Lsp(_) => crate::commands::lsp::FORMATS,
            Command::Completions(_) => crate::commands::completions::FORMATS,
            Command::Man(_) => crate::commands::man::FORMATS,
        }
    }
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
    #[error(transparent)]
    Git(#[from] crate::git::GitError),
    #[error("{0}")]
    Usage(String),
    /// A usage error with its Dutch (`--lang nl`).
    #[error("{en}")]
    Said { en: String, nl: String },
    #[error(transparent)]
    Output(#[from] std::io::Error),
    /// `init` or `new` would overwrite something, or cannot write.
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
    #[error("git: {}", .0.message())]
    Repository(#[from] git2::Error),
}

impl RunError {
    /// A usage error in English and Dutch.
    pub fn said(en: impl Into<String>, nl: impl Into<String>) -> RunError {
        RunError::Said {
            en: en.into(),
            nl: nl.into(),
        }
    }

    /// The message in `lang`, where it has a Dutch.
    pub fn in_lang(&self, lang: crate::i18n::Lang) -> String {
        match (self, lang) {
            (RunError::Said { nl, .. }, crate::i18n::Lang::Nl) => nl.clone(),
            (RunError::Load(e), crate::i18n::Lang::Nl) => e.nl(),
            (RunError::Write(e), crate::i18n::Lang::Nl) => e.nl(),
            _ => self.to_string(),
        }
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
fn formats_of(name: &str) -> &'static [Format] {
    match name {
        "check" => crate::commands::check::FORMATS,
        "deadlines" => crate::commands::deadlines::FORMATS,
        "trace" => crate::commands::trace::FORMATS,
        "register" => crate::commands::register::FORMATS,
        "consistency" => crate::commands::consistency::FORMATS,
        "diff" => crate::commands::diff::FORMATS,
        "export" => crate::commands::export::FORMATS,
        "rules" => crate::commands::rules::FORMATS,
        "schema" => crate::commands::schema::FORMATS,
        "completions" => crate::commands::completions::FORMATS,
        "man" => crate::commands::man::FORMATS,
        _ => &[Format::Human],
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
        settled.and_then(|()| crate::commands::lsp::run(&cli, args, &mut std::io::sink()))
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
            2
        }
    }
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
    let names: Vec<String> = formats.iter().map(Format::to_string).collect();
    let command = cli.command.name();
    Err(RunError::said(
        format!(
            "`kmi {command}` cannot print --format {}; it prints {}",
            cli.format,
            names.join(" or ")
        ),
        format!(
            "`kmi {command}` kan --format {} niet maken; wel {}",
            cli.format,
            names.join(" of ")
        ),
    ))
}

fn run(cli: &Cli, out: &mut dyn Write) -> Result<Outcome, RunError> {
    match &cli.command {
        Command::Check(args) => crate::commands::check::run(cli, args, out),
        Command::Deadlines(args) => crate::commands::deadlines::run(cli, args, out),
        Command::Trace(args) => crate::commands::trace::run(cli, args, out),
        Command::Register(args) => crate::commands::register::run(cli, args, out),
        Command::Consistency(args) => crate::commands::consistency::run(cli, args, out),
        Command::Diff(args) => crate::commands::diff::run(cli, args, out),
        Command::Site(args) => crate::commands::site::run(cli, args, out),
        Command::Plan(args) => crate::commands::plan::run(cli, args, out),
        Command::Export(args) => crate::commands::export::run(cli, args, out),
        Command::Import(args) => crate::commands::import::run(cli, args, out),
        Command::Rules(args) => crate::commands::rules::run(cli, args, out),
        Command::Schema(args) => crate::commands::schema::run(cli, args, out),
        Command::Lsp(args) => crate::commands::lsp::run(cli, args, out),
        Command::Completions(args) => crate::commands::completions::run(cli, args, out),
        Command::Man(args) => crate::commands::man::run(cli, args, out),
        Command::Init(args) => crate::commands::init::run(cli, args, out),
        Command::New(args) => crate::commands::new::run(cli, args, out),
    }
}

/// Load the dossier named by `--dossier` (or found upwards from the current
/// directory), from the working tree or, with `--rev`, from that revision.
pub fn load_dossier(cli: &Cli) -> Result<crate::dossier::Dossier, RunError> {
    match &cli.rev {
        None => {
            let root = crate::load::find_root(cli.dossier.as_deref(), &cwd()?)?;
            Ok(crate::load::load(&root)?)
        }
        Some(rev) => {
            let (repo, root) = dossier_repo(cli)?;
            let rev = repo.resolve(rev)?;
            Ok(crate::git::load(&repo, &rev, root)?)
        }
    }
}

/// The git repository of the dossier, with the dossier's place in it, and
/// the dossier's directory on disk. With `--rev` and without `--dossier`,
/// the dossier is found upwards in that revision's tree, not on disk.
pub fn dossier_repo(cli: &Cli) -> Result<(crate::git::Repo, PathBuf), RunError> {
    use crate::git::{GitError, Repo};
    if let Some(dir) = &cli.dossier {
        return Ok((Repo::discover(dir)?, dir.clone()));
    }
    let cwd = cwd()?;
    let Some(rev) = &cli.rev else {
        let root = crate::load::find_root(None, &cwd)?;
        return Ok((Repo::discover(&root)?, root));
    };
    let mut repo = Repo::discover(&cwd)?;
    let resolved = repo.resolve(rev)?;
    let start = repo.prefix().to_owned();
    let prefix = repo
        .find_dossier_upwards(&resolved, &start)
        .ok_or_else(|| GitError::NoDossierAtRevision {
            rev: rev.clone(),
            path: if start.is_empty() {
                ".".to_owned()
            } else {
                start
            },
        })?;
    let root = match repo.repo.workdir() {
        Some(w) => w.join(&prefix),
        None => cwd,
    };
    repo.set_prefix(prefix);
    Ok((repo, root))
}

fn cwd() -> Result<PathBuf, RunError> {
    std::env::current_dir()
        .map_err(|e| RunError::Usage(format!("cannot read the current directory: {e}")))
}

/// `--as-of`, or today in the dossier's time zone.
pub fn as_of(cli: &Cli, dossier: &crate::dossier::Dossier) -> Date {
    cli.as_of.unwrap_or_else(|| dossier.today())
}

/// The dossier as it stood on the as-of date (`--as-of`, default today),
/// and that date: every command that judges or reports reads the dossier
/// through here, so nothing recorded after the date counts (see `asof`).
pub fn load_as_of(cli: &Cli) -> Result<(crate::dossier::Dossier, Date), RunError> {
    let mut dossier = load_dossier(cli)?;
    let as_of = as_of(cli, &dossier);
    crate::asof::restrict(&mut dossier, as_of);
    Ok((dossier, as_of))
}

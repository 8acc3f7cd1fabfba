//! What every command shares: the [`Session`] of a run (the global options
//! resolved once), the output [`Format`]s and each command's own format
//! type ([`formats!`]), the [`Outcome`] and the [`RunError`]. The command
//! line (`cli`) builds the session and dispatches; the commands read it.
//! Neither the commands nor this module import `cli`.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::clock::Date;

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

/// A command's own format type: the formats it prints, and nothing else,
/// so that its `match` is total. Declared with [`formats!`].
pub trait CommandFormat: Sized {
    /// The command's format for a `--format` it prints; none for another.
    fn from_format(f: Format) -> Option<Self>;
}

/// Declares a command's format enum and its `FORMATS` list (the first is
/// the default) from one list of [`Format`] variants:
/// `formats! { pub enum Out { Human, Json } }`.
#[macro_export]
macro_rules! formats {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        // A command that prints one format need not read it.
        #[allow(dead_code)]
        $vis enum $name {
            $($variant),+
        }

        /// The formats this command prints, the first its default.
        pub const FORMATS: &[$crate::session::Format] = &[$($crate::session::Format::$variant),+];

        impl $crate::session::CommandFormat for $name {
            fn from_format(f: $crate::session::Format) -> Option<Self> {
                match f {
                    $($crate::session::Format::$variant => Some($name::$variant),)+
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
}

/// What a run of kmi is about, resolved once from the global options and
/// the environment (as ripgrep's `HiArgs`, jj's `CommandHelper`): where the
/// dossier is, which revision, which date, which language and format.
/// Commands read these through here, never the raw flags, so each is
/// settled in one place: `--format` against the command's formats
/// (falling back from `KMI_FORMAT`), the dossier found upwards like cargo,
/// the as-of date defaulting to today in the dossier's time zone.
pub struct Session {
    dossier: Option<PathBuf>,
    rev: Option<String>,
    as_of: Option<Date>,
    format: Format,
    /// The language of messages and reports.
    pub lang: crate::i18n::Lang,
}

impl Session {
    /// The session of a parsed command line whose format has been settled
    /// against the command's formats.
    pub(crate) fn new(
        dossier: Option<PathBuf>,
        rev: Option<String>,
        as_of: Option<Date>,
        format: Format,
        lang: crate::i18n::Lang,
    ) -> Session {
        Session {
            dossier,
            rev,
            as_of,
            format,
            lang,
        }
    }

    /// The command's format: `F` is the command's own format type, whose
    /// formats `settle_format` checked `--format` against.
    pub fn format<F: CommandFormat>(&self) -> F {
        F::from_format(self.format)
            .expect("settle_format admits only the formats the command lists")
    }

    /// The format, for a command whose subcommands print different formats;
    /// it refuses one that `formats` (the subcommand's) lacks.
    pub fn format_in(&self, command: &str, formats: &[Format]) -> Result<Format, RunError> {
        if formats.contains(&self.format) {
            Ok(self.format)
        } else {
            Err(unsupported(self.format, command, formats))
        }
    }

    /// `--rev`: the revision the dossier is read from, if not the working tree.
    pub fn rev(&self) -> Option<&str> {
        self.rev.as_deref()
    }

    /// `--dossier` as given: for the language server, which finds the root
    /// from its workspace folder when it is not given.
    pub fn dossier_flag(&self) -> Option<&std::path::Path> {
        self.dossier.as_deref()
    }

    /// `--as-of` as given: for commands that take today from elsewhere when
    /// it is not given (the language server, `kmi new`).
    pub fn fixed_as_of(&self) -> Option<Date> {
        self.as_of
    }

    /// The dossier's directory on disk: `--dossier`, or the nearest
    /// directory upwards holding kmi.toml.
    pub fn root(&self) -> Result<PathBuf, RunError> {
        Ok(crate::load::find_root(self.dossier.as_deref(), &cwd()?)?)
    }

    /// Load the dossier, from the working tree or, with `--rev`, from that
    /// revision.
    pub fn load(&self) -> Result<crate::dossier::Dossier, RunError> {
        match &self.rev {
            None => Ok(crate::load::load(&self.root()?)?),
            Some(rev) => {
                let (repo, root) = self.repo()?;
                let rev = repo.resolve(rev)?;
                Ok(crate::git::load(&repo, &rev, root)?)
            }
        }
    }

    /// The dossier on disk in [`Parts`](crate::load::Parts) (`kmi check`
    /// without `--rev`).
    pub fn load_parts(&self) -> Result<crate::load::Parts, RunError> {
        Ok(crate::load::load_parts(&self.root()?)?)
    }

    /// `--as-of`, or today in the dossier's time zone.
    pub fn as_of(&self, dossier: &crate::dossier::Dossier) -> Date {
        self.as_of.unwrap_or_else(|| dossier.today())
    }

    /// The dossier as it stood on the as-of date, and that date: every
    /// command that judges or reports reads the dossier through here, so
    /// nothing recorded after the date counts (see `asof`).
    pub fn load_as_of(&self) -> Result<(crate::dossier::Dossier, Date), RunError> {
        let mut dossier = self.load()?;
        let as_of = self.as_of(&dossier);
        crate::asof::restrict(&mut dossier, as_of);
        Ok((dossier, as_of))
    }

    /// [`Session::load_as_of`] for a command about one institution: from
    /// disk, only that institution's folder is read beside the people and
    /// the scheme (see [`crate::load::load_scoped`]), so `kmi trace` of one
    /// finding costs what that institution costs, not the whole dossier.
    /// An institution that is not there is looked for in the whole dossier,
    /// so the error names the ones that are; `--rev` reads the whole tree.
    pub fn load_institution_as_of(
        &self,
        institution: &str,
    ) -> Result<(crate::dossier::Dossier, Date), RunError> {
        if self.rev.is_some() {
            return self.load_as_of();
        }
        let mut dossier = crate::load::load_scoped(&self.root()?, Some(institution))?;
        if !dossier.institutions.contains_key(institution) {
            return self.load_as_of();
        }
        let as_of = self.as_of(&dossier);
        crate::asof::restrict(&mut dossier, as_of);
        Ok((dossier, as_of))
    }

    /// The git repository of the dossier, with the dossier's place in it,
    /// and the dossier's directory on disk. With `--rev` and without
    /// `--dossier`, the dossier is found upwards in that revision's tree,
    /// not on disk.
    pub fn repo(&self) -> Result<(crate::git::Repo, PathBuf), RunError> {
        use crate::git::{GitError, Repo};
        if let Some(dir) = &self.dossier {
            return Ok((Repo::discover(dir)?, dir.clone()));
        }
        let cwd = cwd()?;
        let Some(rev) = &self.rev else {
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
    /// A usage error with its Dutch (`--lang nl`), and what to do about
    /// it (a hint, printed on a line of its own), in both languages.
    #[error("{en}")]
    Said {
        en: String,
        nl: String,
        hint: Option<Box<(String, String)>>,
    },
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
            hint: None,
        }
    }

    /// The same error with a hint (English, Dutch); errors other than
    /// [`RunError::Said`] keep their own wording.
    pub fn hint(self, en: impl Into<String>, nl: impl Into<String>) -> RunError {
        match self {
            RunError::Said { en: e, nl: n, .. } => RunError::Said {
                en: e,
                nl: n,
                hint: Some(Box::new((en.into(), nl.into()))),
            },
            other => other,
        }
    }

    /// "did you mean `y`?" as the hint, when a close match was found.
    pub fn did_you_mean(self, close: Option<&str>) -> RunError {
        match close {
            Some(m) => self.hint(format!("did you mean `{m}`?"), format!("bedoel je `{m}`?")),
            None => self,
        }
    }

    /// "no institution `x` in the dossier", with "did you mean `y`?" as
    /// the hint: `what` is the thing looked for, in English and Dutch.
    pub fn no_such<'a>(
        what: (&str, &str),
        word: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> RunError {
        RunError::said(
            format!("no {} `{word}` in the dossier", what.0),
            format!("geen {} `{word}` in het dossier", what.1),
        )
        .did_you_mean(crate::diag::did_you_mean(word, known))
    }

    /// Fine when `id` is an institution of the dossier; else the error
    /// that says so, with the closest id as the hint.
    pub fn known_institution(dossier: &crate::dossier::Dossier, id: &str) -> Result<(), RunError> {
        if dossier.institutions.contains_key(id) {
            return Ok(());
        }
        Err(RunError::no_such(
            ("institution", "instelling"),
            id,
            dossier.institutions.keys().map(String::as_str),
        ))
    }

    /// The hint in `lang`, if the error has one.
    pub fn hint_in(&self, lang: crate::i18n::Lang) -> Option<&str> {
        match self {
            RunError::Said { hint: Some(h), .. } => Some(lang.pick(&h.0, &h.1)),
            _ => None,
        }
    }

    /// The message in `lang`, where it has a Dutch.
    pub fn in_lang(&self, lang: crate::i18n::Lang) -> String {
        match (self, lang) {
            (RunError::Said { nl, .. }, crate::i18n::Lang::Nl) => nl.clone(),
            (RunError::Load(e), crate::i18n::Lang::Nl) => e.nl(),
            (RunError::Write(e), crate::i18n::Lang::Nl) => e.nl(),
            (RunError::Git(e), crate::i18n::Lang::Nl) => e.nl(),
            (RunError::Repository(e), crate::i18n::Lang::Nl) => format!("git: {}", e.message()),
            (RunError::Output(e), crate::i18n::Lang::Nl) => {
                format!("kan de uitvoer niet schrijven: {e}")
            }
            _ => self.to_string(),
        }
    }
}

/// The error for a `--format` a command does not print.
pub(crate) fn unsupported(format: Format, command: &str, supported: &[Format]) -> RunError {
    let names: Vec<String> = supported.iter().map(Format::to_string).collect();
    RunError::said(
        format!(
            "`kmi {command}` cannot print --format {format}; it prints {}",
            names.join(" or ")
        ),
        format!(
            "`kmi {command}` kan --format {format} niet maken; wel {}",
            names.join(" of ")
        ),
    )
}

pub fn cwd() -> Result<PathBuf, RunError> {
    std::env::current_dir().map_err(|e| {
        RunError::said(
            format!("cannot read the current directory: {e}"),
            format!("kan de huidige map niet lezen: {e}"),
        )
    })
}

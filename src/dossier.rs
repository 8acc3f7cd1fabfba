//! A loaded dossier: every file read, every well-formed record, and the
//! problems the loader found (io, parse, schema).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::clock::Date;
use crate::diag::Diagnostic;
use crate::model::{Audit, Config, Decision, Institution, Person, Progress};
use crate::scheme::Scheme;
use crate::source::SourceFile;

/// Index into [`Dossier::files`].
pub type FileId = usize;

/// A record with the id its file name gives it and the file it came from.
#[derive(Debug, Clone)]
pub struct Record<T> {
    pub id: String,
    pub file: FileId,
    pub data: T,
}

/// Everything under `institutions/<id>/`.
#[derive(Debug, Default)]
pub struct InstitutionFiles {
    pub id: String,
    pub record: Option<Record<Institution>>,
    pub audits: BTreeMap<String, Record<Audit>>,
    pub decisions: BTreeMap<String, Record<Decision>>,
    /// Keyed by the month reported on (`yyyy-mm`).
    pub progress: BTreeMap<String, Record<Progress>>,
    /// The ids of audits whose file exists but did not load (io, parse,
    /// schema): they exist, the rules just cannot read them.
    pub unreadable_audits: BTreeSet<String>,
    /// Whether any record file of the institution exists but did not load:
    /// judgments over all its records (deadlines, considerations, …) wait
    /// until it is fixed, so that one mistake gives one diagnostic.
    pub has_unreadable: bool,
}

#[derive(Debug)]
pub struct Dossier {
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
    pub config: Option<Record<Config>>,
    pub scheme: Scheme,
    /// Shared by the parts of a dossier loaded in parts (`load::Parts`).
    pub people: std::sync::Arc<BTreeMap<String, Record<Person>>>,
    pub institutions: BTreeMap<String, InstitutionFiles>,
    /// Problems found while loading (rules `io`, `parse`, `schema`, and the
    /// references inside the scheme file).
    pub load_diagnostics: Vec<Diagnostic>,
    /// Temporary files of a kmi writer that was killed (`.kmi-*.tmp`), by
    /// path relative to the root: copies of records, never read.
    pub leftovers: Vec<String>,
    /// The ids of people whose file exists but did not load: they exist,
    /// so a reference to them is no unknown reference.
    pub unreadable_people: BTreeSet<String>,
}

impl Dossier {
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// The extra context factors allowed by `kmi.toml`.
    pub fn extra_context(&self) -> impl Iterator<Item = &str> {
        self.config
            .iter()
            .flat_map(|c| c.data.context.extra.iter().map(|f| f.as_str()))
    }

    /// The dossier's time zone (default Europe/Amsterdam).
    pub fn timezone(&self) -> &str {
        self.config
            .as_ref()
            .and_then(|c| c.data.dossier.timezone.as_ref())
            .map_or("Europe/Amsterdam", |t| t.get_ref().as_str())
    }

    /// Today in the dossier's time zone.
    pub fn today(&self) -> Date {
        today_in(self.timezone())
    }
}

/// Today in the IANA time zone `tz` (UTC when `tz` is not one).
pub fn today_in(tz: &str) -> Date {
    let now = chrono::Utc::now();
    let date = match tz.parse::<chrono_tz::Tz>() {
        Ok(tz) => now.with_timezone(&tz).date_naive(),
        Err(_) => now.date_naive(),
    };
    Date::from_ymd(
        chrono::Datelike::year(&date),
        chrono::Datelike::month(&date),
        chrono::Datelike::day(&date),
    )
    .expect("today is a date")
}

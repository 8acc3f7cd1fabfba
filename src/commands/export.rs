//! `kmi export`: the dossier as a workbook (.xlsx), or with `--format csv`
//! as one CSV file per sheet in a new directory (docs/spreadsheets.md).
//! Never over a file that exists.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::facts::Facts;
use crate::session::{Outcome, RunError, Session};
use crate::sheets::{self, Options};
use crate::trace::Names;

crate::formats! {
    /// `human` writes the workbook; `csv` the CSV files.
    pub enum Out {
        Human,
        Csv,
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write: a new .xlsx file (default: dossier-<as-of>.xlsx), or with
    /// --format csv a new directory (default: dossier-<as-of>/). Never overwritten.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only this institution's records (and the people on its audits and decisions).
    #[arg(long, value_name = "ID")]
    pub institution: Option<String>,
    /// Leave out people's names (namen weglaten): people by id only.
    #[arg(long)]
    pub redact: bool,
}

pub fn run(s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    // One institution's workbook needs only its folder (and the people).
    let (dossier, as_of) = match &args.institution {
        Some(i) => s.load_institution_as_of(i)?,
        None => s.load_as_of()?,
    };
    if let Some(i) = &args.institution {
        RunError::known_institution(&dossier, i)?;
    }
    let facts = Facts::build(&dossier, as_of);
    let tables = sheets::build(
        &dossier,
        &facts,
        &Options {
            institution: args.institution.as_deref(),
            names: if args.redact {
                Names::Redacted
            } else {
                Names::Full
            },
            lang: s.lang,
        },
    );
    let csv = s.format::<Out>() == Out::Csv;
    let target = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(if csv {
            format!("dossier-{as_of}")
        } else {
            format!("dossier-{as_of}.xlsx")
        })
    });
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    let written = if csv {
        write_csv_dir(&target, &tables, s.lang)
    } else {
        let bytes = sheets::xlsx::workbook(&tables, s.lang).map_err(|e| {
            RunError::said(
                format!("cannot make the workbook: {e}"),
                format!("kan de werkmap niet maken: {e}"),
            )
        })?;
        crate::write::create_new(&target, &bytes).map_err(RunError::from)
    };
    if let Err(RunError::Write(crate::write::WriteError::Exists(p))) = &written {
        return Err(RunError::said(
            format!(
                "{} exists already; kmi export never overwrites: choose another --out (nothing was written)",
                p.display()
            ),
            format!(
                "{} bestaat al; kmi export overschrijft nooit: kies een andere --out (er is niets geschreven)",
                p.display()
            ),
        ));
    }
    written?;
    writeln!(
        out,
        "{} {} {} {}",
        tables.len(),
        s.lang.pick("sheets,", "bladen,"),
        rows,
        s.lang.pick(
            &format!("rows written to {}", target.display()),
            &format!("rijen geschreven naar {}", target.display())
        ),
    )?;
    Ok(Outcome::Clean)
}

/// Every sheet as `<sheet>.csv` in the new directory `dir`: written to a
/// temporary directory beside it and moved into place in one rename, never
/// over anything that exists.
fn write_csv_dir(
    dir: &Path,
    tables: &[sheets::Table],
    lang: crate::i18n::Lang,
) -> Result<(), RunError> {
    if dir.symlink_metadata().is_ok() {
        return Err(crate::write::WriteError::Exists(dir.to_path_buf()).into());
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".kmi-export-")
        .tempdir_in(&parent)
        .map_err(|e| {
            RunError::said(
                format!("cannot write in {}: {e}", parent.display()),
                format!("kan niet schrijven in {}: {e}", parent.display()),
            )
        })?;
    for t in tables {
        let bytes = sheets::xlsx::csv(t, lang).map_err(|e| {
            RunError::said(
                format!("cannot write CSV: {e}"),
                format!("kan de CSV niet schrijven: {e}"),
            )
        })?;
        crate::write::create_new(
            &tmp.path().join(format!("{}.csv", t.def.name(lang))),
            &bytes,
        )?;
    }
    // rename(2) would replace an empty directory that appeared meanwhile:
    // look once more, as close to the rename as can be.
    if dir.symlink_metadata().is_ok() {
        return Err(crate::write::WriteError::Exists(dir.to_path_buf()).into());
    }
    let kept = tmp.keep();
    if let Err(e) = std::fs::rename(&kept, dir) {
        let _ = std::fs::remove_dir_all(&kept);
        return Err(e.into());
    }
    Ok(())
}

//! `kmi site OUT`: the dossier as a static website (website van het dossier).
//! Written to a temporary directory beside OUT and moved into place in one
//! rename: a reader never sees half a site, and a directory that is not a
//! site kmi wrote is never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::facts::Facts;
use crate::session::{Outcome, RunError, Session};
use crate::trace::Names;

crate::formats! {
    /// What this command prints (a short summary; the site goes to OUT).
    pub enum Out {
        Human,
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The directory to write the site to: new, empty, or a site kmi wrote before (it is replaced).
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// Replace people's names by their ids everywhere (namen weglaten).
    #[arg(long)]
    pub redact: bool,
    /// Only what the public register may show: the board of certified institutions and the register (openbaar).
    #[arg(long)]
    pub public: bool,
    /// Link each problem to its file and line on the forge, e.g. https://github.com/org/dossier/blob/main
    #[arg(long, value_name = "URL")]
    pub repo_url: Option<String>,
}

pub fn run(s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    let (dossier, as_of) = s.load_as_of()?;
    let facts = Facts::build(&dossier, as_of);
    let mut diags = crate::rules::check(&dossier, &facts);
    for d in &mut diags {
        d.localize(s.lang);
    }
    let options = crate::site::Options {
        lang: s.lang,
        names: if args.redact || args.public {
            Names::Redacted
        } else {
            Names::Full
        },
        public: args.public,
        repo_url: args.repo_url.as_deref(),
    };
    let files = crate::site::build(&dossier, &facts, &diags, &options);
    write_site(&args.out, &files)?;
    writeln!(
        out,
        "{} {} {} {}",
        files.keys().filter(|k| k.ends_with(".html")).count(),
        s.lang.pick("pages written to", "pagina's geschreven naar"),
        args.out.display(),
        s.lang.pick("(open index.html)", "(open index.html)")
    )?;
    Ok(Outcome::Clean)
}

/// Write every file under a fresh temporary directory beside `out`, then
/// move it into place.
fn write_site(out: &Path, files: &crate::site::Files) -> Result<(), RunError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let replaces = match std::fs::symlink_metadata(out) {
        Err(_) => false,
        Ok(m) if m.is_dir() && !m.file_type().is_symlink() => {
            let empty = std::fs::read_dir(out)
                .map_err(|e| {
                    RunError::said(
                        format!("cannot read {}: {e}", out.display()),
                        format!("kan {} niet lezen: {e}", out.display()),
                    )
                })?
                .next()
                .is_none();
            if !empty && !out.join(".kmi-site").is_file() {
                return Err(RunError::said(
                    format!(
                        "{} is not empty and is not a site kmi wrote: choose a new directory (nothing was written)",
                        out.display()
                    ),
                    format!(
                        "{} is niet leeg en is geen site die kmi schreef: kies een nieuwe map (er is niets geschreven)",
                        out.display()
                    ),
                ));
            }
            true
        }
        Ok(_) => {
            return Err(RunError::said(
                format!(
                    "{} exists and is not a directory (nothing was written)",
                    out.display()
                ),
                format!(
                    "{} bestaat en is geen map (er is niets geschreven)",
                    out.display()
                ),
            ));
        }
    };
    let tmp = tempfile::Builder::new()
        .prefix(".kmi-site-")
        .tempdir_in(&parent)
        .map_err(|e| {
            RunError::said(
                format!("cannot write in {}: {e}", parent.display()),
                format!("kan niet schrijven in {}: {e}", parent.display()),
            )
        })?;
    for (rel, text) in files {
        let path = tmp.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, text)?;
    }
    let fresh = tmp.keep();
    if replaces {
        let old = tempfile::Builder::new()
            .prefix(".kmi-site-old-")
            .tempdir_in(&parent)?
            .keep();
        std::fs::remove_dir(&old)?;
        std::fs::rename(out, &old)?;
        std::fs::rename(&fresh, out)?;
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&fresh, out)?;
    }
    Ok(())
}

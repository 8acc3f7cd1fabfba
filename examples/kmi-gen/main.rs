//! `kmi-gen`: the synthetic dossier and git history the benchmarks run on
//! (docs/performance.md). Deterministic: the same arguments give the same
//! files, byte for byte, and the same commits.
//!
//! ```text
//! cargo run --release --example kmi-gen -- dossier /tmp/d1000 --institutions 1000
//! cargo run --release --example kmi-gen -- history /tmp/h --institutions 13 --commits 10000
//! ```

mod history;
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kmi::clock::Date;

#[derive(Parser)]
#[command(
    name = "kmi-gen",
    about = "Generate a synthetic kmi dossier or its git history"
)]
struct Cli {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Write the dossier as of --as-of into DIR (new or empty).
    Dossier {
        dir: PathBuf,
        #[command(flatten)]
        opts: Opts,
    },
    /// Write a git repository into DIR (new or empty) whose commits record the
    /// dossier edit by edit, up to --as-of; HEAD is checked out.
    History {
        dir: PathBuf,
        #[command(flatten)]
        opts: Opts,
        /// Number of commits: edits are grouped when there are more, and a
        /// small dossier gets editorial edits (reworded audit scopes) when
        /// there are fewer.
        #[arg(long, default_value_t = 10_000)]
        commits: usize,
    },
}

#[derive(clap::Args)]
struct Opts {
    #[arg(long, default_value_t = 13)]
    institutions: usize,
    #[arg(long, default_value_t = 10)]
    years: u32,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The dossier's today; nothing is dated later.
    #[arg(long, default_value = "2026-06-30")]
    as_of: Date,
    /// Per audit, the chance of one realistic mistake (0 = a clean dossier).
    #[arg(long, default_value_t = 0.01)]
    defects: f64,
}

impl Opts {
    fn params(&self) -> synth::Params {
        synth::Params {
            institutions: self.institutions,
            years: self.years,
            seed: self.seed,
            as_of: self.as_of,
            defects: self.defects,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.what {
        What::Dossier { dir, opts } => fresh(dir).and_then(|()| {
            let files = synth::generate(&opts.params()).write(dir)?;
            eprintln!("kmi-gen: wrote {files} files to {}", dir.display());
            Ok(())
        }),
        What::History { dir, opts, commits } => fresh(dir).and_then(|()| {
            let mut dossier = synth::generate(&opts.params());
            dossier.pad_with_edits(*commits);
            let (c, v) = history::write(&dossier, dir, *commits)?;
            eprintln!(
                "kmi-gen: wrote {c} commits ({v} file versions) to {}",
                dir.display()
            );
            Ok(())
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kmi-gen: {e}");
            ExitCode::from(2)
        }
    }
}

/// Never write over anything: the directory must be new or empty.
fn fresh(dir: &Path) -> std::io::Result<()> {
    let empty = std::fs::read_dir(dir).map_or(true, |mut e| e.next().is_none());
    if empty {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "{} is not empty; kmi-gen writes only into a new or empty directory",
            dir.display()
        )))
    }
}

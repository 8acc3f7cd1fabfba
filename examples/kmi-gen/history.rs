//! The dossier's history as a git repository: every version of every record,
//! in date order, grouped into the number of commits asked for, and written
//! through one `git fast-import` process (one process per commit would take
//! minutes for a long history; this takes seconds).

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use kmi::clock::Date;

use crate::synth::{Dossier, Version};

const COORDINATORS: &[(&str, &str)] = &[
    ("Marieke Dekker", "m.dekker@kmi.example"),
    ("Joost Hendriks", "j.hendriks@kmi.example"),
    ("Sanne Postma", "s.postma@kmi.example"),
    ("Lars Koster", "l.koster@kmi.example"),
];

/// Write the history into a new repository at `dir`; returns (commits, versions).
pub fn write(dossier: &Dossier, dir: &Path, commits: usize) -> io::Result<(usize, usize)> {
    std::fs::create_dir_all(dir)?;
    git(dir, &["init", "--quiet", "--initial-branch=main"])?;
    let versions = dossier.versions();
    let n = versions.len();
    let commits = commits.clamp(1, n.max(1));
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet", "--done"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()?;
    {
        let stdin = child.stdin.take().expect("piped stdin");
        let mut w = BufWriter::with_capacity(1 << 20, stdin);
        let epoch = Date::from_ymd(1970, 1, 1).expect("a date");
        let mut last_day = None;
        let mut in_day = 0i64;
        for c in 0..commits {
            let chunk = &versions[c * n / commits..(c + 1) * n / commits];
            let date = chunk.last().map_or(dossier.history_start(), |v| v.date);
            in_day = if last_day == Some(date) {
                in_day + 1
            } else {
                0
            };
            last_day = Some(date);
            // Working hours, a minute apart: the order of commits is the order of time.
            let ts = epoch.days_until(date) * 86_400 + 8 * 3_600 + in_day * 60;
            let (name, email) = COORDINATORS[c % COORDINATORS.len()];
            writeln!(w, "commit refs/heads/main\nmark :{}", c + 1)?;
            writeln!(w, "author {name} <{email}> {ts} +0000")?;
            writeln!(w, "committer {name} <{email}> {ts} +0000")?;
            data(&mut w, message(chunk).as_bytes())?;
            if c > 0 {
                writeln!(w, "from :{c}")?;
            }
            for v in chunk {
                writeln!(w, "M 100644 inline {}", dossier.path(v.record))?;
                data(&mut w, dossier.render(v.record, v.date).as_bytes())?;
            }
            writeln!(w)?;
        }
        writeln!(w, "done")?;
        w.flush()?;
    }
    let status = child.wait()?;
    if !status.success() {
        return Err(io::Error::other(format!(
            "git fast-import failed: {status}"
        )));
    }
    git(dir, &["reset", "--hard", "--quiet"])?;
    Ok((commits, n))
}

fn message(chunk: &[Version]) -> String {
    match chunk {
        [] => "empty".to_owned(),
        [one] => format!("{}\n", one.message),
        [first, rest @ ..] => {
            let mut m = format!("{} (and {} more)\n\n", first.message, rest.len());
            for v in chunk {
                m.push_str("- ");
                m.push_str(&v.message);
                m.push('\n');
            }
            m
        }
    }
}

fn data(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    writeln!(w, "data {}", bytes.len())?;
    w.write_all(bytes)?;
    writeln!(w)
}

fn git(dir: &Path, args: &[&str]) -> io::Result<()> {
    let status = Command::new("git").args(args).current_dir(dir).status()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "git {} failed: {status}",
            args.join(" ")
        )))
    }
}

//! The benchmarks of docs/performance.md, in one command:
//!
//! ```text
//! cargo run --release --example bench [-- --runs 10] [-- --keep]
//! ```
//!
//! Builds `kmi`, `kmi-gen` and `parse-floor` in release, generates the
//! synthetic dossiers into a fresh temporary directory (13 institutions × 10
//! years, the real size, and 1,000 × 10), and prints a table of medians:
//! `kmi check` on both, the parse-only floor, `taplo check` with the
//! project's JSON Schemas (when `taplo` is installed: `cargo install
//! taplo-cli --locked`), peak memory (`/usr/bin/time -f %M`), and —
//! as soon as this build of kmi has them — `deadlines`, `trace`, `diff` of
//! two adjacent revisions and `check --since` on a 10,000-commit history.
//!
//! Issue 21's rows too: `tombi lint` with the same schemas as a second peer
//! (when installed: `pip install tombi`), `--rev HEAD check` beside each
//! working-tree check, and on a 10,000-commit history of 1,000 × 10
//! `check --since HEAD~100` and `trace --provenance` of one finding. Every
//! row says the machine's load (1-minute average) when it started.
//! `--wide` adds 100 and 3,000 institutions to the check and `--rev` rows
//! (to see that `--rev` stays linear in the dossier's width).
//!
//! `--kmi PATH` measures another build of kmi (an older commit, for
//! before-and-after figures) with the same dossiers and tools.
//!
//! `--busy N` keeps N threads spinning for the whole run: a busy machine on
//! purpose, so that "busy" figures can be reproduced instead of waited for
//! (`--busy 1` on 2 CPUs is a neighbour taking one of them).
//!
//! Timing uses `hyperfine` when it is installed (`apt-get install
//! hyperfine`), else repeated runs and their median. This is a benchmark,
//! not a test: nothing in CI runs it or depends on the machine's speed.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

const AS_OF: &str = "2026-06-30";
const SEED: &str = "1";
/// The end of the window of `kmi plan calendar`: a year after AS_OF.
const CALENDAR_TO: &str = "2027-06-30";

struct Opts {
    runs: usize,
    keep: bool,
    /// Another kmi binary to measure instead of this build's.
    kmi: Option<PathBuf>,
    /// Also 100 and 3,000 institutions.
    wide: bool,
    /// Threads that spin beside every measurement.
    busy: usize,
}

/// One measured command.
struct Row {
    name: String,
    files: Option<usize>,
    median_ms: f64,
    /// Mean user + system CPU time, when hyperfine measured it.
    cpu_ms: Option<f64>,
    peak_kb: Option<u64>,
    /// The 1-minute load average when the row started.
    load: Option<f64>,
}

fn main() -> ExitCode {
    let mut opts = Opts {
        runs: 10,
        keep: false,
        kmi: None,
        wide: false,
        busy: 0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => opts.runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(10),
            "--keep" => opts.keep = true,
            "--kmi" => opts.kmi = args.next().map(PathBuf::from),
            "--wide" => opts.wide = true,
            "--busy" => opts.busy = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            _ => {
                eprintln!(
                    "usage: cargo run --release --example bench [-- --runs N] [--keep] [--kmi PATH] [--wide] [--busy N]"
                );
                return ExitCode::from(2);
            }
        }
    }
    match run(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::from(2)
        }
    }
}

type Result<T> = std::result::Result<T, String>;

fn run(opts: &Opts) -> Result<()> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    step("building kmi, kmi-gen and parse-floor (release)");
    let status = Command::new(&cargo)
        .args(["build", "--release", "--quiet", "--bin", "kmi"])
        .args(["--example", "kmi-gen", "--example", "parse-floor"])
        .current_dir(manifest)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build failed".to_owned());
    }
    // This program is target/release/examples/bench: the others sit beside it.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let examples = exe.parent().ok_or("no examples directory")?;
    let release = examples.parent().ok_or("no release directory")?;
    let kmi = match &opts.kmi {
        Some(other) => other
            .canonicalize()
            .map_err(|e| format!("{}: {e}", other.display()))?,
        None => release.join("kmi"),
    };
    let gen_ = examples.join("kmi-gen");
    let floor = examples.join("parse-floor");

    let work = std::env::temp_dir().join(format!("kmi-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let spinners: Vec<_> = (0..opts.busy)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut x = 0u64;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
                }
            })
        })
        .collect();
    if opts.busy > 0 {
        println!(
            "busy: {} thread{} spinning beside every run (--busy)",
            opts.busy,
            if opts.busy == 1 { "" } else { "s" }
        );
    }
    let result = measure_all(opts, manifest, &kmi, &gen_, &floor, &work);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for s in spinners {
        let _ = s.join();
    }
    if opts.keep {
        eprintln!("bench: kept {}", work.display());
    } else {
        let _ = std::fs::remove_dir_all(&work);
    }
    result
}

fn measure_all(
    opts: &Opts,
    manifest: &Path,
    kmi: &Path,
    gen_: &Path,
    floor: &Path,
    work: &Path,
) -> Result<()> {
    let hyperfine = tool_version("hyperfine", &["--version"]);
    let taplo = tool_version("taplo", &["--version"]);
    let tombi = tool_version("tombi", &["--version"]);
    let gnu_time = Path::new("/usr/bin/time").exists();
    machine(hyperfine.as_deref(), taplo.as_deref());
    println!(
        "{}",
        tombi
            .as_deref()
            .unwrap_or("tombi not installed: skipped (pip install tombi)")
    );

    let mut sizes = vec![("13 × 10", 13usize), ("1,000 × 10", 1000)];
    if opts.wide {
        sizes.insert(1, ("100 × 10", 100));
        sizes.push(("3,000 × 10", 3000));
    }
    let mut dossiers = Vec::new();
    for (label, n) in sizes {
        let dir = work.join(format!("dossier-{n}"));
        step(&format!("generating {label} into {}", dir.display()));
        let n_s = n.to_string();
        run_ok(Command::new(gen_).arg("dossier").arg(&dir).args([
            "--institutions",
            &n_s,
            "--seed",
            SEED,
            "--as-of",
            AS_OF,
        ]))?;
        dossiers.push((label, dir.clone(), count_toml(&dir)));
    }

    let mut rows = Vec::new();
    let bench = Bench {
        runs: opts.runs,
        hyperfine: hyperfine.is_some(),
        gnu_time,
    };
    let kmi_s = kmi.display().to_string();
    for (label, dir, files) in &dossiers {
        let d = dir.display().to_string();
        let check = [kmi_s.as_str(), "--dossier", &d, "--as-of", AS_OF, "check"];
        rows.push(bench.row(&format!("kmi check, {label}"), Some(*files), &check, None)?);
        // The same dossier read from git: one commit of every file.
        commit_all(dir)?;
        let rev = [
            kmi_s.as_str(),
            "--dossier",
            &d,
            "--as-of",
            AS_OF,
            "--rev",
            "HEAD",
            "check",
        ];
        rows.push(bench.row(
            &format!("kmi --rev HEAD check, {label}"),
            Some(*files),
            &rev,
            None,
        )?);
        if label.starts_with("100 ") || label.starts_with("3,000") {
            continue;
        }
        let fl = floor.display().to_string();
        rows.push(bench.row(
            &format!("parse floor (1 thread), {label}"),
            Some(*files),
            &[fl.as_str(), &d],
            None,
        )?);
        if taplo.is_some() {
            let config = taplo_config(manifest, work)?;
            let c = config.display().to_string();
            rows.push(bench.row(
                &format!("taplo check + schemas, {label}"),
                Some(*files),
                &["taplo", "check", "--config", &c],
                Some(dir),
            )?);
        }
        if tombi.is_some() {
            // tombi reads tombi.toml in the directory it lints: there for
            // these runs only.
            let config = dir.join("tombi.toml");
            std::fs::write(&config, tombi_config(manifest)).map_err(|e| e.to_string())?;
            let row = bench.row(
                &format!("tombi lint + schemas, {label}"),
                Some(*files),
                &["tombi", "lint", "--offline", "--quiet"],
                Some(dir),
            );
            let _ = std::fs::remove_file(&config);
            rows.push(row?);
        }
    }

    // The commands other branches add: measured as soon as this build has them.
    let help = output(Command::new(kmi).arg("help"));
    let check_help = output(Command::new(kmi).args(["check", "--help"]));
    let has = |word: &str| {
        help.lines()
            .any(|l| l.split_whitespace().next() == Some(word))
    };
    let mut missing = Vec::new();
    for cmd in ["deadlines", "trace"] {
        if !has(cmd) {
            missing.push(format!("kmi {cmd}"));
            continue;
        }
        for (label, dir, files) in &dossiers {
            let d = dir.display().to_string();
            // `trace` follows one finding; it reads only that finding's
            // institution (docs/performance.md).
            let finding = first_finding(dir).unwrap_or_default();
            let mut argv = vec![kmi_s.as_str(), "--dossier", &d, "--as-of", AS_OF, cmd];
            let mut name = format!("kmi {cmd}, {label}");
            if cmd == "trace" {
                argv.push(&finding);
                name = format!("kmi trace <one finding>, {label}");
            }
            match probe(&argv) {
                Ok(()) => rows.push(bench.row(&name, Some(*files), &argv, None)?),
                Err(e) => eprintln!("bench: kmi {cmd} could not run: {e}"),
            }
            // One institution's deadlines: only its folder is read.
            let institution = finding.split('/').next().unwrap_or_default().to_owned();
            if cmd == "deadlines" && !institution.is_empty() {
                let argv = [
                    kmi_s.as_str(),
                    "--dossier",
                    &d,
                    "--as-of",
                    AS_OF,
                    "deadlines",
                    "--institution",
                    &institution,
                ];
                match probe(&argv) {
                    Ok(()) => rows.push(bench.row(
                        &format!("kmi deadlines --institution <one>, {label}"),
                        Some(*files),
                        &argv,
                        None,
                    )?),
                    Err(e) => eprintln!("bench: kmi deadlines --institution could not run: {e}"),
                }
            }
        }
    }
    // `kmi plan calendar` over the year after the as-of date: exact on 13 ×
    // 10, greedy with repair on 1,000 × 10 (docs/planning.md). Seconds, not
    // milliseconds, at the large size: three runs.
    let plan_help = output(Command::new(kmi).args(["plan", "--help"]));
    if plan_help
        .lines()
        .any(|l| l.split_whitespace().next() == Some("calendar"))
    {
        let slow = Bench {
            runs: bench.runs.min(3),
            ..bench
        };
        for (label, dir, files) in &dossiers {
            let d = dir.display().to_string();
            let argv = [
                kmi_s.as_str(),
                "--dossier",
                &d,
                "--as-of",
                AS_OF,
                "plan",
                "calendar",
                "--to",
                CALENDAR_TO,
            ];
            match probe(&argv) {
                Ok(()) => rows.push(slow.row(
                    &format!("kmi plan calendar, {label}"),
                    Some(*files),
                    &argv,
                    None,
                )?),
                Err(e) => eprintln!("bench: kmi plan calendar could not run: {e}"),
            }
        }
    } else {
        missing.push("kmi plan calendar".to_owned());
    }
    // `kmi export` never overwrites: each run removes the workbook first.
    if has("export") {
        for (label, dir, files) in &dossiers {
            let out = work.join(format!("export-{}.xlsx", files));
            let script = format!(
                "rm -f '{}' && exec '{}' --dossier '{}' --as-of {AS_OF} export --out '{}' >/dev/null",
                out.display(),
                kmi_s,
                dir.display(),
                out.display()
            );
            let argv = ["sh", "-c", script.as_str()];
            match probe(&argv) {
                Ok(()) => rows.push(bench.row(
                    &format!("kmi export (.xlsx), {label}"),
                    Some(*files),
                    &argv,
                    None,
                )?),
                Err(e) => eprintln!("bench: kmi export could not run: {e}"),
            }
        }
    } else {
        missing.push("kmi export".to_owned());
    }
    let has_diff = has("diff");
    let has_since = check_help.contains("--since");
    if !has_diff {
        missing.push("kmi diff <rev-a> <rev-b>".to_owned());
    }
    if !has_since {
        missing.push("kmi check --since".to_owned());
    }
    if has_diff || has_since {
        for commits in [1_000usize, 10_000] {
            let repo = work.join(format!("history-{commits}"));
            step(&format!(
                "generating a {commits}-commit history of 13 × 10 into {}",
                repo.display()
            ));
            let c = commits.to_string();
            run_ok(
                Command::new(gen_)
                    .arg("history")
                    .arg(&repo)
                    .args(["--institutions", "13", "--seed", SEED, "--as-of", AS_OF])
                    .args(["--commits", &c]),
            )?;
            let r = repo.display().to_string();
            let label = format!("{} commits", thousands(commits));
            if has_diff {
                let argv = [kmi_s.as_str(), "--dossier", &r, "diff", "HEAD~1", "HEAD"];
                match probe(&argv) {
                    Ok(()) => rows.push(bench.row(
                        &format!("kmi diff HEAD~1 HEAD, {label}"),
                        None,
                        &argv,
                        None,
                    )?),
                    Err(e) => eprintln!("bench: kmi diff could not run: {e}"),
                }
            }
            if has_since {
                let argv = [
                    kmi_s.as_str(),
                    "--dossier",
                    &r,
                    "--as-of",
                    AS_OF,
                    "check",
                    "--since",
                    "HEAD~1",
                ];
                match probe(&argv) {
                    Ok(()) => rows.push(bench.row(
                        &format!("kmi check --since HEAD~1, {label}"),
                        None,
                        &argv,
                        None,
                    )?),
                    Err(e) => eprintln!("bench: kmi check --since could not run: {e}"),
                }
            }
        }
    }

    if has_since {
        history_rows(&bench, &mut rows, &kmi_s, gen_, work)?;
    }

    report(&rows, &missing, taplo.is_some());
    // Other work on the machine shows in the medians: say how busy it was.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average at the end: {}", load.trim());
    Ok(())
}

struct Bench {
    runs: usize,
    hyperfine: bool,
    gnu_time: bool,
}

impl Bench {
    fn row(
        &self,
        name: &str,
        files: Option<usize>,
        argv: &[&str],
        cwd: Option<&Path>,
    ) -> Result<Row> {
        let load = load_average();
        step(&format!("measuring {name}"));
        let (median_ms, cpu_ms) = if self.hyperfine {
            self.hyperfine(argv, cwd)?
        } else {
            (self.repeat(argv, cwd)?, None)
        };
        let peak_kb = if self.gnu_time {
            self.peak_kb(argv, cwd)
        } else {
            None
        };
        Ok(Row {
            load,
            name: name.to_owned(),
            files,
            median_ms,
            cpu_ms,
            peak_kb,
        })
    }

    fn hyperfine(&self, argv: &[&str], cwd: Option<&Path>) -> Result<(f64, Option<f64>)> {
        let json = std::env::temp_dir().join(format!("kmi-bench-{}.json", std::process::id()));
        let line: Vec<String> = argv.iter().map(|a| shell_quote(a)).collect();
        let mut cmd = Command::new("hyperfine");
        cmd.args(["-N", "--ignore-failure", "--style", "none", "--warmup", "2"])
            .args(["--runs", &self.runs.to_string(), "--export-json"])
            .arg(&json)
            .arg(line.join(" "))
            .env("RUST_LOG", "error");
        if let Some(dir) = cwd {
            cmd.current_dir(dir);
        }
        // Quiet unless it fails: its warnings about exit codes and outliers
        // would drown the table.
        let out = cmd.output().map_err(|e| format!("hyperfine: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "hyperfine failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let text = std::fs::read_to_string(&json).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(&json);
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let r = &v["results"][0];
        let median = r["median"].as_f64().ok_or("hyperfine gave no median")? * 1e3;
        let cpu = match (r["user"].as_f64(), r["system"].as_f64()) {
            (Some(u), Some(s)) => Some((u + s) * 1e3),
            _ => None,
        };
        Ok((median, cpu))
    }

    /// Without hyperfine: one warm-up run, then the median of `runs` runs.
    fn repeat(&self, argv: &[&str], cwd: Option<&Path>) -> Result<f64> {
        let mut times = Vec::new();
        for i in 0..=self.runs {
            let mut cmd = command(argv, cwd);
            let t = Instant::now();
            cmd.status().map_err(|e| format!("{}: {e}", argv[0]))?;
            if i > 0 {
                times.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        times.sort_by(f64::total_cmp);
        Ok(times[times.len() / 2])
    }

    /// Peak resident memory (KB), the median of three runs under GNU time.
    fn peak_kb(&self, argv: &[&str], cwd: Option<&Path>) -> Option<u64> {
        let mut peaks: Vec<u64> = (0..3)
            .filter_map(|_| {
                let mut cmd = Command::new("/usr/bin/time");
                cmd.args(["-f", "%M"])
                    .args(argv)
                    .env("RUST_LOG", "error")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped());
                if let Some(dir) = cwd {
                    cmd.current_dir(dir);
                }
                let out = cmd.output().ok()?;
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()?
                    .trim()
                    .parse()
                    .ok()
            })
            .collect();
        peaks.sort();
        peaks.get(peaks.len() / 2).copied()
    }
}

fn command(argv: &[&str], cwd: Option<&Path>) -> Command {
    let mut cmd = Command::new(argv[0]);
    cmd.args(&argv[1..])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd
}

/// Run once: fine unless kmi could not run at all (exit code 2).
fn probe(argv: &[&str]) -> Result<()> {
    let out = Command::new(argv[0])
        .args(&argv[1..])
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.code() == Some(2) {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err.lines().next().unwrap_or("exit code 2").to_owned());
    }
    Ok(())
}

/// The 1-minute load average (Linux), for the row's context.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// `git init` and one commit of every file in `dir` (quietly), for `--rev`.
fn commit_all(dir: &Path) -> Result<()> {
    if dir.join(".git").exists() {
        return Ok(());
    }
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@example.org",
            "commit",
            "-q",
            "-m",
            "the dossier",
        ],
    ] {
        run_ok(Command::new("git").args(args).current_dir(dir))?;
    }
    Ok(())
}

/// The rows of a long history under a wide dossier: 1,000 × 10 written in
/// 10,000 commits, then `check --since HEAD~100` (the change of a hundred
/// commits) and `trace --provenance` of one finding.
fn history_rows(
    bench: &Bench,
    rows: &mut Vec<Row>,
    kmi: &str,
    gen_: &Path,
    work: &Path,
) -> Result<()> {
    let repo = work.join("history-1000-10000");
    step(&format!(
        "generating a 10,000-commit history of 1,000 × 10 into {}",
        repo.display()
    ));
    run_ok(
        Command::new(gen_)
            .arg("history")
            .arg(&repo)
            .args(["--institutions", "1000", "--seed", SEED, "--as-of", AS_OF])
            .args(["--commits", "10000"]),
    )?;
    let r = repo.display().to_string();
    let label = "1,000 × 10, 10,000 commits";
    let since = [
        kmi,
        "--dossier",
        &r,
        "--as-of",
        AS_OF,
        "check",
        "--since",
        "HEAD~100",
    ];
    rows.push(bench.row(
        &format!("kmi check --since HEAD~100, {label}"),
        None,
        &since,
        None,
    )?);
    // One finding of the first institution's first audit with findings.
    let finding = first_finding(&repo).ok_or("the history has no finding")?;
    let trace = [
        kmi,
        "--dossier",
        &r,
        "--as-of",
        AS_OF,
        "trace",
        "--provenance",
        &finding,
    ];
    rows.push(bench.row(
        &format!("kmi trace --provenance <one finding>, {label}"),
        None,
        &trace,
        None,
    )?);
    Ok(())
}

/// `<institution>/<audit>/<finding>` of the first finding in the dossier.
fn first_finding(root: &Path) -> Option<String> {
    let mut institutions: Vec<PathBuf> = std::fs::read_dir(root.join("institutions"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    institutions.sort();
    for inst in institutions {
        let mut audits: Vec<PathBuf> = std::fs::read_dir(inst.join("audits"))
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        audits.sort();
        for audit in audits {
            let text = std::fs::read_to_string(&audit).ok()?;
            let id = text
                .lines()
                .skip_while(|l| l.trim() != "[[finding]]")
                .find_map(|l| l.trim().strip_prefix("id = "))
                .map(|v| v.trim_matches('"').to_owned());
            if let Some(id) = id {
                return Some(format!(
                    "{}/{}/{id}",
                    inst.file_name()?.to_string_lossy(),
                    audit.file_stem()?.to_string_lossy()
                ));
            }
        }
    }
    None
}

/// A tombi.toml that gives each kind of file its schema under `schema/`,
/// with no remote catalogue (the benchmark runs offline).
fn tombi_config(manifest: &Path) -> String {
    let schema = manifest.join("schema");
    let mut text = String::from(
        "toml-version = \"v1.0.0\"\n\n[schema]\ncatalog = { paths = [] }\nstrict = false\n",
    );
    for (glob, kind) in KINDS {
        text.push_str(&format!(
            "\n[[schemas]]\npath = \"{}\"\ninclude = [\"{glob}\"]\n",
            schema.join(format!("{kind}.schema.json")).display()
        ));
    }
    text
}

/// Each kind of record file: where it is, and its schema's name.
const KINDS: [(&str, &str); 7] = [
    ("kmi.toml", "kmi"),
    ("scheme.toml", "scheme"),
    ("people/*.toml", "person"),
    ("institutions/*/institution.toml", "institution"),
    ("institutions/*/audits/*.toml", "audit"),
    ("institutions/*/decisions/*.toml", "decision"),
    ("institutions/*/progress/*.toml", "progress"),
];

/// The `.taplo.toml` of docs/editors.md, with absolute paths to schema/.
fn taplo_config(manifest: &Path, work: &Path) -> Result<PathBuf> {
    let path = work.join("taplo.toml");
    let schema = manifest.join("schema");
    let mut text = String::from("include = [\"**/*.toml\"]\n");
    for (glob, kind) in KINDS {
        let file = schema.join(format!("{kind}.schema.json"));
        text.push_str(&format!(
            "\n[[rule]]\ninclude = [\"{glob}\"]\n[rule.schema]\npath = \"file://{}\"\n",
            file.display()
        ));
    }
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    Ok(path)
}

fn report(rows: &[Row], missing: &[String], taplo: bool) {
    println!();
    println!("| benchmark | files | median | CPU (user+sys) | peak memory | load |");
    println!("|---|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            r.name,
            r.files.map_or("".to_owned(), thousands),
            ms(r.median_ms),
            r.cpu_ms.map_or("–".to_owned(), ms),
            r.peak_kb
                .map_or("–".to_owned(), |k| format!("{:.0} MB", k as f64 / 1024.0)),
            r.load.map_or("–".to_owned(), |l| format!("{l:.2}"))
        );
    }
    for m in missing {
        println!("| {m} | | not available in this build | | |");
    }
    if !taplo {
        println!("| taplo check | | not installed (cargo install taplo-cli --locked) | | |");
    }
    println!();
    let find = |prefix: &str| rows.iter().find(|r| r.name.starts_with(prefix));
    let check = find("kmi check, 1,000");
    let real = find("kmi check, 13");
    if let (Some(c), Some(f)) = (check, find("parse floor (1 thread), 1,000")) {
        target(
            "check 1,000 × 10 no slower than the parse floor",
            c.median_ms <= f.median_ms,
            &format!("{:.2}× the floor's time", c.median_ms / f.median_ms),
        );
    }
    if let (Some(c), Some(t)) = (check, find("taplo check + schemas, 1,000")) {
        target(
            "check 1,000 × 10 at least 5× faster than taplo",
            t.median_ms >= 5.0 * c.median_ms,
            &format!("{:.1}× faster", t.median_ms / c.median_ms),
        );
    }
    if let Some(r) = real {
        target(
            "check 13 × 10 under 50 ms",
            r.median_ms < 50.0,
            &ms(r.median_ms),
        );
    }
    if let Some(c) = check
        && let Some(k) = c.peak_kb
    {
        target(
            "memory under 500 MB at 1,000 × 10",
            k < 500 * 1024,
            &format!("{:.0} MB", k as f64 / 1024.0),
        );
    }
    if let Some(r) = find("kmi plan calendar, 1,000") {
        target(
            "kmi plan calendar 1,000 × 10 under 10 s",
            r.median_ms < 10_000.0,
            &ms(r.median_ms),
        );
    }
    if let Some(e) = find("kmi export (.xlsx), 1,000") {
        target(
            "export 1,000 × 10 under 10 s",
            e.median_ms < 10_000.0,
            &ms(e.median_ms),
        );
    }
    for r in rows.iter().filter(|r| {
        r.name.starts_with("kmi diff") || r.name.starts_with("kmi check --since HEAD~1,")
    }) {
        target(
            &format!("{} under 100 ms", r.name),
            r.median_ms < 100.0,
            &ms(r.median_ms),
        );
    }
}

fn target(what: &str, met: bool, detail: &str) {
    println!("{} {what}: {detail}", if met { "met   " } else { "MISSED" });
}

fn machine(hyperfine: Option<&str>, taplo: Option<&str>) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or("unknown".to_owned(), |kb| {
            format!("{:.1} GB", kb as f64 / 1048576.0)
        });
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "machine: {cpus} CPUs ({model}), {mem} memory; load average at the start: {}",
        load.trim()
    );
    println!(
        "tools: {}; {}",
        hyperfine.unwrap_or("hyperfine not installed: median of repeated runs"),
        taplo.unwrap_or("taplo not installed: skipped (cargo install taplo-cli --locked)")
    );
}

fn tool_version(tool: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(tool).args(args).output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or(tool)
            .trim()
            .to_owned()
    })
}

fn output(cmd: &mut Command) -> String {
    cmd.output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn run_ok(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().map_err(|e| format!("{cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed: {status}"))
    }
}

fn count_toml(dir: &Path) -> usize {
    fn walk(dir: &Path, n: &mut usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, n);
            } else if p.extension().is_some_and(|x| x == "toml") {
                *n += 1;
            }
        }
    }
    let mut n = 0;
    walk(dir, &mut n);
    n
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:~,+@".contains(&b))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn ms(v: f64) -> String {
    if v >= 1000.0 {
        format!("{:.2} s", v / 1000.0)
    } else {
        format!("{v:.1} ms")
    }
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn step(what: &str) {
    eprintln!("bench: {what}");
}

//! How fast `kmi lsp` answers, measured from the outside as an editor sees
//! it (docs/performance.md, "kmi lsp"):
//!
//! ```text
//! cargo build --release
//! cargo run --release --example kmi-gen -- dossier /tmp/d1000 --institutions 1000 --years 10 --seed 1
//! cargo run --release --example lsp-timing -- /tmp/d1000 [--kmi target/release/kmi] [--runs 10]
//! ```
//!
//! Starts `kmi lsp --debounce 0` in the dossier over stdio and measures:
//! **open**, from `initialize` to the answer of the first request (the
//! server loads and checks the whole dossier and publishes before it
//! answers); then, `--runs` times, **break** and **fix**: an audit's `lead`
//! misspelled (or restored) in the editor's buffer, until its diagnostics
//! arrive with (or without) the `unknown-reference`. A change is answered
//! after this time plus the debounce (50 ms by default). Not a test: nothing
//! in CI runs it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dossier = None;
    let mut kmi = PathBuf::from("target/release/kmi");
    let mut runs = 10usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--kmi" => kmi = args.next().map(PathBuf::from).expect("--kmi PATH"),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            other => dossier = Some(PathBuf::from(other)),
        }
    }
    let root = dossier
        .expect("usage: lsp-timing DOSSIER [--kmi PATH] [--runs N]")
        .canonicalize()
        .expect("the dossier exists");
    let audit = first_audit(&root).expect("an audit with a lead");
    let rel = audit
        .strip_prefix(&root)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let text = std::fs::read_to_string(&audit).unwrap();
    let lead_line = text.lines().find(|l| l.starts_with("lead = ")).unwrap();
    let broken = text.replacen(lead_line, "lead = \"nobody-here\"", 1);

    let kmi = kmi
        .canonicalize()
        .expect("the kmi binary exists (cargo build --release)");
    let mut child = Command::new(&kmi)
        .args(["lsp", "--debounce", "0"])
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("kmi runs");
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let rx = reader(child.stdout.take().unwrap());
    let uri = format!("file://{}", audit.display());

    let started = Instant::now();
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}}),
    );
    wait_for(&rx, |m| m["id"] == 1);
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}}),
    );
    wait_for(&rx, |m| m["id"] == 2);
    let open = started.elapsed();
    let open_cpu = cpu(pid);

    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": text}}}),
    );
    let mut breaks = Vec::new();
    let mut fixes = Vec::new();
    let mut cpus = Vec::new();
    for run in 0..runs {
        for (new, broken_now, into) in [(&broken, true, &mut breaks), (&text, false, &mut fixes)] {
            let t = Instant::now();
            let c = cpu(pid);
            send(
                &mut stdin,
                json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": 2 + 2 * run + usize::from(!broken_now)},
                "contentChanges": [{"text": new}]}}),
            );
            wait_for(&rx, |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["diagnostics"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|d| d["code"] == "unknown-reference")
                        == broken_now
            });
            into.push(t.elapsed());
            if let (Some(before), Some(after)) = (c, cpu(pid)) {
                cpus.push(after - before);
            }
        }
    }
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
    );
    wait_for(&rx, |m| m["id"] == 3);
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    child.wait().unwrap();

    println!("dossier {} ({rel})", root.display());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let cpu_text =
        |d: Option<Duration>| d.map_or_else(String::new, |d| format!(", CPU {:.0} ms", ms(d)));
    println!(
        "open (load, check, publish): {:.1} ms{}",
        ms(open),
        cpu_text(open_cpu)
    );
    println!("break, median of {runs}: {:.1} ms", ms(median(&mut breaks)));
    println!("fix, median of {runs}: {:.1} ms", ms(median(&mut fixes)));
    if !cpus.is_empty() {
        println!(
            "CPU per change (user + sys, all threads), median: {:.0} ms",
            ms(median(&mut cpus))
        );
    }
}

/// User + system CPU time of process `pid` so far (Linux: /proc/PID/stat,
/// in clock ticks of 10 ms), to tell the work from the waiting on a busy machine.
fn cpu(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The first audit file (sorted) that names a lead.
fn first_audit(root: &Path) -> Option<PathBuf> {
    let mut institutions: Vec<PathBuf> = std::fs::read_dir(root.join("institutions"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    institutions.sort();
    for inst in institutions {
        let Ok(entries) = std::fs::read_dir(inst.join("audits")) else {
            continue;
        };
        let mut audits: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        audits.sort();
        if let Some(a) = audits.into_iter().find(|a| {
            std::fs::read_to_string(a).is_ok_and(|t| t.lines().any(|l| l.starts_with("lead = ")))
        }) {
            return Some(a);
        }
    }
    None
}

fn send(stdin: &mut ChildStdin, msg: Value) {
    let body = msg.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

fn wait_for(rx: &Receiver<Value>, done: impl Fn(&Value) -> bool) {
    loop {
        let msg = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("kmi lsp answers");
        if done(&msg) {
            return;
        }
    }
}

/// The server's messages, read on a thread of their own.
fn reader(stdout: impl Read + Send + 'static) -> Receiver<Value> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut length = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    rx
}

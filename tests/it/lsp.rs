//! `kmi lsp`: a client talks to the server in-process over lsp-server's
//! in-memory connection, and once to the real binary over stdio with
//! Content-Length framed JSON-RPC. Each works on a copy of the example
//! dossier, with the date pinned.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{copy_dir, example};
use serde_json::{Value, json};

const AUDIT: &str = "institutions/jbn/audits/2024-11-recertification.toml";
const DECISION: &str = "institutions/jbn/decisions/2024-12-17-bridging.toml";

/// A copy of the example dossier in a temporary directory.
fn dossier() -> (tempfile::TempDir, PathBuf) {
    let tmp = copy_dir(&example());
    let root = tmp.path().canonicalize().unwrap();
    (tmp, root)
}

fn uri(root: &Path, rel: &str) -> String {
    let path = root.join(rel);
    let mut s = "file://".to_owned();
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// The two ways to reach a server.
enum Transport {
    Memory(lsp_server::Connection, Option<std::thread::JoinHandle<()>>),
    Stdio {
        child: Child,
        stdin: ChildStdin,
        rx: std::sync::mpsc::Receiver<Value>,
    },
}

struct Client {
    transport: Transport,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pending: VecDeque<Value>,
}

impl Client {
    fn in_process(root: &Path) -> Client {
        let (server, client) = lsp_server::Connection::memory();
        let options = kmi::lsp::Options {
            dossier: Some(root.to_path_buf()),
            as_of: kmi::clock::Date::parse("2026-11-23"),
            rule_base_url: Some("https://example.org/kmi/rules/".to_owned()),
            debounce: Duration::from_millis(10),
            ..Default::default()
        };
        let handle = std::thread::spawn(move || kmi::lsp::serve(&server, options).unwrap());
        Client {
            transport: Transport::Memory(client, Some(handle)),
            next_id: 1,
            pending: VecDeque::new(),
        }
    }

    fn stdio(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kmi"))
            .args(["--as-of", "2026-11-23", "lsp", "--debounce", "10"])
            .current_dir(root.join("institutions"))
            .env("XDG_CACHE_HOME", root.join(".cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_frame(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            transport: Transport::Stdio { child, stdin, rx },
            next_id: 1,
            pending: VecDeque::new(),
        }
    }

    fn send(&mut self, msg: Value) {
        match &mut self.transport {
            Transport::Memory(conn, _) => {
                let msg: lsp_server::Message = serde_json::from_value(msg).unwrap();
                conn.sender.send(msg).unwrap();
            }
            Transport::Stdio { stdin, .. } => {
                let body = serde_json::to_string(&msg).unwrap();
                write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
                stdin.flush().unwrap();
            }
        }
    }

    fn recv(&mut self) -> Value {
        let timeout = Duration::from_secs(30);
        match &mut self.transport {
            Transport::Memory(conn, _) => {
                let msg = conn
                    .receiver
                    .recv_timeout(timeout)
                    .expect("a message from the server");
                serde_json::to_value(msg).unwrap()
            }
            Transport::Stdio { rx, .. } => {
                rx.recv_timeout(timeout).expect("a message from the server")
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.recv();
            if msg.get("id") == Some(&json!(id)) {
                assert!(msg.get("error").is_none(), "{method} failed: {msg}");
                return msg["result"].clone();
            }
            self.pending.push_back(msg);
        }
    }

    fn initialize(&mut self, root: &Path, encodings: &[&str]) -> Value {
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "workspaceFolders": [{"uri": uri(root, ""), "name": "dossier"}],
                "capabilities": {"general": {"positionEncodings": encodings}},
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// The next diagnostics published for `file` that satisfy `done`.
    fn diagnostics_until(&mut self, file: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(
                Instant::now() < deadline,
                "no diagnostics as expected for {file}"
            );
            let msg = match self.pending.pop_front() {
                Some(m) => m,
                None => self.recv(),
            };
            if msg["method"] == "textDocument/publishDiagnostics"
                && msg["params"]["uri"].as_str().unwrap().ends_with(file)
            {
                let diags = msg["params"]["diagnostics"].as_array().unwrap().clone();
                if done(&diags) {
                    return diags;
                }
            }
        }
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        match &mut self.transport {
            Transport::Memory(_, handle) => handle.take().unwrap().join().unwrap(),
            Transport::Stdio { child, .. } => {
                let status = child.wait().unwrap();
                assert!(status.success(), "kmi lsp exited with {status}");
            }
        }
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn position(line: usize, character: usize) -> Value {
    json!({"line": line, "character": character})
}

/// The line (0-based) of `needle` in `text`, and the column of its end in
/// UTF-16 units (`utf16`) or bytes.
fn place(text: &str, needle: &str, utf16: bool) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in text"))
        + needle.len();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..line_start].matches('\n').count();
    let prefix = &text[line_start..at];
    let col = if utf16 {
        prefix.encode_utf16().count()
    } else {
        prefix.len()
    };
    (line, col)
}

fn open(client: &mut Client, root: &Path, rel: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(root, rel), "languageId": "toml", "version": 1, "text": text}}),
    );
}

fn has_rule(diags: &[Value], rule: &str) -> bool {
    diags.iter().any(|d| d["code"] == rule)
}

/// Open a file with an error, fix it through the code action, and ask about
/// its references — the whole round in-process.
#[test]
fn diagnostics_code_action_and_fix_in_process() {
    let (_tmp, root) = dossier();
    let mut client = Client::in_process(&root);
    let init = client.initialize(&root, &["utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");

    let original = std::fs::read_to_string(root.join(AUDIT)).unwrap();
    let broken = original.replace("lead = \"dewi-visser\"", "lead = \"dewi-vissr\"");
    open(&mut client, &root, AUDIT, &broken);
    let diags = client.diagnostics_until(AUDIT, |d| has_rule(d, "unknown-reference"));
    let d = diags
        .iter()
        .find(|d| d["code"] == "unknown-reference")
        .unwrap();
    let (line, end) = place(&broken, "lead = \"dewi-vissr\"", true);
    assert_eq!(
        d["range"]["start"],
        position(line, end - "\"dewi-vissr\"".len())
    );
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "kmi");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://example.org/kmi/rules/unknown-reference.md"
    );
    assert!(d["message"].as_str().unwrap().contains("dewi-vissr"), "{d}");

    // The quick fix replaces the misspelled id.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(&root, AUDIT)},
            "range": d["range"],
            "context": {"diagnostics": [d]},
        }),
    );
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    let edits = &action["edit"]["changes"][uri(&root, AUDIT)];
    assert_eq!(edits[0]["newText"], "dewi-visser");
    assert_eq!(
        edits[0]["range"]["start"],
        position(line, end - "dewi-vissr\"".len())
    );

    // Applying it clears the diagnostic.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri(&root, AUDIT), "version": 2},
            "contentChanges": [{"range": edits[0]["range"], "text": "dewi-visser"}],
        }),
    );
    client.diagnostics_until(AUDIT, |d| !has_rule(d, "unknown-reference"));

    // Hover: the person, the finding a follow-up names, the norm.
    let (line, col) = place(&original, "lead = \"dewi", true);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "position": position(line, col)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("Dewi Visser") && text.contains("VOG"),
        "{text}"
    );
    assert!(text.contains("audits at jbn"), "{text}");

    let (line, col) = place(&original, "finding = \"2022-11-control/f", true);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "position": position(line, col)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("2022-11-control/f1")
            && text.contains("follow-up in 2024-11-recertification"),
        "{text}"
    );

    let (line, col) = place(&original, "norm = \"C.1", true);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "position": position(line, col)}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**C.1.1**") && text.contains("category"),
        "{text}"
    );

    // Go to the finding a follow-up names.
    let def = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "position": position(line_of(&original, "finding = \"2022-11-control/f1\""), 14)}),
    );
    let target =
        std::fs::read_to_string(root.join("institutions/jbn/audits/2022-11-control.toml")).unwrap();
    assert_eq!(
        def["uri"],
        uri(&root, "institutions/jbn/audits/2022-11-control.toml")
    );
    // The value of the finding's `id`, quotes included, as kmi's spans are.
    assert_eq!(
        def["range"]["start"],
        position(place(&target, "id = \"", true).0, 5)
    );

    client.shutdown();
}

fn line_of(text: &str, needle: &str) -> usize {
    place(text, needle, true).0
}

/// Completion of people marks those who may not serve on the audit's days,
/// with the rules' reasons.
#[test]
fn completion_of_people_findings_and_terms() {
    let (_tmp, root) = dossier();
    let mut client = Client::in_process(&root);
    client.initialize(&root, &[]);
    let text = std::fs::read_to_string(root.join(AUDIT))
        .unwrap()
        .replace("lead = \"dewi-visser\"", "lead = \"\"");
    open(&mut client, &root, AUDIT, &text);
    let (line, col) = place(&text, "lead = \"", true);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "position": position(line, col)}),
    );
    let items = items.as_array().unwrap();
    let dewi = items.iter().find(|i| i["label"] == "dewi-visser").unwrap();
    assert!(dewi.get("tags").is_none(), "{dewi}");
    assert_eq!(dewi["textEdit"]["newText"], "dewi-visser");
    // Cor Smit left in 2021: marked, with the qualification rule's words.
    let cor = items.iter().find(|i| i["label"] == "cor-smit").unwrap();
    assert_eq!(cor["tags"], json!([1]));
    assert!(
        cor["detail"].as_str().unwrap().contains("had left on"),
        "{cor}"
    );
    // A decision maker has no auditor role.
    let decider = items
        .iter()
        .find(|i| i["label"] == "dirk-de-vries")
        .unwrap();
    assert!(
        decider["detail"]
            .as_str()
            .unwrap()
            .contains("neither the lead-auditor"),
        "{decider}"
    );

    // Classes with their Dutch terms.
    let (line, col) = place(&text, "class = \"", true);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "position": position(line, col)}),
    );
    let critical = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "non-critical")
        .unwrap();
    assert_eq!(critical["detail"], "niet-kritisch");

    // The findings a follow-up may name: those open on the first audit day first.
    let (line, col) = place(&text, "finding = \"", true);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "position": position(line, col)}),
    );
    let items = items.as_array().unwrap();
    let still_open = items
        .iter()
        .find(|i| i["label"] == "2023-11-control/f1")
        .unwrap();
    assert!(still_open.get("tags").is_none(), "{still_open}");
    assert!(items.iter().all(|i| {
        !i["label"]
            .as_str()
            .unwrap()
            .starts_with("2024-11-recertification/")
    }));

    // The decision maker of a decision, and its open findings.
    let decision = std::fs::read_to_string(root.join(DECISION)).unwrap();
    open(&mut client, &root, DECISION, &decision);
    let (line, col) = place(&decision, "by = \"", true);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&root, DECISION)}, "position": position(line, col)}),
    );
    let dirk = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "dirk-de-vries")
        .unwrap();
    assert!(dirk.get("tags").is_none(), "{dirk}");
    client.shutdown();
}

/// Positions count UTF-16 units by default and bytes when the client
/// offers UTF-8: a diagnostic after "zoë-😀" on its line is at a different
/// character in each.
#[test]
fn position_encodings_with_non_ascii_text() {
    for (offered, utf16) in [(&[][..], true), (&["utf-8", "utf-16"][..], false)] {
        let (_tmp, root) = dossier();
        let mut client = Client::in_process(&root);
        let init = client.initialize(&root, offered);
        assert_eq!(
            init["capabilities"]["positionEncoding"],
            if utf16 { "utf-16" } else { "utf-8" }
        );
        let text = std::fs::read_to_string(root.join(AUDIT)).unwrap().replace(
            "experts = [\"hanna-bos\", \"gijs-meijer\"]",
            "experts = [\"zoë-😀\", \"Gijs\"]",
        );
        open(&mut client, &root, AUDIT, &text);
        let diags = client.diagnostics_until(AUDIT, |d| has_rule(d, "schema"));
        let (line, col) = place(&text, "experts = [\"zoë-😀\", ", utf16);
        assert!(
            diags
                .iter()
                .any(|d| d["range"]["start"] == position(line, col)),
            "no diagnostic at {line}:{col} in {diags:?}"
        );
        client.shutdown();
    }
}

/// The real binary over stdio: finds the dossier upwards from its working
/// directory, publishes, answers, and exits cleanly.
#[test]
fn the_binary_over_stdio() {
    let (_tmp, root) = dossier();
    let mut client = Client::stdio(&root);
    // The workspace is a folder inside the dossier: the root is found upwards, as the CLI does.
    let init = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(&root, "institutions/jbn"),
            "capabilities": {},
        }),
    );
    assert_eq!(init["serverInfo"]["name"], "kmi");
    client.notify("initialized", json!({}));

    let original = std::fs::read_to_string(root.join(AUDIT)).unwrap();
    let broken = original.replace("norm = \"C.1.1\"", "norm = \"C.1.11\"");
    open(&mut client, &root, AUDIT, &broken);
    let diags = client.diagnostics_until(AUDIT, |d| has_rule(d, "unknown-reference"));
    let d = diags
        .iter()
        .find(|d| d["code"] == "unknown-reference")
        .unwrap();
    let (line, _) = place(&broken, "norm = \"C.1.11\"", true);
    assert_eq!(d["range"]["start"]["line"], line);
    let href = d["codeDescription"]["href"].as_str().unwrap();
    assert!(
        href.starts_with("file://") && href.ends_with("/unknown-reference.md"),
        "{href}"
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    assert_eq!(
        actions[0]["edit"]["changes"][uri(&root, AUDIT)][0]["newText"],
        "C.1.1"
    );

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "position": position(line, 10)}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("not in the scheme's catalogue")
    );

    // Fixed in full-text form: the diagnostic goes.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&root, AUDIT), "version": 2}, "contentChanges": [{"text": original}]}),
    );
    client.diagnostics_until(AUDIT, |d| !has_rule(d, "unknown-reference"));

    let (line, col) = place(&original, "experts = [\"han", true);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "position": position(line, col)}),
    );
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["label"] == "hanna-bos")
    );

    let def = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&root, AUDIT)}, "position": position(line, col)}),
    );
    assert_eq!(def["uri"], uri(&root, "people/hanna-bos.toml"));
    client.shutdown();
}

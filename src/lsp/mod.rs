//! `kmi lsp`: the rules while typing. A Language Server Protocol server over
//! stdio (or any [`Connection`]) that checks the dossier with the editor's
//! open buffers laid over the files on disk, and publishes kmi's
//! diagnostics; it also completes, explains (hover) and follows (go to
//! definition) the references of a record, and offers the "did you mean"
//! fixes as code actions.
//!
//! The server is synchronous, one thread: messages are handled in order,
//! and a re-check runs once the edits stop arriving for a moment (the
//! debounce), so a burst of keystrokes costs one check.

mod cursor;
mod diagnostics;
mod features;
mod text;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, InitializeParams, OneOf, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};

use crate::clock::Date;
use crate::diag::Diagnostic;
use crate::dossier::Dossier;
use crate::facts::Facts;

pub use text::Encoding;

/// How the server is set up from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--dossier`: the dossier root, instead of finding it from the workspace.
    pub dossier: Option<PathBuf>,
    /// `--as-of`: the date that counts as today; default today in the dossier's time zone.
    pub as_of: Option<Date>,
    /// Where the rule pages are: `<base>/<rule>.md`. Default: the pages
    /// compiled into kmi, written once to a cache directory (`file://`).
    pub rule_base_url: Option<String>,
    /// How long edits must pause before the dossier is checked again.
    pub debounce: Duration,
    /// `--lang`: the language of the messages.
    pub lang: crate::i18n::Lang,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dossier: None,
            as_of: None,
            rule_base_url: None,
            debounce: Duration::from_millis(50),
            lang: crate::i18n::Lang::En,
        }
    }
}

/// A re-check is never put off longer than this by edits that keep coming.
const MAX_DELAY: Duration = Duration::from_millis(1000);

/// Why the server stopped other than by a shutdown.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    #[error("language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("language server protocol: {0}")]
    Json(#[from] serde_json::Error),
}

/// Serve one client on `connection` until it shuts down or goes away.
pub fn serve(connection: &Connection, options: Options) -> Result<(), LspError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let init = params.initialization_options.as_ref();
    let base = init
        .and_then(|o| o.get("ruleBaseUrl"))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .or_else(|| options.rule_base_url.clone());
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": ServerInfo {
            name: "kmi".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    });
    connection.initialize_finish(id, result)?;

    let mut server = Server {
        conn: connection,
        encoding,
        root: None,
        options,
        rule_pages: diagnostics::RulePages::new(base),
        docs: HashMap::new(),
        buffers: BTreeMap::new(),
        analysis: None,
        published: HashMap::new(),
        dirty_since: None,
    };
    let start = workspace_start(&params);
    server.set_root(start.as_deref());
    server.check();
    server.run()
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_owned(), "/".to_owned()]),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// Where to look for the dossier: the first workspace folder, else the root URI.
fn workspace_start(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri);
    #[allow(deprecated)]
    let uri = folder.or(params.root_uri.as_ref())?;
    text::uri_to_path(uri)
}

/// The dossier as last checked.
pub struct Analysis {
    pub dossier: Dossier,
    pub diagnostics: Vec<Diagnostic>,
    pub as_of: Date,
    /// How long loading and checking took.
    pub took: Duration,
}

impl Analysis {
    /// The file at `rel`, if the dossier has it.
    fn file(&self, rel: &str) -> Option<&crate::source::SourceFile> {
        self.dossier.files.iter().find(|f| f.path == rel)
    }
}

struct Server<'c> {
    conn: &'c Connection,
    encoding: Encoding,
    /// The dossier root, canonical.
    root: Option<PathBuf>,
    options: Options,
    rule_pages: diagnostics::RulePages,
    /// The open documents of the dossier: URI → path relative to the root.
    docs: HashMap<String, String>,
    /// Their text, by path relative to the root: laid over the disk.
    buffers: BTreeMap<String, String>,
    analysis: Option<Analysis>,
    /// What was last published, by path relative to the root.
    published: HashMap<String, Vec<lsp_types::Diagnostic>>,
    /// Since when the buffers differ from what was checked.
    dirty_since: Option<Instant>,
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), LspError> {
        loop {
            let msg = match self.dirty_since {
                None => match self.conn.receiver.recv() {
                    Ok(msg) => msg,
                    Err(_) => return Ok(()),
                },
                Some(since) => {
                    let wait = if since.elapsed() >= MAX_DELAY {
                        Duration::ZERO
                    } else {
                        self.options.debounce
                    };
                    match self.conn.receiver.recv_timeout(wait) {
                        Ok(msg) => msg,
                        Err(e) if e.is_timeout() => {
                            self.check();
                            continue;
                        }
                        Err(_) => return Ok(()),
                    }
                }
            };
            match msg {
                Message::Request(req) => {
                    if self.conn.handle_shutdown(&req)? {
                        return Ok(());
                    }
                    let response = self.request(req);
                    self.send(response.into());
                }
                Message::Notification(n) => {
                    if n.method == lsp_types::notification::Exit::METHOD {
                        return Ok(());
                    }
                    self.notification(n);
                }
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, msg: Message) {
        // The client is gone when this fails; the loop ends on the next receive.
        let _ = self.conn.sender.send(msg);
    }

    /// Take the dossier root from `--dossier`, or find it upwards from `start`.
    fn set_root(&mut self, start: Option<&Path>) {
        let explicit = self.options.dossier.clone();
        let start = start
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok());
        let Some(start) = start.or_else(|| explicit.clone()) else {
            return;
        };
        match crate::load::find_root(explicit.as_deref(), &start) {
            Ok(root) => self.root = root.canonicalize().ok(),
            Err(e) => self.log(&format!("kmi: {e}")),
        }
    }

    fn log(&self, message: &str) {
        self.log_as(lsp_types::MessageType::WARNING, message);
    }

    fn log_as(&self, typ: lsp_types::MessageType, message: &str) {
        let params = lsp_types::LogMessageParams {
            typ,
            message: message.to_owned(),
        };
        self.send(
            Notification::new(
                lsp_types::notification::LogMessage::METHOD.to_owned(),
                params,
            )
            .into(),
        );
    }

    /// The path relative to the dossier root of a document, if it is in the dossier.
    fn rel_of(&self, uri: &Uri) -> Option<String> {
        let root = self.root.as_ref()?;
        let path = text::uri_to_path(uri)?;
        let rel = match path.strip_prefix(root) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => {
                // The editor may name it through a symbolic link: compare canonical directories.
                let dir = path.parent()?.canonicalize().ok()?;
                dir.join(path.file_name()?)
                    .strip_prefix(root)
                    .ok()?
                    .to_path_buf()
            }
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    fn uri_of(&self, rel: &str) -> Option<Uri> {
        Some(text::path_to_uri(&self.root.as_ref()?.join(rel)))
    }

    fn notification(&mut self, n: Notification) {
        use lsp_types::notification::*;
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    n.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                else {
                    return;
                };
                if self.root.is_none() {
                    // No dossier in the workspace: look upwards from the file.
                    let dir = text::uri_to_path(&p.text_document.uri)
                        .and_then(|f| f.parent().map(Path::to_path_buf));
                    self.set_root(dir.as_deref());
                }
                if let Some(rel) = self.rel_of(&p.text_document.uri) {
                    self.buffers.insert(rel.clone(), p.text_document.text);
                    self.docs
                        .insert(p.text_document.uri.as_str().to_owned(), rel);
                    self.touch();
                }
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) else {
                    return;
                };
                let Some(rel) = self.docs.get(p.text_document.uri.as_str()) else {
                    return;
                };
                if let Some(text) = self.buffers.get_mut(rel) {
                    for change in &p.content_changes {
                        text::apply_change(text, change, self.encoding);
                    }
                    self.touch();
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = n
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                else {
                    return;
                };
                if let Some(rel) = self.docs.remove(p.text_document.uri.as_str()) {
                    // The file on disk counts again.
                    self.buffers.remove(&rel);
                    self.touch();
                }
            }
            // Saved, or changed by another program (a git checkout): the
            // disk differs from what was checked.
            DidSaveTextDocument::METHOD | DidChangeWatchedFiles::METHOD => self.touch(),
            _ => {}
        }
    }

    fn touch(&mut self) {
        self.dirty_since.get_or_insert_with(Instant::now);
    }

    /// Load and check the dossier with the open buffers; publish what changed.
    fn check(&mut self) {
        self.dirty_since = None;
        let Some(root) = self.root.clone() else {
            return;
        };
        let started = Instant::now();
        let mut dossier = match crate::load::load_overlaid(&root, &self.buffers) {
            Ok(d) => d,
            Err(e) => {
                self.log(&format!("kmi: {e}"));
                return;
            }
        };
        let as_of = self.options.as_of.unwrap_or_else(|| dossier.today());
        // The same judgments as `kmi check`: the dossier as of the date.
        crate::asof::restrict(&mut dossier, as_of);
        let facts = Facts::build(&dossier, as_of);
        let mut diagnostics = crate::rules::check(&dossier, &facts);
        for d in &mut diagnostics {
            d.localize(self.options.lang);
        }
        drop(facts);
        let analysis = Analysis {
            dossier,
            diagnostics,
            as_of,
            took: started.elapsed(),
        };
        self.log_as(
            lsp_types::MessageType::LOG,
            &format!(
                "kmi: checked {} files in {:.1} ms: {} diagnostics",
                analysis.dossier.files.len(),
                analysis.took.as_secs_f64() * 1000.0,
                analysis.diagnostics.len()
            ),
        );
        if let Some(old) = self.analysis.replace(analysis) {
            // Freeing a large dossier takes a while nobody needs to wait for.
            let _ = std::thread::Builder::new()
                .name("drop".to_owned())
                .spawn(move || drop(old));
        }
        self.publish();
    }

    fn publish(&mut self) {
        let Some(analysis) = &self.analysis else {
            return;
        };
        let mut now: HashMap<String, Vec<lsp_types::Diagnostic>> = HashMap::new();
        let files: HashMap<&str, &crate::source::SourceFile> = analysis
            .dossier
            .files
            .iter()
            .map(|f| (f.path.as_str(), f))
            .collect();
        for d in &analysis.diagnostics {
            let file = files.get(d.file.as_str()).copied();
            let lsp = diagnostics::to_lsp(
                d,
                file,
                self.encoding,
                &analysis.dossier,
                &self.rule_pages,
                &|rel| self.uri_of(rel),
            );
            now.entry(d.file.clone()).or_default().push(lsp);
        }
        let mut send = Vec::new();
        for (rel, diags) in &now {
            if self.published.get(rel) != Some(diags) {
                send.push((rel.clone(), diags.clone()));
            }
        }
        for rel in self.published.keys() {
            if !now.contains_key(rel) {
                send.push((rel.clone(), Vec::new()));
            }
        }
        send.sort_by(|a, b| a.0.cmp(&b.0));
        for (rel, diags) in send {
            let Some(uri) = self.uri_of(&rel) else {
                continue;
            };
            let version = None;
            let params = lsp_types::PublishDiagnosticsParams {
                uri,
                diagnostics: diags,
                version,
            };
            self.send(
                Notification::new(
                    lsp_types::notification::PublishDiagnostics::METHOD.to_owned(),
                    params,
                )
                .into(),
            );
        }
        self.published = now;
    }

    fn request(&mut self, req: Request) -> Response {
        use lsp_types::request::*;
        let id = req.id.clone();
        let result = match req.method.as_str() {
            HoverRequest::METHOD => self.with_document::<HoverRequest>(req, |s, doc, p| {
                features::hover(s, &doc, p.text_document_position_params.position)
            }),
            GotoDefinition::METHOD => self.with_document::<GotoDefinition>(req, |s, doc, p| {
                features::definition(s, &doc, p.text_document_position_params.position)
            }),
            Completion::METHOD => self.with_document::<Completion>(req, |s, doc, p| {
                features::completion(s, &doc, p.text_document_position.position)
            }),
            CodeActionRequest::METHOD => {
                self.with_document::<CodeActionRequest>(req, |_, _, p| diagnostics::code_actions(p))
            }
            _ => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("kmi lsp does not answer {}", req.method),
                );
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        }
    }

    /// Answer a request about a document of the dossier; `null` for any other document.
    fn with_document<R>(
        &self,
        req: Request,
        answer: impl FnOnce(&Self, Document<'_>, &R::Params) -> Option<serde_json::Value>,
    ) -> Result<serde_json::Value, String>
    where
        R: lsp_types::request::Request,
        R::Params: serde::de::DeserializeOwned + DocumentParams,
    {
        let params: R::Params = serde_json::from_value(req.params).map_err(|e| e.to_string())?;
        let Some(rel) = self.rel_of(params.uri()) else {
            return Ok(serde_json::Value::Null);
        };
        let text = match self.buffers.get(&rel) {
            Some(t) => t.clone(),
            None => match self.analysis.as_ref().and_then(|a| a.file(&rel)) {
                Some(f) => f.text.clone(),
                None => return Ok(serde_json::Value::Null),
            },
        };
        let doc = Document {
            rel: &rel,
            text: &text,
        };
        Ok(answer(self, doc, &params).unwrap_or(serde_json::Value::Null))
    }
}

/// A document a request is about.
pub struct Document<'a> {
    /// Relative to the dossier root.
    pub rel: &'a str,
    pub text: &'a str,
}

impl Document<'_> {
    /// The institution a file under `institutions/<id>/` belongs to.
    pub fn institution(&self) -> Option<&str> {
        let mut parts = self.rel.split('/');
        (parts.next() == Some("institutions"))
            .then(|| parts.next())
            .flatten()
    }
}

/// The document a request's parameters name.
trait DocumentParams {
    fn uri(&self) -> &Uri;
}

impl DocumentParams for lsp_types::HoverParams {
    fn uri(&self) -> &Uri {
        &self.text_document_position_params.text_document.uri
    }
}

impl DocumentParams for lsp_types::GotoDefinitionParams {
    fn uri(&self) -> &Uri {
        &self.text_document_position_params.text_document.uri
    }
}

impl DocumentParams for lsp_types::CompletionParams {
    fn uri(&self) -> &Uri {
        &self.text_document_position.text_document.uri
    }
}

impl DocumentParams for lsp_types::CodeActionParams {
    fn uri(&self) -> &Uri {
        &self.text_document.uri
    }
}

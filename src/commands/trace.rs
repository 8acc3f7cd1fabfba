//! `kmi trace`: each finding from norm to decision (herleidbaarheid), or what
//! one decision rested on.

use std::io::Write;

use crate::facts::Facts;
use crate::i18n::Lang;
use crate::render::trace::{self as render, Node};
use crate::session::{Outcome, RunError, Session};
use crate::trace::{Names, Tracer};

crate::formats! {
    /// What this command prints; the first is the default.
    pub enum Out {
        Human,
        Json,
        Markdown,
        Html,
    }
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["target", "decision"])))]
pub struct Args {
    /// An institution (every finding, in order) or one finding: <institution>/<audit>/<finding>.
    pub target: Option<String>,
    /// What one decision rested on: <institution>/<decision>.
    #[arg(long, value_name = "INSTITUTION/DECISION")]
    pub decision: Option<String>,
    /// Replace people's names by their ids, for copies that leave the certification body.
    #[arg(long)]
    pub redact: bool,
    /// For every step, the commit (short id), author and date that last changed it (herkomst).
    #[arg(long)]
    pub provenance: bool,
}

pub fn run(s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    let spec = args
        .decision
        .as_deref()
        .or(args.target.as_deref())
        .unwrap_or_default();
    let parts: Vec<&str> = spec.split('/').collect();
    // A trace is about one institution: only its folder is read.
    let (dossier, as_of) = s.load_institution_as_of(parts[0])?;
    let facts = Facts::build(&dossier, as_of);
    let names = if args.redact {
        Names::Redacted
    } else {
        Names::Full
    };
    let inst = facts
        .institutions
        .iter()
        .find(|i| i.id() == parts[0])
        .ok_or_else(|| {
            RunError::no_such(
                ("institution", "instelling"),
                parts[0],
                facts.institutions.iter().map(|i| i.id()),
            )
        })?;
    // The gaps of a trace are `check`'s own judgments.
    let mut diagnostics = crate::rules::check(&dossier, &facts);
    for d in &mut diagnostics {
        d.localize(s.lang);
    }
    let mut tracer = Tracer {
        provenance: None,
        dossier: &dossier,
        facts: &facts,
        diagnostics: &diagnostics,
        inst,
        as_of,
        names,
        lang: s.lang,
    };
    let (mut json, mut nodes, mut title) = trace_with(&tracer, args, s, spec, &parts)?;
    // Provenance of the files the trace shows, and only those: trace, then
    // walk the history for them, then trace again with who recorded what.
    let stamps;
    if args.provenance {
        let mut files = std::collections::BTreeSet::new();
        files_named(&json, &mut files);
        stamps = provenance(s, &dossier, &files)?;
        tracer.provenance = Some(&stamps);
        (json, nodes, title) = trace_with(&tracer, args, s, spec, &parts)?;
    }
    let subtitle = format!(
        "{} — {} {as_of}{}",
        inst.files
            .record
            .as_ref()
            .map_or(inst.id(), |r| r.data.name.as_str()),
        s.lang.pick("as of", "peildatum"),
        match (s.lang, args.redact) {
            (Lang::En, true) => " — names redacted",
            (Lang::En, false) => " — internal: names people",
            (Lang::Nl, true) => " — namen weggelaten",
            (Lang::Nl, false) => " — intern: noemt personen",
        }
    );
    let text = match s.format::<Out>() {
        Out::Human => {
            if nodes.is_empty() {
                match s.lang {
                    Lang::En => format!("no findings at {}\n", inst.id()),
                    Lang::Nl => format!("geen bevindingen bij {}\n", inst.id()),
                }
            } else {
                render::tree::render(&nodes)
            }
        }
        Out::Json => {
            let mut v = json;
            v["institution"] = inst.id().into();
            v["as_of"] = as_of.to_string().into();
            let mut s = serde_json::to_string_pretty(&v).expect("traces serialize");
            s.push('\n');
            s
        }
        Out::Markdown => render::markdown::render(&format!("{title} ({subtitle})"), &nodes),
        Out::Html => render::html::render(&title, &subtitle, &nodes, s.lang),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

type Traced = (serde_json::Value, Vec<Node>, String);

/// The trace of `spec` (`<institution>`, `<institution>/<audit>/<finding>`
/// or, with `--decision`, `<institution>/<decision>`): its JSON, its outline
/// and its title.
fn trace_with(
    tracer: &Tracer<'_, '_>,
    args: &Args,
    s: &Session,
    spec: &str,
    parts: &[&str],
) -> Result<Traced, RunError> {
    let inst = tracer.inst;
    let traced = if args.decision.is_some() {
        let [_, id] = parts[..] else {
            return Err(RunError::said(
                format!("`--decision {spec}`: write <institution>/<decision>"),
                format!("`--decision {spec}`: schrijf <instelling>/<besluit>"),
            ));
        };
        let d = inst.files.decisions.get(id).ok_or_else(|| {
            RunError::no_such(
                ("decision", "besluit"),
                id,
                inst.files.decisions.keys().map(String::as_str),
            )
        })?;
        let t = tracer.decision(d);
        let node = render::decision_outline(&t, s.lang);
        (
            serde_json::json!({ "decision": t }),
            vec![node],
            match s.lang {
                Lang::En => format!("What decision {spec} rested on"),
                Lang::Nl => format!("Waarop besluit {spec} rust"),
            },
        )
    } else {
        let findings: Vec<_> = match parts[..] {
            [_] => inst.findings.values().collect(),
            [_, audit, finding] => {
                let a = inst.files.audits.get(audit).ok_or_else(|| {
                    RunError::no_such(
                        ("audit", "audit"),
                        audit,
                        inst.files.audits.keys().map(String::as_str),
                    )
                })?;
                let f = inst
                    .findings
                    .values()
                    .find(|f| f.audit.id == audit && f.id() == finding)
                    .ok_or_else(|| {
                        let ids: Vec<String> = a
                            .data
                            .finding
                            .iter()
                            .map(|f| f.get_ref().id.get_ref().to_string())
                            .collect();
                        RunError::no_such(
                            ("finding", "bevinding"),
                            finding,
                            ids.iter().map(String::as_str),
                        )
                    })?;
                vec![f]
            }
            _ => {
                return Err(RunError::said(
                    format!("`{spec}`: write <institution> or <institution>/<audit>/<finding>"),
                    format!("`{spec}`: schrijf <instelling> of <instelling>/<audit>/<bevinding>"),
                ));
            }
        };
        let mut findings = findings;
        findings.sort_by_key(|f| (f.audit.data.first_day(), f.audit.id.as_str(), f.id()));
        let traces: Vec<_> = findings.iter().map(|f| tracer.finding(f)).collect();
        let nodes = render::finding_outlines(&traces, s.lang);
        (
            serde_json::json!({ "findings": traces }),
            nodes,
            match s.lang {
                Lang::En => format!("Trace of {spec}"),
                Lang::Nl => format!("Herleiding van {spec}"),
            },
        )
    };
    Ok(traced)
}

/// Every `file` named in a trace's JSON.
fn files_named(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match v {
                    serde_json::Value::String(f) if k == "file" => {
                        out.insert(f.clone());
                    }
                    _ => files_named(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                files_named(v, out);
            }
        }
        _ => {}
    }
}

/// Who recorded each part of `files`: one walk over the history (from
/// `--rev`, or HEAD plus the working tree), for those files only.
fn provenance(
    s: &Session,
    dossier: &crate::dossier::Dossier,
    files: &std::collections::BTreeSet<String>,
) -> Result<std::collections::BTreeMap<crate::provenance::Key, crate::provenance::Stamp>, RunError>
{
    let (repo, _) = s.repo()?;
    let head = match &s.rev() {
        Some(r) => repo.resolve(r)?,
        None => repo.head()?,
    };
    let worktree: Option<std::collections::BTreeMap<String, String>> =
        s.rev().is_none().then(|| {
            dossier
                .files
                .iter()
                .filter(|f| files.contains(&f.path))
                .map(|f| (f.path.clone(), f.text.clone()))
                .collect()
        });
    Ok(crate::provenance::compute(
        &repo,
        &head,
        files,
        worktree.as_ref(),
        dossier.timezone(),
    )?)
}

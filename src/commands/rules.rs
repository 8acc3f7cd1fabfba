//! `kmi rules [ID]`: the rule list, or one rule's documentation.

use std::io::Write;

use crate::diag::did_you_mean;
use crate::rules::REGISTRY;
use crate::session::{Outcome, RunError, Session};

crate::formats! {
    /// The rule list and pages are for people or for scripts; CI formats
    /// describe check results, not rules.
    pub enum Out {
        Human,
        Json,
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule id, e.g. plan-deadline.
    pub id: Option<String>,
}

#[derive(serde::Serialize)]
struct RuleInfo {
    id: &'static str,
    severity: &'static str,
    summary: &'static str,
}

pub fn run(s: &Session, args: &Args, out: &mut dyn Write) -> Result<Outcome, RunError> {
    if let Some(id) = &args.id {
        let Some(rule) = crate::rules::find(id) else {
            let close = did_you_mean(id, REGISTRY.iter().map(|r| r.id));
            return Err(RunError::said(
                format!("no rule `{id}` (see `kmi rules`)"),
                format!("geen regel `{id}` (zie `kmi rules`)"),
            )
            .did_you_mean(close));
        };
        match s.format::<Out>() {
            Out::Json => {
                let info = RuleInfo {
                    id: rule.id,
                    severity: rule.default.as_str(),
                    summary: rule.summary(),
                };
                let mut v = serde_json::to_value(info).expect("serializes");
                v["doc"] = rule.doc.into();
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&v).expect("serializes")
                )?;
            }
            _ => out.write_all(rule.doc.as_bytes())?,
        }
        return Ok(Outcome::Clean);
    }
    match s.format::<Out>() {
        Out::Json => {
            let list: Vec<RuleInfo> = REGISTRY
                .iter()
                .map(|r| RuleInfo {
                    id: r.id,
                    severity: r.default.as_str(),
                    summary: r.summary(),
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({"rules": list}))
                    .expect("serializes")
            )?;
        }
        _ => {
            let mut table = comfy_table::Table::new();
            table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
            table
                .set_width(crate::render::table_width(100))
                .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                .set_header(match s.lang {
                    crate::i18n::Lang::En => ["rule", "default", "checks"],
                    crate::i18n::Lang::Nl => ["regel", "standaard", "controleert"],
                });
            for r in REGISTRY {
                let checks = match s.lang {
                    crate::i18n::Lang::En => r.summary(),
                    crate::i18n::Lang::Nl => r.dutch(),
                };
                table.add_row([r.id, r.default.as_str(), checks]);
            }
            writeln!(out, "{table}")?;
            writeln!(
                out,
                "\n`kmi rules <id>` prints a rule's documentation; `[rules]` in kmi.toml sets a severity (error, warning, off)."
            )?;
        }
    }
    Ok(Outcome::Clean)
}

//! `[rules]` of kmi.toml names rules: checked here, where the rules live,
//! not by the loader. Read from the document as written, so that an
//! unknown id is reported even when another key of kmi.toml is wrong.

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, did_you_mean};
use crate::dossier::Dossier;
use crate::ids::RuleId;

/// A `schema` diagnostic at every key of `[rules]` that is not a rule id,
/// with the closest id as a hint.
pub fn unknown_rule_ids(dossier: &Dossier) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(file) = dossier.files.iter().find(|f| f.path == "kmi.toml") else {
        return out;
    };
    let (doc, errors) = DeTable::parse_recoverable(&file.text);
    if !errors.is_empty() {
        return out;
    }
    let doc = doc.get_ref();
    let ids: Vec<&str> = crate::ids::RuleId::ALL.iter().map(|r| r.as_str()).collect();
    if let Some(DeValue::Table(rules)) = doc.get("rules").map(|v| v.get_ref()) {
        for (key, _) in rules.iter() {
            let id: &str = key.get_ref().as_ref();
            if !ids.contains(&id) {
                let d = Diagnostic::at(
                    RuleId::Schema,
                    file,
                    key.span(),
                    "kmi",
                    format!("`[rules]` names `{id}`, which is not a rule (see `kmi rules`)"),
                )
                .nl(format!(
                    "`[rules]` noemt `{id}`, maar dat is geen regel (zie `kmi rules`)"
                ));
                // Rule ids are short: a transposed pair of letters (`scoop`)
                // is two edits, so a close Jaro-Winkler match counts too.
                let close = did_you_mean(id, ids.iter().copied()).or_else(|| {
                    ids.iter()
                        .copied()
                        .map(|c| (strsim::jaro_winkler(id, c), c))
                        .filter(|(score, _)| *score >= 0.85)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, c)| c)
                });
                out.push(match close {
                    Some(m) => d.hints(format!("did you mean `{m}`?"), format!("bedoel je `{m}`?")),
                    None => d,
                });
            }
        }
    }
    out
}

//! Hover, go to definition and completion: what the key at the cursor
//! refers to (a person, an audit, a finding, a norm, a context factor), read
//! from the text being typed, looked up in the dossier as last checked.
//! Whether a person may serve is the rules' own judgment
//! ([`crate::rules::qualification::problems`] and the like), not a second one.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionItemTag,
    CompletionTextEdit, Documentation, GotoDefinitionResponse, Hover, HoverContents, Location,
    MarkupContent, MarkupKind, Position, TextEdit,
};

use super::cursor::{self, Cursor};
use super::text::LineIndex;
use super::{Analysis, Document, Server};
use crate::clock::Date;
use crate::dossier::{Dossier, InstitutionFiles, Record};
use crate::facts::Facts;
use crate::i18n::term_nl;
use crate::model::{Audit, FindingRef, Person, Role};
use crate::rules;

/// What a key's value refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refers {
    Person,
    DecisionMaker,
    Audit,
    Finding,
    Norm,
    Factor,
    Enum(&'static [&'static str]),
    Nothing,
}

const CLASSES: &[&str] = &["critical", "non-critical", "remark"];
const KINDS: &[&str] = &[
    "initial",
    "control",
    "recertification",
    "verification",
    "extra",
];
const OUTCOMES: &[&str] = &[
    "grant",
    "provisional",
    "continue",
    "renew",
    "bridging",
    "temporary",
    "suspend",
    "reinstate",
    "withdraw",
    "refuse",
];
const ROLES: &[&str] = &[
    "lead-auditor",
    "expert",
    "decision-maker",
    "deputy-decision-maker",
];

/// What the value at `cursor` in the file at `rel` refers to.
fn refers(rel: &str, c: &Cursor) -> Refers {
    if c.on_key {
        return Refers::Nothing;
    }
    let audit = rel.contains("/audits/");
    let decision = rel.contains("/decisions/");
    let person = rel.starts_with("people/");
    match (c.table.as_str(), c.key()) {
        ("", "lead" | "experts") if audit => Refers::Person,
        ("", "by") if decision => Refers::DecisionMaker,
        ("", "audits") if decision => Refers::Audit,
        ("", "kind") if audit => Refers::Enum(KINDS),
        ("", "outcome") if decision => Refers::Enum(OUTCOMES),
        ("", "roles") if person => Refers::Enum(ROLES),
        ("", "context") if decision => Refers::Factor,
        ("finding", "context") if audit => Refers::Factor,
        ("finding", "norm") if audit => Refers::Norm,
        ("finding", "class") | ("follow_up", "reclassify") if audit => Refers::Enum(CLASSES),
        ("follow_up", "finding") if audit => Refers::Finding,
        ("open_finding", "finding") if decision => Refers::Finding,
        _ => Refers::Nothing,
    }
}

fn markdown(value: String) -> serde_json::Value {
    let hover = Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    };
    serde_json::to_value(hover).unwrap_or_default()
}

/// The institution's records, when the document belongs to one.
fn institution<'a>(a: &'a Analysis, doc: &Document<'_>) -> Option<&'a InstitutionFiles> {
    a.dossier.institutions.get(doc.institution()?)
}

// ------------------------------------------------------------------ hover

pub fn hover(s: &Server<'_>, doc: &Document<'_>, pos: Position) -> Option<serde_json::Value> {
    let a = s.analysis.as_ref()?;
    let index = LineIndex::new(doc.text, s.encoding);
    let c = cursor::at(doc.text, index.offset(pos));
    let word = c.word(doc.text);
    let mut parts = Vec::new();
    match refers(doc.rel, &c) {
        Refers::Person | Refers::DecisionMaker => {
            if let Some(p) = a.dossier.people.get(word) {
                parts.push(person_card(a, doc, p));
            }
        }
        Refers::Norm => parts.push(norm_card(&a.dossier, word)),
        Refers::Finding => {
            if let Some(card) = finding_card(a, doc, word) {
                parts.push(card);
            }
        }
        Refers::Audit => {
            if let Some(audit) = institution(a, doc).and_then(|i| i.audits.get(word)) {
                parts.push(audit_card(audit));
            }
        }
        Refers::Enum(_) if !word.is_empty() => {
            parts.push(format!("`{word}` — {}", term_nl(word)));
        }
        _ => {}
    }
    // A rule id: a key of `[rules]` in kmi.toml.
    if doc.rel == "kmi.toml"
        && c.table == "rules"
        && let Some(rule) = rules::find(word)
    {
        parts.push(rule_card(s, rule));
    }
    // The rules of the diagnostics under the cursor.
    if let Some(published) = s.published.get(doc.rel) {
        for d in published {
            let r = d.range;
            let inside = (r.start.line, r.start.character) <= (pos.line, pos.character)
                && (pos.line, pos.character) <= (r.end.line, r.end.character);
            if let (true, Some(lsp_types::NumberOrString::String(id))) = (inside, &d.code)
                && let Some(rule) = rules::find(id)
            {
                let card = rule_card(s, rule);
                if !parts.contains(&card) {
                    parts.push(card);
                }
            }
        }
    }
    (!parts.is_empty()).then(|| markdown(parts.join("\n\n---\n\n")))
}

fn rule_card(s: &Server<'_>, rule: &rules::Rule) -> String {
    let link = s
        .rule_pages
        .url(rule.id)
        .map(|u| format!(" ([rule page]({}))", u.as_str()))
        .unwrap_or_default();
    let dutch = match rule.dutch() {
        "" => String::new(),
        nl => format!(" — *{nl}*"),
    };
    format!(
        "**{}** ({}){dutch}\n\n{}{link}",
        rule.id,
        rule.default.as_str(),
        rule.summary()
    )
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::LeadAuditor => "lead auditor",
        Role::Expert => "expert",
        Role::DecisionMaker => "decision maker",
        Role::DeputyDecisionMaker => "deputy decision maker",
    }
}

fn person_card(a: &Analysis, doc: &Document<'_>, p: &Record<Person>) -> String {
    let clocks = &a.dossier.scheme.clocks;
    let d = &p.data;
    let roles: Vec<&str> = d.roles.iter().map(|r| role_name(*r)).collect();
    let mut lines = vec![
        format!("**{}** (`{}`)", d.name, p.id),
        format!("- roles: {}", roles.join(", ")),
    ];
    match d.qualified {
        Some(q) => lines.push(format!("- qualified: {q}")),
        None => lines.push("- not qualified for the scheme".to_owned()),
    }
    match d.vog.iter().max() {
        Some(v) => lines.push(format!(
            "- VOG: latest {v}, valid until {}",
            clocks.vog.after(*v)
        )),
        None => lines.push("- VOG: none on file".to_owned()),
    }
    if let Some(e) = d.expertise.iter().max() {
        lines.push(format!(
            "- expertise: last shown {e}, valid until {}",
            clocks.expertise.after(*e)
        ));
    }
    if let Some(left) = d.left {
        lines.push(format!("- left: {left}"));
    }
    if let Some(inst) = doc.institution() {
        let facts = Facts::build(&a.dossier, a.as_of);
        let audits = facts
            .person_audits
            .get(&(p.id.as_str(), inst))
            .cloned()
            .unwrap_or_default();
        if audits.is_empty() {
            lines.push(format!("- audits at {inst}: none"));
        } else {
            let ids: Vec<String> = audits
                .iter()
                .map(|x| format!("{} ({})", x.id, x.data.first_day()))
                .collect();
            lines.push(format!("- audits at {inst}: {}", ids.join(", ")));
            let start = crate::facts::rotation_start(
                audits
                    .iter()
                    .map(|x| (x.data.first_day(), x.data.last_day())),
                a.as_of,
                clocks.rotation_break,
            );
            if let Some(start) = start {
                lines.push(format!(
                    "- rotation: serving {inst} since {start}, at most until {} ({start} + {})",
                    clocks.rotation.after(start),
                    clocks.rotation
                ));
            }
        }
    }
    lines.join("\n")
}

fn norm_card(dossier: &Dossier, id: &str) -> String {
    let scheme = &dossier.scheme;
    if scheme.norms.is_empty() {
        return format!("norm `{id}` — the scheme has no norm catalogue");
    }
    let Some(norm) = scheme.norms.get(id) else {
        return format!("norm `{id}` is not in the scheme's catalogue");
    };
    let category = scheme
        .categories
        .iter()
        .find(|c| c.id == *norm.category.get_ref())
        .map_or_else(
            || norm.category.get_ref().clone(),
            |c| format!("{} — {}", c.id, c.title),
        );
    format!("**{}** {}\n\ncategory: {category}", norm.id, norm.title)
}

fn audit_card(audit: &Record<Audit>) -> String {
    let a = &audit.data;
    let experts: Vec<&str> = a
        .experts
        .get_ref()
        .iter()
        .map(|e| e.get_ref().as_str())
        .collect();
    let mut lines = vec![
        format!(
            "**{}** — {} ({})",
            audit.id,
            a.kind.get_ref().as_str(),
            term_nl(a.kind.get_ref().as_str())
        ),
        format!("- days: {} to {}", a.first_day(), a.last_day()),
        format!(
            "- lead: {}; experts: {}",
            a.lead.get_ref(),
            experts.join(", ")
        ),
    ];
    if let Some(r) = a.report() {
        lines.push(format!("- report: {r}"));
    }
    lines.push(format!("- findings: {}", a.finding.len()));
    lines.join("\n")
}

fn finding_card(a: &Analysis, doc: &Document<'_>, word: &str) -> Option<String> {
    let r = FindingRef::parse(word)?;
    let inst = doc.institution()?;
    let facts = Facts::build(&a.dossier, a.as_of);
    let ifacts = facts.institutions.iter().find(|i| i.id() == inst)?;
    let f = ifacts
        .findings
        .get(&(r.audit.as_str(), r.finding.as_str()))?;
    let finding = f.finding.get_ref();
    let class = f.original_class().as_str();
    let now = f.class_on(a.as_of).as_str();
    let mut lines = vec![
        format!(
            "**{word}** — {class} ({}), norm {}",
            term_nl(class),
            finding.norm.get_ref()
        ),
        String::new(),
        finding.summary.clone(),
        String::new(),
    ];
    if now != class {
        lines.push(format!("- class on {}: {now} ({})", a.as_of, term_nl(now)));
    }
    // The plan's deadline is the obligation `kmi check` and `kmi deadlines` judge.
    let plan_due = facts
        .obligation(crate::facts::obligations::Kind::Plan, inst, &f.subject())
        .map(|o| o.deadline);
    match (&finding.plan, plan_due) {
        (Some(plan), deadline) => {
            let accepted = plan.accepted.as_ref().map_or_else(
                || "not accepted yet".to_owned(),
                |d| format!("accepted {}", d.get_ref()),
            );
            let due = deadline.map_or_else(String::new, |d| format!(" (due {})", d.due));
            lines.push(format!(
                "- plan: received {}{due}, {accepted}",
                plan.received.get_ref()
            ));
        }
        (None, Some(d)) => lines.push(format!("- plan: none yet, due {}", d.due)),
        (None, None) => {}
    }
    if f.follow_ups.is_empty() {
        lines.push("- follow-ups: none".to_owned());
    }
    for fu in &f.follow_ups {
        let x = fu.follow_up.get_ref();
        let mut state = [
            if x.implemented {
                "implemented"
            } else {
                "not implemented"
            },
            if x.effective {
                "effective"
            } else {
                "not effective"
            },
            if *x.closed.get_ref() {
                "closed"
            } else {
                "open"
            },
        ]
        .join(", ");
        if let Some(c) = &x.reclassify {
            state.push_str(&format!(", reclassified {}", c.get_ref().as_str()));
        }
        lines.push(format!("- follow-up in {}: {state}", fu.audit.id));
    }
    if f.is_open_on(a.as_of) {
        lines.push(format!("- open on {}", a.as_of));
    }
    Some(lines.join("\n"))
}

// ------------------------------------------------------------- definition

pub fn definition(s: &Server<'_>, doc: &Document<'_>, pos: Position) -> Option<serde_json::Value> {
    let a = s.analysis.as_ref()?;
    let index = LineIndex::new(doc.text, s.encoding);
    let c = cursor::at(doc.text, index.offset(pos));
    let word = c.word(doc.text);
    let (file, span) = match refers(doc.rel, &c) {
        Refers::Person | Refers::DecisionMaker => (a.dossier.people.get(word)?.file, 0..0),
        Refers::Audit => (institution(a, doc)?.audits.get(word)?.file, 0..0),
        Refers::Finding => {
            let r = FindingRef::parse(word)?;
            let audit = institution(a, doc)?.audits.get(r.audit.as_str())?;
            let span = audit
                .data
                .finding
                .iter()
                .find(|f| f.get_ref().id.get_ref() == &r.finding)
                .map_or(0..0, |f| f.get_ref().id.span());
            (audit.file, span)
        }
        Refers::Norm => norm_definition(&a.dossier, word)?,
        _ => return None,
    };
    let f = a.dossier.file(file);
    let range = LineIndex::new(&f.text, s.encoding).range(&span);
    let location = Location {
        uri: s.uri_of(&f.path)?,
        range,
    };
    serde_json::to_value(GotoDefinitionResponse::Scalar(location)).ok()
}

/// The `id = "<norm>"` of the norm in the dossier's scheme file.
fn norm_definition(dossier: &Dossier, norm: &str) -> Option<(usize, std::ops::Range<usize>)> {
    let rel = dossier.config.as_ref()?.data.dossier.scheme.get_ref();
    let rel = rel.trim_start_matches("./");
    let (file, f) = dossier
        .files
        .iter()
        .enumerate()
        .find(|(_, f)| f.path == rel)?;
    let quoted = format!("\"{norm}\"");
    let at = f.text.match_indices(&quoted).map(|(i, _)| i).find(|&i| {
        let line_start = f.text[..i].rfind('\n').map_or(0, |n| n + 1);
        let before = f.text[line_start..i].trim();
        before == "id =" || before.ends_with("id =") || before.ends_with("id=")
    })?;
    Some((file, at + 1..at + 1 + norm.len()))
}

// ------------------------------------------------------------- completion

/// A candidate value: its id, a short description, and why it does not fit
/// here (a person who may not serve, a finding not open).
struct Candidate {
    id: String,
    detail: String,
    not_now: Option<String>,
}

pub fn completion(s: &Server<'_>, doc: &Document<'_>, pos: Position) -> Option<serde_json::Value> {
    let a = s.analysis.as_ref()?;
    let index = LineIndex::new(doc.text, s.encoding);
    let c = cursor::at(doc.text, index.offset(pos));
    let dossier = &a.dossier;
    let clocks = &dossier.scheme.clocks;
    let (kind, candidates) = match refers(doc.rel, &c) {
        Refers::Person => {
            let days = dates_of(doc.text, "days");
            let expert = c.key() == "experts";
            let mut days = days;
            days.sort();
            days.dedup();
            // The judgments of the rules themselves (`qualification`,
            // `team` for the lead's role, `vog`, `expertise`), on every
            // audit day, so completion, `plan team` and `check` agree.
            let people = dossier.people.values().map(|p| {
                let mut why = Vec::new();
                if let (Some(&first), Some(&last)) = (days.first(), days.last()) {
                    why.extend(
                        rules::qualification::problems(&p.data, first, last, expert)
                            .into_iter()
                            .map(|x| x.0),
                    );
                    if !expert && let Some((en, _)) = rules::team::lead_role(&p.data) {
                        why.push(en);
                    }
                    if let Some((day, (en, _))) =
                        rules::vog::uncovered(clocks.vog, &p.data, days.iter().copied())
                    {
                        why.push(format!("no VOG valid on {day}: {en}"));
                    }
                    if expert
                        && let Some((day, (en, _))) = rules::expertise::not_shown(
                            clocks.expertise,
                            &p.data,
                            days.iter().copied(),
                        )
                    {
                        why.push(format!("expertise not shown for {day}: {en}"));
                    }
                }
                person_candidate(p, why)
            });
            (CompletionItemKind::REFERENCE, people.collect::<Vec<_>>())
        }
        Refers::DecisionMaker => {
            let date = dates_of(doc.text, "date").first().copied();
            let people = dossier.people.values().map(|p| {
                let mut why = Vec::new();
                if let Some(date) = date {
                    why.extend(
                        rules::decision_maker::problems(&p.id, &p.data, date)
                            .into_iter()
                            .map(|x| x.0),
                    );
                    if let Some((_, (en, _))) = rules::vog::uncovered(clocks.vog, &p.data, [date]) {
                        why.push(format!("no VOG valid on {date}: {en}"));
                    }
                } else if !p
                    .data
                    .roles
                    .iter()
                    .any(|r| matches!(r, Role::DecisionMaker | Role::DeputyDecisionMaker))
                {
                    why.push("not a decision maker".to_owned());
                }
                person_candidate(p, why)
            });
            (CompletionItemKind::REFERENCE, people.collect())
        }
        Refers::Audit => {
            let audits = institution(a, doc)?.audits.values().map(|x| Candidate {
                id: x.id.clone(),
                detail: format!("{} {}", x.data.kind.get_ref().as_str(), x.data.first_day()),
                not_now: None,
            });
            (CompletionItemKind::REFERENCE, audits.collect())
        }
        Refers::Finding => (CompletionItemKind::REFERENCE, finding_candidates(a, doc)?),
        Refers::Norm => {
            let norms = dossier.scheme.norms.values().map(|n| Candidate {
                id: n.id.to_string(),
                detail: n.title.clone(),
                not_now: None,
            });
            (CompletionItemKind::CONSTANT, norms.collect())
        }
        Refers::Factor => {
            let factors = dossier
                .scheme
                .context_factors
                .iter()
                .map(|f| (f.as_str(), "scheme"))
                .chain(
                    dossier
                        .extra_context()
                        .map(|f| (f, "kmi.toml [context] extra")),
                )
                .map(|(f, from)| Candidate {
                    id: f.to_owned(),
                    detail: format!("context factor ({from})"),
                    not_now: None,
                });
            (CompletionItemKind::CONSTANT, factors.collect())
        }
        Refers::Enum(values) => {
            let values = values.iter().map(|v| Candidate {
                id: (*v).to_owned(),
                detail: term_nl(v).to_owned(),
                not_now: None,
            });
            (CompletionItemKind::ENUM_MEMBER, values.collect())
        }
        Refers::Nothing => return None,
    };
    // Replace the word being typed: inside its quotes, or as a new string.
    let range = index.range(&c.word);
    let items: Vec<CompletionItem> = candidates
        .into_iter()
        .map(|cand| {
            let new_text = if c.in_string {
                cand.id.clone()
            } else {
                format!("\"{}\"", cand.id)
            };
            let detail = match &cand.not_now {
                Some(why) => format!("{} — {why}", cand.detail),
                None => cand.detail.clone(),
            };
            CompletionItem {
                label: cand.id.clone(),
                label_details: Some(CompletionItemLabelDetails {
                    detail: None,
                    description: Some(cand.detail.clone()),
                }),
                kind: Some(kind),
                detail: Some(detail),
                documentation: cand
                    .not_now
                    .as_ref()
                    .map(|why| Documentation::String(format!("may not serve here: {why}"))),
                tags: cand
                    .not_now
                    .as_ref()
                    .map(|_| vec![CompletionItemTag::DEPRECATED]),
                sort_text: Some(format!(
                    "{}{}",
                    if cand.not_now.is_some() { 1 } else { 0 },
                    cand.id
                )),
                filter_text: Some(if c.in_string {
                    cand.id.clone()
                } else {
                    format!("\"{}\"", cand.id)
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
                ..Default::default()
            }
        })
        .collect();
    serde_json::to_value(lsp_types::CompletionResponse::Array(items)).ok()
}

fn person_candidate(p: &Record<Person>, why: Vec<String>) -> Candidate {
    Candidate {
        id: p.id.clone(),
        detail: p.data.name.clone(),
        not_now: (!why.is_empty()).then(|| why.join("; ")),
    }
}

/// The findings of the institution, those open on the day that counts first:
/// the first audit day for a follow-up, the decision date for an open finding.
fn finding_candidates(a: &Analysis, doc: &Document<'_>) -> Option<Vec<Candidate>> {
    let inst = doc.institution()?;
    let this_audit = doc
        .rel
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".toml"))
        .filter(|_| doc.rel.contains("/audits/"));
    let day: Date = if this_audit.is_some() {
        dates_of(doc.text, "days").into_iter().min()
    } else {
        dates_of(doc.text, "date").first().copied()
    }
    .unwrap_or(a.as_of);
    let facts = Facts::build(&a.dossier, a.as_of);
    let ifacts = facts.institutions.iter().find(|i| i.id() == inst)?;
    let mut out = Vec::new();
    for ((audit, id), f) in &ifacts.findings {
        if Some(*audit) == this_audit || f.audit.data.last_day() > day {
            continue;
        }
        let class = f.class_on(day).as_str();
        let summary: String = f.finding.get_ref().summary.chars().take(80).collect();
        out.push(Candidate {
            id: format!("{audit}/{id}"),
            detail: format!("{class}: {summary}"),
            not_now: (!f.is_open_on(day)).then(|| match f.closed_on() {
                Some(c) if c <= day => format!("closed on {c}"),
                _ => format!("not open on {day} ({class})"),
            }),
        });
    }
    Some(out)
}

/// The dates of the top-level `key = …` of a record being typed (`days`,
/// `date`), read from the text so that they count before it parses.
fn dates_of(text: &str, key: &str) -> Vec<Date> {
    let mut value = String::new();
    let mut found = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with('[') && !found && !t.starts_with("[2") && !t.starts_with("[1") {
            break;
        }
        if !found {
            if let Some(rest) = t.strip_prefix(key)
                && let Some(rest) = rest.trim_start().strip_prefix('=')
            {
                found = true;
                value.push_str(rest);
                if !rest.contains('[') || rest.contains(']') {
                    break;
                }
            }
            continue;
        }
        value.push_str(line);
        if line.contains(']') {
            break;
        }
    }
    value
        .split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter_map(Date::parse)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_a_record_being_typed() {
        let text =
            "kind = \"control\"\ndays = [2026-03-10,\n  2026-03-11]\nlead = \"\n[[finding]]\n";
        let days = dates_of(text, "days");
        assert_eq!(days.len(), 2);
        assert_eq!(days[1].to_string(), "2026-03-11");
        assert_eq!(
            dates_of("date = 2025-01-02\n", "date")[0].to_string(),
            "2025-01-02"
        );
        assert!(dates_of("[x]\ndays = [2026-03-10]\n", "days").is_empty());
    }
}

//! Renderers of `kmi trace`. The traces become one outline (labelled nodes,
//! gaps marked) that the tree, Markdown and HTML renderers print; JSON
//! serializes the traces themselves.

pub mod html;
pub mod markdown;
pub mod tree;

use crate::i18n::{Lang, term_nl};
use crate::provenance::Stamp;
use crate::trace::{AuditRef, CertificateState, DecisionStep, DecisionTrace, FindingTrace};

/// A labelled line of a trace, with the lines under it.
#[derive(Debug, Default)]
pub struct Node {
    pub label: String,
    pub text: String,
    /// A missing link of the chain.
    pub gap: bool,
    pub children: Vec<Node>,
}

impl Node {
    fn new(label: &str, text: impl Into<String>) -> Node {
        Node {
            label: label.to_owned(),
            text: text.into(),
            ..Node::default()
        }
    }

    fn gap(text: impl Into<String>) -> Node {
        Node {
            label: "GAP".to_owned(),
            text: text.into(),
            gap: true,
            children: Vec::new(),
        }
    }

    fn child(mut self, n: Node) -> Node {
        self.children.push(n);
        self
    }
}

/// The Dutch label of a trace line.
fn label_nl(en: &str) -> &str {
    match en {
        "finding" => "bevinding",
        "audit" => "audit",
        "team" => "team",
        "report" => "rapport",
        "record" => "bestand",
        "class" => "classificatie",
        "rationale" => "onderbouwing",
        "plan" => "plan van aanpak",
        "due" => "uiterlijk",
        "accepted" => "geaccepteerd",
        "follow-up" => "opvolging",
        "note" => "toelichting",
        "reclassified" => "geherclassificeerd",
        "closure" => "afsluiting",
        "decision" => "besluit",
        "considerations" => "afwegingen",
        "holds although open because" => "blijft staan ondanks de open afwijking omdat",
        "certificate" => "certificaat",
        "summary" => "samenvatting",
        "GAP" => "HIAAT",
        "rests on audit" => "rust op audit",
        "open on its date" => "open op de besluitdatum",
        "why the outcome holds" => "waarom de uitkomst standhoudt",
        "listed" => "vermeld",
        "state now" => "stand nu",
        "recorded" => "vastgelegd",
        other => other,
    }
}

/// Builds nodes with labels and fixed phrases in one language.
struct Outliner {
    lang: Lang,
    /// Decisions whose considerations were shown already: later findings
    /// point back to them instead of repeating them.
    shown: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

impl Outliner {
    fn t<'a>(&self, en: &'a str, nl: &'a str) -> &'a str {
        self.lang.pick(en, nl)
    }

    fn label(&self, en: &str) -> String {
        match self.lang {
            Lang::En => en.to_owned(),
            Lang::Nl => label_nl(en).to_owned(),
        }
    }

    fn node(&self, label: &str, text: impl Into<String>) -> Node {
        Node::new(&self.label(label), text)
    }

    fn gap(&self, text: impl Into<String>) -> Node {
        let mut n = Node::gap(text);
        n.label = self.label("GAP");
        n
    }

    /// "recorded: abc1234 by Anna Jansen on 2025-06-28", under a step.
    fn recorded(&self, stamp: &Option<Stamp>) -> Option<Node> {
        let s = stamp.as_ref()?;
        if s.commit == "uncommitted" {
            return Some(self.node(
                "recorded",
                self.t(
                    "not yet committed (working tree)",
                    "nog niet vastgelegd in git (werkkopie)",
                ),
            ));
        }
        let date = s
            .date
            .map(|d| format!(" {} {d}", self.t("on", "op")))
            .unwrap_or_default();
        Some(self.node(
            "recorded",
            format!(
                "{} {} {}{date}",
                s.commit,
                self.t("by", "door"),
                crate::render::escape(&s.author)
            ),
        ))
    }

    fn yes(&self, b: bool) -> &'static str {
        match (self.lang, b) {
            (Lang::En, true) => "yes",
            (Lang::En, false) => "no",
            (Lang::Nl, true) => "ja",
            (Lang::Nl, false) => "nee",
        }
    }

    fn term(&self, en: &str) -> String {
        match self.lang {
            Lang::En => en.to_owned(),
            Lang::Nl => term_nl(en).to_owned(),
        }
    }

    /// "provisional certificate", "voorlopig certificaat" (never
    /// "voorlopig certificaat certificaat").
    fn certificate_kind(&self, kind: &str) -> String {
        match self.lang {
            Lang::En => format!("{kind} certificate"),
            Lang::Nl => match kind {
                "regular" => "regulier certificaat".to_owned(),
                "provisional" => "voorlopig certificaat".to_owned(),
                "bridging" => "overbruggingscertificaat".to_owned(),
                "temporary" => "tijdelijk certificaat".to_owned(),
                other => format!("{other} certificaat"),
            },
        }
    }

    fn certificate(&self, c: &Option<CertificateState>) -> Node {
        match c {
            Some(c) => self.node(
                "certificate",
                format!(
                    "{} {} – {} ({} {}){}",
                    self.certificate_kind(&c.kind),
                    c.start,
                    c.end,
                    self.t("decision", "besluit"),
                    c.decision,
                    if c.suspended {
                        self.t(", SUSPENDED", ", GESCHORST")
                    } else {
                        ""
                    }
                ),
            ),
            None => self.node("certificate", self.t("none in force", "geen van kracht")),
        }
    }

    fn team(&self, a: &AuditRef) -> Node {
        self.node(
            "team",
            format!(
                "{} {}; {} {}",
                self.t("lead", "hoofdauditor"),
                a.lead_shown,
                self.t("experts", "materiedeskundigen"),
                a.experts_shown.join(", ")
            ),
        )
    }

    /// An audit with its team and report date.
    fn audit_node(&self, label: &str, a: &AuditRef, not_issued: &str) -> Node {
        let report = a
            .report
            .map_or_else(|| not_issued.to_owned(), |r| r.to_string());
        self.node(label, self.audit_line(a))
            .child(self.team(a))
            .child(self.node("report", report))
    }

    fn audit_line(&self, a: &AuditRef) -> String {
        let days: Vec<String> = a.days.iter().map(ToString::to_string).collect();
        format!(
            "{} ({}) {} {}",
            a.id,
            self.term(&a.kind),
            self.t("on", "op"),
            days.join(", ")
        )
    }

    fn decision(&self, d: &DecisionStep) -> Node {
        let mut n = self.node(
            "decision",
            format!(
                "{} {} {} {}",
                d.date,
                self.term(&d.outcome),
                self.t("by", "door"),
                d.by_shown
            ),
        );
        n.children.push(self.node("record", &d.file));
        n.children.extend(self.recorded(&d.recorded));
        let first = self.shown.borrow_mut().insert(d.id.clone());
        match &d.considerations {
            Some(_) if !first => n.children.push(self.node(
                "considerations",
                format!(
                    "{} {}",
                    self.t("see above, decision", "zie boven, besluit"),
                    d.id
                ),
            )),
            Some(c) if !c.is_empty() => n.children.push(self.node("considerations", c.clone())),
            _ => n
                .children
                .push(self.gap(self.t("no considerations recorded", "geen afwegingen vastgelegd"))),
        }
        if first && !d.context.is_empty() {
            n.children.push(self.node("context", d.context.join(", ")));
        }
        if let Some(why) = &d.open_finding_why {
            n.children
                .push(self.node("holds although open because", why.clone()));
        }
        if d.unaccounted {
            n.children.push(self.gap(self.t(
                "this open critical finding is not accounted for in the decision",
                "deze open kritische afwijking wordt in het besluit niet verantwoord",
            )));
        }
        n
    }

    fn finding(&self, t: &FindingTrace) -> Node {
        let mut root = self.node("finding", format!("{} — {}", t.subject, t.summary));
        let norm = match &t.norm.title {
            Some(title) => format!(
                "{} {title}{}",
                t.norm.id,
                t.norm
                    .category
                    .as_ref()
                    .map(|c| format!(" ({} {c})", self.t("category", "categorie")))
                    .unwrap_or_default()
            ),
            None => t.norm.id.clone(),
        };
        root.children.push(self.node("norm", norm));
        let a = &t.audit;
        let not_issued = self.t("not yet issued", "nog niet uitgebracht");
        root.children.push(
            self.audit_node("audit", a, not_issued)
                .child(self.node("record", &a.file)),
        );
        if let Some(r) = self.recorded(&a.recorded)
            && let Some(audit) = root.children.last_mut()
        {
            audit.children.push(r);
        }
        let class = if t.class == t.class_now {
            self.term(&t.class)
        } else {
            format!(
                "{} ({} {})",
                self.term(&t.class),
                self.t("now", "nu"),
                self.term(&t.class_now)
            )
        };
        let mut class_node = self.node("class", class);
        class_node.children.extend(self.recorded(&t.recorded));
        match &t.rationale {
            Some(r) => class_node.children.push(self.node("rationale", r.clone())),
            None if t.class != "remark" => class_node.children.push(self.gap(self.t(
                "no rationale: why this class is not recorded",
                "geen onderbouwing: waarom deze classificatie is niet vastgelegd",
            ))),
            None => {}
        }
        if !t.context.is_empty() {
            class_node
                .children
                .push(self.node("context", t.context.join(", ")));
        }
        root.children.push(class_node);
        match &t.plan {
            None => root.children.push(self.node(
                "plan",
                self.t("not needed for a remark", "niet nodig bij een opmerking"),
            )),
            Some(p) => {
                let mut n = self.node(
                    "plan",
                    match p.received {
                        Some(r) => {
                            format!("{} {r}: {}", self.t("received", "ontvangen"), p.verdict)
                        }
                        None => p.verdict.clone(),
                    },
                );
                n.gap = p.received.is_none() && p.due.is_some_and(|d| d < t.as_of);
                if let (Some(due), Some(ar)) = (p.due, &p.arithmetic) {
                    n.children.push(self.node("due", format!("{due} ({ar})")));
                }
                if let Some(acc) = p.accepted {
                    n.children.push(self.node("accepted", acc.to_string()));
                }
                n.children.extend(self.recorded(&p.recorded));
                root.children.push(n);
            }
        }
        for f in &t.follow_ups {
            let mut n = self.node(
                "follow-up",
                format!(
                    "{} ({}): {} {}, {} {}, {} {}",
                    f.audit,
                    f.date,
                    self.t("implemented", "uitgevoerd"),
                    self.yes(f.implemented),
                    self.t("effective", "effectief"),
                    self.yes(f.effective),
                    self.t("closed", "gesloten"),
                    self.yes(f.closed)
                ),
            );
            if let Some(note) = &f.note {
                n.children.push(self.node("note", note.clone()));
            }
            n.children.extend(self.recorded(&f.recorded));
            if let Some(c) = &f.reclassify {
                n.children.push(self.node(
                    "reclassified",
                    format!("{}: {}", self.term(c), opt(&f.reason)),
                ));
            }
            root.children.push(n);
        }
        if t.follow_ups.is_empty() && t.class != "remark" {
            root.children
                .push(self.node("follow-up", self.t("none yet", "nog geen")));
        }
        root.children
            .push(self.node("closure", t.closure_text.clone()));
        for d in &t.decisions {
            root.children.push(self.decision(d));
        }
        root.children.push(self.certificate(&t.certificate));
        for g in &t.gaps {
            root.children.push(self.gap(gap_text(g)));
        }
        root
    }

    fn decision_trace(&self, t: &DecisionTrace) -> Node {
        let mut root = self.decision(&t.decision);
        root.text = format!("{}/{} — {}", t.institution, t.decision.id, root.text);
        root.children
            .push(self.node("checklist", self.yes(t.checklist)));
        for a in &t.audits {
            let not_issued = self.t("not issued", "niet uitgebracht");
            root.children
                .push(self.audit_node("rests on audit", a, not_issued));
        }
        if t.audits.is_empty() {
            root.children
                .push(self.node("rests on audit", self.t("none named", "geen genoemd")));
        }
        for f in &t.open_findings {
            let mut n = self.node(
                "open on its date",
                format!("{} ({}) — {}", f.subject, self.term(&f.class), f.summary),
            );
            match &f.why {
                Some(w) => n
                    .children
                    .push(self.node("why the outcome holds", w.clone())),
                None => n.children.push(self.node("listed", self.yes(false))),
            }
            n.children.push(self.node("state now", f.state.clone()));
            root.children.push(n);
        }
        root.children.push(self.certificate(&t.certificate));
        for g in &t.gaps {
            root.children.push(self.gap(gap_text(g)));
        }
        root
    }
}

/// A gap in words, with the rule that judged it.
fn gap_text(g: &crate::trace::Gap) -> String {
    match g.rule {
        Some(rule) => format!("{} [{rule}]", g.message),
        None => g.message.clone(),
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

impl Outliner {
    fn new(lang: Lang) -> Outliner {
        Outliner {
            lang,
            shown: Default::default(),
        }
    }
}

/// The outlines of several findings' chains, after a summary: each
/// decision's considerations are shown once, at the first finding that
/// rests on it, and the later ones point back to it.
pub fn finding_outlines(ts: &[FindingTrace], lang: Lang) -> Vec<Node> {
    let o = Outliner::new(lang);
    let mut nodes = Vec::with_capacity(ts.len() + 1);
    if ts.len() > 1 {
        nodes.push(o.summary(ts));
    }
    nodes.extend(ts.iter().map(|t| o.finding(t)));
    nodes
}

/// The outline of what one decision rested on.
pub fn decision_outline(t: &DecisionTrace, lang: Lang) -> Node {
    Outliner::new(lang).decision_trace(t)
}

impl Outliner {
    /// "12 findings: 3 open (1 critical), 8 closed, 1 remark; 2 with gaps".
    fn summary(&self, ts: &[FindingTrace]) -> Node {
        let open: Vec<&FindingTrace> = ts.iter().filter(|t| t.closure.state == "open").collect();
        let critical = open.iter().filter(|t| t.class_now == "critical").count();
        let closed = ts.iter().filter(|t| t.closure.state == "closed").count();
        let remarks = ts.len() - open.len() - closed;
        let with_gaps = ts.iter().filter(|t| !t.gaps.is_empty()).count();
        let text = match self.lang {
            Lang::En => format!(
                "{} findings: {} open ({} critical), {} closed, {} not deviations; {} with gaps",
                ts.len(),
                open.len(),
                critical,
                closed,
                remarks,
                with_gaps
            ),
            Lang::Nl => format!(
                "{} bevindingen: {} open ({} kritisch), {} gesloten, {} geen afwijking; {} met hiaten",
                ts.len(),
                open.len(),
                critical,
                closed,
                remarks,
                with_gaps
            ),
        };
        let mut n = Node::new(&self.label("summary"), text);
        for t in ts.iter().filter(|t| !t.gaps.is_empty()) {
            let n_gaps = t.gaps.len();
            n.children.push(self.gap(match self.lang {
                Lang::En => format!(
                    "{}: {n_gaps} gap{}",
                    t.subject,
                    if n_gaps == 1 { "" } else { "s" }
                ),
                Lang::Nl => format!(
                    "{}: {n_gaps} {}",
                    t.subject,
                    if n_gaps == 1 { "hiaat" } else { "hiaten" }
                ),
            }));
        }
        n
    }
}

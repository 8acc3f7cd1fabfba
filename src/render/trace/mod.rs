//! Renderers of `kmi trace`. The traces become one outline (labelled nodes,
//! gaps marked) that the tree, Markdown and HTML renderers print; JSON
//! serializes the traces themselves.

pub mod html;
pub mod markdown;
pub mod tree;

use crate::trace::{CertificateState, DecisionStep, DecisionTrace, FindingTrace};

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

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn certificate(c: &Option<CertificateState>) -> Node {
    match c {
        Some(c) => Node::new(
            "certificate",
            format!(
                "{} certificate {} – {} (decision {}){}",
                c.kind,
                c.start,
                c.end,
                c.decision,
                if c.suspended { ", SUSPENDED" } else { "" }
            ),
        ),
        None => Node::new("certificate", "none in force"),
    }
}

fn decision(d: &DecisionStep) -> Node {
    let mut n = Node::new("decision", format!("{} {} by {}", d.date, d.outcome, d.by));
    n.children.push(Node::new("record", &d.file));
    match &d.considerations {
        Some(c) if !c.is_empty() => n.children.push(Node::new("considerations", c.clone())),
        _ => n.children.push(Node::gap("no considerations recorded")),
    }
    if !d.context.is_empty() {
        n.children.push(Node::new("context", d.context.join(", ")));
    }
    if let Some(why) = &d.open_finding_why {
        n.children
            .push(Node::new("holds although open because", why.clone()));
    }
    if d.unaccounted {
        n.children.push(Node::gap(
            "this open critical finding is not accounted for in the decision",
        ));
    }
    n
}

/// The outline of one finding's chain.
pub fn finding_outline(t: &FindingTrace) -> Node {
    let mut root = Node::new("finding", format!("{} — {}", t.subject, t.summary));
    let norm = match &t.norm.title {
        Some(title) => format!(
            "{} {}{}",
            t.norm.id,
            title,
            t.norm
                .category
                .as_ref()
                .map(|c| format!(" (category {c})"))
                .unwrap_or_default()
        ),
        None => t.norm.id.clone(),
    };
    root.children.push(Node::new("norm", norm));
    let a = &t.audit;
    let days: Vec<String> = a.days.iter().map(ToString::to_string).collect();
    root.children.push(
        Node::new(
            "audit",
            format!("{} ({}) on {}", a.id, a.kind, days.join(", ")),
        )
        .child(Node::new(
            "team",
            format!("lead {}; experts {}", a.lead, a.experts.join(", ")),
        ))
        .child(Node::new(
            "report",
            a.report
                .map(|r| r.to_string())
                .unwrap_or_else(|| "not yet issued".to_owned()),
        ))
        .child(Node::new("record", &a.file)),
    );
    let class = if t.class == t.class_now {
        t.class.clone()
    } else {
        format!("{} (now {})", t.class, t.class_now)
    };
    let mut class_node = Node::new("class", class);
    match &t.rationale {
        Some(r) => class_node.children.push(Node::new("rationale", r.clone())),
        None if t.class != "remark" => class_node
            .children
            .push(Node::gap("no rationale: why this class is not recorded")),
        None => {}
    }
    if !t.context.is_empty() {
        class_node
            .children
            .push(Node::new("context", t.context.join(", ")));
    }
    root.children.push(class_node);
    match &t.plan {
        None => root
            .children
            .push(Node::new("plan", "not needed for a remark")),
        Some(p) => {
            let mut n = Node::new(
                "plan",
                match p.received {
                    Some(r) => format!("received {r}: {}", p.verdict),
                    None => p.verdict.clone(),
                },
            );
            n.gap = p.received.is_none() && p.verdict.contains("overdue");
            if let (Some(due), Some(ar)) = (p.due, &p.arithmetic) {
                n.children.push(Node::new("due", format!("{due} ({ar})")));
            }
            if let Some(acc) = p.accepted {
                n.children.push(Node::new("accepted", acc.to_string()));
            }
            root.children.push(n);
        }
    }
    for f in &t.follow_ups {
        let mut n = Node::new(
            "follow-up",
            format!(
                "{} ({}): implemented {}, effective {}, closed {}",
                f.audit,
                f.date,
                yes(f.implemented),
                yes(f.effective),
                yes(f.closed)
            ),
        );
        if let Some(note) = &f.note {
            n.children.push(Node::new("note", note.clone()));
        }
        if let Some(c) = &f.reclassify {
            n.children.push(Node::new(
                "reclassified",
                format!("{c}: {}", opt(&f.reason)),
            ));
        }
        root.children.push(n);
    }
    if t.follow_ups.is_empty() && t.class != "remark" {
        root.children.push(Node::new("follow-up", "none yet"));
    }
    root.children.push(Node::new("closure", t.closure.clone()));
    for d in &t.decisions {
        root.children.push(decision(d));
    }
    root.children.push(certificate(&t.certificate));
    for g in &t.gaps {
        root.children.push(Node::gap(g.clone()));
    }
    root
}

/// The outline of what one decision rested on.
pub fn decision_outline(t: &DecisionTrace) -> Node {
    let mut root = decision(&t.decision);
    root.label = "decision".to_owned();
    root.text = format!("{}/{} — {}", t.institution, t.decision.id, root.text);
    root.children.push(Node::new("checklist", yes(t.checklist)));
    for a in &t.audits {
        let days: Vec<String> = a.days.iter().map(ToString::to_string).collect();
        root.children.push(
            Node::new(
                "rests on audit",
                format!("{} ({}) on {}", a.id, a.kind, days.join(", ")),
            )
            .child(Node::new(
                "team",
                format!("lead {}; experts {}", a.lead, a.experts.join(", ")),
            ))
            .child(Node::new(
                "report",
                a.report
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "not issued".to_owned()),
            )),
        );
    }
    if t.audits.is_empty() {
        root.children
            .push(Node::new("rests on audit", "none named"));
    }
    for f in &t.open_findings {
        let mut n = Node::new(
            "open on its date",
            format!("{} ({}) — {}", f.subject, f.class, f.summary),
        );
        match &f.why {
            Some(w) => n
                .children
                .push(Node::new("why the outcome holds", w.clone())),
            None => n.children.push(Node::new("listed", "no")),
        }
        n.children.push(Node::new("state now", f.state.clone()));
        root.children.push(n);
    }
    root.children.push(certificate(&t.certificate));
    for g in &t.gaps {
        root.children.push(Node::gap(g.clone()));
    }
    root
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

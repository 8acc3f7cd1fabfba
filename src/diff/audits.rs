//! `kmi diff <institution> <audit-a> <audit-b>`: the findings of two audits
//! of one institution side by side, matched by norm.
//!
//! - **new**: a norm with a finding in B and none in A;
//! - **persisting**: a finding on the same norm in both, of the same class;
//! - **reclassified**: on the same norm in both but of another class, or
//!   reclassified by a follow-up in B;
//! - **open**: a finding of A whose norm has none in B but which is still
//!   open at the end of B (not closed, or its follow-up judged not
//!   effective): carried over, never "resolved";
//! - **resolved**: a finding of A whose norm has none in B and which is no
//!   longer open at the end of B.
//!
//! A finding is **recurring** when its norm also had a finding in the
//! audit held just before its own (verification audits left out: they look
//! only at the findings they verify, so a norm they do not mention has not
//! gone away); `streak` counts the consecutive audits with that norm.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dossier::Record;
use crate::facts::InstitutionFacts;
use crate::i18n::{Lang, term_nl};
use crate::model::{Audit, AuditKind, Class, Finding};

#[derive(Debug, Serialize)]
pub struct AuditDiff {
    pub institution: String,
    pub a: AuditRef,
    pub b: AuditRef,
    pub findings: Vec<Row>,
    pub summary: Counts,
}

#[derive(Debug, Serialize)]
pub struct AuditRef {
    pub audit: String,
    pub kind: AuditKind,
    pub first_day: String,
    pub file: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    New,
    Persisting,
    Reclassified,
    Open,
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Persisting => "persisting",
            Status::Reclassified => "reclassified",
            Status::Open => "open",
            Status::Resolved => "resolved",
        }
    }

    /// The status in Dutch.
    pub fn as_str_nl(self) -> &'static str {
        match self {
            Status::New => "nieuw",
            Status::Persisting => "blijvend",
            Status::Reclassified => "hergeclassificeerd",
            Status::Open => "open",
            Status::Resolved => "opgelost",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub status: Status,
    pub norm: String,
    /// The finding in A, if any.
    pub a: Option<Side>,
    /// The finding in B, if any.
    pub b: Option<Side>,
    /// Where A's finding stood at the end of B: open, its class, closed by which audit.
    pub a_at_b: Option<Standing>,
    pub recurring: bool,
    /// Consecutive audits up to the finding's own with a finding on this norm.
    pub streak: usize,
}

#[derive(Debug, Serialize)]
pub struct Side {
    pub finding: String,
    pub class: Class,
    pub summary: String,
}

/// Where A's finding stood at the end of audit B.
#[derive(Debug, Serialize)]
pub struct Standing {
    /// Open (a deviation, not closed) on B's last day.
    pub open: bool,
    /// Its class on B's last day, after any reclassification.
    pub class: Class,
    /// The audit whose follow-up closed it, if it was closed by then.
    pub closed_by: Option<String>,
}

impl Standing {
    fn text(&self, original: Class, lang: Lang) -> String {
        let mut parts = Vec::new();
        if self.class != original {
            parts.push(match lang {
                Lang::En => format!("now {}", self.class.as_str()),
                Lang::Nl => format!("nu {}", term_nl(self.class.as_str())),
            });
        }
        parts.push(match (&self.closed_by, self.open) {
            (Some(by), _) => format!("{} {by}", lang.pick("closed by", "gesloten door")),
            (None, true) => "open".to_owned(),
            (None, false) => lang
                .pick("not open (remark)", "niet open (opmerking)")
                .to_owned(),
        });
        parts.join("; ")
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Counts {
    pub new: usize,
    pub persisting: usize,
    pub reclassified: usize,
    /// Findings of A on a norm without a finding in B, still open at B.
    pub open: usize,
    pub resolved: usize,
    pub recurring: usize,
}

/// Compare audit `a` with audit `b` of one institution.
pub fn compare(
    facts: &InstitutionFacts<'_>,
    file_of: impl Fn(&Record<Audit>) -> String,
    a: &Record<Audit>,
    b: &Record<Audit>,
) -> AuditDiff {
    let in_a = by_norm(a);
    let in_b = by_norm(b);
    let at_b = b.data.last_day();
    let standing = |f: &Finding| {
        let ff = facts
            .findings
            .get(&(a.id.as_str(), f.id.get_ref().as_str()))?;
        Some(Standing {
            open: ff.is_open_on(at_b),
            class: ff.class_on(at_b),
            closed_by: ff
                .closed_by()
                .filter(|c| c.effective_on() <= at_b)
                .map(|c| c.audit.id.clone()),
        })
    };
    let streak = |norm: &str, audit: &Record<Audit>| streak(facts, norm, audit);

    let mut rows = Vec::new();
    let norms: std::collections::BTreeSet<&str> = in_a.keys().chain(in_b.keys()).copied().collect();
    for norm in norms {
        let olds = in_a.get(norm).map(Vec::as_slice).unwrap_or_default();
        let news = in_b.get(norm).map(Vec::as_slice).unwrap_or_default();
        for i in 0..olds.len().max(news.len()) {
            let old = olds.get(i).copied();
            let new = news.get(i).copied();
            let note = old.and_then(standing);
            let status = match (old, new) {
                (Some(o), Some(n)) if o.class.get_ref() != n.class.get_ref() => {
                    Status::Reclassified
                }
                (Some(_), Some(_)) => Status::Persisting,
                (None, Some(_)) => Status::New,
                (Some(o), None) if note.as_ref().is_some_and(|n| n.class != *o.class.get_ref()) => {
                    Status::Reclassified
                }
                // Not found again in B, but its follow-up has not closed it
                // (or was judged not effective): carried over, still open.
                (Some(_), None) if note.as_ref().is_some_and(|n| n.open) => Status::Open,
                (Some(_), None) => Status::Resolved,
                (None, None) => unreachable!("one side has a finding"),
            };
            let streak = if new.is_some() {
                streak(norm, b)
            } else {
                streak(norm, a)
            };
            rows.push(Row {
                status,
                norm: norm.to_owned(),
                a: old.map(side),
                b: new.map(side),
                a_at_b: note,
                recurring: streak >= 2,
                streak,
            });
        }
    }
    rows.sort_by(|x, y| {
        norm_key(&x.norm)
            .cmp(&norm_key(&y.norm))
            .then(x.status.cmp(&y.status))
    });
    let mut summary = Counts::default();
    for r in &rows {
        match r.status {
            Status::New => summary.new += 1,
            Status::Persisting => summary.persisting += 1,
            Status::Reclassified => summary.reclassified += 1,
            Status::Open => summary.open += 1,
            Status::Resolved => summary.resolved += 1,
        }
        summary.recurring += usize::from(r.recurring);
    }
    let reference = |r: &Record<Audit>| AuditRef {
        audit: r.id.clone(),
        kind: *r.data.kind.get_ref(),
        first_day: r.data.first_day().to_string(),
        file: file_of(r),
    };
    AuditDiff {
        institution: facts.id().to_owned(),
        a: reference(a),
        b: reference(b),
        findings: rows,
        summary,
    }
}

/// An audit's findings by norm, in the order written.
fn by_norm(audit: &Record<Audit>) -> BTreeMap<&str, Vec<&Finding>> {
    let mut m: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &audit.data.finding {
        m.entry(f.get_ref().norm.get_ref().as_str())
            .or_default()
            .push(f.get_ref());
    }
    m
}

fn side(f: &Finding) -> Side {
    Side {
        finding: f.id.get_ref().to_string(),
        class: *f.class.get_ref(),
        summary: f.summary.clone(),
    }
}

/// How many audits in a row, ending with `audit`, had a finding on `norm`
/// (verification audits skipped).
fn streak(facts: &InstitutionFacts<'_>, norm: &str, audit: &Record<Audit>) -> usize {
    let audits: Vec<&Record<Audit>> = facts
        .audits
        .iter()
        .copied()
        .filter(|x| *x.data.kind.get_ref() != AuditKind::Verification || x.id == audit.id)
        .collect();
    let Some(pos) = audits.iter().position(|x| x.id == audit.id) else {
        return 0;
    };
    audits[..=pos]
        .iter()
        .rev()
        .take_while(|x| {
            x.data
                .finding
                .iter()
                .any(|f| f.get_ref().norm.get_ref().as_str() == norm)
        })
        .count()
}

/// Norm ids in the catalogue's order: `4.2` before `10.1`, `D.5.3` after numbers.
fn norm_key(norm: &str) -> Vec<(u8, u64, String)> {
    norm.split('.')
        .map(|p| match p.parse::<u64>() {
            Ok(n) => (0, n, String::new()),
            Err(_) => (1, 0, p.to_owned()),
        })
        .collect()
}

/// The human table, in `lang`.
pub fn render_human(d: &AuditDiff, lang: Lang, width: u16) -> String {
    let kind = |k: AuditKind| match lang {
        Lang::En => kind_str(k),
        Lang::Nl => term_nl(kind_str(k)),
    };
    let class = |c: Class| match lang {
        Lang::En => c.as_str(),
        Lang::Nl => term_nl(c.as_str()),
    };
    let mut out = format!(
        "{}: {} ({}, {}) → {} ({}, {})\n",
        d.institution,
        d.a.audit,
        kind(d.a.kind),
        d.a.first_day,
        d.b.audit,
        kind(d.b.kind),
        d.b.first_day
    );
    if d.findings.is_empty() {
        out.push_str(lang.pick(
            "neither audit has findings\n",
            "geen van beide audits heeft bevindingen\n",
        ));
        return out;
    }
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
    table
        .set_width(width)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_header(match lang {
            Lang::En => [
                "norm",
                "status",
                "in A",
                "in B",
                "recurring",
                "A's finding at B",
            ],
            Lang::Nl => [
                "norm",
                "status",
                "in A",
                "in B",
                "terugkerend",
                "bevinding van A bij B",
            ],
        });
    let show = |s: &Option<Side>| {
        s.as_ref()
            .map(|s| format!("{} {}", s.finding, class(s.class)))
            .unwrap_or_default()
    };
    for r in &d.findings {
        table.add_row([
            r.norm.clone(),
            match lang {
                Lang::En => r.status.as_str(),
                Lang::Nl => r.status.as_str_nl(),
            }
            .to_owned(),
            show(&r.a),
            show(&r.b),
            if r.recurring {
                match lang {
                    Lang::En => format!("yes ({} audits)", r.streak),
                    Lang::Nl => format!("ja ({} audits)", r.streak),
                }
            } else {
                String::new()
            },
            match (&r.a_at_b, &r.a) {
                (Some(st), Some(a)) => st.text(a.class, lang),
                _ => String::new(),
            },
        ]);
    }
    out.push_str(&table.to_string());
    out.push('\n');
    for r in &d.findings {
        // One line per finding: its summary, named as `<audit>/<finding>`.
        let (audit, side) = match (&r.b, &r.a) {
            (Some(b), _) => (&d.b.audit, b),
            (None, Some(a)) => (&d.a.audit, a),
            (None, None) => continue,
        };
        out.push_str(&format!(
            "\n{audit}/{}: {}",
            side.finding,
            crate::render::escape(&side.summary)
        ));
    }
    out.push('\n');
    let s = &d.summary;
    out.push_str(&match lang {
        Lang::En => format!(
            "\n{} new, {} persisting, {} reclassified, {} still open, {} resolved; {} recurring\n",
            s.new, s.persisting, s.reclassified, s.open, s.resolved, s.recurring
        ),
        Lang::Nl => format!(
            "\n{} nieuw, {} blijvend, {} hergeclassificeerd, {} nog open, {} opgelost; {} terugkerend\n",
            s.new, s.persisting, s.reclassified, s.open, s.resolved, s.recurring
        ),
    });
    out
}

fn kind_str(k: AuditKind) -> &'static str {
    match k {
        AuditKind::Initial => "initial",
        AuditKind::Control => "control",
        AuditKind::Recertification => "recertification",
        AuditKind::Verification => "verification",
        AuditKind::Extra => "extra",
    }
}

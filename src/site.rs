//! `kmi site`: the dossier as a self-contained static website — a board of
//! every institution, a page per institution with an SVG timeline, the
//! deadlines (with the calendar), the people, the problems and the public
//! register. No server, no network: every page opens from `file://`.
//!
//! The site makes no judgment of its own: it shows the facts, obligations
//! and diagnostics that `check`, `deadlines` and `trace` show. The same
//! dossier and date give the same bytes (no time stamps, sorted maps).
//!
//! Pages are written with `format!` and one escape function rather than a
//! template engine: the pages are few and typed, the output must be byte
//! for byte deterministic, and kmi writes its SVG itself anyway.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::clock::Date;
use crate::deadlines::{self, Status};
use crate::diag::{Diagnostic, Severity};
use crate::dossier::Dossier;
use crate::facts::obligations::{Kind, Standing};
use crate::facts::{Facts, InstitutionFacts};
use crate::i18n::Lang;
use crate::model::{Class, Role};
use crate::timeline::{self, CertKind};
use crate::trace::{Names, Tracer};

/// What the site shows.
pub struct Options<'a> {
    pub lang: Lang,
    /// People by id only (`--redact`).
    pub names: Names,
    /// Only what the public register may show (`--public`).
    pub public: bool,
    /// A link prefix for a record's file and line on the forge (`--repo-url`).
    pub repo_url: Option<&'a str>,
}

/// Every file of the site: its path under the output directory and its bytes.
pub type Files = BTreeMap<String, String>;

pub fn build(dossier: &Dossier, facts: &Facts<'_>, diags: &[Diagnostic], o: &Options<'_>) -> Files {
    let s = Site {
        dossier,
        facts,
        diags,
        o,
        as_of: facts.as_of,
    };
    let mut files = Files::new();
    files.insert("style.css".to_owned(), STYLE.to_owned());
    files.insert("table.js".to_owned(), TABLE_JS.to_owned());
    files.insert(
        ".kmi-site".to_owned(),
        "a site written by kmi site\n".to_owned(),
    );
    files.insert("index.html".to_owned(), s.board());
    let register = crate::register::build(facts, facts.as_of);
    files.insert(
        "register.html".to_owned(),
        s.page(
            "",
            s.t("Public register", "Openbaar register"),
            &register_body(&register, o.lang),
        ),
    );
    if o.public {
        return files;
    }
    for inst in &facts.institutions {
        files.insert(format!("i/{}.html", inst.id()), s.institution(inst));
    }
    files.insert("deadlines.html".to_owned(), s.deadlines());
    let items = deadlines::compute_in(dossier, facts, 90, o.lang);
    let name = dossier
        .config
        .as_ref()
        .map_or("kmi", |c| c.data.dossier.name.as_str());
    files.insert(
        "deadlines.ics".to_owned(),
        crate::render::deadlines::ics::render(&items, facts.as_of, name, o.lang, &|id: &str| {
            (o.names == Names::Full)
                .then(|| dossier.people.get(id).map(|p| p.data.name.clone()))
                .flatten()
        }),
    );
    files.insert("people.html".to_owned(), s.people());
    files.insert("consistency.html".to_owned(), s.consistency());
    files.insert("problems.html".to_owned(), s.problems());
    files
}

struct Site<'a, 'd> {
    dossier: &'d Dossier,
    facts: &'a Facts<'d>,
    diags: &'a [Diagnostic],
    o: &'a Options<'a>,
    as_of: Date,
}

/// Escape text for HTML and SVG (text and attribute values).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An id usable in a URL fragment (`audit/f1` → `audit-f1`).
fn anchor(s: &str) -> String {
    s.replace('/', "-")
}

impl Site<'_, '_> {
    fn t<'s>(&self, en: &'s str, nl: &'s str) -> &'s str {
        self.o.lang.pick(en, nl)
    }

    /// A class, outcome or audit kind as the page's language names it.
    fn term<'s>(&self, term: &'s str) -> &'s str {
        match self.o.lang {
            Lang::En => term,
            Lang::Nl => crate::i18n::term_nl(term),
        }
    }

    /// A person as the site names them: "Name" or, redacted, the id.
    fn person(&self, id: &str) -> String {
        match (self.o.names, self.dossier.people.get(id)) {
            (Names::Full, Some(p)) => p.data.name.clone(),
            _ => id.to_owned(),
        }
    }

    fn cert_kind(&self, k: CertKind) -> &'static str {
        match k {
            CertKind::Regular => self.t("regular", "regulier"),
            CertKind::Provisional => self.t("provisional", "voorlopig"),
            CertKind::Bridging => self.t("bridging", "overbrugging"),
            CertKind::Temporary => self.t("temporary", "tijdelijk"),
        }
    }

    fn class(&self, c: Class) -> &'static str {
        match c {
            Class::Critical => self.t("critical", "kritisch"),
            Class::NonCritical => self.t("non-critical", "niet-kritisch"),
            Class::Remark => self.t("remark", "opmerking"),
        }
    }

    /// A whole page; `up` is the way back to the site's root ("" or "../").
    fn page(&self, up: &str, title: &str, body: &str) -> String {
        let mut nav = vec![
            ("index.html", self.t("Board", "Overzicht")),
            ("register.html", self.t("Register", "Register")),
        ];
        if !self.o.public {
            nav.insert(1, ("deadlines.html", self.t("Deadlines", "Termijnen")));
            nav.insert(2, ("people.html", self.t("People", "Personen")));
            nav.insert(3, ("problems.html", self.t("Problems", "Problemen")));
            nav.insert(
                4,
                ("consistency.html", self.t("Consistency", "Consistentie")),
            );
        }
        let mut links = String::new();
        for (href, label) in nav {
            let _ = write!(links, "<a href=\"{up}{href}\">{}</a> ", esc(label));
        }
        let footer = if self.o.public {
            self.t(
                "Made by kmi site: public information only.",
                "Gemaakt met kmi site: alleen openbare gegevens.",
            )
        } else {
            self.t(
                "Made by kmi site. For internal use: audit contents are confidential.",
                "Gemaakt met kmi site. Voor intern gebruik: de inhoud van audits is vertrouwelijk.",
            )
        };
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<link rel=\"stylesheet\" href=\"{up}style.css\">\n</head>\n<body>\n<header><nav aria-label=\"{navlabel}\">{links}</nav><p class=\"asof\">{asof_label} {as_of}</p></header>\n<main>\n<h1>{title}</h1>\n{body}</main>\n<footer>{footer}</footer>\n<script src=\"{up}table.js\"></script>\n</body>\n</html>\n",
            lang = self.o.lang.pick("en", "nl"),
            title = esc(title),
            navlabel = self.t("Site", "Site"),
            asof_label = self.t("As of", "Peildatum"),
            as_of = self.as_of,
            footer = esc(footer),
        )
    }

    // ------------------------------------------------------------ board

    fn overdue(&self, inst: &str) -> usize {
        self.facts
            .obligations
            .iter()
            .filter(|o| o.is_checked() && o.institution.as_deref() == Some(inst))
            .filter(|o| matches!(o.standing(self.as_of), Standing::Overdue(_)))
            .count()
    }

    fn errors(&self, inst: &str) -> usize {
        self.diags
            .iter()
            .filter(|d| d.institution.as_deref() == Some(inst) && d.severity == Severity::Error)
            .count()
    }

    fn board(&self) -> String {
        let mut body = String::new();
        let public = self.o.public;
        let _ = write!(
            body,
            "<p><label>{} <input type=\"search\" class=\"filter\" data-table=\"board\"></label></p>\n<table id=\"board\" class=\"sortable\">\n",
            esc(self.t("Filter", "Filter"))
        );
        let mut heads = vec![
            self.t("Institution", "Instelling"),
            self.t("Certificate", "Certificaat"),
            self.t("Valid through", "Geldig tot en met"),
            self.t("Suspended", "Geschorst"),
        ];
        if !public {
            heads.extend([
                self.t("Overdue", "Verlopen termijnen"),
                self.t("Open critical", "Open kritisch"),
                self.t("Errors", "Fouten"),
            ]);
        }
        body.push_str(&table_head(&heads));
        let (mut overdue_total, mut critical_total, mut errors_total, mut certified) = (0, 0, 0, 0);
        for inst in &self.facts.institutions {
            let id = inst.id();
            let name = inst
                .files
                .record
                .as_ref()
                .map_or(id, |r| r.data.name.trim());
            let cert = timeline::in_force(&inst.certificates, self.as_of);
            if public && cert.is_none() {
                continue;
            }
            certified += usize::from(cert.is_some());
            let name_cell = if public {
                esc(name)
            } else {
                format!("<a href=\"i/{id}.html\">{}</a>", esc(name))
            };
            let _ = write!(
                body,
                "<tr><td>{name_cell}</td><td>{}</td><td>{}</td><td>{}</td>",
                cert.map_or_else(
                    || self.t("none", "geen").to_owned(),
                    |c| self.cert_kind(c.kind).to_owned()
                ),
                cert.map_or(String::new(), |c| c.last_day().to_string()),
                if cert.is_some_and(|c| c.suspended_on(self.as_of)) {
                    self.t("yes", "ja")
                } else {
                    ""
                },
            );
            if !public {
                let overdue = self.overdue(id);
                let critical = inst
                    .open_on(self.as_of)
                    .filter(|f| f.class_on(self.as_of) == Class::Critical)
                    .count();
                let errors = self.errors(id);
                overdue_total += overdue;
                critical_total += critical;
                errors_total += errors;
                let cls = |n: usize| if n > 0 { " class=\"bad\"" } else { "" };
                let _ = write!(
                    body,
                    "<td{}>{overdue}</td><td{}>{critical}</td><td{}>{errors}</td>",
                    cls(overdue),
                    cls(critical),
                    cls(errors)
                );
            }
            body.push_str("</tr>\n");
        }
        body.push_str("</tbody>\n");
        if !public {
            let _ = writeln!(
                body,
                "<tfoot><tr><th scope=\"row\">{} ({})</th><td>{certified} {}</td><td></td><td></td><td>{overdue_total}</td><td>{critical_total}</td><td>{errors_total}</td></tr></tfoot>",
                esc(self.t("Total", "Totaal")),
                self.facts.institutions.len(),
                esc(self.t("certified", "gecertificeerd")),
            );
        }
        body.push_str("</table>\n");
        let name = self
            .dossier
            .config
            .as_ref()
            .map_or("kmi", |c| c.data.dossier.name.as_str());
        self.page("", name, &body)
    }

    // ------------------------------------------------------ institution

    fn institution(&self, inst: &InstitutionFacts<'_>) -> String {
        let id = inst.id();
        let name = inst
            .files
            .record
            .as_ref()
            .map_or(id, |r| r.data.name.trim());
        let mut body = String::new();
        body.push_str(&self.timeline(inst));
        // Findings.
        let _ = write!(
            body,
            "<h2 id=\"findings\">{}</h2>\n<table class=\"sortable\">\n{}",
            esc(self.t("Findings", "Bevindingen")),
            table_head(&[
                self.t("Finding", "Bevinding"),
                self.t("Norm", "Norm"),
                self.t("Class now", "Classificatie nu"),
                self.t("Plan", "Plan van aanpak"),
                self.t("State", "Stand"),
                self.t("Summary", "Samenvatting"),
            ]),
        );
        for f in inst.findings.values() {
            let subject = f.subject();
            let plan = self
                .facts
                .obligation(Kind::Plan, id, &subject)
                .map_or(String::new(), |o| match o.standing(self.as_of) {
                    Standing::OnTime => self.t("on time", "op tijd").to_owned(),
                    Standing::Late(n) => format!("{n} {}", self.t("days late", "dagen te laat")),
                    Standing::Overdue(n) => format!(
                        "{} {n} {}",
                        self.t("overdue", "verlopen"),
                        self.t("days", "dagen")
                    ),
                    Standing::Pending => {
                        format!("{} {}", self.t("due", "uiterlijk"), o.deadline.due)
                    }
                });
            let state = match f.closed_on() {
                Some(d) => format!("{} {d}", self.t("closed", "gesloten")),
                None if f.is_open_on(self.as_of) => self.t("open", "open").to_owned(),
                None => String::new(),
            };
            let _ = writeln!(
                body,
                "<tr id=\"finding-{}\"><td><a href=\"#trace-{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                anchor(&subject),
                anchor(&subject),
                esc(&subject),
                esc(f.finding.get_ref().norm.get_ref().as_str()),
                self.class(f.class_on(self.as_of)),
                esc(&plan),
                esc(&state),
                esc(f.finding.get_ref().summary.trim()),
            );
        }
        body.push_str("</tbody>\n</table>\n");
        // Audits.
        let _ = writeln!(
            body,
            "<h2 id=\"audits\">{}</h2>\n<ul>",
            esc(self.t("Audits", "Audits"))
        );
        for a in &inst.audits {
            let team: Vec<String> = a
                .data
                .team()
                .iter()
                .map(|p| self.person(p.get_ref().as_str()))
                .collect();
            let _ = writeln!(
                body,
                "<li id=\"audit-{}\"><strong>{}</strong> ({}) {}; {}: {}; {}: {}</li>",
                anchor(&a.id),
                esc(&a.id),
                esc(self.term(a.data.kind.get_ref().as_str())),
                if a.data.first_day() == a.data.last_day() {
                    a.data.first_day().to_string()
                } else {
                    format!(
                        "{} {} {}",
                        a.data.first_day(),
                        self.t("to", "t/m"),
                        a.data.last_day()
                    )
                },
                esc(self.t("report", "rapport")),
                a.data.report().map_or_else(
                    || self.t("not yet", "nog niet").to_owned(),
                    |r| r.to_string()
                ),
                esc(self.t("team", "team")),
                esc(&team.join(", ")),
            );
        }
        body.push_str("</ul>\n");
        // Decisions with their considerations.
        let _ = writeln!(
            body,
            "<h2 id=\"decisions\">{}</h2>",
            esc(self.t("Decisions", "Besluiten"))
        );
        for d in timeline::ordered_decisions(inst.files) {
            let data = &d.data;
            let _ = write!(
                body,
                "<section class=\"decision\" id=\"decision-{}\"><h3>{} {} — {}</h3>\n<p>{}: {}</p>\n",
                anchor(&d.id),
                data.date(),
                esc(self.term(data.outcome().as_str())),
                esc(&d.id),
                esc(self.t("By", "Door")),
                esc(&self.person(data.by.get_ref().as_str())),
            );
            match data.considerations.as_deref().map(str::trim) {
                Some(c) if !c.is_empty() => {
                    let _ = writeln!(body, "<blockquote>{}</blockquote>", esc(c));
                }
                _ => {
                    let _ = writeln!(
                        body,
                        "<p class=\"bad\">{}</p>",
                        esc(self.t("No considerations recorded.", "Geen afwegingen vastgelegd."))
                    );
                }
            }
            if !data.open_finding.is_empty() {
                body.push_str("<ul>\n");
                for of in &data.open_finding {
                    let r = of.get_ref();
                    let _ = writeln!(
                        body,
                        "<li><a href=\"#finding-{}\">{}</a>: {}</li>",
                        anchor(&r.finding.get_ref().to_string()),
                        esc(&r.finding.get_ref().to_string()),
                        esc(r.why.trim())
                    );
                }
                body.push_str("</ul>\n");
            }
            body.push_str("</section>\n");
        }
        // Progress reports.
        if !inst.files.progress.is_empty() {
            let _ = writeln!(
                body,
                "<h2 id=\"progress\">{}</h2>\n<ul>",
                esc(self.t("Progress reports", "Voortgangsrapportages"))
            );
            for (month, p) in &inst.files.progress {
                let _ = writeln!(
                    body,
                    "<li>{month}: {} {}</li>",
                    esc(self.t("received", "ontvangen")),
                    p.data.received.get_ref()
                );
            }
            body.push_str("</ul>\n");
        }
        // Each finding's trace: the same chain `kmi trace` shows.
        let _ = writeln!(
            body,
            "<h2 id=\"traces\">{}</h2>",
            esc(self.t("Traces", "Herleidingen"))
        );
        let tracer = Tracer {
            dossier: self.dossier,
            facts: self.facts,
            inst,
            diagnostics: self.diags,
            as_of: self.as_of,
            names: self.o.names,
            lang: self.o.lang,
            provenance: None,
        };
        let mut findings: Vec<_> = inst.findings.values().collect();
        findings.sort_by_key(|f| (f.audit.data.first_day(), f.audit.id.as_str(), f.id()));
        let traces: Vec<_> = findings.iter().map(|f| tracer.finding(f)).collect();
        for (t, node) in traces.iter().zip(
            crate::render::trace::finding_outlines(&traces, self.o.lang)
                .into_iter()
                .skip(usize::from(traces.len() > 1)),
        ) {
            let _ = writeln!(
                body,
                "<section class=\"trace\" id=\"trace-{}\"><h3>{}</h3>",
                anchor(&t.subject),
                esc(&node.text)
            );
            crate::render::trace::html::list(&node.children, &mut body);
            body.push_str("</section>\n");
        }
        let title = format!("{name} ({id})");
        self.page("../", &title, &body)
    }

    /// The institution's history as an SVG timeline: certificates by kind,
    /// suspensions, audits, each deviation from its report to its closure
    /// (or to the as-of date while open), decisions and deadlines ahead.
    fn timeline(&self, inst: &InstitutionFacts<'_>) -> String {
        let id = inst.id();
        let mut dates: Vec<Date> = vec![self.as_of];
        dates.extend(inst.audits.iter().map(|a| a.data.first_day()));
        dates.extend(inst.files.decisions.values().map(|d| d.data.date()));
        let ahead: Vec<_> = self
            .facts
            .obligations
            .iter()
            .filter(|o| o.institution.as_deref() == Some(id) && o.met.is_none())
            .filter(|o| o.deadline.due >= self.as_of && o.deadline.due <= self.as_of.add_years(3))
            .filter(|o| {
                o.is_checked() || matches!(o.kind, Kind::CertificateEnd | Kind::BridgingEnd)
            })
            .collect();
        dates.extend(ahead.iter().map(|o| o.deadline.due));
        let first_year = dates
            .iter()
            .map(|d| d.year())
            .min()
            .unwrap_or(self.as_of.year());
        let last_year = dates
            .iter()
            .map(|d| d.year())
            .max()
            .unwrap_or(self.as_of.year())
            + 1;
        let start = Date::from_ymd(first_year, 1, 1).expect("1 January");
        let end = Date::from_ymd(last_year, 1, 1).expect("1 January");
        let span = start.days_until(end).max(1) as f64;
        let (left, width) = (120.0, 840.0);
        let x = |d: Date| left + start.days_until(d.max(start).min(end)) as f64 / span * width;
        // Deviations get lanes so that bars do not overlap.
        let deviations: Vec<_> = inst
            .findings
            .values()
            .filter(|f| f.is_deviation())
            .collect();
        let mut lanes: Vec<Date> = Vec::new();
        let mut bars = Vec::new();
        for f in &deviations {
            let from = f
                .audit
                .data
                .report()
                .unwrap_or_else(|| f.audit.data.last_day());
            let to = f.closed_on().unwrap_or(self.as_of).max(from);
            let lane = match lanes.iter().position(|&e| e < from) {
                Some(l) => {
                    lanes[l] = to;
                    l
                }
                None => {
                    lanes.push(to);
                    lanes.len() - 1
                }
            };
            bars.push((f, from, to, lane));
        }
        let rows = ["certificates", "audits", "decisions", "deadlines"];
        let row_y = |r: usize| 30.0 + r as f64 * 28.0;
        let findings_y = row_y(rows.len());
        let height = findings_y + (lanes.len().max(1) as f64) * 14.0 + 20.0;
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            "<figure class=\"timeline\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 980 {height:.0}\" role=\"img\" aria-labelledby=\"tl-title\"><title id=\"tl-title\">{}</title>",
            esc(self.t("Timeline", "Tijdlijn"))
        );
        for y in first_year..=last_year {
            let d = Date::from_ymd(y, 1, 1).expect("1 January");
            let _ = writeln!(
                svg,
                "<line class=\"year\" x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"14\" y2=\"{1:.0}\"/><text class=\"year\" x=\"{0:.1}\" y=\"12\">{y}</text>",
                x(d),
                height - 6.0
            );
        }
        let labels = [
            self.t("certificates", "certificaten"),
            self.t("audits", "audits"),
            self.t("decisions", "besluiten"),
            self.t("deadlines", "termijnen"),
        ];
        for (r, l) in labels.iter().enumerate() {
            let _ = writeln!(
                svg,
                "<text class=\"row\" x=\"4\" y=\"{:.0}\">{}</text>",
                row_y(r) + 4.0,
                esc(l)
            );
        }
        let _ = writeln!(
            svg,
            "<text class=\"row\" x=\"4\" y=\"{:.0}\">{}</text>",
            findings_y + 8.0,
            esc(self.t("deviations", "afwijkingen"))
        );
        for c in &inst.certificates {
            let (x1, x2) = (x(c.start), x(c.last_day().add_days(1)));
            let _ = writeln!(
                svg,
                "<a href=\"#decision-{}\"><rect class=\"cert cert-{}\" x=\"{x1:.1}\" y=\"{:.0}\" width=\"{:.1}\" height=\"14\"><title>{} {} – {} ({})</title></rect></a>",
                anchor(&c.decision.id),
                c.kind.as_str(),
                row_y(0) - 7.0,
                (x2 - x1).max(1.0),
                esc(self.cert_kind(c.kind)),
                c.start,
                c.last_day(),
                esc(&c.decision.id)
            );
            for s in &c.suspensions {
                let until = s.lifted.map_or(c.last_day(), |(d, _)| d);
                let (x1, x2) = (x(s.start), x(until));
                let _ = writeln!(
                    svg,
                    "<a href=\"#decision-{}\"><rect class=\"suspension\" x=\"{x1:.1}\" y=\"{:.0}\" width=\"{:.1}\" height=\"14\"><title>{} {} – {}</title></rect></a>",
                    anchor(&s.decision.id),
                    row_y(0) - 7.0,
                    (x2 - x1).max(1.0),
                    esc(self.t("suspended", "geschorst")),
                    s.start,
                    until
                );
            }
        }
        for a in &inst.audits {
            let _ = writeln!(
                svg,
                "<a href=\"#audit-{}\"><circle class=\"audit\" cx=\"{:.1}\" cy=\"{:.0}\" r=\"5\"><title>{} ({}) {}</title></circle></a>",
                anchor(&a.id),
                x(a.data.first_day()),
                row_y(1),
                esc(&a.id),
                esc(self.term(a.data.kind.get_ref().as_str())),
                a.data.first_day()
            );
        }
        for d in inst.files.decisions.values() {
            let (cx, cy) = (x(d.data.date()), row_y(2));
            let _ = writeln!(
                svg,
                "<a href=\"#decision-{}\"><polygon class=\"decision\" points=\"{:.1},{:.0} {:.1},{:.0} {:.1},{:.0} {:.1},{:.0}\"><title>{} {} ({})</title></polygon></a>",
                anchor(&d.id),
                cx,
                cy - 6.0,
                cx + 6.0,
                cy,
                cx,
                cy + 6.0,
                cx - 6.0,
                cy,
                d.data.date(),
                esc(self.term(d.data.outcome().as_str())),
                esc(&d.id)
            );
        }
        for o in &ahead {
            let (cx, cy) = (x(o.deadline.due), row_y(3));
            let _ = writeln!(
                svg,
                "<a href=\"../deadlines.html\"><polygon class=\"deadline\" points=\"{:.1},{:.0} {:.1},{:.0} {:.1},{:.0}\"><title>{} {} ({})</title></polygon></a>",
                cx,
                cy - 6.0,
                cx + 6.0,
                cy + 6.0,
                cx - 6.0,
                cy + 6.0,
                o.kind.as_str(),
                o.deadline.due,
                esc(&o.subject)
            );
        }
        for (f, from, to, lane) in &bars {
            let (x1, x2) = (x(*from), x(*to));
            let open = f.closed_on().is_none();
            let _ = writeln!(
                svg,
                "<a href=\"#finding-{}\"><rect class=\"bar-finding {} {}\" x=\"{x1:.1}\" y=\"{:.0}\" width=\"{:.1}\" height=\"10\"><title>{} ({}) {} – {}{}</title></rect></a>",
                anchor(&f.subject()),
                if f.original_class() == Class::Critical {
                    "critical"
                } else {
                    "non-critical"
                },
                if open { "open" } else { "closed" },
                findings_y + *lane as f64 * 14.0,
                (x2 - x1).max(2.0),
                esc(&f.subject()),
                self.class(f.original_class()),
                from,
                to,
                if open {
                    self.t(" (open)", " (open)")
                } else {
                    ""
                }
            );
        }
        let ax = x(self.as_of);
        let _ = writeln!(
            svg,
            "<line class=\"asof\" x1=\"{ax:.1}\" x2=\"{ax:.1}\" y1=\"14\" y2=\"{:.0}\"><title>{} {}</title></line>",
            height - 6.0,
            esc(self.t("as of", "peildatum")),
            self.as_of
        );
        svg.push_str("</svg></figure>\n");
        svg
    }

    // ---------------------------------------------------------- reports

    fn deadlines(&self) -> String {
        let items = deadlines::compute_in(self.dossier, self.facts, 90, self.o.lang);
        let mut body = format!(
            "<p><a href=\"deadlines.ics\">{}</a></p>\n<table class=\"sortable wrap\">\n",
            esc(self.t(
                "Calendar (.ics) to subscribe to",
                "Agenda (.ics) om op te abonneren"
            ))
        );
        body.push_str(&table_head(&[
            self.t("Status", "Stand"),
            self.t("Due", "Uiterlijk"),
            self.t("Kind", "Soort"),
            self.t("Institution", "Instelling"),
            self.t("Subject", "Onderwerp"),
            self.t("What", "Wat"),
            self.t("Computed as", "Berekend als"),
        ]));
        for i in &items {
            let inst = i.institution.as_deref().map_or(String::new(), |id| {
                format!("<a href=\"i/{id}.html\">{}</a>", esc(id))
            });
            let subject = match &i.person {
                Some(p) => esc(&self.person(p)),
                None => esc(&i.subject),
            };
            let _ = writeln!(
                body,
                "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{inst}</td><td>{subject}</td><td>{}</td><td>{}</td></tr>",
                i.status.as_str(),
                esc(match (self.o.lang, i.status) {
                    (Lang::En, s) => s.as_str(),
                    (Lang::Nl, Status::Overdue) => "verlopen",
                    (Lang::Nl, Status::Due) => "binnenkort",
                    (Lang::Nl, Status::Upcoming) => "later",
                }),
                i.due,
                esc(match self.o.lang {
                    Lang::En => i.kind.as_str(),
                    Lang::Nl => i.kind.dutch(),
                }),
                esc(&i.what),
                esc(&i.arithmetic)
            );
        }
        body.push_str("</tbody>\n</table>\n");
        self.page("", self.t("Deadlines", "Termijnen"), &body)
    }

    fn people(&self) -> String {
        let clocks = &self.dossier.scheme.clocks;
        let mut body = String::new();
        body.push_str("<table class=\"sortable\">\n");
        body.push_str(&table_head(&[
            self.t("Person", "Persoon"),
            self.t("Roles", "Rollen"),
            self.t("VOG valid through", "VOG geldig tot en met"),
            self.t("Expertise valid through", "Deskundigheid geldig tot en met"),
            self.t("Left", "Uit dienst"),
        ]));
        for p in self.dossier.people.values() {
            let d = &p.data;
            let roles: Vec<&str> = d.roles.iter().map(|r| role(*r)).collect();
            let vog = d.vog.iter().max().map(|v| clocks.vog.after(*v));
            let expertise = d.expertise.iter().max().map(|e| clocks.expertise.after(*e));
            let cls = |v: Option<Date>| {
                if v.is_some_and(|v| v < self.as_of) {
                    " class=\"bad\""
                } else {
                    ""
                }
            };
            let _ = writeln!(
                body,
                "<tr id=\"person-{}\"><td>{}</td><td>{}</td><td{}>{}</td><td{}>{}</td><td>{}</td></tr>",
                p.id,
                esc(&self.person(&p.id)),
                esc(&roles.join(", ")),
                cls(vog),
                vog.map_or(String::new(), |v| v.to_string()),
                cls(expertise),
                expertise.map_or(String::new(), |v| v.to_string()),
                d.left.map_or(String::new(), |v| v.to_string()),
            );
        }
        body.push_str("</tbody>\n</table>\n");
        // Rotation clocks: the reminders `kmi deadlines` lists.
        let _ = write!(
            body,
            "<h2>{}</h2>\n<table class=\"sortable\">\n{}",
            esc(self.t("Rotation", "Rotatie")),
            table_head(&[
                self.t("Person", "Persoon"),
                self.t("Institution", "Instelling"),
                self.t(
                    "Last day to start an audit there",
                    "Laatste dag om er een audit te beginnen"
                ),
            ]),
        );
        for o in self.facts.obligations_of(Kind::Rotation) {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&self.person(o.person.as_deref().unwrap_or_default())),
                esc(o.institution.as_deref().unwrap_or_default()),
                o.deadline.due
            );
        }
        body.push_str("</tbody>\n</table>\n");
        // Audits per year, as lead and as expert.
        let mut per_year: BTreeMap<(String, i32), (usize, usize)> = BTreeMap::new();
        for inst in &self.facts.institutions {
            for a in &inst.audits {
                let y = a.data.first_day().year();
                per_year
                    .entry((a.data.lead.get_ref().to_string(), y))
                    .or_default()
                    .0 += 1;
                for e in a.data.experts.get_ref() {
                    if e.get_ref() != a.data.lead.get_ref() {
                        per_year.entry((e.get_ref().to_string(), y)).or_default().1 += 1;
                    }
                }
            }
        }
        let _ = write!(
            body,
            "<h2>{}</h2>\n<table class=\"sortable\">\n{}",
            esc(self.t("Audits per year", "Audits per jaar")),
            table_head(&[
                self.t("Person", "Persoon"),
                self.t("Year", "Jaar"),
                self.t("As lead", "Als hoofdauditor"),
                self.t("As expert", "Als materiedeskundige"),
            ]),
        );
        for ((p, y), (lead, expert)) in &per_year {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{y}</td><td>{lead}</td><td>{expert}</td></tr>",
                esc(&self.person(p))
            );
        }
        body.push_str("</tbody>\n</table>\n");
        self.page("", self.t("People", "Personen"), &body)
    }

    /// Per norm, how it was classified at each institution, with context
    /// and rationale, and the pairs `kmi consistency` flags.
    fn consistency(&self) -> String {
        let views = crate::consistency::build(self.dossier, self.facts, None, None);
        let mut body = String::new();
        if views.is_empty() {
            let _ = writeln!(
                body,
                "<p>{}</p>",
                esc(self.t("No findings yet.", "Nog geen bevindingen."))
            );
        }
        for v in &views {
            let title = v
                .title
                .as_deref()
                .map_or_else(|| v.norm.clone(), |t| format!("{} {t}", v.norm));
            let _ = write!(
                body,
                "<section id=\"norm-{}\"><h2>{}</h2>\n<table class=\"sortable wrap\">\n",
                anchor(&v.norm),
                esc(&title)
            );
            body.push_str(&table_head(&[
                self.t("Institution", "Instelling"),
                self.t("Finding", "Bevinding"),
                self.t("Date", "Datum"),
                self.t("Class", "Classificatie"),
                self.t("Context", "Context"),
                self.t("Rationale", "Onderbouwing"),
            ]));
            for c in &v.classifications {
                let _ = writeln!(
                    body,
                    "<tr><td><a href=\"i/{}.html\">{}</a></td><td><a href=\"i/{}.html#finding-{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    c.institution,
                    esc(&c.institution),
                    c.institution,
                    anchor(&c.subject),
                    esc(&c.subject),
                    c.date,
                    esc(&c.class),
                    esc(&c.context.join(", ")),
                    esc(c.rationale.as_deref().unwrap_or("")),
                );
            }
            body.push_str("</tbody>\n</table>\n");
            for f in &v.flags {
                let _ = writeln!(
                    body,
                    "<p class=\"bad\">{}</p>",
                    esc(match self.o.lang {
                        Lang::En => &f.message,
                        Lang::Nl => &f.message_nl,
                    })
                );
            }
            body.push_str("</section>\n");
        }
        self.page("", self.t("Consistency", "Consistentie"), &body)
    }

    fn problems(&self) -> String {
        let mut body = format!(
            "<p>{} {}, {} {}.</p>\n<table class=\"sortable\">\n",
            self.diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            esc(self.t("errors", "fouten")),
            self.diags
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            esc(self.t("warnings", "waarschuwingen")),
        );
        body.push_str(&table_head(&[
            self.t("Severity", "Ernst"),
            self.t("Rule", "Regel"),
            self.t("Where", "Waar"),
            self.t("Subject", "Onderwerp"),
            self.t("Message", "Melding"),
        ]));
        for d in self.diags {
            let place = format!("{}:{}:{}", d.file, d.line, d.column);
            let place = match self.o.repo_url {
                Some(url) => format!(
                    "<a href=\"{}/{}#L{}\">{}</a>",
                    esc(url.trim_end_matches('/')),
                    esc(&d.file),
                    d.line,
                    esc(&place)
                ),
                None => esc(&place),
            };
            let subject = match &d.institution {
                Some(i) => format!("<a href=\"i/{i}.html\">{}</a>", esc(&d.subject)),
                None => esc(&d.subject),
            };
            let _ = writeln!(
                body,
                "<tr class=\"{}\"><td>{}</td><td>{}</td><td class=\"path\">{place}</td><td>{subject}</td><td>{}</td></tr>",
                d.severity.as_str(),
                esc(match d.severity {
                    Severity::Error => self.t("error", "fout"),
                    Severity::Warning => self.t("warning", "waarschuwing"),
                }),
                esc(d.rule),
                esc(&d.message),
            );
        }
        body.push_str("</tbody>\n</table>\n");
        self.page("", self.t("Problems", "Problemen"), &body)
    }
}

fn role(r: Role) -> &'static str {
    match r {
        Role::LeadAuditor => "lead-auditor",
        Role::Expert => "expert",
        Role::DecisionMaker => "decision-maker",
        Role::DeputyDecisionMaker => "deputy-decision-maker",
    }
}

/// The register's tables inside a site page.
fn register_body(r: &crate::register::Register, lang: Lang) -> String {
    let page = crate::render::register::html(r, lang);
    // The register's own page, from its first table to the end of its body.
    let from = page.find("<p>").unwrap_or(0);
    let to = page.rfind("</body>").unwrap_or(page.len());
    page[from..to].replace("<table>", "<table class=\"sortable\">")
}

const STYLE: &str = r#":root { --ink: #1a1a1a; --accent: #1f4e79; --bad: #a61b1b; --muted: #555; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; line-height: 1.45; }
header { background: var(--accent); color: #fff; padding: .5rem 1rem; display: flex; justify-content: space-between; flex-wrap: wrap; }
header a { color: #fff; margin-right: 1rem; font-weight: 600; }
header a:focus { outline: 3px solid #ffd54a; }
header .asof { margin: 0; }
main { max-width: 72rem; margin: 1rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid var(--accent); margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ccc; vertical-align: top; }
td:nth-child(n+2) { white-space: nowrap; }
td:last-child { white-space: normal; min-width: 16rem; }
td.path { white-space: normal; overflow-wrap: anywhere; min-width: 10rem; }
table.wrap td { white-space: normal; }
table.wrap td:nth-child(-n+4) { white-space: nowrap; }
th { background: #e8eef5; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: var(--ink); text-align: left; }
.bad { color: var(--bad); font-weight: 600; }
tr.overdue td:first-child, tr.error td:first-child { color: var(--bad); font-weight: 600; }
blockquote { border-left: 4px solid #ccd; margin: .5rem 0; padding: .2rem .8rem; white-space: pre-wrap; }
section.trace ul { list-style: none; padding-left: 1.2rem; border-left: 1px solid #ccd; }
.label { font-weight: 600; color: var(--accent); }
.gap, .gap .label { color: var(--bad); }
.text { white-space: pre-wrap; }
figure.timeline { margin: 1rem 0; overflow-x: auto; }
figure.timeline svg { width: 100%; min-width: 40rem; height: auto; font-size: 11px; }
text.year { fill: var(--muted); text-anchor: middle; }
line.year { stroke: #ddd; }
text.row { fill: var(--ink); }
line.asof { stroke: var(--bad); stroke-dasharray: 4 3; }
rect.cert-regular { fill: #2e7d32; } rect.cert-provisional { fill: #66bb6a; }
rect.cert-bridging { fill: #ef6c00; } rect.cert-temporary { fill: #8d6e63; }
rect.suspension { fill: #a61b1b; opacity: .6; }
circle.audit { fill: var(--accent); }
polygon.decision { fill: #6a1b9a; }
polygon.deadline { fill: #f9a825; stroke: #6d4c00; }
rect.bar-finding.critical { fill: #c62828; } rect.bar-finding.non-critical { fill: #f57c00; }
rect.bar-finding.closed { opacity: .55; }
footer { max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: var(--muted); font-size: .85rem; }
@media print {
  @page { size: A4; margin: 15mm; }
  header nav, input.filter, script { display: none; }
  header { background: none; color: var(--ink); border-bottom: 2px solid var(--ink); }
  main { max-width: none; margin: 0; }
  th { background: none; }
  section { break-inside: avoid-page; }
  a { color: var(--ink); text-decoration: none; }
}
"#;

/// Sorting by a column header and filtering rows, for readers with
/// JavaScript; every page reads the same without it.
/// A sortable table's header row and the opening of its body: each column
/// head is a button that `TABLE_JS` sorts the rows by.
fn table_head(heads: &[&str]) -> String {
    let mut out = String::from("<thead><tr>");
    for h in heads {
        let _ = write!(
            out,
            "<th scope=\"col\"><button type=\"button\">{}</button></th>",
            esc(h)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    out
}

const TABLE_JS: &str = r#"document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, col) {
    var button = th.querySelector("button");
    if (!button) { return; }
    var asc = true;
    button.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col] ? a.cells[col].textContent.trim() : "";
        var y = b.cells[col] ? b.cells[col].textContent.trim() : "";
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) ? nx - ny : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      asc = !asc;
    });
  });
});
document.querySelectorAll("input.filter").forEach(function (input) {
  var table = document.getElementById(input.dataset.table);
  input.addEventListener("input", function () {
    var q = input.value.toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
    });
  });
});
"#;

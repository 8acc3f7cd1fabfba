//! Renderers of the public register: table, Markdown, CSV, JSON and HTML.

use comfy_table::{ContentArrangement, Table, presets};

use crate::register::Register;

fn certificate_label(kind: &str, accredited: bool, suspended: bool) -> String {
    let mut s = kind.to_owned();
    if !accredited {
        s.push_str(" (not under accreditation)");
    }
    if suspended {
        s.push_str(", suspended");
    }
    s
}

fn rows(r: &Register) -> Vec<[String; 5]> {
    r.certified
        .iter()
        .map(|c| {
            [
                c.name.clone(),
                c.region.clone().unwrap_or_default(),
                certificate_label(&c.certificate, c.accredited, c.suspended),
                c.start.to_string(),
                c.end.to_string(),
            ]
        })
        .collect()
}

const HEADER: [&str; 5] = ["institution", "region", "certificate", "from", "until"];

pub fn table(r: &Register) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_width(120)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(HEADER);
    for row in rows(r) {
        t.add_row(row);
    }
    let mut out = format!("Certified institutions as of {}\n{t}\n", r.as_of);
    if !r.applicants.is_empty() {
        let mut a = Table::new();
        a.load_style(presets::UTF8_FULL_CONDENSED)
            .set_header(["applicant", "region", "applied"]);
        for p in &r.applicants {
            a.add_row([
                p.name.clone(),
                p.region.clone().unwrap_or_default(),
                p.applied.to_string(),
            ]);
        }
        out.push_str(&format!("\nPending applications\n{a}\n"));
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(r: &Register) -> String {
    let mut out = format!(
        "# Public register — {}\n\n## Certified institutions\n\n",
        r.as_of
    );
    out.push_str(&format!(
        "| {} |\n|{}\n",
        HEADER.join(" | "),
        "---|".repeat(HEADER.len())
    ));
    for row in rows(r) {
        out.push_str(&format!(
            "| {} |\n",
            row.iter()
                .map(|c| md_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
    out.push_str("\n## Pending applications\n\n");
    if r.applicants.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str("| applicant | region | applied |\n|---|---|---|\n");
        for p in &r.applicants {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                md_cell(&p.name),
                md_cell(p.region.as_deref().unwrap_or("")),
                p.applied
            ));
        }
    }
    out
}

pub fn csv(r: &Register) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "status",
        "institution",
        "name",
        "region",
        "certificate",
        "accredited",
        "suspended",
        "start",
        "end",
        "applied",
    ])
    .expect("write to memory");
    for c in &r.certified {
        let (start, end) = (c.start.to_string(), c.end.to_string());
        w.write_record([
            "certified",
            &c.institution,
            &c.name,
            c.region.as_deref().unwrap_or(""),
            &c.certificate,
            if c.accredited { "true" } else { "false" },
            if c.suspended { "true" } else { "false" },
            &start,
            &end,
            "",
        ])
        .expect("write to memory");
    }
    for p in &r.applicants {
        let applied = p.applied.to_string();
        w.write_record([
            "applicant",
            &p.institution,
            &p.name,
            p.region.as_deref().unwrap_or(""),
            "",
            "",
            "",
            "",
            "",
            &applied,
        ])
        .expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("UTF-8")
}

pub fn json(r: &Register) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("register serializes");
    s.push('\n');
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn html(r: &Register) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Public register</title>\n<style>\nbody { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }\ntable { border-collapse: collapse; width: 100%; }\nth, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #ccc; }\nth { background: #f0f3f7; }\n@media print { body { margin: 0; max-width: none; } }\n</style>\n</head>\n<body>\n",
    );
    out.push_str(&format!("<h1>Public register</h1>\n<p>As of {}.</p>\n<h2>Certified institutions</h2>\n<table>\n<tr>", r.as_of));
    for h in HEADER {
        out.push_str(&format!("<th>{h}</th>"));
    }
    out.push_str("</tr>\n");
    for row in rows(r) {
        out.push_str("<tr>");
        for c in row {
            out.push_str(&format!("<td>{}</td>", esc(&c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n<h2>Pending applications</h2>\n");
    if r.applicants.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str("<table>\n<tr><th>applicant</th><th>region</th><th>applied</th></tr>\n");
        for p in &r.applicants {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&p.name),
                esc(p.region.as_deref().unwrap_or("")),
                p.applied
            ));
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

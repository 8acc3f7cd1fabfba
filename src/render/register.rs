//! Renderers of the public register: table, Markdown, CSV, JSON and HTML.

use comfy_table::{ContentArrangement, Table, presets};

use crate::i18n::{Lang, term_nl};
use crate::register::Register;

fn certificate_label(kind: &str, accredited: bool, suspended: bool, lang: Lang) -> String {
    let mut s = match lang {
        Lang::En => kind.to_owned(),
        Lang::Nl => term_nl(kind).to_owned(),
    };
    if !accredited {
        s.push_str(lang.pick(" (not under accreditation)", " (niet onder accreditatie)"));
    }
    if suspended {
        s.push_str(lang.pick(", suspended", ", geschorst"));
    }
    s
}

fn rows(r: &Register, lang: Lang) -> Vec<[String; 5]> {
    r.certified
        .iter()
        .map(|c| {
            [
                c.name.clone(),
                c.region.clone().unwrap_or_default(),
                certificate_label(&c.certificate, c.accredited, c.suspended, lang),
                c.start.to_string(),
                c.end.to_string(),
            ]
        })
        .collect()
}

fn header(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::En => ["institution", "region", "certificate", "from", "until"],
        Lang::Nl => ["instelling", "regio", "certificaat", "van", "tot en met"],
    }
}

fn applicant_header(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => ["applicant", "region", "applied"],
        Lang::Nl => ["aanvrager", "regio", "aangevraagd"],
    }
}

pub fn table(r: &Register, lang: Lang) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_width(crate::render::table_width(120))
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header(lang));
    for row in rows(r, lang) {
        t.add_row(row.iter().map(|c| super::escape(c).into_owned()));
    }
    let mut out = format!(
        "{} {}\n{t}\n",
        lang.pick(
            "Certified institutions as of",
            "Gecertificeerde instellingen op"
        ),
        r.as_of
    );
    if !r.applicants.is_empty() {
        let mut a = Table::new();
        a.load_style(presets::UTF8_FULL_CONDENSED)
            .set_header(applicant_header(lang));
        for p in &r.applicants {
            a.add_row([
                super::escape(&p.name).into_owned(),
                super::escape(p.region.as_deref().unwrap_or_default()).into_owned(),
                p.applied.to_string(),
            ]);
        }
        out.push_str(&format!(
            "\n{}\n{a}\n",
            lang.pick("Pending applications", "Lopende aanvragen")
        ));
    }
    out
}

fn md_cell(s: &str) -> String {
    super::escape(&s.replace('|', "\\|").replace('\n', " ")).into_owned()
}

pub fn markdown(r: &Register, lang: Lang) -> String {
    let mut out = format!(
        "# {} — {}\n\n## {}\n\n",
        lang.pick("Public register", "Openbaar register"),
        r.as_of,
        lang.pick("Certified institutions", "Gecertificeerde instellingen")
    );
    let h = header(lang);
    out.push_str(&format!(
        "| {} |\n|{}\n",
        h.join(" | "),
        "---|".repeat(h.len())
    ));
    for row in rows(r, lang) {
        out.push_str(&format!(
            "| {} |\n",
            row.iter()
                .map(|c| md_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
    out.push_str(&format!(
        "\n## {}\n\n",
        lang.pick("Pending applications", "Lopende aanvragen")
    ));
    if r.applicants.is_empty() {
        out.push_str(lang.pick("None.\n", "Geen.\n"));
    } else {
        out.push_str(&format!(
            "| {} |\n|---|---|---|\n",
            applicant_header(lang).join(" | ")
        ));
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

pub fn html(r: &Register, lang: Lang) -> String {
    let title = lang.pick("Public register", "Openbaar register");
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}\ntable {{ border-collapse: collapse; width: 100%; }}\nth, td {{ text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #ccc; }}\nth {{ background: #f0f3f7; }}\n@media print {{ body {{ margin: 0; max-width: none; }} }}\n</style>\n</head>\n<body>\n",
        lang.pick("en", "nl")
    );
    out.push_str(&format!(
        "<h1>{title}</h1>\n<p>{} {}.</p>\n<h2>{}</h2>\n<table>\n<tr>",
        lang.pick("As of", "Peildatum"),
        r.as_of,
        lang.pick("Certified institutions", "Gecertificeerde instellingen")
    ));
    for h in header(lang) {
        out.push_str(&format!("<th>{h}</th>"));
    }
    out.push_str("</tr>\n");
    for row in rows(r, lang) {
        out.push_str("<tr>");
        for c in row {
            out.push_str(&format!("<td>{}</td>", esc(&c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str(&format!(
        "</table>\n<h2>{}</h2>\n",
        lang.pick("Pending applications", "Lopende aanvragen")
    ));
    if r.applicants.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", lang.pick("None.", "Geen.")));
    } else {
        out.push_str("<table>\n<tr>");
        for h in applicant_header(lang) {
            out.push_str(&format!("<th>{h}</th>"));
        }
        out.push_str("</tr>\n");
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

//! Renderers of `kmi consistency`: table, Markdown and JSON.

use comfy_table::{ContentArrangement, Table, presets};

use crate::consistency::NormView;

pub fn table(views: &[NormView]) -> String {
    if views.is_empty() {
        return "no findings\n".to_owned();
    }
    let mut out = String::new();
    for v in views {
        out.push_str(&format!(
            "norm {}{}\n",
            v.norm,
            v.title
                .as_ref()
                .map(|t| format!(" — {t}"))
                .unwrap_or_default()
        ));
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_width(140)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header([
                "date",
                "institution",
                "finding",
                "class",
                "context",
                "rationale",
            ]);
        for c in &v.classifications {
            t.add_row([
                c.date.to_string(),
                c.institution.clone(),
                c.subject.clone(),
                c.class.clone(),
                c.context.join(", "),
                c.rationale
                    .clone()
                    .unwrap_or_else(|| "(none recorded)".to_owned()),
            ]);
        }
        out.push_str(&format!("{t}\n"));
        for f in &v.flags {
            out.push_str(&format!("⚠ {}\n", f.message));
        }
        out.push('\n');
    }
    let flags: usize = views.iter().map(|v| v.flags.len()).sum();
    out.push_str(&format!(
        "{} norms, {flags} classification pairs that differ without a differing context factor\n",
        views.len()
    ));
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(views: &[NormView]) -> String {
    let mut out = String::from("# Consistency of classifications per norm\n");
    for v in views {
        out.push_str(&format!(
            "\n## Norm {}{}\n\n",
            v.norm,
            v.title
                .as_ref()
                .map(|t| format!(" — {}", cell(t)))
                .unwrap_or_default()
        ));
        out.push_str("| date | institution | finding | class | context | rationale |\n|---|---|---|---|---|---|\n");
        for c in &v.classifications {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                c.date,
                cell(&c.institution),
                cell(&c.subject),
                c.class,
                cell(&c.context.join(", ")),
                cell(c.rationale.as_deref().unwrap_or("(none recorded)"))
            ));
        }
        for f in &v.flags {
            out.push_str(&format!("\n- ⚠ {}\n", cell(&f.message)));
        }
    }
    out
}

pub fn json(views: &[NormView]) -> String {
    let mut s =
        serde_json::to_string_pretty(&serde_json::json!({ "norms": views })).expect("serializes");
    s.push('\n');
    s
}

//! Renderers of `kmi consistency`: table, Markdown and JSON.

use comfy_table::{ContentArrangement, Table, presets};

use crate::consistency::{Flag, NormView};
use crate::i18n::{Lang, term_nl};

fn flag(f: &Flag, lang: Lang) -> &str {
    lang.pick(&f.message, &f.message_nl)
}

fn class(c: &str, lang: Lang) -> String {
    match lang {
        Lang::En => c.to_owned(),
        Lang::Nl => term_nl(c).to_owned(),
    }
}

pub fn table(views: &[NormView], lang: Lang) -> String {
    if views.is_empty() {
        return lang.pick("no findings\n", "geen bevindingen\n").to_owned();
    }
    let mut out = String::new();
    for v in views {
        out.push_str(&format!(
            "norm {}{}\n",
            v.norm,
            v.title
                .as_ref()
                .map(|t| format!(" — {}", super::escape(t)))
                .unwrap_or_default()
        ));
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_width(crate::render::table_width(140))
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(match lang {
                Lang::En => [
                    "date",
                    "institution",
                    "finding",
                    "class",
                    "context",
                    "rationale",
                ],
                Lang::Nl => [
                    "datum",
                    "instelling",
                    "bevinding",
                    "classificatie",
                    "context",
                    "onderbouwing",
                ],
            });
        for c in &v.classifications {
            t.add_row([
                c.date.to_string(),
                c.institution.clone(),
                c.subject.clone(),
                class(&c.class, lang),
                super::escape(&c.context.join(", ")).into_owned(),
                c.rationale
                    .as_deref()
                    .map(|r| super::escape_lines(r).into_owned())
                    .unwrap_or_else(|| {
                        lang.pick("(none recorded)", "(niet vastgelegd)").to_owned()
                    }),
            ]);
        }
        out.push_str(&format!("{t}\n"));
        for f in &v.flags {
            out.push_str(&format!("⚠ {}\n", super::escape(flag(f, lang))));
        }
        out.push('\n');
    }
    let flags: usize = views.iter().map(|v| v.flags.len()).sum();
    let n = views.len();
    out.push_str(&match lang {
        Lang::En => format!(
            "{n} {}, {flags} classification {} that {} without a differing context factor\n",
            if n == 1 { "norm" } else { "norms" },
            if flags == 1 { "pair" } else { "pairs" },
            if flags == 1 { "differs" } else { "differ" },
        ),
        Lang::Nl => format!(
            "{n} {}, {flags} {} classificaties die verschil{} zonder verschillende contextfactor\n",
            if n == 1 { "norm" } else { "normen" },
            if flags == 1 { "paar" } else { "paren" },
            if flags == 1 { "t" } else { "len" },
        ),
    });
    out
}

fn cell(s: &str) -> String {
    super::escape(&s.replace('|', "\\|").replace('\n', " ")).into_owned()
}

pub fn markdown(views: &[NormView], lang: Lang) -> String {
    let mut out = format!(
        "# {}\n",
        lang.pick(
            "Consistency of classifications per norm",
            "Consistentie van classificaties per norm"
        )
    );
    for v in views {
        out.push_str(&format!(
            "\n## Norm {}{}\n\n",
            v.norm,
            v.title
                .as_ref()
                .map(|t| format!(" — {}", cell(t)))
                .unwrap_or_default()
        ));
        out.push_str(lang.pick(
            "| date | institution | finding | class | context | rationale |\n",
            "| datum | instelling | bevinding | classificatie | context | onderbouwing |\n",
        ));
        out.push_str("|---|---|---|---|---|---|\n");
        for c in &v.classifications {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                c.date,
                cell(&c.institution),
                cell(&c.subject),
                class(&c.class, lang),
                cell(&c.context.join(", ")),
                cell(
                    c.rationale
                        .as_deref()
                        .unwrap_or(lang.pick("(none recorded)", "(niet vastgelegd)"))
                )
            ));
        }
        for f in &v.flags {
            out.push_str(&format!("\n- ⚠ {}\n", cell(flag(f, lang))));
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

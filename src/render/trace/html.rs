//! `kmi trace --format html`: one self-contained static page with print CSS,
//! for a coordinator who never saw a terminal. No scripts, no external files.

use super::Node;

const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.5rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .3rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; background: #f0f3f7; padding: .4rem .6rem; border-left: 4px solid #2d5d8a; }
ul { list-style: none; padding-left: 1.2rem; border-left: 1px solid #ccd; margin: .2rem 0; }
li { margin: .25rem 0; }
.label { font-weight: 600; color: #2d5d8a; }
.gap { color: #9b1c1c; }
.gap .label { color: #9b1c1c; }
.text { white-space: pre-wrap; }
footer { margin-top: 3rem; font-size: .85rem; color: #555; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; background: none; border-left: 3px solid #000; }
  section { break-inside: avoid-page; }
  .gap { color: #000; font-weight: 600; }
  footer { position: running(footer); }
}
";

pub fn render(title: &str, subtitle: &str, nodes: &[Node], lang: crate::i18n::Lang) -> String {
    let mut out = String::new();
    let code = lang.pick("en", "nl");
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n"
    ));
    out.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(title)
    ));
    out.push_str(&format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        escape(title),
        escape(subtitle)
    ));
    for n in nodes {
        out.push_str(&format!(
            "<section>\n<h2><span class=\"label\">{}:</span> {}</h2>\n",
            escape(&n.label),
            escape(&n.text)
        ));
        list(&n.children, &mut out);
        out.push_str("</section>\n");
    }
    out.push_str(&format!(
        "<footer>{}</footer>\n</body>\n</html>\n",
        lang.pick(
            "Made by kmi trace. For internal use: audit contents are confidential.",
            "Gemaakt met kmi trace. Voor intern gebruik: de inhoud van audits is vertrouwelijk."
        )
    ));
    out
}

/// The children of an outline node as nested lists (also used by `kmi site`).
pub fn list(nodes: &[Node], out: &mut String) {
    if nodes.is_empty() {
        return;
    }
    out.push_str("<ul>\n");
    for n in nodes {
        let class = if n.gap { " class=\"gap\"" } else { "" };
        let mark = if n.gap { "⚠ " } else { "" };
        out.push_str(&format!(
            "<li{class}><span class=\"label\">{mark}{}:</span> <span class=\"text\">{}</span>",
            escape(&n.label),
            escape(&n.text)
        ));
        list(&n.children, out);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

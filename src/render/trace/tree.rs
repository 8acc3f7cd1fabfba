//! `kmi trace` for the terminal: an indented tree.

use super::Node;

pub fn render(nodes: &[Node]) -> String {
    let mut out = String::new();
    for (i, n) in nodes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}: {}\n",
            n.label,
            crate::render::escape(&one_line(&n.text))
        ));
        children(&n.children, "", &mut out);
    }
    out
}

fn children(nodes: &[Node], prefix: &str, out: &mut String) {
    for (i, n) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        let (branch, next) = if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        let mark = if n.gap { "⚠ " } else { "" };
        let text = crate::render::escape_lines(&n.text);
        let mut lines = text.lines();
        out.push_str(&format!(
            "{prefix}{branch}{mark}{}: {}\n",
            n.label,
            lines.next().unwrap_or("")
        ));
        let cont = format!("{prefix}{next}");
        for l in lines {
            out.push_str(&format!("{cont}  {l}\n"));
        }
        children(&n.children, &cont, out);
    }
}

fn one_line(s: &str) -> String {
    s.lines().collect::<Vec<_>>().join(" ")
}

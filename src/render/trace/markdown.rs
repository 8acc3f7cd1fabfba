//! `kmi trace --format markdown`: headings per trace, nested lists.

use super::Node;

pub fn render(title: &str, nodes: &[Node]) -> String {
    let mut out = format!("# {title}\n");
    for n in nodes {
        out.push_str(&format!(
            "\n## {}: {}\n\n",
            n.label,
            escape(&n.text.replace('\n', " "))
        ));
        list(&n.children, 0, &mut out);
    }
    out
}

fn list(nodes: &[Node], depth: usize, out: &mut String) {
    for n in nodes {
        let indent = "  ".repeat(depth);
        let text = escape(&n.text).replace('\n', &format!("\n{indent}  "));
        if n.gap {
            out.push_str(&format!("{indent}- **⚠ {}:** {text}\n", n.label));
        } else {
            out.push_str(&format!("{indent}- **{}:** {text}\n", n.label));
        }
        list(&n.children, depth + 1, out);
    }
}

/// Keep free text from being read as Markdown markup.
fn escape(s: &str) -> String {
    let s = crate::render::escape_lines(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

//! No import cycle between the top-level modules of `src/` (issue 13.5): the
//! loader knows no rules, git plugs into the loader from outside, the
//! commands read the `session` and not the command line, and so on.
//!
//! Reads every `.rs` file under `src/`, takes each `crate::<module>` it names
//! (in `use` declarations, braced groups included, and in paths written
//! inline), and fails on a cycle in the graph of top-level modules
//! (`src/<m>.rs` and `src/<m>/`), naming the modules and the files that make
//! each edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

#[test]
fn no_import_cycle_between_top_level_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    assert!(
        graph.contains_key("load") && graph.contains_key("rules"),
        "the module graph was not read: {graph:?}"
    );

    let found = cycles(&graph);
    let described: Vec<String> = found.iter().map(|c| describe(c, &graph)).collect();
    assert!(
        found.is_empty(),
        "import cycles between modules:\n{}",
        described.join("\n")
    );
}

#[test]
fn a_cycle_is_found() {
    let mut g = Graph::new();
    let edge = |g: &mut Graph, a: &str, b: &str| {
        g.entry(a.to_owned())
            .or_default()
            .entry(b.to_owned())
            .or_default()
            .insert(format!("src/{a}.rs"));
    };
    edge(&mut g, "load", "rules");
    edge(&mut g, "rules", "history");
    edge(&mut g, "history", "git");
    edge(&mut g, "git", "load");
    edge(&mut g, "cli", "load");
    let found = cycles(&g);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0], ["git", "history", "load", "rules"]);

    let uses = modules_named(
        "use crate::{\n    diag::Diagnostic,\n    load::{self, Kind},\n};\nlet x = crate::rules::find(id); // crate::timeline is only named here\n",
    );
    assert_eq!(
        uses.into_iter().collect::<Vec<_>>(),
        ["diag", "load", "rules"]
    );
}

/// Module → module → the files that make the edge.
fn module_graph(src: &Path) -> Graph {
    let mut graph = Graph::new();
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.expect("src/ is readable");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).expect("under src/");
        let first = rel
            .components()
            .next()
            .expect("a file")
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_owned();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("source is UTF-8");
        let node = graph.entry(module.clone()).or_default();
        for used in modules_named(&text) {
            if used != module {
                node.entry(used)
                    .or_default()
                    .insert(format!("src/{}", rel.display()));
            }
        }
    }
    graph
}

/// The top-level modules that `text` names as `crate::<m>`: in `use`
/// declarations (with braces: `use crate::{a::X, b}`) and inline paths;
/// comments are left out.
fn modules_named(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // `crate::{a::b, c, d::{e, f}}`: the first segment of each item
            // at the top level of the braces.
            let mut depth = 0;
            let mut item_start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        let name: String = group[k..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        out.insert(name);
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
        rest = after;
    }
    out
}

/// The strongly connected components with more than one module (Tarjan),
/// each sorted, in sorted order.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let next: Vec<&'g str> = s
            .graph
            .get(v)
            .map(|e| e.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for w in next {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().expect("on the stack");
                s.on_stack.remove(w);
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found.sort();
    s.found
}

/// `a → b (src/a.rs), b → a (src/b/x.rs)` for a cycle's edges.
fn describe(component: &[String], graph: &Graph) -> String {
    let mut edges = Vec::new();
    for a in component {
        for b in component {
            if let Some(files) = graph.get(a).and_then(|e| e.get(b)) {
                let files: Vec<&str> = files.iter().map(String::as_str).collect();
                edges.push(format!("{a} → {b} ({})", files.join(", ")));
            }
        }
    }
    format!("  {}: {}", component.join(", "), edges.join("; "))
}

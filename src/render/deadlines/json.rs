//! `kmi deadlines --format json`: `{"deadlines": [...]}` (the contract).

use crate::deadlines::Item;

pub fn render(items: &[Item]) -> String {
    let mut s = serde_json::to_string_pretty(&serde_json::json!({ "deadlines": items }))
        .expect("deadlines serialize");
    s.push('\n');
    s
}

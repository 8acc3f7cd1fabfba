//! `kmi deadlines --format yaml`: the same document as JSON, as YAML.

use crate::deadlines::Item;

#[derive(serde::Serialize)]
struct Doc<'a> {
    deadlines: &'a [Item],
}

pub fn render(items: &[Item]) -> String {
    serde_norway::to_string(&Doc { deadlines: items }).expect("deadlines serialize")
}

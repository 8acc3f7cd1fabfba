//! `kmi deadlines` for people: overdue first and marked, then by date, with
//! the arithmetic of every due date.

use comfy_table::{Cell, ContentArrangement, Table, presets};

use crate::clock::{Date, days};
use crate::deadlines::{Item, Status};

pub fn render(items: &[Item], as_of: Date, within: u32) -> String {
    if items.is_empty() {
        return format!("no deadlines as of {as_of}\n");
    }
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_width(140)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            "status",
            "due",
            "kind",
            "institution",
            "subject",
            "what",
            "computed as",
        ]);
    for i in items {
        let status = match i.status {
            Status::Overdue => format!("OVERDUE {}", days(i.days_overdue(as_of))),
            Status::Due if i.due == as_of => "due today".to_owned(),
            Status::Due => format!("due in {}", days(as_of.days_until(i.due))),
            Status::Upcoming => "upcoming".to_owned(),
        };
        table.add_row([
            Cell::new(status),
            Cell::new(i.due),
            Cell::new(i.kind.as_str()),
            Cell::new(i.institution.as_deref().unwrap_or("")),
            Cell::new(&i.subject),
            Cell::new(&i.what),
            Cell::new(&i.arithmetic),
        ]);
    }
    let count = |s: Status| items.iter().filter(|i| i.status == s).count();
    format!(
        "{table}\n{} overdue, {} due within {within} days, {} upcoming (as of {as_of})\n",
        count(Status::Overdue),
        count(Status::Due),
        count(Status::Upcoming)
    )
}

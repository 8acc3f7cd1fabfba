//! `kmi deadlines` for people: overdue first and marked, then by date, with
//! the arithmetic of every due date.

use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Table, presets};

use crate::clock::{Date, days};
use crate::deadlines::{Item, Status};
use crate::i18n::{Lang, days_nl};

/// Below this width the seven columns do not fit without breaking dates
/// and ids: each deadline becomes a block of its own instead.
const TABLE_MIN_WIDTH: u16 = 120;

pub fn render(items: &[Item], as_of: Date, within: u32, lang: Lang) -> String {
    render_at(items, as_of, within, lang, crate::render::table_width(140))
}

pub fn render_at(items: &[Item], as_of: Date, within: u32, lang: Lang, width: u16) -> String {
    if items.is_empty() {
        return match lang {
            Lang::En => format!("no deadlines as of {as_of}\n"),
            Lang::Nl => format!("geen termijnen op {as_of}\n"),
        };
    }
    let body = if width < TABLE_MIN_WIDTH {
        blocks(items, as_of, lang, width)
    } else {
        format!("{}\n", table(items, as_of, lang, width))
    };
    let count = |s: Status| items.iter().filter(|i| i.status == s).count();
    match lang {
        Lang::En => format!(
            "{body}\n{} overdue, {} due within {within} days, {} upcoming (as of {as_of})\n",
            count(Status::Overdue),
            count(Status::Due),
            count(Status::Upcoming)
        ),
        Lang::Nl => format!(
            "{body}\n{} verlopen, {} binnen {within} dagen, {} later (peildatum {as_of})\n",
            count(Status::Overdue),
            count(Status::Due),
            count(Status::Upcoming)
        ),
    }
}

fn status(i: &Item, as_of: Date, lang: Lang) -> String {
    match (lang, i.status) {
        (Lang::En, Status::Overdue) => format!("OVERDUE {}", days(i.days_overdue(as_of))),
        (Lang::En, Status::Due) if i.due == as_of => "due today".to_owned(),
        (Lang::En, Status::Due) => format!("due in {}", days(as_of.days_until(i.due))),
        (Lang::En, Status::Upcoming) => "upcoming".to_owned(),
        (Lang::Nl, Status::Overdue) => format!("VERLOPEN {}", days_nl(i.days_overdue(as_of))),
        (Lang::Nl, Status::Due) if i.due == as_of => "vandaag".to_owned(),
        (Lang::Nl, Status::Due) => format!("over {}", days_nl(as_of.days_until(i.due))),
        (Lang::Nl, Status::Upcoming) => "later".to_owned(),
    }
}

fn kind(i: &Item, lang: Lang) -> &'static str {
    match lang {
        Lang::En => i.kind.as_str(),
        Lang::Nl => i.kind.dutch(),
    }
}

fn table(items: &[Item], as_of: Date, lang: Lang, width: u16) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_width(width)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(match lang {
            Lang::En => [
                "status",
                "due",
                "kind",
                "institution",
                "subject",
                "what",
                "computed as",
            ],
            Lang::Nl => [
                "status",
                "uiterlijk",
                "soort",
                "instelling",
                "onderwerp",
                "wat",
                "berekend als",
            ],
        });
    for i in items {
        table.add_row([
            Cell::new(status(i, as_of, lang)),
            Cell::new(i.due),
            Cell::new(kind(i, lang)),
            Cell::new(crate::render::escape(
                i.institution.as_deref().unwrap_or(""),
            )),
            Cell::new(crate::render::escape(&i.subject)),
            Cell::new(crate::render::escape(&i.what)),
            Cell::new(&i.arithmetic),
        ]);
    }
    // Dates, states, kinds and ids are never broken; the prose wraps.
    for c in 0..5 {
        if let Some(col) = table.column_mut(c) {
            col.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    table
}

/// One block per deadline, for a narrow terminal: the line a reader scans
/// (state, date, kind), then institution and subject, what is due and how
/// the date was computed, indented and wrapped to the width.
fn blocks(items: &[Item], as_of: Date, lang: Lang, width: u16) -> String {
    let first = textwrap::Options::new(usize::from(width));
    let rest = textwrap::Options::new(usize::from(width))
        .initial_indent("    ")
        .subsequent_indent("      ");
    let mut out = String::new();
    let mut push = |text: &str, options: &textwrap::Options<'_>| {
        for line in textwrap::wrap(text, options) {
            out.push_str(&line);
            out.push('\n');
        }
    };
    for i in items {
        let head = format!("{} · {} · {}", status(i, as_of, lang), i.due, kind(i, lang));
        push(&head, &first);
        let subject = match &i.institution {
            Some(inst) => format!(
                "{} · {}",
                crate::render::escape(inst),
                crate::render::escape(&i.subject)
            ),
            None => crate::render::escape(&i.subject).into_owned(),
        };
        push(&subject, &rest);
        push(&crate::render::escape(&i.what), &rest);
        let computed = format!(
            "{}: {}",
            lang.pick("computed as", "berekend als"),
            i.arithmetic
        );
        push(&computed, &rest);
    }
    out
}

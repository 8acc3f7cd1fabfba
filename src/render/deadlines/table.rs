//! `kmi deadlines` for people: overdue first and marked, then by date, with
//! the arithmetic of every due date.

use comfy_table::{Cell, ContentArrangement, Table, presets};

use crate::clock::{Date, days};
use crate::deadlines::{Item, Status};
use crate::i18n::{Lang, days_nl};

pub fn render(items: &[Item], as_of: Date, within: u32, lang: Lang) -> String {
    if items.is_empty() {
        return match lang {
            Lang::En => format!("no deadlines as of {as_of}\n"),
            Lang::Nl => format!("geen termijnen op {as_of}\n"),
        };
    }
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_width(crate::render::table_width(140))
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
        let status = match (lang, i.status) {
            (Lang::En, Status::Overdue) => format!("OVERDUE {}", days(i.days_overdue(as_of))),
            (Lang::En, Status::Due) if i.due == as_of => "due today".to_owned(),
            (Lang::En, Status::Due) => format!("due in {}", days(as_of.days_until(i.due))),
            (Lang::En, Status::Upcoming) => "upcoming".to_owned(),
            (Lang::Nl, Status::Overdue) => format!("VERLOPEN {}", days_nl(i.days_overdue(as_of))),
            (Lang::Nl, Status::Due) if i.due == as_of => "vandaag".to_owned(),
            (Lang::Nl, Status::Due) => format!("over {}", days_nl(as_of.days_until(i.due))),
            (Lang::Nl, Status::Upcoming) => "later".to_owned(),
        };
        table.add_row([
            Cell::new(status),
            Cell::new(i.due),
            Cell::new(i.kind.as_str()),
            Cell::new(crate::render::escape(
                i.institution.as_deref().unwrap_or(""),
            )),
            Cell::new(crate::render::escape(&i.subject)),
            Cell::new(crate::render::escape(&i.what)),
            Cell::new(&i.arithmetic),
        ]);
    }
    let count = |s: Status| items.iter().filter(|i| i.status == s).count();
    match lang {
        Lang::En => format!(
            "{table}\n{} overdue, {} due within {within} days, {} upcoming (as of {as_of})\n",
            count(Status::Overdue),
            count(Status::Due),
            count(Status::Upcoming)
        ),
        Lang::Nl => format!(
            "{table}\n{} verlopen, {} binnen {within} dagen, {} later (peildatum {as_of})\n",
            count(Status::Overdue),
            count(Status::Due),
            count(Status::Upcoming)
        ),
    }
}

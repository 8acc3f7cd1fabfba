//! `kmi deadlines --format ics`: an iCalendar file a coordinator subscribes
//! to. One all-day event per deadline, a UID that stays the same when the
//! due date moves (so a re-import updates the event), an alarm a week before.
//! DTSTAMP is the as-of date, so the same dossier gives the same file.
//! Events name institutions and people by name, as a coordinator's
//! calendar should (by id with `--redact`, for a calendar shared further).

use icalendar::{Alarm, Calendar, Component, Event, EventLike, Property, Trigger};

use crate::clock::Date;
use crate::deadlines::{Item, Status};
use crate::i18n::Lang;

/// The calendar's product id: kmi made it.
pub const PRODID: &str = "-//kmi//kmi deadlines//EN";

/// `names` gives the display name of an institution or person id (`None`:
/// show the id).
pub fn render(
    items: &[Item],
    as_of: Date,
    dossier_name: &str,
    lang: Lang,
    names: &dyn Fn(&str) -> Option<String>,
) -> String {
    let stamp = stamp(as_of);
    let mut cal = calendar(
        PRODID,
        &format!(
            "kmi {} — {dossier_name}",
            lang.pick("deadlines", "termijnen")
        ),
    );
    for i in items {
        let overdue = if i.status == Status::Overdue {
            lang.pick("OVERDUE: ", "VERLOPEN: ")
        } else {
            ""
        };
        let inst = i
            .institution
            .as_deref()
            .map(|s| format!("{}: ", names(s).unwrap_or_else(|| s.to_owned())))
            .unwrap_or_default();
        // A person's deadline is about them: their name, not their id.
        let subject = match i.person.as_deref().and_then(|p| Some((p, names(p)?))) {
            Some((id, name)) => i.subject.replace(id, &name),
            None => i.subject.clone(),
        };
        let uid = format!("{}@kmi", uid_safe(&i.key()));
        let mut alarm = Alarm::display(
            &format!(
                "{}: {inst}{} — {subject}",
                lang.pick("in a week", "over een week"),
                i.what,
            ),
            Trigger::before_start(chrono::Duration::days(7)),
        );
        alarm.uid(&format!("alarm.{uid}")).timestamp(stamp);
        let event = Event::new()
            .uid(&uid)
            .timestamp(stamp)
            .summary(&format!("{overdue}{inst}{} — {subject}", i.what))
            .description(&match lang {
                Lang::En => format!(
                    "{} due {} ({}). Record: {}",
                    i.kind.as_str(),
                    i.due,
                    i.arithmetic,
                    i.file
                ),
                Lang::Nl => format!(
                    "{} uiterlijk {} ({}). Bestand: {}",
                    i.kind.as_str(),
                    i.due,
                    i.arithmetic,
                    i.file
                ),
            })
            .starts(i.due.naive())
            .ends(i.due.add_days(1).naive())
            .alarm(alarm)
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}

/// The DTSTAMP of every event: midnight of the as-of date, so the same
/// dossier gives the same file.
pub fn stamp(as_of: Date) -> chrono::DateTime<chrono::Utc> {
    as_of
        .naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
}

/// An empty calendar made by kmi (`prodid`), named `name`.
pub fn calendar(prodid: &str, name: &str) -> Calendar {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", prodid))
        .append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.name(name);
    cal
}

/// UIDs keep to letters, digits and a few separators.
pub fn uid_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '.'
            }
        })
        .collect()
}

//! Dates and the scheme's clocks: the one place where deadline arithmetic lives.
//!
//! Every deadline in `kmi` — in `check` and in every report — is computed here,
//! so that two commands can never disagree about a due date. Calendar months and
//! years clamp to the month's end (30 Nov + 3 months = 28/29 Feb); a deadline day
//! itself is on time.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date as written in the dossier (a TOML local date).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    pub fn naive(self) -> NaiveDate {
        self.0
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u32 {
        self.0.month()
    }

    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// `self + n` days (n may be negative). Saturates at the limits of a
    /// TOML date, 0000-01-01 and 9999-12-31, so every date kmi prints is one
    /// a record could hold.
    pub fn add_days(self, n: i64) -> Date {
        Date(cap(self
            .0
            .checked_add_signed(chrono::Duration::days(n))
            .unwrap_or(if n < 0 {
                NaiveDate::MIN
            } else {
                NaiveDate::MAX
            })))
    }

    /// `self + n` calendar months, clamped to the end of the target month
    /// (and to 9999-12-31).
    pub fn add_months(self, n: u32) -> Date {
        Date(cap(self
            .0
            .checked_add_months(Months::new(n))
            .unwrap_or(NaiveDate::MAX)))
    }

    /// `self - n` calendar months, clamped to the end of the target month
    /// (and to 0000-01-01).
    pub fn sub_months(self, n: u32) -> Date {
        Date(cap(self
            .0
            .checked_sub_months(Months::new(n))
            .unwrap_or(NaiveDate::MIN)))
    }

    /// `self + n` years: 29 Feb + 1 year = 28 Feb.
    pub fn add_years(self, n: u32) -> Date {
        self.add_months(n.saturating_mul(12))
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        (later.0 - self.0).num_days()
    }

    /// The first day of this date's month.
    pub fn month_start(self) -> Date {
        Date(self.0.with_day(1).expect("day 1 exists in every month"))
    }

    /// The last day of this date's month.
    pub fn month_end(self) -> Date {
        if self.month() == 12 {
            return Date(self.0.with_day(31).expect("December has 31 days"));
        }
        self.month_start().add_months(1).add_days(-1)
    }

    /// Parse `YYYY-MM-DD`, exactly: four-digit year, two-digit month and
    /// day, nothing around it (`2025-1-1` and ` 2025-01-01` are not dates).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return None;
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(Date)
    }
}

/// `d` within the dates TOML can write, 0000-01-01 to 9999-12-31.
fn cap(d: NaiveDate) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(0, 1, 1).expect("a date");
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date");
    d.clamp(first, last)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s).ok_or_else(|| format!("`{s}` is not a date (expected YYYY-MM-DD)"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    /// As `toml::value::Datetime` deserializes, with the same errors, but a
    /// plain `yyyy-mm-dd` is read straight from the text toml hands over
    /// rather than by toml's datetime parser: every record holds dates, and
    /// that parser was 2 % of a check's instructions.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_struct(DATETIME_NAME, &[DATETIME_FIELD], DateVisitor)? {
            DateText::Date(date) => Ok(date),
            DateText::Other(dt) => date_from_toml(&dt).map_err(serde::de::Error::custom),
        }
    }
}

/// The names toml gives a datetime: `Datetime::deserialize` asks for a
/// struct of this name with this one field (toml_datetime keeps the two
/// private; a toml that changed them would fail every date of every test).
const DATETIME_NAME: &str = "$__toml_private_Datetime";
const DATETIME_FIELD: &str = "$__toml_private_datetime";

/// A datetime as toml writes it: a plain date, or anything else to be
/// judged by [`date_from_toml`].
enum DateText {
    Date(Date),
    Other(toml::value::Datetime),
}

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = DateText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("string containing a datetime")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<DateText, E> {
                if let Some(date) = plain_date(s) {
                    return Ok(DateText::Date(date));
                }
                s.parse().map(DateText::Other).map_err(E::custom)
            }
        }
        d.deserialize_str(Text)
    }
}

/// `yyyy-mm-dd` of a real day, or `None`.
fn plain_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    Date::from_ymd(number(0..4)? as i32, number(5..7)?, number(8..10)?)
}

struct DateVisitor;

impl<'de> serde::de::Visitor<'de> for DateVisitor {
    type Value = DateText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a TOML datetime")
    }

    fn visit_map<V: serde::de::MapAccess<'de>>(self, mut map: V) -> Result<DateText, V::Error> {
        if map.next_key::<DateKey>()?.is_none() {
            return Err(serde::de::Error::custom("datetime key not found"));
        }
        map.next_value()
    }
}

/// The one key of toml's datetime struct, refused as toml_datetime refuses
/// any other.
struct DateKey;

impl<'de> Deserialize<'de> for DateKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Key;
        impl serde::de::Visitor<'_> for Key {
            type Value = DateKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a valid datetime field")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<DateKey, E> {
                if s == DATETIME_FIELD {
                    Ok(DateKey)
                } else {
                    Err(E::custom("expected field with custom name"))
                }
            }
        }
        d.deserialize_identifier(Key)
    }
}

/// A TOML datetime that must be a plain local date (`2025-05-08`).
pub fn date_from_toml(dt: &toml::value::Datetime) -> Result<Date, String> {
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => Date::from_ymd(d.year.into(), d.month.into(), d.day.into())
            .ok_or_else(|| format!("`{dt}` is not a valid calendar date")),
        _ => Err(format!(
            "`{dt}` has a time or offset; write a plain date like 2025-05-08"
        )),
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A TOML local date, e.g. 2025-05-08.",
            "type": "string",
            "format": "date"
        })
    }
}

/// A length of time in the scheme: the unit is kept so messages can show the
/// arithmetic the way the scheme states it ("+ 4 weeks", "+ 3 months").
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Period {
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

impl Period {
    /// The date `self` after `from`.
    pub fn after(self, from: Date) -> Date {
        match self {
            Period::Days(n) => from.add_days(n.into()),
            Period::Weeks(n) => from.add_days(i64::from(n) * 7),
            Period::Months(n) => from.add_months(n),
            Period::Years(n) => from.add_years(n),
        }
    }

    /// A period of `days`, shown in weeks when it is a whole number of weeks.
    pub fn from_days(days: u32) -> Period {
        if days > 0 && days.is_multiple_of(7) {
            Period::Weeks(days / 7)
        } else {
            Period::Days(days)
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Period::Days(n) => (n, "day"),
            Period::Weeks(n) => (n, "week"),
            Period::Months(n) => (n, "month"),
            Period::Years(n) => (n, "year"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

/// A computed deadline: the due date with the arithmetic that produced it, for
/// messages such as "due 2024-12-06 (report 2024-11-08 + 4 weeks)".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub anchor_name: &'static str,
    pub anchor: Date,
    pub period: Period,
    pub due: Date,
}

impl Deadline {
    pub fn new(anchor_name: &'static str, anchor: Date, period: Period) -> Deadline {
        Deadline {
            anchor_name,
            anchor,
            period,
            due: period.after(anchor),
        }
    }

    /// "report 2024-11-08 + 4 weeks"
    pub fn arithmetic(&self) -> String {
        if matches!(self.period, Period::Days(0)) {
            return format!("{} {}", self.anchor_name, self.anchor);
        }
        format!("{} {} + {}", self.anchor_name, self.anchor, self.period)
    }

    /// Whether something done on `day` meets the deadline (the due day itself is on time).
    pub fn met_by(&self, day: Date) -> bool {
        day <= self.due
    }

    /// Days `day` is past the due date (0 when on time).
    pub fn days_late(&self, day: Date) -> i64 {
        self.due.days_until(day).max(0)
    }
}

/// "1 day" / "3 days".
pub fn days(n: i64) -> String {
    format!("{n} day{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// A date deserializes as toml's `Datetime` does, then judged by
    /// `date_from_toml`: the same dates, the same messages.
    #[test]
    fn a_date_reads_as_through_toml_datetime() {
        #[derive(Deserialize)]
        struct Fast {
            d: Date,
        }
        #[derive(Deserialize)]
        struct Slow {
            d: toml::value::Datetime,
        }
        for value in [
            "2025-05-08",
            "0001-01-01",
            "9999-12-31",
            "2024-02-29",
            "2025-02-29",
            "2025-05-08T10:00:00",
            "2025-05-08 10:00:00Z",
            "10:00:00",
            "\"2025-05-08\"",
            "{ x = 1 }",
            "20250508",
        ] {
            let text = format!("d = {value}\n");
            let fast = toml::from_str::<Fast>(&text)
                .map(|f| f.d)
                .map_err(|e| e.message().to_owned());
            let slow = toml::from_str::<Slow>(&text)
                .map_err(|e| e.message().to_owned())
                .and_then(|s| date_from_toml(&s.d));
            match (&fast, &slow) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{value}"),
                (Err(a), Err(b)) => assert_eq!(a, b, "{value}"),
                _ => panic!("{value}: {fast:?} / {slow:?}"),
            }
        }
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(d("2024-11-30").add_months(3), d("2025-02-28"));
        assert_eq!(d("2023-11-30").add_months(3), d("2024-02-29"));
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2024-02-29").add_years(1), d("2025-02-28"));
        assert_eq!(d("2024-12-17").add_months(9), d("2025-09-17"));
    }

    #[test]
    fn weeks_are_days() {
        let dl = Deadline::new("report", d("2024-11-08"), Period::from_days(28));
        assert_eq!(dl.due, d("2024-12-06"));
        assert_eq!(dl.arithmetic(), "report 2024-11-08 + 4 weeks");
        assert!(dl.met_by(d("2024-12-06")));
        assert_eq!(dl.days_late(d("2024-12-09")), 3);
    }

    #[test]
    fn month_bounds() {
        assert_eq!(d("2024-02-10").month_end(), d("2024-02-29"));
        assert_eq!(d("2024-12-31").month_start(), d("2024-12-01"));
        assert_eq!(d("9999-12-05").month_end(), d("9999-12-31"));
    }

    #[test]
    fn a_day_clock_stays_in_days_unless_whole_weeks() {
        assert_eq!(Period::from_days(30), Period::Days(30));
        assert_eq!(Period::from_days(0), Period::Days(0));
        assert_eq!(Period::from_days(14), Period::Weeks(2));
        assert_eq!(
            Period::from_days(30).after(d("2025-06-01")),
            d("2025-07-01")
        );
    }

    #[test]
    fn arithmetic_saturates_at_the_dates_toml_can_write() {
        assert_eq!(d("9999-06-01").add_days(1000), d("9999-12-31"));
        assert_eq!(d("9999-06-01").add_days(1_000_000_000), d("9999-12-31"));
        assert_eq!(d("0001-06-01").add_days(-1000), d("0000-01-01"));
        assert_eq!(d("0001-06-01").add_days(-1_000_000_000), d("0000-01-01"));
        assert_eq!(d("9999-06-01").add_months(12), d("9999-12-31"));
        assert_eq!(d("9999-06-01").add_years(u32::MAX), d("9999-12-31"));
        assert_eq!(d("0001-06-01").sub_months(100), d("0000-01-01"));
        assert_eq!(d("9999-12-31").to_string(), "9999-12-31");
        assert_eq!(d("2025-05-08").add_days(-8), d("2025-04-30"));
    }

    #[test]
    fn parses_only_the_full_form() {
        assert_eq!(Date::parse("2025-01-01"), Date::from_ymd(2025, 1, 1));
        for bad in [
            "2025-1-1",
            " 2025-01-01",
            "2025-01-01 ",
            "+2025-01-01",
            "2025-01-1x",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad:?}");
        }
    }
}

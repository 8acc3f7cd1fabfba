//! Property tests of the deadline arithmetic (src/clock.rs).

use kmi::clock::{Date, Deadline, Period};
use proptest::prelude::*;

fn date() -> impl Strategy<Value = Date> {
    (1990i32..2100, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
        Date::from_ymd(y, m, d)
            .or_else(|| Date::from_ymd(y, m, 28))
            .unwrap()
    })
}

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (0u32..400).prop_map(Period::Days),
        (0u32..60).prop_map(Period::Weeks),
        (0u32..120).prop_map(Period::Months),
        (0u32..10).prop_map(Period::Years),
    ]
}

proptest! {
    #[test]
    fn adding_a_period_is_monotonic(a in date(), b in date(), p in period()) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(p.after(lo) <= p.after(hi));
    }

    #[test]
    fn a_period_never_goes_back(a in date(), p in period()) {
        prop_assert!(p.after(a) >= a);
    }

    #[test]
    fn months_keep_the_day_or_clamp_to_the_month_end(a in date(), n in 0u32..240) {
        let r = a.add_months(n);
        let months = (r.year() - a.year()) * 12 + r.month() as i32 - a.month() as i32;
        prop_assert_eq!(months, n as i32);
        if r.day() != a.day() {
            prop_assert!(a.day() > r.day());
            prop_assert_eq!(r, r.month_end());
        }
    }

    #[test]
    fn weeks_are_seven_days(a in date(), n in 0u32..100) {
        prop_assert_eq!(Period::Weeks(n).after(a), a.add_days(i64::from(n) * 7));
        prop_assert_eq!(a.days_until(Period::Weeks(n).after(a)), i64::from(n) * 7);
    }

    #[test]
    fn the_due_day_is_on_time_and_the_next_is_late(a in date(), p in period()) {
        let dl = Deadline::new("report", a, p);
        prop_assert!(dl.met_by(dl.due));
        prop_assert_eq!(dl.days_late(dl.due), 0);
        prop_assert!(!dl.met_by(dl.due.add_days(1)));
        prop_assert_eq!(dl.days_late(dl.due.add_days(1)), 1);
    }

    #[test]
    fn leap_days_clamp_in_common_years(y in 1990i32..2100) {
        let leap = Date::from_ymd(y, 2, 29);
        if let Some(l) = leap {
            let next = l.add_years(1);
            prop_assert_eq!(next, Date::from_ymd(y + 1, 2, 28).unwrap());
            prop_assert_eq!(l.add_years(4), Date::from_ymd(y + 4, 2, 29).unwrap_or(Date::from_ymd(y + 4, 2, 28).unwrap()));
        }
    }
}

#[test]
fn documented_examples() {
    let d = |s: &str| Date::parse(s).unwrap();
    assert_eq!(d("2024-11-30").add_months(3), d("2025-02-28"));
    assert_eq!(d("2023-11-30").add_months(3), d("2024-02-29"));
    assert_eq!(Period::Months(9).after(d("2024-12-17")), d("2025-09-17"));
    assert_eq!(
        Period::from_days(28).after(d("2024-11-08")),
        d("2024-12-06")
    );
}

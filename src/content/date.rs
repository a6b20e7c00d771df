//! Calendar dates written as `YYYY-MM-DD`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A calendar date, checked to exist (no 31 April, 29 February only in leap years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, schemars::JsonSchema)]
#[schemars(with = "String", extend("pattern" = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts, or `None` when that day does not exist.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Today's date in the Netherlands, from the system clock: just after midnight there it is
    /// already the next day, whatever the machine's time zone.
    pub fn today() -> Date {
        Date::in_netherlands(jiff::Timestamp::now())
    }

    /// The date in the Netherlands (Europe/Amsterdam, with summer time) at `instant`.
    pub fn in_netherlands(instant: jiff::Timestamp) -> Date {
        let zone = jiff::tz::TimeZone::get(TIME_ZONE).unwrap_or(jiff::tz::TimeZone::UTC);
        let date = instant.to_zoned_datetime(zone).date();
        Date {
            year: u16::try_from(date.year()).unwrap_or(0),
            month: date.month().unsigned_abs(),
            day: date.day().unsigned_abs(),
        }
    }
}

/// The time zone whose calendar says which day it is: the statements are Dutch.
const TIME_ZONE: &str = "Europe/Amsterdam";

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(text: &str) -> Result<Date, String> {
        let invalid = || format!("`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2018-05-25");
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(invalid());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u16, String> {
            let part = &text[range];
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| invalid())
            } else {
                Err(invalid())
            }
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let month = u8::try_from(month).map_err(|_| invalid())?;
        let day = u8::try_from(day).map_err(|_| invalid())?;
        Date::new(year, month, day).ok_or_else(|| format!("`{text}` is not a day in the calendar"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_dates() {
        let date: Date = "2018-05-25".parse().unwrap();
        assert_eq!((date.year(), date.month(), date.day()), (2018, 5, 25));
        assert_eq!(date.to_string(), "2018-05-25");
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert!("2019-02-29".parse::<Date>().is_err());
        assert!("2020-02-29".parse::<Date>().is_ok());
        assert!("1900-02-29".parse::<Date>().is_err());
        assert!("2018-04-31".parse::<Date>().is_err());
        assert!("2018-13-01".parse::<Date>().is_err());
    }

    #[test]
    fn rejects_other_shapes() {
        for text in ["25-05-2018", "2018-5-25", "2018-05-25x", "", "2018-0a-25"] {
            let error = text.parse::<Date>().unwrap_err();
            assert!(error.contains("YYYY-MM-DD"), "{text}: {error}");
        }
    }

    #[test]
    fn today_is_the_date_in_the_netherlands() {
        let date = |utc: &str| Date::in_netherlands(utc.parse().unwrap()).to_string();
        // Winter time is UTC+1, summer time UTC+2: late evening in UTC is already tomorrow there.
        assert_eq!(date("2026-11-30T23:30:00Z"), "2026-12-01");
        assert_eq!(date("2026-11-30T22:59:59Z"), "2026-11-30");
        assert_eq!(date("2026-06-30T22:30:00Z"), "2026-07-01");
        assert_eq!(date("2026-06-30T21:59:59Z"), "2026-06-30");
        assert_eq!(date("2000-02-29T12:00:00Z"), "2000-02-29");
    }

    #[test]
    fn orders_chronologically() {
        let early: Date = "2018-05-25".parse().unwrap();
        let late: Date = "2018-09-25".parse().unwrap();
        assert!(early < late);
    }
}

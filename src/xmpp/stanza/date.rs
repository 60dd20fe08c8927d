//! Dates and times (XEP-0082 §3.2 `DateTime`: `CCYY-MM-DDThh:mm:ss[.sss]TZD`, a profile of
//! RFC 3339), as delay stamps (XEP-0203) and archive results (XEP-0313) carry them. Read by the
//! `time` crate, in the core, so the rules that use them are tested natively.

use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A point in time from a stanza, with its offset resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(OffsetDateTime);

/// Why a text is not an XEP-0082 `DateTime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDate(pub String);

impl fmt::Display for BadDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not an XEP-0082 date and time", self.0)
    }
}

impl std::error::Error for BadDate {}

impl DateTime {
    /// Reads `2026-11-24T10:00:00Z`, `2026-11-24T10:00:00.123+02:00` and the like.
    pub fn parse(text: &str) -> Result<DateTime, BadDate> {
        OffsetDateTime::parse(text.trim(), &Rfc3339)
            .map(DateTime)
            .map_err(|_| BadDate(text.to_owned()))
    }

    /// Milliseconds since 1970-01-01T00:00:00Z (negative before), as JavaScript counts time.
    pub fn unix_millis(self) -> i64 {
        let millis = self.0.unix_timestamp_nanos() / 1_000_000;
        i64::try_from(millis).unwrap_or(if millis < 0 { i64::MIN } else { i64::MAX })
    }

    /// The instant `millis` after 1970-01-01T00:00:00Z, when it is a representable date.
    pub fn from_unix_millis(millis: i64) -> Option<DateTime> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
            .ok()
            .map(DateTime)
    }
}

impl fmt::Display for DateTime {
    /// In UTC, as `2026-11-24T10:00:00Z` (with the fraction when there is one).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let utc = self.0.to_offset(time::UtcOffset::UTC);
        match utc.format(&Rfc3339) {
            Ok(text) => f.write_str(&text),
            Err(_) => Err(fmt::Error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_xep_0082_examples() {
        // XEP-0082 §3.2: "1969-07-21T02:56:15Z" and the same moment with an offset.
        let landing = DateTime::parse("1969-07-21T02:56:15Z").unwrap();
        assert_eq!(landing.unix_millis(), -14_159_025_000);
        let houston = DateTime::parse("1969-07-20T21:56:15-05:00").unwrap();
        assert_eq!(houston, landing);
        let fraction = DateTime::parse("1969-07-21T02:56:15.123Z").unwrap();
        assert_eq!(fraction.unix_millis(), landing.unix_millis() + 123);
    }

    #[test]
    fn refuses_what_is_not_a_date_and_time() {
        for text in [
            "",
            "yesterday",
            "2026-11-24",
            "20261124T10:00:00",
            "2026-13-01T00:00:00Z",
            "2026-11-24T10:00:00",
        ] {
            assert!(DateTime::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn round_trips_through_unix_milliseconds_and_text() {
        let at = DateTime::parse("2026-11-24T10:00:00+01:00").unwrap();
        assert_eq!(at.to_string(), "2026-11-24T09:00:00Z");
        assert_eq!(DateTime::from_unix_millis(at.unix_millis()), Some(at));
        assert_eq!(DateTime::parse(&at.to_string()), Ok(at));
    }
}

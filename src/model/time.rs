//! Time stamps and months: RFC 3339 UTC strings and `YYYY-MM`, as the JSON
//! contract wants.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Seconds between the Unix epoch and Apple's (2001-01-01 UTC), used by
/// cookie jars, binary plists and NSURLCache (formats.md §8).
pub const MAC_EPOCH_OFFSET: i64 = 978_307_200;

/// RFC 3339 UTC for Unix seconds and nanoseconds; fractions only when
/// non-zero.
pub fn rfc3339(secs: i64, nanos: u32) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.replace_nanosecond(nanos).ok())
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

/// `YYYY-MM` of Unix seconds (UTC).
pub fn month_of(secs: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(secs) {
        Ok(t) => format!("{:04}-{:02}", t.year(), u8::from(t.month())),
        Err(_) => "1970-01".into(),
    }
}

/// Unix seconds of an RFC 3339 string.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    OffsetDateTime::parse(s, &Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// Unix seconds and nanoseconds of an RFC 3339 string.
pub fn parse_rfc3339_nanos(s: &str) -> Option<(i64, u32)> {
    OffsetDateTime::parse(s, &Rfc3339)
        .ok()
        .map(|t| (t.unix_timestamp(), t.nanosecond()))
}

/// Now, RFC 3339 UTC, whole seconds.
pub fn now() -> String {
    rfc3339(OffsetDateTime::now_utc().unix_timestamp(), 0)
}

/// RFC 3339 for Mac-epoch seconds (a float, as Apple stores them), or
/// `None` when the value is not a plausible date.
pub fn from_mac_epoch(secs: f64) -> Option<String> {
    if !secs.is_finite() || secs.abs() > 1e11 {
        return None;
    }
    let unix = secs.floor() as i64 + MAC_EPOCH_OFFSET;
    Some(rfc3339(unix, 0))
}

/// A modification time: Unix seconds and nanoseconds, kept as numbers and
/// written as an RFC 3339 UTC string (fractions only when non-zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(C, packed(4))]
pub struct Mtime {
    /// Unix seconds.
    pub secs: i64,
    /// Nanoseconds plus one: never zero, so an `Option<Mtime>` takes no
    /// more room than a time (issue 31: 8 bytes in each of a million
    /// records). Orders as the nanoseconds do.
    nanos1: std::num::NonZeroU32,
}

impl Mtime {
    /// A time of `secs` and `nanos` (past a second: the second's last
    /// nanosecond).
    pub fn new(secs: i64, nanos: u32) -> Mtime {
        let nanos1 = std::num::NonZeroU32::new(nanos.min(999_999_999) + 1);
        Mtime {
            secs,
            nanos1: nanos1.unwrap_or(std::num::NonZeroU32::MIN),
        }
    }

    /// Nanoseconds.
    pub fn nanos(self) -> u32 {
        self.nanos1.get() - 1
    }

    /// RFC 3339 UTC.
    pub fn rfc3339(self) -> String {
        rfc3339(self.secs, self.nanos())
    }
    /// The UTC month.
    pub fn month(self) -> Month {
        Month::parse(&month_of(self.secs)).unwrap_or(Month {
            year: 1970,
            month: std::num::NonZeroU8::MIN,
        })
    }
}

impl Serialize for Mtime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Mtime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_rfc3339_nanos(&s)
            .map(|(secs, nanos)| Mtime::new(secs, nanos))
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {s}")))
    }
}

/// A `YYYY-MM` month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: u16,
    /// 1–12 (never 0: an `Option<Month>` takes no more room than a
    /// month, issue 31).
    pub month: std::num::NonZeroU8,
}

impl Month {
    /// Parses `YYYY-MM`.
    pub fn parse(s: &str) -> Option<Month> {
        if !is_month(s) {
            return None;
        }
        Some(Month {
            year: s[..4].parse().ok()?,
            month: s[5..].parse().ok()?,
        })
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Month::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM month: {s}")))
    }
}

/// A `YYYY-MM` folder name.
pub fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
        && matches!(
            &s[5..],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_740_823_200, 0), "2025-03-01T10:00:00Z");
        assert_eq!(rfc3339(1, 500_000_000), "1970-01-01T00:00:01.5Z");
        assert_eq!(month_of(1_740_823_200), "2025-03");
        assert_eq!(parse_rfc3339("2025-03-01T10:00:00Z"), Some(1_740_823_200));
        // 690754922.657 + 978307200 = 2022-11-21 20:22:02 UTC (formats.md §1).
        assert_eq!(
            from_mac_epoch(690_754_922.657).as_deref(),
            Some("2022-11-21T20:22:02Z")
        );
        assert_eq!(from_mac_epoch(f64::NAN), None);
    }
}

//! Values the command line takes that clap does not parse itself: sizes,
//! ages, vocabulary words. Each parser returns clap's error text, so a bad
//! value exits 1 with a message naming the flag.

use crate::model::{Category, Kind};

/// Parses `10MB`, `500KiB`, `2G`, `1024` (decimal SI units, binary IEC).
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        "tib" => 1024f64.powi(4),
        _ => return None,
    };
    Some((n * mult) as u64)
}

/// Parses `90d`, `12w`, `6m`, `1y` (before now) or `2024-01-01` into Unix
/// seconds.
pub fn parse_older_than(s: &str, now: i64) -> Option<i64> {
    let s = s.trim();
    if let Some(t) = crate::model::time::parse_rfc3339(&format!("{s}T00:00:00Z")) {
        return Some(t);
    }
    let (num, unit) = s.split_at(s.len().checked_sub(1)?);
    let n: i64 = num.parse().ok()?;
    let day = 86_400;
    let secs = match unit {
        "d" => n * day,
        "w" => n * 7 * day,
        "m" => n * 30 * day,
        "y" => n * 365 * day,
        _ => return None,
    };
    Some(now - secs)
}

/// `--larger-than`, `--max-db-copy`, `--min-size`, `--max-hash-size`.
pub fn size_arg(s: &str) -> Result<u64, String> {
    parse_size(s).ok_or_else(|| format!("cannot read {s:?} as a size (try 10MB, 500KiB, 2GiB)"))
}

/// `--older-than`: Unix seconds of the cut-off.
pub fn older_than_arg(s: &str) -> Result<i64, String> {
    let now = ::time::OffsetDateTime::now_utc().unix_timestamp();
    parse_older_than(s, now).ok_or_else(|| format!("cannot read {s:?} (try 90d or 2024-01-01)"))
}

/// `200ms`, `30s`, `10m`, `1h` (a bare number is seconds).
pub fn duration_arg(s: &str) -> Result<std::time::Duration, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: f64 = n
        .parse()
        .map_err(|_| format!("not a duration: {s:?} (e.g. 200ms, 30s, 10m)"))?;
    let secs = match unit.trim() {
        "ms" => n / 1000.0,
        "" | "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("not a duration: {s:?} (units: ms, s, m, h)")),
    };
    if !secs.is_finite() || !(0.0..=1e9).contains(&secs) {
        return Err(format!("not a duration: {s:?}"));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

/// A kind of the vocabulary (`image`, `video`, …).
pub fn kind_arg(s: &str) -> Result<Kind, String> {
    Kind::parse(s.trim()).ok_or_else(|| format!("unknown kind {s:?}"))
}

/// A tier of `reclaim` (`only-copy` is taken for `only_copy`).
pub fn tier_arg(s: &str) -> Result<crate::analyze::reclaim::Tier, String> {
    use crate::analyze::reclaim::Tier;
    Tier::parse(&s.trim().replace('-', "_")).ok_or_else(|| {
        let all: Vec<&str> = Tier::ALL.iter().map(|t| t.as_str()).collect();
        format!("unknown tier {s:?} (one of {})", all.join(", "))
    })
}

/// A category of the vocabulary (`media`, `cache`, …).
pub fn category_arg(s: &str) -> Result<Category, String> {
    Category::parse(s.trim()).ok_or_else(|| format!("unknown category {s:?}"))
}

/// `--width N`: at least 20 columns (a narrower table cannot keep one row
/// per line).
pub fn width_arg(s: &str) -> Result<usize, String> {
    let n: usize = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of columns"))?;
    if n < 20 {
        return Err(format!(
            "{n} columns is too narrow: tables need at least 20"
        ));
    }
    Ok(n)
}

/// `--nameserver`: `IP`, `IP:PORT` or `[IPv6]:PORT`.
pub fn nameserver_arg(s: &str) -> Result<std::net::SocketAddr, String> {
    crate::inspect::resolve::parse_nameserver(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsers() {
        assert_eq!(parse_size("10MB"), Some(10_000_000));
        assert_eq!(parse_size("1.5KiB"), Some(1536));
        assert_eq!(parse_size("42"), Some(42));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_older_than("2024-01-01", 0), Some(1_704_067_200));
        assert_eq!(parse_older_than("2d", 200_000), Some(200_000 - 172_800));
        assert_eq!(parse_older_than("2q", 0), None);
    }

    #[test]
    fn flag_values() {
        assert_eq!(size_arg("1KiB"), Ok(1024));
        assert!(size_arg("lots").unwrap_err().contains("lots"));
        assert_eq!(kind_arg("video"), Ok(Kind::Video));
        assert!(category_arg("junk").is_err());
        assert!(older_than_arg("90d").is_ok());
    }
}

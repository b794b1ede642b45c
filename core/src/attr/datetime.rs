//! [`UtcDateTime`] ⇄ `S` in PynamoDB's `UTCDateTimeAttribute` format
//! (`2026-01-01T00:00:00.000000+0000`).

use alloc::string::ToString;
use core::fmt;
use core::str::FromStr;

use super::{Attribute, KeyAttribute};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::value::{AttributeValue, ScalarAttributeType};

const MICROS_PER_SECOND: i64 = 1_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// A UTC instant with microsecond precision, years 1 to 9999 (Python's
/// `datetime` range, so PynamoDB reads everything Rynamo writes).
///
/// Written exactly as PynamoDB writes it; read from that format and from
/// other ISO-8601 spellings: `Z`, `+00:00`, other offsets (converted to UTC),
/// a space for `T`, any number of fraction digits, and no fraction at all.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UtcDateTime {
    micros: i64,
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl UtcDateTime {
    /// The earliest value, `0001-01-01T00:00:00.000000+0000`.
    pub const MIN: UtcDateTime = UtcDateTime {
        micros: -62_135_596_800 * MICROS_PER_SECOND,
    };
    /// The latest value, `9999-12-31T23:59:59.999999+0000`.
    pub const MAX: UtcDateTime = UtcDateTime {
        micros: 253_402_300_799 * MICROS_PER_SECOND + 999_999,
    };

    /// A date and time of day in UTC; `None` if any part is out of range.
    pub fn new(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        micro: u32,
    ) -> Option<Self> {
        let year = i64::from(year);
        if !(1..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
            || micro > 999_999
        {
            return None;
        }
        let seconds = days_from_civil(year, month, day) * SECONDS_PER_DAY
            + i64::from(hour) * 3600
            + i64::from(minute) * 60
            + i64::from(second);
        Some(UtcDateTime {
            micros: seconds * MICROS_PER_SECOND + i64::from(micro),
        })
    }

    /// From microseconds since 1970-01-01T00:00:00Z; `None` outside years 1–9999.
    pub fn from_unix_micros(micros: i64) -> Option<Self> {
        let t = UtcDateTime { micros };
        (UtcDateTime::MIN..=UtcDateTime::MAX)
            .contains(&t)
            .then_some(t)
    }

    /// From whole seconds since the Unix epoch; `None` outside years 1–9999.
    pub fn from_unix_seconds(seconds: i64) -> Option<Self> {
        seconds
            .checked_mul(MICROS_PER_SECOND)
            .and_then(UtcDateTime::from_unix_micros)
    }

    /// Microseconds since the Unix epoch.
    pub fn unix_micros(self) -> i64 {
        self.micros
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub fn unix_seconds(self) -> i64 {
        self.micros.div_euclid(MICROS_PER_SECOND)
    }

    /// The calendar parts: (year, month, day, hour, minute, second, microsecond).
    pub fn parts(self) -> (i32, u32, u32, u32, u32, u32, u32) {
        let seconds = self.micros.div_euclid(MICROS_PER_SECOND);
        let micro = self.micros.rem_euclid(MICROS_PER_SECOND) as u32;
        let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
        let secs = seconds.rem_euclid(SECONDS_PER_DAY) as u32;
        (
            year as i32,
            month,
            day,
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            micro,
        )
    }

    /// Parses PynamoDB's format or another ISO-8601 spelling (see the type's docs).
    pub fn parse(text: &str) -> Result<Self, DecodeError> {
        parse(text)
            .ok_or_else(|| DecodeError::new(DecodeErrorKind::DateTime(crate::quoted::value(text))))
    }
}

/// Reads `n` ASCII digits at `*at`.
fn digits(b: &[u8], at: &mut usize, n: usize) -> Option<u32> {
    let part = b.get(*at..*at + n)?;
    let mut v = 0u32;
    for d in part {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(d - b'0');
    }
    *at += n;
    Some(v)
}

fn expect(b: &[u8], at: &mut usize, c: u8) -> Option<()> {
    (b.get(*at) == Some(&c)).then(|| *at += 1)
}

fn parse(text: &str) -> Option<UtcDateTime> {
    // Old PynamoDB versions wrote years below 1000 without padding on some
    // platforms; PynamoDB itself zero-fills to 4 year digits before reading.
    let year_len = text.find('-')?;
    let padded;
    let text = if year_len < 4 {
        padded = alloc::format!("{}{}", &"0000"[year_len..], text);
        &padded
    } else {
        text
    };
    let b = text.as_bytes();
    let mut at = 0;
    let year = digits(b, &mut at, 4)?;
    expect(b, &mut at, b'-')?;
    let month = digits(b, &mut at, 2)?;
    expect(b, &mut at, b'-')?;
    let day = digits(b, &mut at, 2)?;
    match b.get(at)? {
        b'T' | b't' | b' ' => at += 1,
        _ => return None,
    }
    let hour = digits(b, &mut at, 2)?;
    expect(b, &mut at, b':')?;
    let minute = digits(b, &mut at, 2)?;
    expect(b, &mut at, b':')?;
    let second = digits(b, &mut at, 2)?;
    let mut micro = 0u32;
    if b.get(at) == Some(&b'.') || b.get(at) == Some(&b',') {
        at += 1;
        let start = at;
        while at < b.len() && b[at].is_ascii_digit() {
            // Digits past microseconds are dropped (truncated), as Python does.
            if at - start < 6 {
                micro = micro * 10 + u32::from(b[at] - b'0');
            }
            at += 1;
        }
        let n = at - start;
        if n == 0 {
            return None;
        }
        for _ in n..6 {
            micro *= 10;
        }
    }
    let offset_seconds: i64 = match b.get(at) {
        None => 0,
        Some(b'Z' | b'z') => {
            at += 1;
            0
        }
        Some(&sign @ (b'+' | b'-')) => {
            at += 1;
            let h = digits(b, &mut at, 2)?;
            let _ = expect(b, &mut at, b':');
            let m = if at < b.len() {
                digits(b, &mut at, 2)?
            } else {
                0
            };
            if h > 23 || m > 59 {
                return None;
            }
            let total = i64::from(h * 3600 + m * 60);
            if sign == b'-' { -total } else { total }
        }
        _ => return None,
    };
    if at != b.len() {
        return None;
    }
    let local = UtcDateTime::new(year as i32, month, day, hour, minute, second, micro)?;
    UtcDateTime::from_unix_micros(local.micros - offset_seconds * MICROS_PER_SECOND)
}

/// PynamoDB's format: `YYYY-MM-DDTHH:MM:SS.ffffff+0000`.
impl fmt::Display for UtcDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s, us) = self.parts();
        write!(
            f,
            "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{us:06}+0000"
        )
    }
}

impl fmt::Debug for UtcDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UtcDateTime({self})")
    }
}

impl FromStr for UtcDateTime {
    type Err = DecodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UtcDateTime::parse(s)
    }
}

#[cfg(feature = "std")]
impl From<UtcDateTime> for std::time::SystemTime {
    fn from(t: UtcDateTime) -> Self {
        let offset = core::time::Duration::from_micros(t.micros.unsigned_abs());
        if t.micros >= 0 {
            std::time::UNIX_EPOCH + offset
        } else {
            std::time::UNIX_EPOCH - offset
        }
    }
}

#[cfg(feature = "std")]
impl TryFrom<std::time::SystemTime> for UtcDateTime {
    type Error = EncodeError;
    fn try_from(t: std::time::SystemTime) -> Result<Self, EncodeError> {
        let micros = match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_micros()).ok(),
            Err(e) => i64::try_from(e.duration().as_micros()).ok().map(|m| -m),
        };
        micros
            .and_then(UtcDateTime::from_unix_micros)
            .ok_or_else(|| {
                EncodeError::new(crate::error::EncodeErrorKind::Invalid(
                    "time outside years 1-9999".into(),
                ))
            })
    }
}

impl Attribute for UtcDateTime {
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::S(self.to_string()))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::S(s) => UtcDateTime::parse(&s),
            other => Err(DecodeError::wrong_type("S (date-time)", other.value_type())),
        }
    }
}

impl KeyAttribute for UtcDateTime {
    const KEY_TYPE: ScalarAttributeType = ScalarAttributeType::S;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> UtcDateTime {
        UtcDateTime::parse(text).unwrap()
    }

    #[test]
    fn writes_pynamodb_format() {
        let v = UtcDateTime::new(2026, 1, 1, 0, 0, 0, 0).unwrap();
        assert_eq!(v.to_string(), "2026-01-01T00:00:00.000000+0000");
        assert_eq!(
            UtcDateTime::new(5, 3, 4, 5, 6, 7, 42).unwrap().to_string(),
            "0005-03-04T05:06:07.000042+0000"
        );
        assert_eq!(
            UtcDateTime::MIN.to_string(),
            "0001-01-01T00:00:00.000000+0000"
        );
        assert_eq!(
            UtcDateTime::MAX.to_string(),
            "9999-12-31T23:59:59.999999+0000"
        );
        assert_eq!(
            UtcDateTime::from_unix_seconds(0).unwrap().to_string(),
            "1970-01-01T00:00:00.000000+0000"
        );
        assert_eq!(
            UtcDateTime::from_unix_micros(-1).unwrap().to_string(),
            "1969-12-31T23:59:59.999999+0000"
        );
    }

    #[test]
    fn reads_other_iso_spellings() {
        let want = UtcDateTime::new(2026, 3, 4, 5, 6, 7, 890_000).unwrap();
        for text in [
            "2026-03-04T05:06:07.890000+0000",
            "2026-03-04T05:06:07.89Z",
            "2026-03-04T05:06:07.890+00:00",
            "2026-03-04 05:06:07.890000",
            "2026-03-04T07:06:07.89+02:00",
            "2026-03-04T00:06:07.89-0500",
            "2026-03-04T05:06:07.890000123Z",
        ] {
            assert_eq!(t(text), want, "{text}");
        }
        assert_eq!(
            t("2026-03-04T05:06:07Z"),
            UtcDateTime::new(2026, 3, 4, 5, 6, 7, 0).unwrap()
        );
        // Unpadded years from old PynamoDB on some platforms.
        assert_eq!(
            t("5-03-04T05:06:07.000000+0000").to_string(),
            "0005-03-04T05:06:07.000000+0000"
        );
    }

    #[test]
    fn rejects_invalid_dates() {
        for bad in [
            "",
            "2026",
            "2026-02-30T00:00:00.000000+0000",
            "2026-13-01T00:00:00.000000+0000",
            "2026-01-01T24:00:00.000000+0000",
            "2026-01-01T00:00:00.+0000",
            "2026-01-01T00:00:00.000000+2500",
            "2026-01-01T00:00:00.000000 junk",
            "0000-01-01T00:00:00.000000+0000",
            "0001-01-01T00:00:00.000000+0100",
        ] {
            assert!(UtcDateTime::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn civil_conversion_round_trips_every_day_sampled() {
        let mut day = days_from_civil(1, 1, 1);
        while day < days_from_civil(9999, 12, 31) {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
            day += 97;
        }
    }
}

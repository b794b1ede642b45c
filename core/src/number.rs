//! [`Number`]: a DynamoDB number kept as its decimal text, so all 38
//! significant digits survive (an `f64` keeps about 16).

use alloc::string::{String, ToString};
use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::str::FromStr;

use crate::quoted;

/// Most significant digits DynamoDB keeps in a number.
pub const MAX_DIGITS: usize = 38;
/// Largest decimal exponent of a number's first digit (`9.99…E+125`).
pub const MAX_EXPONENT: i64 = 125;
/// Smallest decimal exponent of a number's first digit (`1E-130`).
pub const MIN_EXPONENT: i64 = -130;

/// A DynamoDB number (`N`): exact decimal text, validated against DynamoDB's
/// limits (38 significant digits, magnitude from `1E-130` to `9.99…E+125`).
///
/// Equality, ordering and hashing are numeric: `"1.50"` equals `"1.5"`.
/// This is also Rynamo's precise decimal type; convert with
/// [`Number::to_i64`], [`Number::to_f64`] and friends.
#[derive(Clone)]
pub struct Number {
    text: String,
}

/// Why a text is not a valid DynamoDB number.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NumberError {
    /// Not decimal number syntax (`[-]digits[.digits][e[-]digits]`).
    Syntax(String),
    /// More than 38 significant digits.
    TooPrecise(String),
    /// Magnitude above `9.99…E+125` or below `1E-130`.
    OutOfRange(String),
    /// NaN or an infinity, which DynamoDB cannot store.
    NotFinite(String),
    /// The number does not fit the requested Rust type.
    Overflow {
        /// The number's text.
        text: String,
        /// The Rust type asked for.
        target: &'static str,
    },
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (template, text) = match self {
            NumberError::Syntax(text) => ("`{}` is not a decimal number", text),
            NumberError::TooPrecise(text) => ("`{}` has more than 38 significant digits", text),
            NumberError::OutOfRange(text) => (
                "`{}` is outside DynamoDB's number range (1E-130 to 9.99E+125)",
                text,
            ),
            NumberError::NotFinite(text) => {
                ("{} cannot be stored: DynamoDB numbers are finite", text)
            }
            NumberError::Overflow { text, target } => {
                let args = [text.into(), (*target).into()];
                return crate::text::write(f, "`{}` does not fit in {}", &args);
            }
        };
        crate::text::write(f, template, &[text.into()])
    }
}

impl core::error::Error for NumberError {}

/// The parsed shape of a number: sign, significant digits, and the exponent of
/// the first significant digit. Borrowed from the text; allocation-free.
struct Parts<'a> {
    negative: bool,
    /// Integer and fraction digits as two slices (the '.' removed).
    int: &'a [u8],
    frac: &'a [u8],
    exp: i64,
}

impl<'a> Parts<'a> {
    /// Significant digits (leading and trailing zeros dropped) and the
    /// exponent of the first one; `None` for zero.
    fn significant(&self) -> Option<(Digits<'a>, usize, i64)> {
        let all = Digits {
            int: self.int,
            frac: self.frac,
            next: 0,
            end: self.int.len() + self.frac.len(),
        };
        let lead = (0..all.end).find(|&i| all.at(i) != b'0')?;
        let last = (lead..all.end).rev().find(|&i| all.at(i) != b'0')?;
        let count = last + 1 - lead;
        // Position of the first significant digit relative to the decimal point.
        let first_exp = self.int.len() as i64 - 1 - lead as i64;
        Some((
            Digits {
                next: lead,
                end: last + 1,
                ..all
            },
            count,
            first_exp.saturating_add(self.exp),
        ))
    }
}

/// A run of a number's digits across its integer and fraction parts, read
/// by position: one small iterator instead of a chain of adapters
/// (`Chain`, `Skip`, `Take`, `Copied` and their folds were half a KB of
/// wasm).
#[derive(Clone, Copy)]
struct Digits<'a> {
    int: &'a [u8],
    frac: &'a [u8],
    /// Position of the next digit in the integer digits then the fraction's.
    next: usize,
    /// Position after the last.
    end: usize,
}

impl Digits<'_> {
    /// The digit at position `i` (`0` past the end, never reached).
    fn at(&self, i: usize) -> u8 {
        let digit = match i.checked_sub(self.int.len()) {
            None => self.int.get(i),
            Some(i) => self.frac.get(i),
        };
        digit.copied().unwrap_or(b'0')
    }
}

impl Iterator for Digits<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        (self.next < self.end).then(|| {
            self.next += 1;
            self.at(self.next - 1)
        })
    }
}

fn parse_parts(text: &str) -> Option<Parts<'_>> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let int = &bytes[int_start..i];
    let mut frac: &[u8] = &[];
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        frac = &bytes[start..i];
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut exp: i64 = 0;
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        let exp_negative = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            exp = exp
                .saturating_mul(10)
                .saturating_add(i64::from(bytes[i] - b'0'));
            i += 1;
        }
        if start == i {
            return None;
        }
        if exp_negative {
            exp = -exp;
        }
    }
    if i != bytes.len() {
        return None;
    }
    Some(Parts {
        negative,
        int,
        frac,
        exp,
    })
}

impl Number {
    /// Parses and validates decimal text against DynamoDB's limits.
    pub fn parse(text: &str) -> Result<Number, NumberError> {
        let parts = parse_parts(text).ok_or_else(|| NumberError::Syntax(quoted::value(text)))?;
        // A zero's exponent is not bounded by the range, but DynamoDB reads
        // numbers as Java BigDecimals, whose exponent is an `int`.
        if i32::try_from(parts.exp).is_err() {
            return Err(NumberError::OutOfRange(quoted::value(text)));
        }
        if let Some((_, count, exp)) = parts.significant() {
            if count > MAX_DIGITS {
                return Err(NumberError::TooPrecise(quoted::value(text)));
            }
            if !(MIN_EXPONENT..=MAX_EXPONENT).contains(&exp) {
                return Err(NumberError::OutOfRange(quoted::value(text)));
            }
        }
        Ok(Number {
            text: text.to_string(),
        })
    }

    /// The number's decimal text, as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Shortest text that reads back as the same `f64`.
    pub fn from_f64(value: f64) -> Result<Number, NumberError> {
        if !value.is_finite() {
            return Err(NumberError::NotFinite(value.to_string()));
        }
        Number::parse(&float_text(value, value.abs()))
    }

    /// Shortest text that reads back as the same `f32`.
    pub fn from_f32(value: f32) -> Result<Number, NumberError> {
        if !value.is_finite() {
            return Err(NumberError::NotFinite(value.to_string()));
        }
        let text = if value != 0.0 && !(1e-7..1e21).contains(&value.abs()) {
            alloc::format!("{value:e}")
        } else {
            alloc::format!("{value}")
        };
        Number::parse(&text)
    }

    /// The number as JSON number text, exactly: its own text when that is
    /// in JSON's syntax (as DynamoDB's are), else rewritten (`.5` → `5e-1`,
    /// `+007` → `7`).
    pub(crate) fn json_text(&self) -> alloc::borrow::Cow<'_, str> {
        if is_json_number(self.text.as_bytes()) {
            return alloc::borrow::Cow::Borrowed(&self.text);
        }
        let Some(parts) = parse_parts(&self.text) else {
            return alloc::borrow::Cow::Borrowed("0");
        };
        let Some((digits, count, exp)) = parts.significant() else {
            return alloc::borrow::Cow::Borrowed("0");
        };
        let mut out = String::with_capacity(count + 8);
        if parts.negative {
            out.push('-');
        }
        let whole = exp >= count as i64 - 1 && exp < 21;
        for (i, d) in digits.enumerate() {
            if i == 1 && !whole {
                out.push('.');
            }
            out.push(char::from(d));
        }
        if whole {
            for _ in 0..(exp - (count as i64 - 1)) {
                out.push('0');
            }
        } else {
            out.push('e');
            out.push_str(itoa_buf::Buffer::new().format(exp));
        }
        alloc::borrow::Cow::Owned(out)
    }

    /// The nearest `f64` (precision beyond about 16 digits is lost).
    pub fn to_f64(&self) -> f64 {
        // Validated text is always valid float syntax.
        self.text.parse().unwrap_or(f64::NAN)
    }

    /// The value as an `i128` when it is a whole number that fits.
    pub fn to_i128(&self) -> Result<i128, NumberError> {
        let overflow = || NumberError::Overflow {
            text: quoted::value(&self.text),
            target: "an integer",
        };
        let parts = parse_parts(&self.text).ok_or_else(overflow)?;
        let Some((digits, count, exp)) = parts.significant() else {
            return Ok(0);
        };
        // Whole only when no significant digit sits right of the point.
        if exp < count as i64 - 1 || exp > 38 {
            return Err(overflow());
        }
        let mut value: i128 = 0;
        for d in digits {
            value = push_digit(value, d - b'0').ok_or_else(overflow)?;
        }
        for _ in 0..(exp - (count as i64 - 1)) {
            value = push_digit(value, 0).ok_or_else(overflow)?;
        }
        Ok(if parts.negative { -value } else { value })
    }

    /// The value as an `i64` when it is a whole number that fits.
    pub fn to_i64(&self) -> Result<i64, NumberError> {
        self.to_integer("i64")
    }

    /// The value as a `u64` when it is a whole number that fits.
    pub fn to_u64(&self) -> Result<u64, NumberError> {
        self.to_integer("u64")
    }

    /// The value as any integer type it fits.
    pub fn to_integer<I: TryFrom<i128>>(&self, target: &'static str) -> Result<I, NumberError> {
        let overflow = || NumberError::Overflow {
            text: quoted::value(&self.text),
            target,
        };
        let wide = self.to_i128().map_err(|_| overflow())?;
        I::try_from(wide).map_err(|_| overflow())
    }

    /// Numeric comparison key: sign, then exponent, then digits.
    fn cmp_numeric(&self, other: &Number) -> Ordering {
        let (a, b) = match (parse_parts(&self.text), parse_parts(&other.text)) {
            (Some(a), Some(b)) => (a, b),
            _ => return self.text.cmp(&other.text),
        };
        let sign = |p: &Parts<'_>| match p.significant() {
            None => 0i8,
            Some(_) if p.negative => -1,
            Some(_) => 1,
        };
        let (sa, sb) = (sign(&a), sign(&b));
        if sa != sb || sa == 0 {
            return sa.cmp(&sb);
        }
        let magnitude = match (a.significant(), b.significant()) {
            (Some((da, _, ea)), Some((db, _, eb))) => ea.cmp(&eb).then_with(|| da.cmp(db)),
            _ => Ordering::Equal,
        };
        if sa < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

/// `value * 10 + digit` for a `value` of 0 or more, `None` past
/// `i128::MAX`. Compared with `i128::MAX`'s own digits rather than
/// through `checked_mul`, whose overflow-checked 128-bit multiply
/// (`__muloti4`) is a quarter KB of wasm.
fn push_digit(value: i128, digit: u8) -> Option<i128> {
    const TENTH: i128 = i128::MAX / 10;
    const LAST: u8 = (i128::MAX % 10) as u8;
    (value < TENTH || (value == TENTH && digit <= LAST)).then(|| value * 10 + i128::from(digit))
}

/// Shortest round-trip text for a finite float: plain notation for ordinary
/// magnitudes, exponent notation for very large or small ones.
fn float_text(value: f64, magnitude: f64) -> String {
    if magnitude != 0.0 && !(1e-7..1e21).contains(&magnitude) {
        alloc::format!("{value:e}")
    } else {
        alloc::format!("{value}")
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.cmp_numeric(other) == Ordering::Equal
    }
}

impl Eq for Number {}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_numeric(other)
    }
}

impl Hash for Number {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match parse_parts(&self.text)
            .as_ref()
            .and_then(Parts::significant)
        {
            None => 0u8.hash(state),
            Some((digits, _, exp)) => {
                parse_parts(&self.text).map(|p| p.negative).hash(state);
                exp.hash(state);
                digits.for_each(|d| d.hash(state));
            }
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({})", self.text)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Number {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Number::parse(s)
    }
}

macro_rules! from_small_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(value: $t) -> Self {
                let mut buf = itoa_buf::Buffer::new();
                Number { text: buf.format(value).to_string() }
            }
        }
    )*};
}
from_small_int!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl TryFrom<i128> for Number {
    type Error = NumberError;
    fn try_from(value: i128) -> Result<Self, Self::Error> {
        Number::parse(itoa_buf::Buffer::new().format_wide(value < 0, value.unsigned_abs()))
    }
}

impl TryFrom<u128> for Number {
    type Error = NumberError;
    fn try_from(value: u128) -> Result<Self, Self::Error> {
        Number::parse(itoa_buf::Buffer::new().format_wide(false, value))
    }
}

impl TryFrom<f64> for Number {
    type Error = NumberError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Number::from_f64(value)
    }
}

impl TryFrom<f32> for Number {
    type Error = NumberError;
    fn try_from(value: f32) -> Result<Self, Self::Error> {
        Number::from_f32(value)
    }
}

/// Integer formatting without `core::fmt` machinery (hot in encoding).
mod itoa_buf {
    pub struct Buffer {
        bytes: [u8; 40],
    }

    pub trait Integer: Copy {
        fn negative(self) -> bool;
        fn magnitude(self) -> u64;
    }

    macro_rules! integer {
        ($($t:ty),*) => {$(
            impl Integer for $t {
                #[allow(unused_comparisons)]
                fn negative(self) -> bool { self < 0 }
                // 64-bit arithmetic: u128 division is slow and pulls a
                // soft-division routine into wasm builds.
                fn magnitude(self) -> u64 {
                    if self.negative() { (self as i64).unsigned_abs() } else { self as u64 }
                }
            }
        )*};
    }
    integer!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

    impl Buffer {
        pub fn new() -> Self {
            Buffer { bytes: [0; 40] }
        }

        pub fn format<I: Integer>(&mut self, value: I) -> &str {
            let mut n = value.magnitude();
            let mut i = self.bytes.len();
            loop {
                i -= 1;
                self.bytes[i] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            if value.negative() {
                i -= 1;
                self.bytes[i] = b'-';
            }
            // Only ASCII digits and '-' were written.
            core::str::from_utf8(&self.bytes[i..]).unwrap_or("0")
        }

        /// Formats a 128-bit magnitude, nine digits at a time by long
        /// division over 32-bit limbs: u128 division (or `core::fmt`'s
        /// u128 `Display`) would pull over a kilobyte into wasm builds.
        pub fn format_wide(&mut self, negative: bool, mut n: u128) -> &str {
            const CHUNK: u64 = 1_000_000_000;
            let mut i = self.bytes.len();
            loop {
                let mut rem = 0u64;
                let mut quotient = 0u128;
                for shift in [96, 64, 32, 0] {
                    let current = rem << 32 | u64::from((n >> shift) as u32);
                    quotient |= u128::from(current / CHUNK) << shift;
                    rem = current % CHUNK;
                }
                n = quotient;
                let last = n == 0;
                // Lower chunks keep their leading zeros; the last one not.
                for _ in 0..9 {
                    i -= 1;
                    self.bytes[i] = b'0' + (rem % 10) as u8;
                    rem /= 10;
                    if last && rem == 0 {
                        break;
                    }
                }
                if last {
                    break;
                }
            }
            if negative {
                i -= 1;
                self.bytes[i] = b'-';
            }
            // Only ASCII digits and '-' were written.
            core::str::from_utf8(&self.bytes[i..]).unwrap_or("0")
        }
    }
}

pub(crate) use itoa_buf::Buffer as IntegerBuffer;

/// Whether `text` is a number in JSON's grammar (RFC 8259 §6):
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(text: &[u8]) -> bool {
    fn digits(text: &[u8], at: &mut usize) -> usize {
        let start = *at;
        while text.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - start
    }
    let mut at = usize::from(text.first() == Some(&b'-'));
    match text.get(at) {
        Some(b'0') => at += 1,
        Some(b'1'..=b'9') => {
            digits(text, &mut at);
        }
        _ => return false,
    }
    if text.get(at) == Some(&b'.') {
        at += 1;
        if digits(text, &mut at) == 0 {
            return false;
        }
    }
    if matches!(text.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(text.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if digits(text, &mut at) == 0 {
            return false;
        }
    }
    at == text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_number_grammar_is_checked_exactly() {
        for ok in ["0", "-0", "7", "-12.5", "1e3", "1E+3", "2.50e-7", "10"] {
            assert!(is_json_number(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "-", "007", ".5", "5.", "+5", "1e", "1e+", " 1", "1 ", "0x1", "--1",
        ] {
            assert!(!is_json_number(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn keeps_38_digits_exactly() {
        let text = "12345678901234567890.123456789012345678";
        let n = Number::parse(text).unwrap();
        assert_eq!(n.as_str(), text);
    }

    #[test]
    fn rejects_39_significant_digits() {
        assert!(matches!(
            Number::parse("123456789012345678901234567890123456789"),
            Err(NumberError::TooPrecise(_))
        ));
        // Trailing and leading zeros are not significant.
        assert!(Number::parse("000123456789012345678901234567890123456780000").is_ok());
    }

    #[test]
    fn range_limits() {
        assert!(Number::parse("9.9999999999999999999999999999999999999E+125").is_ok());
        assert!(matches!(
            Number::parse("1E+126"),
            Err(NumberError::OutOfRange(_))
        ));
        assert!(Number::parse("1E-130").is_ok());
        assert!(Number::parse("-1E-130").is_ok());
        assert!(matches!(
            Number::parse("1E-131"),
            Err(NumberError::OutOfRange(_))
        ));
        assert!(matches!(
            Number::parse("1e99999999999999999999999"),
            Err(NumberError::OutOfRange(_))
        ));
        assert!(Number::parse("0E+999").is_ok());
    }

    #[test]
    fn a_zero_with_an_exponent_dynamodb_cannot_read_is_out_of_range() {
        for text in ["0e99999999999999999999", "0e2147483648", "-0.0E-2147483649"] {
            assert_eq!(
                Number::parse(text),
                Err(NumberError::OutOfRange(text.into())),
                "{text}"
            );
        }
        assert!(Number::parse("0e2147483647").is_ok());
    }

    #[test]
    fn rejects_bad_syntax() {
        for bad in [
            "", "-", ".", "1.2.3", "1e", "abc", "1 ", " 1", "0x10", "1e+-2", "NaN", "inf",
        ] {
            assert!(
                matches!(Number::parse(bad), Err(NumberError::Syntax(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn floats_are_shortest_round_trip() {
        assert_eq!(Number::from_f64(0.1).unwrap().as_str(), "0.1");
        assert_eq!(Number::from_f64(1.5e100).unwrap().as_str(), "1.5e100");
        assert_eq!(Number::from_f64(-2.5e-9).unwrap().as_str(), "-2.5e-9");
        assert_eq!(Number::from_f32(0.1).unwrap().as_str(), "0.1");
        assert!(matches!(
            Number::from_f64(f64::NAN),
            Err(NumberError::NotFinite(_))
        ));
        assert!(matches!(
            Number::from_f64(f64::INFINITY),
            Err(NumberError::NotFinite(_))
        ));
        for v in [0.0, 1.0, -3.25, 123456.789, 1e-7, 1e21, f64::MAX / 1e200] {
            assert_eq!(Number::from_f64(v).unwrap().to_f64(), v);
        }
    }

    #[test]
    fn equality_and_order_are_numeric() {
        let n = |s: &str| Number::parse(s).unwrap();
        assert_eq!(n("1.50"), n("1.5"));
        assert_eq!(n("15e-1"), n("1.5"));
        assert_eq!(n("0"), n("-0.000"));
        assert!(n("-2") < n("-1"));
        assert!(n("-1") < n("0"));
        assert!(n("0.5") < n("1"));
        assert!(n("99") < n("100"));
        assert!(n("1e3") > n("999.9"));
        // Significant digits that run across the point, zeros on both ends.
        assert_eq!(n("0012.3400"), n("1234e-2"));
        assert_eq!(n("0.00123000"), n("1.23e-3"));
        assert!(n("12.35") > n("12.34"));
        assert!(n("-12.35") < n("-12.3"));
        assert_eq!(n("001200.00").to_i128().unwrap(), 1200);
        assert_eq!(n("-0.012E4").to_i128().unwrap(), -120);
        assert!(n("12.0001").to_i128().is_err());
        assert_eq!(n("+0012.500").json_text(), "1.25e1");
        assert_eq!(n(".0012500E+3").json_text(), "1.25e0");
    }

    #[test]
    fn integers_convert_both_ways() {
        assert_eq!(Number::from(i64::MIN).to_i64().unwrap(), i64::MIN);
        assert_eq!(Number::from(u64::MAX).to_u64().unwrap(), u64::MAX);
        assert_eq!(Number::parse("1.5e3").unwrap().to_i64().unwrap(), 1500);
        assert_eq!(Number::parse("10.000").unwrap().to_i64().unwrap(), 10);
        assert!(Number::parse("1.5").unwrap().to_i64().is_err());
        assert!(Number::parse("1e20").unwrap().to_i64().is_err());
        assert!(Number::parse("-1").unwrap().to_u64().is_err());
        // At i128's edge: its own digits rounded to 38 fit, one more does not.
        let tenth = "17014118346046923173168730371588410572";
        let fits = Number::parse(&(String::from(tenth) + "E1")).unwrap();
        assert_eq!(fits.to_i128().unwrap(), i128::MAX / 10 * 10);
        let negative = Number::parse(&(String::from("-") + tenth + "0")).unwrap();
        assert_eq!(negative.to_i128().unwrap(), -(i128::MAX / 10 * 10));
        for over in [
            "17014118346046923173168730371588410573E1",
            "1.8E38",
            "1E39",
            "-1E39",
        ] {
            assert!(Number::parse(over).unwrap().to_i128().is_err(), "{over}");
        }
        assert_eq!(
            Number::parse("1E38").unwrap().to_i128().unwrap(),
            10i128.pow(38)
        );
        assert!(Number::try_from(u128::MAX).is_err());
    }

    #[test]
    fn wide_integers_convert_to_their_decimal_text() {
        use proptest::prelude::*;
        let text = |n: Number| n.as_str().to_string();
        for v in [
            0u128,
            1,
            9,
            10,
            999_999_999,
            1_000_000_000,
            1_000_000_001,
            u128::from(u64::MAX),
        ] {
            assert_eq!(text(Number::try_from(v).unwrap()), v.to_string());
        }
        for v in [
            -1i128,
            -1_000_000_000,
            i128::from(i64::MIN),
            10i128.pow(37),
            -(10i128.pow(37)),
        ] {
            assert_eq!(text(Number::try_from(v).unwrap()), v.to_string());
        }
        // 39 digits is past DynamoDB's 38, whatever the buffer can hold.
        assert!(Number::try_from(i128::MIN).is_err());
        let mut buffer = IntegerBuffer::new();
        assert_eq!(buffer.format_wide(false, u128::MAX), u128::MAX.to_string());
        assert_eq!(
            buffer.format_wide(true, i128::MIN.unsigned_abs()),
            i128::MIN.to_string()
        );
        proptest!(|(v: i128)| {
            let mut buffer = IntegerBuffer::new();
            prop_assert_eq!(buffer.format_wide(v < 0, v.unsigned_abs()), v.to_string());
        });
    }
}

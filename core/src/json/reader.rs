//! A pull reader for JSON, written for DynamoDB's replies: the caller walks
//! the document (`object`, `key`, `str`…) and nothing is built that it
//! does not ask for. Strings without escapes are borrowed from the input.
//!
//! Strict RFC 8259: one value, no trailing commas, no comments, strings in
//! UTF-8 without lone surrogates, nesting at most [`MAX_DEPTH`] deep.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::error::{DecodeError, DecodeErrorKind};

/// How deep objects and arrays may nest (DynamoDB itself allows 32 levels
/// of attribute nesting, each two JSON levels deep).
pub const MAX_DEPTH: u32 = 128;

/// The kind of the next value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `{`
    Object,
    /// `[`
    Array,
    /// `"`
    String,
    /// `-` or a digit
    Number,
    /// `true` or `false`
    Bool,
    /// `null`
    Null,
}

/// An object being read: pass it back to [`Reader::key`].
#[derive(Debug)]
pub struct Object {
    first: bool,
}

/// An array being read: pass it back to [`Reader::next`].
#[derive(Debug)]
pub struct Array {
    first: bool,
}

/// Reads one JSON document from bytes.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `input`.
    pub fn new(input: &'a [u8]) -> Self {
        Reader {
            input,
            pos: 0,
            depth: 0,
        }
    }

    /// The error for malformed input at the current position.
    pub fn error(&self, what: &str) -> DecodeError {
        let text = crate::text::format("{} at byte {}", &[what.into(), self.pos.into()]);
        DecodeError::new(DecodeErrorKind::Json(text))
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.input.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek_byte(&mut self) -> Option<u8> {
        self.skip_space();
        self.input.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), DecodeError> {
        if self.peek_byte() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    /// Checks that only whitespace follows the document.
    pub fn end(&mut self) -> Result<(), DecodeError> {
        match self.peek_byte() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    /// The kind of the next value.
    pub(crate) fn kind(&mut self) -> Result<Kind, DecodeError> {
        Ok(match self.peek_byte() {
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => Kind::String,
            Some(b'-' | b'0'..=b'9') => Kind::Number,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'n') => Kind::Null,
            Some(_) => return Err(self.error("expected a value")),
            None => return Err(self.error("unexpected end")),
        })
    }

    fn enter(&mut self) -> Result<(), DecodeError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.depth += 1;
        Ok(())
    }

    /// Opens an object (`{`); read its entries with [`Reader::key`].
    pub fn object(&mut self) -> Result<Object, DecodeError> {
        self.expect(b'{', "expected an object")?;
        self.enter()?;
        Ok(Object { first: true })
    }

    /// The next key of `object` (its value is read next), or `None` at its
    /// closing `}`.
    pub fn key(&mut self, object: &mut Object) -> Result<Option<Cow<'a, str>>, DecodeError> {
        match self.peek_byte() {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(None);
            }
            Some(b',') if !object.first => self.pos += 1,
            _ if object.first => {}
            _ => return Err(self.error("expected `,` or `}`")),
        }
        object.first = false;
        if self.peek_byte() != Some(b'"') {
            return Err(self.error("expected a key"));
        }
        let key = self.str()?;
        self.expect(b':', "expected `:`")?;
        Ok(Some(key))
    }

    /// Opens an array (`[`); step through its elements with [`Reader::next`].
    pub fn array(&mut self) -> Result<Array, DecodeError> {
        self.expect(b'[', "expected an array")?;
        self.enter()?;
        Ok(Array { first: true })
    }

    /// Whether `array` has another element (read it next); `false` at its
    /// closing `]`.
    pub fn next(&mut self, array: &mut Array) -> Result<bool, DecodeError> {
        match self.peek_byte() {
            Some(b']') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(false);
            }
            Some(b',') if !array.first => self.pos += 1,
            _ if array.first => {}
            _ => return Err(self.error("expected `,` or `]`")),
        }
        array.first = false;
        Ok(true)
    }

    /// A string, borrowed from the input when it holds no escapes.
    pub fn str(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        self.expect(b'"', "expected a string")?;
        let input = self.input;
        // `None` while the string read so far is one borrowable run.
        let mut owned: Option<String> = None;
        loop {
            // One run of plain bytes, up to a quote, an escape or a
            // control character.
            let start = self.pos;
            let mut i = start;
            while let Some(&b) = input.get(i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                i += 1;
            }
            let end = input.get(i).copied();
            // The first run is checked for UTF-8 only if it ends the
            // string (at its end) or at an escape; later runs always,
            // before what ends them.
            let text = match (&owned, end) {
                (None, Some(b'"')) => {
                    self.pos = i + 1;
                    self.utf8(&input[start..i])?
                }
                (None, Some(b'\\')) | (Some(_), _) => self.utf8(&input[start..i])?,
                (None, _) => "",
            };
            match end {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(text),
                        Some(mut out) => {
                            out.push_str(text);
                            Cow::Owned(out)
                        }
                    });
                }
                Some(b'\\') => {}
                Some(_) => {
                    self.pos = i;
                    return Err(self.error("control character in a string"));
                }
                None => {
                    self.pos = i;
                    return Err(self.error("unterminated string"));
                }
            }
            let out = owned.get_or_insert_with(|| String::with_capacity(i - start + 8));
            out.push_str(text);
            self.pos = i;
            let c = match input.get(i + 1) {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => {
                    self.pos = i + 2;
                    let c = self.unicode_escape()?;
                    out.push(c);
                    continue;
                }
                _ => return Err(self.error("invalid escape")),
            };
            out.push(c);
            self.pos = i + 2;
        }
    }

    /// A string, owned.
    pub fn string(&mut self) -> Result<String, DecodeError> {
        self.str().map(Cow::into_owned)
    }

    fn utf8<'b>(&self, bytes: &'b [u8]) -> Result<&'b str, DecodeError> {
        core::str::from_utf8(bytes).map_err(|_| self.error("invalid UTF-8 in a string"))
    }

    fn hex4(&mut self) -> Result<u32, DecodeError> {
        let digits = self
            .input
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        let mut n = 0;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(self.error("invalid \\u escape")),
            };
            n = n * 16 + u32::from(v);
        }
        self.pos += 4;
        Ok(n)
    }

    /// The character of `\uXXXX` (after the `\u`), joining surrogate pairs.
    fn unicode_escape(&mut self) -> Result<char, DecodeError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.input.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.error("lone surrogate in a string"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone surrogate in a string"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone surrogate in a string")),
            c => c,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }

    /// `true` or `false`.
    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        if self.literal(b"true") {
            Ok(true)
        } else if self.literal(b"false") {
            Ok(false)
        } else {
            Err(self.error("expected true or false"))
        }
    }

    /// Reads `null` if it comes next.
    pub fn null(&mut self) -> bool {
        self.literal(b"null")
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        self.skip_space();
        if self.input[self.pos..].starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// A number's text, checked against JSON's number grammar.
    pub fn number(&mut self) -> Result<&'a str, DecodeError> {
        self.skip_space();
        let input = self.input;
        let start = self.pos;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while let Some(b'0'..=b'9') = input.get(*i) {
                *i += 1;
            }
            *i > from
        };
        if input.get(i) == Some(&b'-') {
            i += 1;
        }
        let int_start = i;
        if !digits(&mut i) || (input[int_start] == b'0' && i - int_start > 1) {
            return Err(self.error("invalid number"));
        }
        if input.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                self.pos = i;
                return Err(self.error("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = input.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = input.get(i) {
                i += 1;
            }
            if !digits(&mut i) {
                self.pos = i;
                return Err(self.error("invalid number"));
            }
        }
        self.pos = i;
        // Only ASCII digits, signs, `.` and `e` were accepted.
        Ok(core::str::from_utf8(&input[start..i]).unwrap_or_default())
    }

    /// A non-negative integer (counts and sizes).
    pub fn u64(&mut self) -> Result<u64, DecodeError> {
        let text = self.number()?;
        // Digits only, as `str::parse` reads them (a sign, a point or an
        // exponent refused), without its generic radix parser.
        let mut n: u64 = 0;
        for &b in text.as_bytes() {
            let digit = u64::from(b.wrapping_sub(b'0'));
            if digit > 9 || n > (u64::MAX - digit) / 10 {
                return Err(self.error("expected a whole number"));
            }
            n = n * 10 + digit;
        }
        Ok(n)
    }

    /// A number as an `f64`, for capacity units: exact up to 15
    /// significant digits and exponents of ±22, within a few ulps beyond.
    /// (Small on purpose: a full float parser is ~15 KB of wasm.)
    pub fn f64(&mut self) -> Result<f64, DecodeError> {
        const POWERS: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        let text = self.number()?.as_bytes();
        let (negative, text) = match text.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, text),
        };
        let mut mantissa: u64 = 0;
        let mut exp: i64 = 0;
        let mut i = 0;
        let mut after_point = false;
        while let Some(&b) = text.get(i) {
            match b {
                b'0'..=b'9' if mantissa < 1_000_000_000_000_000_000 => {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    exp -= i64::from(after_point);
                }
                b'0'..=b'9' => exp += i64::from(!after_point),
                b'.' => after_point = true,
                _ => break,
            }
            i += 1;
        }
        if i < text.len() {
            // The grammar was checked: `e`, an optional sign, digits.
            let (negative, digits) = match &text[i + 1..] {
                [b'-', rest @ ..] => (true, rest),
                [b'+', rest @ ..] => (false, rest),
                rest => (false, rest),
            };
            let written = digits
                .iter()
                .fold(0i64, |n, d| (n * 10 + i64::from(d - b'0')).min(1000));
            exp = exp.saturating_add(if negative { -written } else { written });
        }
        let mut value = mantissa as f64;
        let mut left = exp.clamp(-400, 400);
        while left != 0 {
            let step = left.unsigned_abs().min(22) as usize;
            if left > 0 {
                value *= POWERS[step];
                left -= step as i64;
            } else {
                value /= POWERS[step];
                left += step as i64;
            }
        }
        Ok(if negative { -value } else { value })
    }

    /// Skips one value of any kind.
    pub fn skip(&mut self) -> Result<(), DecodeError> {
        match self.kind()? {
            Kind::Object => {
                let mut o = self.object()?;
                while self.key(&mut o)?.is_some() {
                    self.skip()?;
                }
            }
            Kind::Array => {
                let mut a = self.array()?;
                while self.next(&mut a)? {
                    self.skip()?;
                }
            }
            Kind::String => {
                self.str()?;
            }
            Kind::Number => {
                self.number()?;
            }
            Kind::Bool => {
                self.bool()?;
            }
            Kind::Null => {
                if !self.null() {
                    return Err(self.error("expected null"));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn strings(input: &str) -> Result<Vec<String>, DecodeError> {
        let mut r = Reader::new(input.as_bytes());
        let mut a = r.array()?;
        let mut out = Vec::new();
        while r.next(&mut a)? {
            out.push(r.string()?);
        }
        r.end()?;
        Ok(out)
    }

    #[test]
    fn reads_strings_and_escapes() {
        assert_eq!(
            strings(r#" [ "a" , "x\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "é" ] "#).unwrap(),
            ["a", "x\"\\/\u{8}\u{c}\n\r\t", "é😀", "é"]
        );
        assert_eq!(strings("[]").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn reads_objects_numbers_and_literals() {
        let mut r =
            Reader::new(br#"{"n": -1.5e3, "u": 42, "t": true, "z": null, "o": {"x": [1, {}]}}"#);
        let mut o = r.object().unwrap();
        assert_eq!(r.key(&mut o).unwrap().as_deref(), Some("n"));
        assert_eq!(r.number().unwrap(), "-1.5e3");
        assert_eq!(r.key(&mut o).unwrap().as_deref(), Some("u"));
        assert_eq!(r.u64().unwrap(), 42);
        assert_eq!(r.key(&mut o).unwrap().as_deref(), Some("t"));
        assert!(r.bool().unwrap());
        assert_eq!(r.key(&mut o).unwrap().as_deref(), Some("z"));
        assert!(r.null());
        assert_eq!(r.key(&mut o).unwrap().as_deref(), Some("o"));
        r.skip().unwrap();
        assert_eq!(r.key(&mut o).unwrap(), None);
        r.end().unwrap();
    }

    #[test]
    fn whole_numbers_read_as_str_parse_reads_them() {
        for text in [
            "0",
            "42",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "-0",
            "-1",
            "1.0",
            "1e2",
            "0.5",
        ] {
            let got = Reader::new(text.as_bytes()).u64().ok();
            assert_eq!(got, text.parse::<u64>().ok(), "{text}");
        }
    }

    #[test]
    fn borrows_plain_strings() {
        let mut r = Reader::new(br#""plain""#);
        assert!(matches!(r.str().unwrap(), Cow::Borrowed("plain")));
    }

    #[test]
    fn string_errors_name_the_same_byte() {
        for (bad, text) in [
            (&b"\"a\xff\""[..], "invalid UTF-8 in a string at byte 4"),
            (b"\"a\xff\n\"", "control character in a string at byte 3"),
            (b"\"a\xff\\n\"", "invalid UTF-8 in a string at byte 1"),
            (b"\"\\n\xff\"", "invalid UTF-8 in a string at byte 3"),
            (b"\"\\n\xff\x01\"", "invalid UTF-8 in a string at byte 3"),
            (b"\"\\na\x01\"", "control character in a string at byte 4"),
            (b"\"a\x01\"", "control character in a string at byte 2"),
            (b"\"ab", "unterminated string at byte 3"),
            (b"\"\\nab", "unterminated string at byte 5"),
            (b"\"a\\q\"", "invalid escape at byte 2"),
        ] {
            let e = Reader::new(bad).str().unwrap_err();
            assert_eq!(
                e.kind(),
                &DecodeErrorKind::Json(text.into()),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let mut r = Reader::new(b"\"a\\u00e9\\nb\" \"c\"");
        assert_eq!(r.str().unwrap(), Cow::<str>::Owned("a\u{e9}\nb".into()));
        assert!(matches!(r.str().unwrap(), Cow::Borrowed("c")));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for bad in [
            "",
            "[",
            "[,]",
            "[1,]",
            "{,}",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{1:1}"#,
            "[01]",
            "[1.]",
            "[1e]",
            "[-]",
            "[.5]",
            "[tru]",
            "[nul]",
            r#"["\x"]"#,
            r#"["\u12"]"#,
            r#"["\ud800"]"#,
            r#"["\udc00"]"#,
            r#"["\ud800\u0041"]"#,
            "[\"\u{1}\"]",
            r#"["a"#,
            "[1] 2",
            "{\"a\":1}}",
        ] {
            let mut r = Reader::new(bad.as_bytes());
            let read = r.skip().and_then(|()| r.end());
            assert!(read.is_err(), "{bad:?} was accepted");
        }
        let mut r = Reader::new(b"[\"\xff\"]");
        assert!(r.skip().is_err());
    }

    #[test]
    fn reads_capacity_units() {
        for (text, want) in [
            ("0", 0.0),
            ("0.5", 0.5),
            ("-12.25", -12.25),
            ("1E+3", 1000.0),
            ("2.5e-1", 0.25),
            ("123456789012345", 123456789012345.0),
            ("0.1", 0.1),
            ("1e400", f64::INFINITY),
            ("1e-400", 0.0),
        ] {
            assert_eq!(Reader::new(text.as_bytes()).f64().unwrap(), want, "{text}");
        }
        let long = Reader::new(b"1234567890123456789012345").f64().unwrap();
        assert!((long / 1.2345678901234568e24 - 1.0).abs() < 1e-15);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(Reader::new(deep.as_bytes()).skip().is_err());
        let fine = "[".repeat(100) + &"]".repeat(100);
        Reader::new(fine.as_bytes()).skip().unwrap();
    }
}

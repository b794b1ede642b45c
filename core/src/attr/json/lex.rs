//! The tokens of JSON as Python's `json.loads` reads them: strict RFC 8259
//! plus `NaN`, `Infinity` and `-Infinity`, numbers kept as their text.

use alloc::string::String;
use alloc::vec::Vec;

use super::loads::LoadsError;

/// How deep arrays and objects may nest, like the core's reader.
const MAX_DEPTH: u32 = 128;

pub(super) struct Loads<'a> {
    pub(super) input: &'a [u8],
    pub(super) pos: usize,
    pub(super) depth: u32,
    /// Lone surrogates read as U+FFFD (for [`check`] only).
    pub(super) lenient: bool,
}

/// A number as written: its text, and whether it has a fraction or exponent.
pub(super) enum Num<'a> {
    Int(&'a str),
    Float(&'a str),
    NonFinite(f64),
}

impl<'a> Loads<'a> {
    pub(super) fn error(&self, what: &str) -> LoadsError {
        LoadsError(alloc::format!("{what} at byte {}", self.pos))
    }

    pub(super) fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.input.get(self.pos) {
            self.pos += 1;
        }
    }

    pub(super) fn peek(&mut self) -> Option<u8> {
        self.space();
        self.input.get(self.pos).copied()
    }

    pub(super) fn word(&mut self, word: &[u8]) -> bool {
        if self.input[self.pos..].starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    pub(super) fn enter(&mut self) -> Result<(), LoadsError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.depth += 1;
        self.pos += 1;
        Ok(())
    }

    pub(super) fn number(&mut self) -> Result<Num<'a>, LoadsError> {
        if self.word(b"NaN") {
            return Ok(Num::NonFinite(f64::NAN));
        }
        if self.word(b"Infinity") {
            return Ok(Num::NonFinite(f64::INFINITY));
        }
        if self.word(b"-Infinity") {
            return Ok(Num::NonFinite(f64::NEG_INFINITY));
        }
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
        let mut float = false;
        let mut ok = digits(&mut i) && !(input[int_start] == b'0' && i - int_start > 1);
        if ok && input.get(i) == Some(&b'.') {
            i += 1;
            float = true;
            ok = digits(&mut i);
        }
        if ok && let Some(b'e' | b'E') = input.get(i) {
            i += 1;
            float = true;
            if let Some(b'+' | b'-') = input.get(i) {
                i += 1;
            }
            ok = digits(&mut i);
        }
        if !ok {
            self.pos = i;
            return Err(self.error("invalid number"));
        }
        self.pos = i;
        // The bytes are ASCII digits and signs, so this cannot fail.
        let text =
            core::str::from_utf8(&input[start..i]).map_err(|_| self.error("invalid number"))?;
        Ok(if float {
            Num::Float(text)
        } else {
            Num::Int(text)
        })
    }

    fn hex4(&mut self) -> Result<u32, LoadsError> {
        let digits = self
            .input
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("short \\u escape"))?;
        let mut n = 0;
        for d in digits {
            let v = (*d as char)
                .to_digit(16)
                .ok_or_else(|| self.error("bad \\u escape"))?;
            n = n * 16 + v;
        }
        self.pos += 4;
        Ok(n)
    }

    pub(super) fn string(&mut self) -> Result<String, LoadsError> {
        self.pos += 1; // the opening quote
        let mut out = Vec::new();
        loop {
            let start = self.pos;
            while let Some(&b) = self.input.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.extend_from_slice(&self.input[start..self.pos]);
            match self.input.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = self.input.get(self.pos).copied();
                    self.pos += 1;
                    let c = match escape {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => return Err(self.error("invalid escape")),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                Some(_) => return Err(self.error("control character in string")),
                None => return Err(self.error("unterminated string")),
            }
        }
        // The input was a `&str` and escapes were encoded as UTF-8.
        String::from_utf8(out).map_err(|_| self.error("invalid UTF-8"))
    }

    fn unicode_escape(&mut self) -> Result<char, LoadsError> {
        let first = self.hex4()?;
        if !(0xD800..0xE000).contains(&first) {
            return char::from_u32(first).ok_or_else(|| self.error("bad \\u escape"));
        }
        let at = self.pos;
        if (0xD800..0xDC00).contains(&first) && self.word(b"\\u") {
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return char::from_u32(code).ok_or_else(|| self.error(LONE_SURROGATE));
            }
            self.pos = at;
        }
        if self.lenient {
            Ok(char::REPLACEMENT_CHARACTER)
        } else {
            Err(self.error(LONE_SURROGATE))
        }
    }

    pub(super) fn expect_end(&mut self, close: u8) -> Result<(), LoadsError> {
        if self.peek() == Some(close) {
            self.pos += 1;
            self.depth -= 1;
            Ok(())
        } else {
            Err(self.error("expected `,` or a closing bracket"))
        }
    }
}

const LONE_SURROGATE: &str = "a lone surrogate \\u escape (Python writes them; a Rust string cannot hold one: read the attribute as JsonText)";

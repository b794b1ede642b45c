//! The HTTP side of a request: path segments percent-decoded, the query
//! string parsed as `application/x-www-form-urlencoded`, and the note
//! query's parameters checked (a bad number is the caller's error, never 0).

use alloc::string::String;
use alloc::vec::Vec;

/// Percent-decodes `text` (`+` stays `+`, as in a path), or `None` when the
/// result is not UTF-8. An escape that is not two hex digits is kept as
/// written, as URL parsers do.
pub fn percent_decode(bytes: &[u8], plus_is_space: bool) -> Option<String> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let escaped = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| h << 4 | l),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(if plus_is_space && b == b'+' { b' ' } else { b });
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The path's segments, each percent-decoded (`/notes/Zo%C3%AB%20Smith`
/// is `["notes", "Zoë Smith"]`); an empty trailing segment is dropped.
pub fn segments(path: &str) -> Result<Vec<String>, String> {
    // Byte-slice code: `str` patterns would add a searcher to the worker.
    let path = path.as_bytes();
    let path = path.strip_prefix(b"/").unwrap_or(path);
    let path = path.strip_suffix(b"/").unwrap_or(path);
    // A loop, not `collect` into a `Result`: its `GenericShunt` adapter
    // was a third of a KB of wasm.
    let mut out = Vec::new();
    for segment in path.split(|&b| b == b'/') {
        match percent_decode(segment, false) {
            Some(segment) => out.push(segment),
            None => return Err(String::from("the path is not UTF-8")),
        }
    }
    Ok(out)
}

/// What `GET /notes/{user}` accepts in its query string.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct NoteQuery {
    /// `limit`: at most this many notes (1 or more).
    pub limit: Option<u64>,
    /// `min_stars`: only notes with at least this many stars.
    pub min_stars: Option<u32>,
}

impl NoteQuery {
    /// Parses `query` (without the `?`); a parameter given twice, an
    /// unknown one or a value that is not a number is an error to show the
    /// caller.
    pub fn parse(query: &str) -> Result<NoteQuery, String> {
        let mut out = NoteQuery::default();
        for pair in query
            .as_bytes()
            .split(|&b| b == b'&')
            .filter(|p| !p.is_empty())
        {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(i) => (pair.split_at(i).0, pair.get(i + 1..).unwrap_or_default()),
                None => (pair, &[][..]),
            };
            let name = percent_decode(name, true).ok_or("the query string is not UTF-8")?;
            let value = percent_decode(value, true).ok_or("the query string is not UTF-8")?;
            let number = |min: u32, refusal: &str| {
                whole_number(&value)
                    .filter(|n| *n >= min)
                    .ok_or_else(|| String::from(refusal))
            };
            // Pieces, not `format!`: no `core::fmt` in the worker.
            let twice = || String::from("`") + &name + "` is given twice";
            match name.as_str() {
                "limit" if out.limit.is_some() => return Err(twice()),
                "limit" => {
                    let n = number(1, "`limit` must be a whole number from 1 to 4294967295")?;
                    out.limit = Some(u64::from(n));
                }
                "min_stars" if out.min_stars.is_some() => return Err(twice()),
                "min_stars" => {
                    let n = number(0, "`min_stars` must be a whole number from 0 to 4294967295")?;
                    out.min_stars = Some(n);
                }
                _ => return Err(String::from("unknown query parameter `") + &name + "`"),
            }
        }
        Ok(out)
    }
}

/// Decimal digits only (no sign, no spaces) that fit a `u32`.
fn whole_number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u32, |n, b| {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        n.checked_mul(10)?.checked_add(u32::from(digit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_decoded() {
        assert_eq!(
            segments("/notes/Zo%C3%AB%20Smith/n+1").unwrap(),
            ["notes", "Zoë Smith", "n+1"]
        );
        assert_eq!(
            segments("/notes/100%/a%2Fb/").unwrap(),
            ["notes", "100%", "a/b"]
        );
        assert!(segments("/notes/%FF").is_err());
    }

    #[test]
    fn query_strings_are_parsed_as_query_strings() {
        assert_eq!(
            NoteQuery::parse("limit=5&min_stars=4").unwrap(),
            NoteQuery {
                limit: Some(5),
                min_stars: Some(4)
            }
        );
        assert_eq!(
            NoteQuery::parse("min_stars=%34&&").unwrap(),
            NoteQuery {
                limit: None,
                min_stars: Some(4)
            }
        );
        assert_eq!(NoteQuery::parse("").unwrap(), NoteQuery::default());
    }

    #[test]
    fn bad_query_values_are_refused_not_read_as_zero() {
        for bad in [
            "min_stars=abc",
            "min_stars=",
            "min_stars=-1",
            "limit=0",
            "limit=5&limit=6",
            "stars=4",
        ] {
            assert!(NoteQuery::parse(bad).is_err(), "{bad}");
        }
    }
}

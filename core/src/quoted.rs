//! Text from outside kept in errors: a server's messages and the values a
//! codec error quotes. Both are bounded, so a 50 MB message or a
//! million-digit number costs a few hundred bytes in an error, and server
//! text is scrubbed of request secrets a server may echo (an
//! `InvalidSignatureException` can quote the canonical request, a hostile
//! or misconfigured server the `Authorization` and `X-Amz-Security-Token`
//! headers), so they never reach `Display`, `Debug`, logs or tracing.

use alloc::string::String;

/// The most bytes of a server's text (an error message, an error body that
/// is not DynamoDB's JSON) kept in an error; the rest is cut and counted.
pub const MAX_SERVER_TEXT: usize = 1024;

/// The most bytes of an offending value (a number's text, a date-time, an
/// unknown variant) quoted in a codec error; the rest is cut and counted.
pub const MAX_QUOTED_VALUE: usize = 64;

/// What stands in for a secret removed from server text.
pub const REDACTED: &str = "<redacted>";

/// A server's text as Rynamo keeps it in errors: the values of
/// `X-Amz-Security-Token` and `Signature` a server echoed replaced by
/// [`REDACTED`], then cut to [`MAX_SERVER_TEXT`] bytes. The adapters use it
/// for text from their own exchanges too (STS and credential endpoints).
pub fn server_text(text: &str) -> String {
    // Only the start is ever kept, so only the start is scanned; the margin
    // lets a secret straddling the cut be recognised and removed whole.
    let mut end = text.len().min(SCANNED);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let start = text.get(..end).unwrap_or_default();
    truncated(&redacted(start), MAX_SERVER_TEXT, text.len() - end)
}

/// How much of a server's text is scanned for secrets: the part kept and a
/// margin.
const SCANNED: usize = MAX_SERVER_TEXT * 4;

/// [`server_text`] of bytes that may not be UTF-8.
pub(crate) fn server_bytes(body: &[u8]) -> String {
    let start = body.get(..SCANNED).unwrap_or(body);
    let text = redacted(&lossy(start));
    truncated(&text, MAX_SERVER_TEXT, body.len() - start.len())
}

/// What `String::from_utf8_lossy` gives (each invalid sequence one U+FFFD),
/// without core's `Utf8Chunks` iterator: 500 bytes fewer in wasm builds.
fn lossy(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match core::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(core::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                match e.error_len() {
                    Some(len) => bytes = rest.get(len..).unwrap_or_default(),
                    None => return out,
                }
            }
        }
    }
}

/// An offending value as quoted in a codec error: cut to
/// [`MAX_QUOTED_VALUE`] bytes.
pub(crate) fn value(text: &str) -> String {
    truncated(text, MAX_QUOTED_VALUE, 0)
}

/// `text` cut to at most `max` bytes (at a character boundary), followed by
/// how many bytes were cut (`unread` more were never looked at).
fn truncated(text: &str, max: usize, unread: usize) -> String {
    if text.len() <= max && unread == 0 {
        return text.into();
    }
    let max = max.min(text.len());
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = String::with_capacity(end + 24);
    out.push_str(text.get(..end).unwrap_or_default());
    let cut = text.len() - end + unread;
    out.push_str("… (");
    out.push_str(crate::number::IntegerBuffer::new().format(cut));
    out.push_str(" bytes cut)");
    out
}

/// Names after which a secret follows: the security token header (or query
/// parameter) and a signature (`Signature=` in the `Authorization` header,
/// `X-Amz-Signature=` in a query). Lower case; matched ignoring case.
const SECRET_NAMES: [&[u8]; 2] = [b"x-amz-security-token", b"signature"];

/// `text` with the value after each of [`SECRET_NAMES`] replaced by
/// [`REDACTED`].
fn redacted(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let Some(name) = SECRET_NAMES.iter().find(|name| {
            bytes
                .get(i..i + name.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(name))
        }) else {
            i += 1;
            continue;
        };
        let mut start = i + name.len();
        // `: `, `=`, `": "`, `='`… between the name and the value: a `:` or
        // `=` is needed (`InvalidSignatureException`, "the signature you
        // provided" are not secrets).
        let mut separated = false;
        while let Some(&b) = bytes.get(start) {
            match b {
                b':' | b'=' => separated = true,
                b' ' | b'\t' | b'"' | b'\'' => {}
                _ => break,
            }
            start += 1;
        }
        if !separated {
            i += name.len();
            continue;
        }
        let mut end = start;
        // Base64 (tokens), hex (signatures), their URL encoding and JSON
        // escapes (`\/` in a body that is not parsed).
        while bytes.get(end).is_some_and(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'%' | b'\\')
        }) {
            end += 1;
        }
        if end > start {
            // `start` and `end` sit next to ASCII bytes: char boundaries.
            out.push_str(text.get(copied..start).unwrap_or_default());
            out.push_str(REDACTED);
            copied = end;
        }
        i = end.max(i + 1);
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_a_server_echoes_are_redacted() {
        let echoed = "The Canonical String for this request should have been\n'POST\n/\n\n\
            host:dynamodb.us-east-1.amazonaws.com\nx-amz-date:20261201T000000Z\n\
            x-amz-security-token:FwoGZXIvYXdzEJr//////////wEaDK+x/y=\n'\n\
            authorization: AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/dynamodb/aws4_request, \
            SignedHeaders=host;x-amz-date, Signature=0123abcd\n\
            {\"X-Amz-Security-Token\": \"Zm9v%2Bbar\"} ?X-Amz-Signature=ff00 \
            \"x-amz-security-token:ab\\/cdSECRET\"";
        let text = server_text(echoed);
        for secret in ["FwoGZXIv", "wEaDK", "0123abcd", "Zm9v", "ff00", "cdSECRET"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("x-amz-security-token:<redacted>\n"), "{text}");
        assert!(text.contains("Signature=<redacted>\n"), "{text}");
        assert!(text.contains("Credential=AKID/20261201"), "{text}");
        assert!(text.contains("SignedHeaders=host;x-amz-date"), "{text}");
        assert_eq!(
            server_text("no secrets, Signature"),
            "no secrets, Signature"
        );
    }

    #[test]
    fn long_text_is_cut_at_a_character_boundary_and_counted() {
        let long = "€".repeat(1000); // 3,000 bytes
        let text = server_text(&long);
        assert!(text.starts_with(&"€".repeat(341)), "{text}");
        assert!(text.ends_with("… (1977 bytes cut)"), "{text}");
        assert!(text.len() < MAX_SERVER_TEXT + 30);
        let digits = "9".repeat(1_000_000);
        assert_eq!(
            value(&digits),
            alloc::format!("{}… (999936 bytes cut)", &digits[..64])
        );
        assert_eq!(value("12"), "12");
    }

    #[test]
    fn a_long_body_is_cut_without_reading_it_all() {
        let body = alloc::vec![b'x'; 50_000_000];
        let text = server_bytes(&body);
        assert!(text.len() < MAX_SERVER_TEXT + 30, "{}", text.len());
        assert!(
            text.ends_with("… (49998976 bytes cut)"),
            "{}",
            &text[1000..]
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_read_as_from_utf8_lossy_reads_them() {
        use proptest::prelude::*;
        for bytes in [
            &b""[..],
            b"ok",
            b"\xff",
            b"a\xe2\x82",
            b"\xe2\x82\xac\xf0\x9f",
            b"\xc0\xaf x \xed\xa0\x80",
        ] {
            assert_eq!(lossy(bytes), String::from_utf8_lossy(bytes));
        }
        let mixed = proptest::collection::vec(
            prop_oneof![
                any::<u8>(),
                Just(0xe2u8),
                Just(0x82),
                Just(0xf0),
                Just(0x9f),
                Just(b'a')
            ],
            0..40,
        );
        proptest!(|(bytes in mixed)| {
            prop_assert_eq!(lossy(&bytes), String::from_utf8_lossy(&bytes));
        });
    }
}

//! Standard base64 (RFC 4648 §4, padded), as DynamoDB carries binary: a
//! few hundred bytes of code instead of a general-purpose engine. Decoding
//! is strict: canonical padding, no whitespace, zero trailing bits.

use alloc::string::String;
use alloc::vec::Vec;

use crate::text::format;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Value of each byte in the alphabet; 64 for anything else.
const VALUES: [u8; 256] = {
    let mut table = [64u8; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Length of the encoding of `len` bytes.
pub fn encoded_len(len: usize) -> usize {
    len.div_ceil(3) * 4
}

/// Appends the encoding of `bytes` to `out`.
pub fn encode_into(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(encoded_len(bytes.len()));
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = u32::from(c[0]) << 16 | u32::from(c[1]) << 8 | u32::from(c[2]);
        out.extend_from_slice(&[
            ALPHABET[(n >> 18) as usize & 63],
            ALPHABET[(n >> 12) as usize & 63],
            ALPHABET[(n >> 6) as usize & 63],
            ALPHABET[n as usize & 63],
        ]);
    }
    match *chunks.remainder() {
        [a] => out.extend_from_slice(&[
            ALPHABET[usize::from(a >> 2)],
            ALPHABET[usize::from(a & 3) << 4],
            b'=',
            b'=',
        ]),
        [a, b] => out.extend_from_slice(&[
            ALPHABET[usize::from(a >> 2)],
            ALPHABET[usize::from(a & 3) << 4 | usize::from(b >> 4)],
            ALPHABET[usize::from(b & 15) << 2],
            b'=',
        ]),
        _ => {}
    }
}

/// The encoding of `bytes` as text.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    encode_into(&mut out, bytes);
    // Only alphabet bytes and `=` were written.
    String::from_utf8(out).unwrap_or_default()
}

/// Decodes base64 text; the error says what is wrong and where.
pub fn decode(text: &[u8]) -> Result<Vec<u8>, String> {
    if !text.len().is_multiple_of(4) {
        return Err(format(
            "length {} is not a multiple of 4",
            &[text.len().into()],
        ));
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let last = text.len() / 4;
    for (i, chunk) in text.chunks_exact(4).enumerate() {
        let pad = if i + 1 == last {
            chunk.iter().rev().take_while(|&&b| b == b'=').count()
        } else {
            0
        };
        if pad > 2 {
            return Err(format(
                "invalid padding at offset {}",
                &[(i * 4 + 1).into()],
            ));
        }
        let mut n = 0u32;
        for (j, &b) in chunk[..4 - pad].iter().enumerate() {
            let v = VALUES[usize::from(b)];
            if v == 64 {
                let at = [b.into(), (i * 4 + j).into()];
                return Err(format("invalid symbol {} at offset {}", &at));
            }
            n = n << 6 | u32::from(v);
        }
        n <<= 6 * pad as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        // The bits after the last whole byte must be zero (one text per value).
        if n & [0, 0xff, 0xffff][pad] != 0 {
            let at = i * 4 + 3 - pad;
            return Err(format("invalid last symbol at offset {}", &[at.into()]));
        }
        out.extend_from_slice(&decoded[..3 - pad]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rfc_4648_vectors() {
        for (plain, text) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), text);
            assert_eq!(decode(text.as_bytes()).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(encode(&all).as_bytes()).unwrap(), all);
        assert_eq!(encode(&[0xff, 0xfe]), "//4=");
    }

    #[test]
    fn refuses_what_is_not_canonical() {
        for bad in [
            "Zg", "Zg=", "Zg===", "Z===", "====", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n", "Zm=v",
            "Zg==Zg==", "Zm-v", "Zm_v", "*m9v",
        ] {
            assert!(decode(bad.as_bytes()).is_err(), "{bad:?} was accepted");
        }
    }
}

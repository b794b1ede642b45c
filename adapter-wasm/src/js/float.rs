//! A JS `number` as DynamoDB number text, written by the host's own
//! `Number.prototype.toString` (the shortest text that reads back as the
//! same double) rather than by Rust's float formatting, which would add
//! about 20 KB of `core::fmt` float code to the package's wasm. The text is
//! the one `Number::from_f64` writes: plain from 1e-7 to 1e21, else
//! `1.5e-8` / `1e21`.

use rynamo_core::Number;
use rynamo_core::number::NumberError;

/// The number `value` holds exactly; NaN and the infinities are refused.
pub fn number(value: f64) -> Result<Number, NumberError> {
    if !value.is_finite() {
        let name = if value.is_nan() {
            "NaN"
        } else if value > 0.0 {
            "inf"
        } else {
            "-inf"
        };
        return Err(NumberError::NotFinite(name.into()));
    }
    Number::parse(&text(value))
}

/// `value` (finite) as `Number::from_f64`'s text.
fn text(value: f64) -> String {
    if value == 0.0 {
        // toString drops the sign of -0.
        return if value.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let js: String = js_sys::Number::from(value)
        .to_string_with_radix(10)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    // Bytes, not `str` patterns: those would add the string searcher.
    let bytes = js.as_bytes();
    let Some(e) = bytes.iter().position(|b| *b == b'e') else {
        return js;
    };
    let (mantissa, exponent) = (&bytes[..e], &bytes[e + 1..]);
    let mut out = Vec::with_capacity(bytes.len() + 8);
    if exponent == b"-7" {
        // JS switches to exponents below 1e-6, Rust below 1e-7: between
        // them (`1.5e-7`) the text is written out (`0.00000015`).
        let digits = match mantissa.split_first() {
            Some((b'-', rest)) => {
                out.push(b'-');
                rest
            }
            _ => mantissa,
        };
        out.extend_from_slice(b"0.000000");
        out.extend(digits.iter().filter(|b| **b != b'.'));
    } else {
        // JS writes `1e+21` where Rust writes `1e21`.
        out.extend_from_slice(mantissa);
        out.push(b'e');
        out.extend_from_slice(exponent.strip_prefix(b"+").unwrap_or(exponent));
    }
    String::from_utf8(out).unwrap_or_default()
}

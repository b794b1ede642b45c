//! Python's text for the scalars `json.dumps` writes: strings with its
//! `ensure_ascii` escapes and floats as `float.__repr__` writes them.

use alloc::string::String;
use core::fmt::{LowerExp, Write as _};

/// Writes `s` as a JSON string with `json.dumps`' `ensure_ascii` escapes.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{:04x}", unit);
                }
            }
        }
    }
    out.push('"');
}

/// A float as Python's `repr`: the shortest digits that read back the same
/// value, in positional notation when the decimal exponent is in
/// `-4..16` (always with a fractional part), else as `d.ddde±XX`.
pub fn write_float<F: LowerExp + Copy>(out: &mut String, value: F, finite: bool, nan: bool) {
    if !finite {
        let text = if nan {
            "NaN"
        } else if alloc::format!("{value:e}").starts_with('-') {
            "-Infinity"
        } else {
            "Infinity"
        };
        out.push_str(text);
        return;
    }
    // `{:e}` gives Rust's shortest round-trip digits: `-1.5e-7`, `1e16`, `0e0`.
    let sci = alloc::format!("{value:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    out.push_str(sign);
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                out.push_str(&digits);
                for _ in digits.len()..point {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(v: f64) -> String {
        let mut s = String::new();
        write_float(&mut s, v, v.is_finite(), v.is_nan());
        s
    }

    #[test]
    fn floats_write_as_python_repr() {
        // Each right-hand side is CPython's `repr(float)`.
        for (v, python) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (100.0, "100.0"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.2345e16, "1.2345e+16"),
            (123456789012345.6, "123456789012345.6"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (-2.5e-5, "-2.5e-05"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ] {
            assert_eq!(float(v), python, "{v:e}");
        }
    }

    #[test]
    fn floats_write_as_cpython_repr_across_the_range() {
        // Bit patterns and CPython 3's `repr` of each (random doubles from
        // a seeded generator, plus the edges of the positional range).
        for (bits, python) in [
            (0x4341c37937e07fff, "9999999999999998.0"),
            (0x3f1a36e2eb1c432d, "0.0001"),
            (0x3f1a36e2eb1c432c, "9.999999999999999e-05"),
            (0x419d6f34547df3b6, "123456789.123"),
            (0x00002e055c9a3f6c, "2.5e-310"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0x0000000000000001, "5e-324"),
            (0x3fd5555555555555, "0.3333333333333333"),
            (0x440ce97ca0f21055, "6.666666666666666e+19"),
            (0x3fd3333333333334, "0.30000000000000004"),
            (0xf2a74de452e6b438, "-1.989032661366619e+244"),
            (0x6513270e269e0d37, "7.761117632285041e+178"),
            (0x0c5c7fd0a6a3a450, "3.980498358697587e-249"),
            (0xd23f0824128b2f33, "-1.5432835417340557e+88"),
            (0x1818e811892f902b, "1.3647584518757569e-192"),
            (0x9531985d5d9dc9f8, "-1.3701135617873088e-206"),
            (0xe8e25d940ed90475, "-1.7160537630466207e+197"),
            (0x36f675cc81e74ef5, "6.294675241195386e-44"),
            (0x1600a35a099950d8, "1.0613447212142254e-202"),
            (0x6b0d549b6f03675a, "4.708325160387546e+207"),
            (0x3d9c172411e20b8f, "6.387016158513563e-12"),
            (0x8d116ece1738f7d9, "-9.973130378568733e-246"),
            (0xc1026d8cf945b304, "-150961.62171497208"),
            (0x4123f3107faa06d8, "653704.249344076"),
            (0xc126f61827c86326, "-752396.0777007088"),
            (0xc120e464243e0f0c, "-553522.0707859709"),
            (0x410f1c938ef929c8, "254866.4448111786"),
            (0x412b5373c5137304, "895417.8849140112"),
            (0x4102d2ef2d898ad0, "154205.89723499725"),
            (0xc109397867d49564, "-206639.0506984397"),
        ] {
            assert_eq!(float(f64::from_bits(bits)), python, "{bits:#x}");
        }
    }

    #[test]
    fn strings_escape_like_ensure_ascii() {
        let mut s = String::new();
        write_str(&mut s, "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{7f}é€😀/");
        assert_eq!(
            s,
            r#""a\"b\\c\n\r\t\b\f\u0001\u007f\u00e9\u20ac\ud83d\ude00/""#
        );
    }
}

//! JSON text exactly as Python's `json.dumps` writes it with its defaults,
//! which is what PynamoDB's `JSONAttribute` stores: `", "` and `": "`
//! separators, everything outside printable ASCII as lowercase `\uXXXX`
//! escapes (astral characters as surrogate pairs), floats as Python's
//! `repr` (`1e+16`, `1e-05`, `100.0`), `NaN`, `Infinity` and `-Infinity`,
//! integers of any width as digits, and keys in the order the value
//! serializes them.
//!
//! A serde `Serializer` of its own rather than a `serde_json` formatter:
//! `serde_json`'s formatter is `std`-only and writes non-finite floats as
//! `null`, which would silently change stored data.

use alloc::string::{String, ToString};
use core::fmt::{self, Display, LowerExp, Write as _};

use serde::ser::{self, Serialize};

/// Why a value could not be written as JSON text.
#[derive(Debug)]
pub struct DumpsError(pub String);

impl Display for DumpsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for DumpsError {}

impl ser::Error for DumpsError {
    fn custom<T: Display>(msg: T) -> Self {
        DumpsError(msg.to_string())
    }
}

/// `value` as Python's `json.dumps(value)` writes it.
pub fn dumps<T: Serialize + ?Sized>(value: &T) -> Result<String, DumpsError> {
    let mut out = Dumps { out: String::new() };
    value.serialize(&mut out)?;
    Ok(out.out)
}

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

struct Dumps {
    out: String,
}

/// An array or object being written: whether an element came before.
pub struct Compound<'a> {
    ser: &'a mut Dumps,
    first: bool,
    /// Closes a `{"Variant": …}` wrapper after the container.
    variant: bool,
}

impl Compound<'_> {
    fn separator(&mut self) {
        if !self.first {
            self.ser.out.push_str(", ");
        }
        self.first = false;
    }

    fn close(self, bracket: char) {
        self.ser.out.push(bracket);
        if self.variant {
            self.ser.out.push('}');
        }
    }
}

impl Dumps {
    fn open(&mut self, bracket: char, variant: Option<&str>) -> Compound<'_> {
        if let Some(name) = variant {
            self.out.push('{');
            write_str(&mut self.out, name);
            self.out.push_str(": ");
        }
        self.out.push(bracket);
        Compound {
            ser: self,
            first: true,
            variant: variant.is_some(),
        }
    }

    fn display(&mut self, v: impl Display) -> Result<(), DumpsError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Dumps {
    type Ok = ();
    type Error = DumpsError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), DumpsError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), DumpsError> {
        self.display(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), DumpsError> {
        write_float(&mut self.out, v, v.is_finite(), v.is_nan());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), DumpsError> {
        write_float(&mut self.out, v, v.is_finite(), v.is_nan());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), DumpsError> {
        let mut buf = [0u8; 4];
        write_str(&mut self.out, v.encode_utf8(&mut buf));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), DumpsError> {
        write_str(&mut self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), DumpsError> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), DumpsError> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), DumpsError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), DumpsError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), DumpsError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), DumpsError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), DumpsError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), DumpsError> {
        self.out.push('{');
        write_str(&mut self.out, variant);
        self.out.push_str(": ");
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('[', None))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('[', None))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('[', None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('[', Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('{', None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('{', None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, DumpsError> {
        Ok(self.open('{', Some(variant)))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DumpsError> {
        self.separator();
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), DumpsError> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DumpsError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), DumpsError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DumpsError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), DumpsError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DumpsError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), DumpsError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), DumpsError> {
        self.separator();
        key.serialize(KeyDumps(&mut self.ser.out))?;
        self.ser.out.push_str(": ");
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DumpsError> {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), DumpsError> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), DumpsError> {
        ser::SerializeMap::serialize_entry(self, key, value)
    }
    fn end(self) -> Result<(), DumpsError> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = DumpsError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), DumpsError> {
        ser::SerializeMap::serialize_entry(self, key, value)
    }
    fn end(self) -> Result<(), DumpsError> {
        self.close('}');
        Ok(())
    }
}

/// Object keys: strings as they are; integers and booleans as their text,
/// the way `json.dumps` turns `{1: …}` and `{True: …}` keys into strings.
struct KeyDumps<'a>(&'a mut String);

impl KeyDumps<'_> {
    fn text(self, v: impl Display) -> Result<(), DumpsError> {
        write_str(self.0, &v.to_string());
        Ok(())
    }
}

fn key_error() -> DumpsError {
    DumpsError("a JSON object key must be a string, an integer or a bool".into())
}

macro_rules! refuse_keys {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<(), DumpsError> { Err(key_error()) })*
    };
}

impl ser::Serializer for KeyDumps<'_> {
    type Ok = ();
    type Error = DumpsError;
    type SerializeSeq = ser::Impossible<(), DumpsError>;
    type SerializeTuple = ser::Impossible<(), DumpsError>;
    type SerializeTupleStruct = ser::Impossible<(), DumpsError>;
    type SerializeTupleVariant = ser::Impossible<(), DumpsError>;
    type SerializeMap = ser::Impossible<(), DumpsError>;
    type SerializeStruct = ser::Impossible<(), DumpsError>;
    type SerializeStructVariant = ser::Impossible<(), DumpsError>;

    fn serialize_str(self, v: &str) -> Result<(), DumpsError> {
        write_str(self.0, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_bool(self, v: bool) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), DumpsError> {
        self.text(v)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), DumpsError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), DumpsError> {
        value.serialize(self)
    }
    refuse_keys!(
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), DumpsError> {
        Err(key_error())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), DumpsError> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, DumpsError> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, DumpsError> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, DumpsError> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, DumpsError> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, DumpsError> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, DumpsError> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, DumpsError> {
        Err(key_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;

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
    fn strings_escape_like_ensure_ascii() {
        let mut s = String::new();
        write_str(&mut s, "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{7f}é€😀/");
        assert_eq!(
            s,
            r#""a\"b\\c\n\r\t\b\f\u0001\u007f\u00e9\u20ac\ud83d\ude00/""#
        );
    }

    #[test]
    fn containers_use_python_separators_and_keep_field_order() {
        #[derive(serde::Serialize)]
        struct Doc {
            zeta: u128,
            alpha: (bool, Option<i8>),
            list: Vec<f64>,
            empty: Vec<u8>,
        }
        let doc = Doc {
            zeta: 123456789012345678901234567890,
            alpha: (true, None),
            list: vec![1.0, f64::NAN],
            empty: vec![],
        };
        assert_eq!(
            dumps(&doc).unwrap(),
            r#"{"zeta": 123456789012345678901234567890, "alpha": [true, null], "list": [1.0, NaN], "empty": []}"#
        );
    }

    #[test]
    fn integer_keys_write_as_strings_and_float_keys_are_refused() {
        let map: alloc::collections::BTreeMap<i32, &str> = [(1, "a"), (-2, "b")].into();
        assert_eq!(dumps(&map).unwrap(), r#"{"-2": "b", "1": "a"}"#);
        let map: alloc::collections::BTreeMap<bool, u8> = [(true, 1)].into();
        assert_eq!(dumps(&map).unwrap(), r#"{"true": 1}"#);
        let floats = [(1u8, 2u8)].into_iter().collect::<Vec<_>>();
        assert_eq!(dumps(&floats).unwrap(), "[[1, 2]]");
        struct FloatKey;
        impl Serialize for FloatKey {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry(&1.5f64, &1)?;
                m.end()
            }
        }
        assert!(dumps(&FloatKey).is_err());
    }
}

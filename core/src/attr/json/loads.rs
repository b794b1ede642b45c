//! JSON text read as Python's `json.loads` reads it, into any serde type:
//! `NaN`, `Infinity` and `-Infinity` are numbers, and integers wider than
//! 64 bits stay exact (they read into `i128`/`u128`, or fail, never
//! turning into a float behind the caller's back).
//!
//! Non-finite numbers only read into `f32`/`f64` targets: a self-describing
//! target (`serde_json::Value`, untagged enums) cannot hold them, and
//! `serde_json::Value` would silently turn them into `null`, so those get
//! an error naming [`JsonText`](super::JsonText) as the way to keep them.

use alloc::string::{String, ToString};
use core::fmt::{self, Display};

use serde::de::{self, Deserialize, DeserializeSeed, IntoDeserializer, Visitor};

use super::lex::{Loads, Num};

/// Why JSON text did not read into the type.
#[derive(Debug)]
pub struct LoadsError(pub String);

impl Display for LoadsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for LoadsError {}

impl de::Error for LoadsError {
    fn custom<T: Display>(msg: T) -> Self {
        LoadsError(msg.to_string())
    }
}

/// Reads `text` (one JSON value, surrounding whitespace allowed) into `T`.
pub fn loads<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, LoadsError> {
    read(text, false)
}

/// Checks `text` is one JSON value Python's `json.loads` reads, lone
/// surrogate escapes and integers of any size included.
pub fn check(text: &str) -> Result<(), LoadsError> {
    read::<de::IgnoredAny>(text, true).map(drop)
}

fn read<T: for<'de> Deserialize<'de>>(text: &str, lenient: bool) -> Result<T, LoadsError> {
    let mut de = Loads {
        input: text.as_bytes(),
        pos: 0,
        depth: 0,
        lenient,
    };
    let value = T::deserialize(&mut de)?;
    de.space();
    if de.pos != de.input.len() {
        return Err(de.error("trailing characters"));
    }
    Ok(value)
}

const NON_FINITE: &str = "NaN and Infinity (and numbers beyond f64's range) only read into f32/f64 fields (serde_json::Value cannot hold them: read the attribute as JsonText)";

fn visit_int<'de, V: Visitor<'de>>(text: &str, visitor: V) -> Result<V::Value, LoadsError> {
    if let Ok(v) = text.parse::<u64>() {
        visitor.visit_u64(v)
    } else if let Ok(v) = text.parse::<i64>() {
        visitor.visit_i64(v)
    } else if let Ok(v) = text.parse::<u128>() {
        visitor.visit_u128(v)
    } else if let Ok(v) = text.parse::<i128>() {
        visitor.visit_i128(v)
    } else {
        Err(LoadsError(alloc::format!(
            "integer {text} is wider than 128 bits: read the attribute as JsonText to keep it exactly"
        )))
    }
}

fn parse_float(text: &str) -> Result<f64, LoadsError> {
    text.parse::<f64>()
        .map_err(|_| LoadsError(alloc::format!("invalid number {text}")))
}

impl<'de> de::Deserializer<'de> for &mut Loads<'_> {
    type Error = LoadsError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LoadsError> {
        match self.peek() {
            Some(b'{') => {
                self.enter()?;
                let value = visitor.visit_map(Entries {
                    de: &mut *self,
                    first: true,
                })?;
                self.expect_end(b'}')?;
                Ok(value)
            }
            Some(b'[') => {
                self.enter()?;
                let value = visitor.visit_seq(Entries {
                    de: &mut *self,
                    first: true,
                })?;
                self.expect_end(b']')?;
                Ok(value)
            }
            Some(b'"') => visitor.visit_string(self.string()?),
            Some(b't') if self.word(b"true") => visitor.visit_bool(true),
            Some(b'f') if self.word(b"false") => visitor.visit_bool(false),
            Some(b'n') if self.word(b"null") => visitor.visit_unit(),
            Some(b'-' | b'0'..=b'9' | b'N' | b'I') => match self.number()? {
                Num::Int(text) => visit_int(text, visitor),
                Num::Float(text) => match parse_float(text)? {
                    // `1e400` reads as infinity, which only a float holds.
                    v if v.is_finite() => visitor.visit_f64(v),
                    _ => Err(self.error(NON_FINITE)),
                },
                Num::NonFinite(_) => Err(self.error(NON_FINITE)),
            },
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end")),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LoadsError> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9' | b'N' | b'I') => match self.number()? {
                Num::Int(text) | Num::Float(text) => visitor.visit_f64(parse_float(text)?),
                Num::NonFinite(v) => visitor.visit_f64(v),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LoadsError> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9' | b'N' | b'I') => match self.number()? {
                Num::Int(text) | Num::Float(text) => visitor.visit_f32(
                    text.parse::<f32>()
                        .map_err(|_| self.error("invalid number"))?,
                ),
                Num::NonFinite(v) => visitor.visit_f32(v as f32),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LoadsError> {
        if let Some(b'N' | b'I' | b'-' | b'0'..=b'9') = self.peek() {
            self.number()?;
            return visitor.visit_unit();
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LoadsError> {
        if self.peek() == Some(b'n') && self.word(b"null") {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, LoadsError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, LoadsError> {
        match self.peek() {
            Some(b'"') => visitor.visit_enum(self.string()?.into_deserializer()),
            Some(b'{') => {
                self.enter()?;
                let value = visitor.visit_enum(Variant { de: &mut *self })?;
                self.expect_end(b'}')?;
                Ok(value)
            }
            _ => Err(self.error("expected an enum (a string or a one-key object)")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The elements of an array or the entries of an object.
struct Entries<'a, 'b> {
    de: &'a mut Loads<'b>,
    first: bool,
}

impl Entries<'_, '_> {
    /// Whether another element or entry follows (consuming its comma).
    fn more(&mut self, close: u8) -> Result<bool, LoadsError> {
        match self.de.peek() {
            Some(b) if b == close => Ok(false),
            Some(b',') if !self.first => {
                self.de.pos += 1;
                Ok(true)
            }
            Some(_) if self.first => {
                self.first = false;
                Ok(true)
            }
            _ => Err(self.de.error("expected `,` or a closing bracket")),
        }
    }
}

impl<'de> de::SeqAccess<'de> for Entries<'_, '_> {
    type Error = LoadsError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, LoadsError> {
        if !self.more(b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = LoadsError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, LoadsError> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        if self.de.peek() != Some(b'"') {
            return Err(self.de.error("expected a string key"));
        }
        let key = self.de.string()?;
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, LoadsError> {
        if self.de.peek() != Some(b':') {
            return Err(self.de.error("expected `:`"));
        }
        self.de.pos += 1;
        seed.deserialize(&mut *self.de)
    }
}

/// `{"Variant": value}`.
struct Variant<'a, 'b> {
    de: &'a mut Loads<'b>,
}

impl<'de, 'a, 'b> de::EnumAccess<'de> for Variant<'a, 'b> {
    type Error = LoadsError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self), LoadsError> {
        if self.de.peek() != Some(b'"') {
            return Err(self.de.error("expected a variant name"));
        }
        let name = self.de.string()?;
        let value = seed.deserialize(name.into_deserializer())?;
        if self.de.peek() != Some(b':') {
            return Err(self.de.error("expected `:`"));
        }
        self.de.pos += 1;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, '_> {
    type Error = LoadsError;

    fn unit_variant(self) -> Result<(), LoadsError> {
        de::Deserialize::deserialize(&mut *self.de)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, LoadsError> {
        seed.deserialize(&mut *self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, LoadsError> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, LoadsError> {
        de::Deserializer::deserialize_any(&mut *self.de, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;
    use alloc::vec;
    use alloc::vec::Vec;

    #[test]
    fn non_finite_numbers_read_into_floats() {
        let v: Vec<f64> = loads("[NaN, Infinity, -Infinity, 1, -0.5e1]").unwrap();
        assert!(v[0].is_nan());
        assert_eq!(&v[1..], &[f64::INFINITY, f64::NEG_INFINITY, 1.0, -5.0]);
        let v: Option<f32> = loads(" NaN ").unwrap();
        assert!(v.unwrap().is_nan());
    }

    #[test]
    fn non_finite_numbers_into_a_value_are_an_error_not_null() {
        for text in [r#"{"a": NaN}"#, "[-Infinity]", "1e400"] {
            let err = loads::<serde_json::Value>(text).unwrap_err();
            assert!(err.0.contains("JsonText"), "{err}");
        }
        assert_eq!(loads::<f64>("1e400").unwrap(), f64::INFINITY);
    }

    #[test]
    fn wide_integers_stay_exact_or_fail() {
        let v: u128 = loads("123456789012345678901234567890").unwrap();
        assert_eq!(v, 123456789012345678901234567890);
        let v: i128 = loads("-123456789012345678901234567890").unwrap();
        assert_eq!(v, -123456789012345678901234567890);
        // A Value holds at most 64 bits: an error, never a float.
        assert!(loads::<serde_json::Value>("18446744073709551616").is_err());
        assert_eq!(
            loads::<serde_json::Value>("18446744073709551615").unwrap(),
            serde_json::json!(18446744073709551615u64)
        );
        assert!(loads::<serde_json::Value>(&"9".repeat(40)).is_err());
    }

    #[test]
    fn strings_unescape_and_lone_surrogates_are_an_error() {
        let v: String = loads(r#""\u00e9\ud83d\ude00 \"\\\/\b\f\n\r\t""#).unwrap();
        assert_eq!(v, "é😀 \"\\/\u{8}\u{c}\n\r\t");
        assert!(
            loads::<String>(r#""\ud800""#)
                .unwrap_err()
                .0
                .contains("surrogate")
        );
        assert!(loads::<String>("\"a\u{1}\"").is_err());
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        let text = r#"{"b": [1, -2, 2.5, true, false, null, "x"], "a": {"k": {}}, "e": []}"#;
        let ours: serde_json::Value = loads(text).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        let map: BTreeMap<String, Vec<u8>> = loads(r#"{"x": [1, 2]}"#).unwrap();
        assert_eq!(map["x"], vec![1, 2]);
    }

    #[test]
    fn enums_and_malformed_text() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        enum E {
            A,
            B(u8),
            C { x: f64 },
        }
        assert_eq!(loads::<E>(r#""A""#).unwrap(), E::A);
        assert_eq!(loads::<E>(r#"{"B": 3}"#).unwrap(), E::B(3));
        assert!(loads::<E>(r#"{"C": {"x": NaN}}"#).is_ok());
        for bad in [
            "",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{1: 2}",
            "01",
            "1.",
            "[",
            "nul",
            "1 2",
            "-",
        ] {
            assert!(loads::<serde_json::Value>(bad).is_err(), "{bad}");
        }
        assert!(loads::<serde_json::Value>(&"[".repeat(200)).is_err());
    }
}

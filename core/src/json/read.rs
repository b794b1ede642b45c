//! Reading DynamoDB JSON: `Deserialize` for [`AttributeValue`] and [`Number`],
//! used straight on response bytes.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::{DecodeError, DecodeErrorKind};
use crate::number::Number;
use crate::value::{AttributeValue, Item};

/// Parses response bytes into `T`, mapping JSON errors to [`DecodeError`].
pub(crate) fn from_slice<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, DecodeError> {
    serde_json::from_slice(bytes)
        .map_err(|e| DecodeError::new(DecodeErrorKind::Json(alloc::format!("{e}"))))
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number as a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                Number::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(NumberVisitor)
    }
}

/// Base64 text decoded into bytes.
struct Base64(Vec<u8>);

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Base64Visitor;
        impl Visitor<'_> for Base64Visitor {
            type Value = Base64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("base64 text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Base64, E> {
                STANDARD
                    .decode(v)
                    .map(Base64)
                    .map_err(|e| E::custom(alloc::format!("invalid base64: {e}")))
            }
        }
        d.deserialize_str(Base64Visitor)
    }
}

/// A sequence of base64 strings.
struct Base64Set(Vec<Vec<u8>>);

impl<'de> Deserialize<'de> for Base64Set {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SetVisitor;
        impl<'de> Visitor<'de> for SetVisitor {
            type Value = Base64Set;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of base64 strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Base64Set, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(Base64(b)) = seq.next_element()? {
                    out.push(b);
                }
                Ok(Base64Set(out))
            }
        }
        d.deserialize_seq(SetVisitor)
    }
}

/// The single key of an attribute value object.
enum Tag {
    S,
    N,
    B,
    Bool,
    Null,
    M,
    L,
    Ss,
    Ns,
    Bs,
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TagVisitor;
        impl Visitor<'_> for TagVisitor {
            type Value = Tag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an attribute type (S, N, B, BOOL, NULL, M, L, SS, NS, BS)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Tag, E> {
                Ok(match v {
                    "S" => Tag::S,
                    "N" => Tag::N,
                    "B" => Tag::B,
                    "BOOL" => Tag::Bool,
                    "NULL" => Tag::Null,
                    "M" => Tag::M,
                    "L" => Tag::L,
                    "SS" => Tag::Ss,
                    "NS" => Tag::Ns,
                    "BS" => Tag::Bs,
                    other => {
                        return Err(E::custom(alloc::format!(
                            "unknown attribute type `{other}`"
                        )));
                    }
                })
            }
        }
        d.deserialize_identifier(TagVisitor)
    }
}

impl<'de> Deserialize<'de> for AttributeValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = AttributeValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an attribute value object such as {\"S\":\"x\"}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AttributeValue, A::Error> {
        let tag: Tag = map
            .next_key()?
            .ok_or_else(|| de::Error::custom("empty attribute value"))?;
        let value = match tag {
            Tag::S => AttributeValue::S(map.next_value::<String>()?),
            Tag::N => AttributeValue::N(map.next_value()?),
            Tag::B => AttributeValue::B(map.next_value::<Base64>()?.0),
            Tag::Bool => AttributeValue::Bool(map.next_value()?),
            Tag::Null => {
                map.next_value::<IgnoredAny>()?;
                AttributeValue::Null
            }
            Tag::M => AttributeValue::M(map.next_value::<Item>()?),
            Tag::L => AttributeValue::L(map.next_value()?),
            Tag::Ss => AttributeValue::Ss(map.next_value()?),
            Tag::Ns => AttributeValue::Ns(map.next_value()?),
            Tag::Bs => AttributeValue::Bs(map.next_value::<Base64Set>()?.0),
        };
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom("attribute value has more than one type"));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::write_item;
    use alloc::vec;

    #[test]
    fn reads_every_value_type() {
        let body = br#"{"s":{"S":"x\u00e9"},"n":{"N":"-1.5E+3"},"b":{"B":"aGkh"},"t":{"BOOL":true},"z":{"NULL":true},
            "m":{"M":{"k":{"L":[{"N":"1"}]}}},"ss":{"SS":["a"]},"ns":{"NS":["1","2"]},"bs":{"BS":["/w=="]}}"#;
        let item: Item = from_slice(body).unwrap();
        assert_eq!(item["s"], AttributeValue::S("xé".into()));
        assert_eq!(
            item["n"],
            AttributeValue::N(Number::parse("-1500").unwrap())
        );
        assert_eq!(item["b"], AttributeValue::B(b"hi!".to_vec()));
        assert_eq!(item["t"], AttributeValue::Bool(true));
        assert_eq!(item["z"], AttributeValue::Null);
        assert_eq!(item["bs"], AttributeValue::Bs(vec![vec![0xff]]));
        let mut back = Vec::new();
        write_item(&mut back, &item).unwrap();
        let again: Item = from_slice(&back).unwrap();
        assert_eq!(again, item);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for bad in [
            &br#"{"a":{}}"#[..],
            br#"{"a":{"X":"1"}}"#,
            br#"{"a":{"N":"abc"}}"#,
            br#"{"a":{"B":"***"}}"#,
            br#"{"a":{"S":"x","N":"1"}}"#,
            br#"{"a":{"S":1}}"#,
            br#"{"a":"#,
            b"\xff",
        ] {
            assert!(
                from_slice::<Item>(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}

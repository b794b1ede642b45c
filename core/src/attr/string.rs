//! `String` ⇄ `S` (PynamoDB `UnicodeAttribute`).

use alloc::string::String;
use alloc::vec::Vec;

use super::{Attribute, KeyAttribute};
use crate::error::{DecodeError, EncodeError};
use crate::value::{AttributeValue, ScalarAttributeType};

impl Attribute for String {
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::S(self.clone()))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::S(s) => Ok(s),
            other => Err(DecodeError::wrong_type("S", other.value_type())),
        }
    }

    /// A JSON string; anything else is refused as `from_value` refuses
    /// it, with the same errors.
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        crate::json::simple::read_simple_string(r)
    }

    /// The plain-JSON view (a JSON string), written without a copy.
    fn write_simple(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        crate::json::write_str(buf, self);
        Ok(())
    }

    fn write_value(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        buf.extend_from_slice(b"{\"S\":");
        crate::json::write_str(buf, self);
        buf.push(b'}');
        Ok(())
    }
}

impl KeyAttribute for String {
    const KEY_TYPE: ScalarAttributeType = ScalarAttributeType::S;
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    /// What the default `read_simple` did: reads the untyped value, then
    /// converts.
    fn via_untyped(json: &str) -> Result<String, DecodeError> {
        crate::json::parse(json.as_bytes(), |r| {
            String::from_value(crate::json::simple::read_untyped(r)?)
        })
    }

    #[test]
    fn a_string_reads_plain_json_as_the_untyped_value_did() {
        for json in [
            r#""plain""#,
            r#""esc \" \\ \u00e9 \ud834\udd1e""#,
            r#""""#,
            "null",
            "true",
            "false",
            "12.5",
            "-0",
            "1e400000000000",
            "123456789012345678901234567890123456789012",
            "[]",
            r#"[1, "a", null, [true, {}]]"#,
            r#"[1, [2, 1e400000000000]]"#,
            "{}",
            r#"{"a": {"b": [1, 2, 1234567890123456789012345678901234567890123]}}"#,
            r#"{"a": 1, "a": "twice"}"#,
            r#"{"a": "\ud800"}"#,
            r#"["\ud800"]"#,
            r#"[1,]"#,
            r#"{"a" 1}"#,
            r#""open"#,
            "nul",
            "[1 2]",
            "",
        ] {
            let direct = crate::json::parse(json.as_bytes(), String::read_simple);
            assert_eq!(direct, via_untyped(json), "{json}");
            assert_eq!(
                direct.as_ref().map_err(ToString::to_string),
                via_untyped(json).as_ref().map_err(ToString::to_string),
                "{json}"
            );
        }
        assert_eq!(
            crate::json::parse(br#""x\ty""#, String::read_simple).unwrap(),
            "x\ty"
        );
    }

    #[test]
    fn a_string_writes_the_same_plain_json_as_its_stored_value() {
        for s in [
            "",
            "plain",
            "quote \" back \\ slash",
            "ctrl \u{1}\n\t",
            "Zoë ✓ 𝄞",
        ] {
            let s = String::from(s);
            let (mut direct, mut via_value) = (Vec::new(), Vec::new());
            s.write_simple(&mut direct).unwrap();
            crate::json::simple::write_simple_value(&mut via_value, &s.to_value().unwrap());
            assert_eq!(direct, via_value);
        }
    }
}

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

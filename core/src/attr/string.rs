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

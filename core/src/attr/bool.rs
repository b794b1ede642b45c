//! `bool` ⇄ `BOOL` (PynamoDB `BooleanAttribute`).

use alloc::vec::Vec;

use super::Attribute;
use crate::error::{DecodeError, EncodeError};
use crate::value::AttributeValue;

impl Attribute for bool {
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::Bool(*self))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::Bool(b) => Ok(b),
            other => Err(DecodeError::wrong_type("BOOL", other.value_type())),
        }
    }

    fn write_value(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        buf.extend_from_slice(if *self {
            b"{\"BOOL\":true}"
        } else {
            b"{\"BOOL\":false}"
        });
        Ok(())
    }
}

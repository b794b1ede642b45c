//! [`AttributeValue`] as an attribute: a raw, dynamic value stored as is.

use super::Attribute;
use crate::error::{DecodeError, EncodeError};
use crate::value::AttributeValue;

impl Attribute for AttributeValue {
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(self.clone())
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        Ok(value)
    }
}

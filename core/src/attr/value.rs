//! [`AttributeValue`] as an attribute: a raw, dynamic value stored as is.

use super::Attribute;
use crate::error::{DecodeError, EncodeError};
use crate::value::AttributeValue;

impl Attribute for AttributeValue {
    /// The value as it is, once checked against what DynamoDB refuses
    /// (the same checks as writing it).
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        crate::json::write::check_value(self)?;
        Ok(self.clone())
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        Ok(value)
    }
}

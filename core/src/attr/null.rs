//! [`Null`] ⇄ `NULL` (PynamoDB `NullAttribute`).

use super::Attribute;
use crate::error::{DecodeError, EncodeError};
use crate::value::AttributeValue;

/// An explicit `NULL` attribute, always written as `{"NULL":true}`. An
/// absent attribute reads as `Null` too: it carries nothing either way, and
/// PynamoDB leaves a `None` `NullAttribute` out of items and plain views.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Null;

impl Attribute for Null {
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::Null)
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::Null => Ok(Null),
            other => Err(DecodeError::wrong_type("NULL", other.value_type())),
        }
    }

    fn from_missing() -> Result<Self, DecodeError> {
        Ok(Null)
    }
}

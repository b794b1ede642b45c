//! `Option<T>`: `None` leaves the attribute out of the item (PynamoDB
//! `null=True`); a stored `NULL` also reads as `None`, as PynamoDB does.

use alloc::vec::Vec;

use super::Attribute;
use crate::error::{DecodeError, EncodeError};
use crate::value::AttributeValue;

impl<T: Attribute> Attribute for Option<T> {
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        if r.null() {
            Ok(None)
        } else {
            T::read_simple(r).map(Some)
        }
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        match self {
            Some(v) => v.to_value(),
            None => Ok(AttributeValue::Null),
        }
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }

    fn is_absent(&self) -> bool {
        self.as_ref().is_none_or(T::is_absent)
    }

    fn from_missing() -> Result<Self, DecodeError> {
        Ok(None)
    }

    fn write_simple(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        match self {
            Some(v) => v.write_simple(buf),
            None => {
                buf.extend_from_slice(b"null");
                Ok(())
            }
        }
    }

    fn write_value(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        match self {
            Some(v) => v.write_value(buf),
            None => {
                buf.extend_from_slice(b"{\"NULL\":true}");
                Ok(())
            }
        }
    }
}

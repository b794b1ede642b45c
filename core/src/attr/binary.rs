//! Binary ⇄ `B`: `Vec<u8>` (PynamoDB `BinaryAttribute(legacy_encoding=False)`),
//! and [`LegacyBinary`] for data PynamoDB 5 and older wrote.

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use super::{Attribute, KeyAttribute};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::value::{AttributeValue, ScalarAttributeType};

impl Attribute for Vec<u8> {
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        crate::json::simple::read_simple_base64(r)
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::B(self.clone()))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::B(b) => Ok(b),
            other => Err(DecodeError::wrong_type("B", other.value_type())),
        }
    }

    fn write_value(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        buf.extend_from_slice(b"{\"B\":");
        crate::json::write_base64(buf, self);
        buf.push(b'}');
        Ok(())
    }
}

impl KeyAttribute for Vec<u8> {
    const KEY_TYPE: ScalarAttributeType = ScalarAttributeType::B;
}

/// Binary in PynamoDB's legacy encoding (`legacy_encoding=True`, the default
/// before PynamoDB 6): the bytes are base64-encoded once more before the
/// wire's own base64. Use it to read and write tables PynamoDB 5 wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LegacyBinary(pub Vec<u8>);

fn legacy_encode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    crate::base64::encode_into(&mut out, bytes);
    out
}

fn legacy_decode(stored: &[u8]) -> Result<Vec<u8>, DecodeError> {
    crate::base64::decode(stored).map_err(|e| DecodeError::new(DecodeErrorKind::Base64(e)))
}

impl Attribute for LegacyBinary {
    /// The plain view holds the stored form (base64 text), base64-encoded
    /// once more like all binary.
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        Self::from_value(AttributeValue::B(crate::json::simple::read_simple_base64(
            r,
        )?))
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::B(legacy_encode(&self.0)))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::B(b) => legacy_decode(&b).map(LegacyBinary),
            other => Err(DecodeError::wrong_type("B", other.value_type())),
        }
    }
}

impl KeyAttribute for LegacyBinary {
    const KEY_TYPE: ScalarAttributeType = ScalarAttributeType::B;
}

/// A binary set in PynamoDB's legacy encoding (`BinarySetAttribute(legacy_encoding=True)`).
/// An empty set is left out of the item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegacyBinarySet(pub BTreeSet<Vec<u8>>);

impl Attribute for LegacyBinarySet {
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        let stored =
            crate::json::simple::read_simple_list(r, crate::json::simple::read_simple_base64)?;
        Self::from_value(AttributeValue::Bs(stored))
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::Bs(
            self.0.iter().map(|b| legacy_encode(b)).collect(),
        ))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::Bs(set) => set
                .iter()
                .map(|b| legacy_decode(b))
                .collect::<Result<_, _>>()
                .map(LegacyBinarySet),
            AttributeValue::Null => Ok(LegacyBinarySet::default()),
            other => Err(DecodeError::wrong_type("BS", other.value_type())),
        }
    }

    fn is_absent(&self) -> bool {
        self.0.is_empty()
    }

    fn from_missing() -> Result<Self, DecodeError> {
        Ok(LegacyBinarySet::default())
    }
}

//! `Vec<T>` ⇄ `L` (PynamoDB `ListAttribute(of=…)`). Elements that would be
//! absent (a `None`, an empty set) are stored as `NULL`, as PynamoDB does.

use alloc::vec::Vec;

use super::Attribute;
use crate::error::{DecodeError, EncodeError};
use crate::value::AttributeValue;

impl<T: Attribute> Attribute for Vec<T> {
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        crate::json::simple::read_simple_list(r, |r| {
            if crate::json::simple::next_is_null(r)?
                && let Ok(missing) = T::from_missing()
            {
                r.null();
                return Ok(missing);
            }
            T::read_simple(r)
        })
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        let mut out = Vec::with_capacity(self.len());
        for (i, v) in self.iter().enumerate() {
            out.push(
                if v.is_absent() {
                    Ok(AttributeValue::Null)
                } else {
                    v.to_value()
                }
                .map_err(|e| e.at_index(i))?,
            );
        }
        Ok(AttributeValue::L(out))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::L(list) => list
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    match v {
                        AttributeValue::Null => {
                            T::from_missing().or_else(|_| T::from_value(AttributeValue::Null))
                        }
                        v => T::from_value(v),
                    }
                    .map_err(|e| e.at_index(i))
                })
                .collect(),
            other => Err(DecodeError::wrong_type("L", other.value_type())),
        }
    }

    fn read_json(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        crate::json::fast::tagged(r, "L", super::field::list::<T>)
    }

    fn write_simple(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        write_elements(buf, self, b"null", T::write_simple)
    }

    fn write_value(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        buf.extend_from_slice(b"{\"L\":");
        write_elements(buf, self, b"{\"NULL\":true}", T::write_value)?;
        buf.push(b'}');
        Ok(())
    }
}

/// `[a,b,…]`, each element by `write`, an absent one (`None`) as `null`.
fn write_elements<T: Attribute>(
    buf: &mut Vec<u8>,
    items: &[T],
    null: &[u8],
    write: impl Fn(&T, &mut Vec<u8>) -> Result<(), EncodeError>,
) -> Result<(), EncodeError> {
    buf.push(b'[');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        if v.is_absent() {
            buf.extend_from_slice(null);
        } else {
            write(v, buf).map_err(|e| e.at_index(i))?;
        }
    }
    buf.push(b']');
    Ok(())
}

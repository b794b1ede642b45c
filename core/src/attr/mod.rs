//! Attribute codecs: how each Rust type is stored in DynamoDB, with
//! PynamoDB's exact encodings.
//!
//! | Rust type | DynamoDB | PynamoDB attribute |
//! |---|---|---|
//! | `String` | `S` | `UnicodeAttribute` |
//! | integers (not `u8`), `f32`, `f64`, [`Number`](crate::Number) | `N` | `NumberAttribute` |
//! | `Vec<u8>` | `B` | `BinaryAttribute(legacy_encoding=False)` |
//! | [`LegacyBinary`] | `B` holding base64 text | `BinaryAttribute(legacy_encoding=True)` |
//! | `bool` | `BOOL` | `BooleanAttribute` |
//! | [`UtcDateTime`] | `S` (`2026-01-01T00:00:00.000000+0000`) | `UTCDateTimeAttribute` |
//! | `Json<T>`, `serde_json::Value`, [`JsonText`] (feature `serde-json`) | `S` (JSON text, as Python's `json.dumps` writes it) | `JSONAttribute` |
//! | `Vec<T>` | `L` | `ListAttribute(of=…)` |
//! | `#[derive(Attribute)]` struct | `M` | `MapAttribute` subclass |
//! | `BTreeMap<String, T>`, [`Item`](crate::Item) | `M` | raw `MapAttribute` |
//! | `BTreeSet<String>` / numbers / `Vec<u8>` | `SS` / `NS` / `BS` | `Unicode/Number/BinarySetAttribute` |
//! | [`Null`] | `NULL` | `NullAttribute` |
//! | [`Ttl`] | `N` (epoch seconds) | `TTLAttribute` |
//! | `Option<T>` | absent when `None` | `null=True` |
//!
//! `u8` is deliberately not a number attribute, so that `Vec<u8>` can be binary.

mod binary;
mod bool;
mod datetime;
pub(crate) mod field;
#[cfg(feature = "serde-json")]
mod json;
mod list;
mod map;
mod null;
mod number;
mod option;
pub(crate) mod polymorphic;
mod set;
mod string;
mod ttl;
mod value;

use alloc::string::String;
use alloc::vec::Vec;

pub use binary::{LegacyBinary, LegacyBinarySet};
pub use datetime::UtcDateTime;
#[cfg(feature = "serde-json")]
pub use json::{Json, JsonText};
pub use null::Null;
pub use set::SetElement;
pub use ttl::Ttl;

use crate::error::{DecodeError, EncodeError, EncodeErrorKind};
use crate::value::{AttributeValue, ScalarAttributeType};

/// A Rust type that is stored as one DynamoDB attribute value.
///
/// Implement it by hand for custom encodings, or derive it: a struct derives
/// as a map (`M`), a fieldless enum as its variant names (`S`).
pub trait Attribute: Sized {
    /// For a map that names its type (PynamoDB's `DiscriminatorAttribute`
    /// on a `MapAttribute`): the attribute inside the map and this type's
    /// value in it (`#[rynamo(discriminator = "cls", discriminator_value =
    /// "circle")]` on a derived struct).
    const DISCRIMINATOR: Option<(&'static str, &'static str)> = None;
    /// Further values that read as this type (PynamoDB's `register_class`
    /// with a second value); it is always written with its own.
    const DISCRIMINATOR_ALIASES: &'static [&'static str] = &[];

    /// Encodes the value. Types that can be absent ([`Attribute::is_absent`])
    /// encode as `NULL` where a value is required, such as inside a list.
    fn to_value(&self) -> Result<AttributeValue, EncodeError>;

    /// Decodes a stored value, taking ownership so strings and lists move
    /// rather than copy.
    fn from_value(value: AttributeValue) -> Result<Self, DecodeError>;

    /// Whether a map field holding this value is left out of the item
    /// (`None`, an empty set). DynamoDB stores no empty sets.
    fn is_absent(&self) -> bool {
        false
    }

    /// The value of a field whose attribute is not in the item. Required
    /// types fail with [`DecodeErrorKind::Missing`](crate::error::DecodeErrorKind::Missing).
    fn from_missing() -> Result<Self, DecodeError> {
        Err(DecodeError::missing())
    }

    /// Reads the value from its plain-JSON view ([`crate::json::simple`]).
    /// The default reads JSON's own types (strings as `S`, arrays as `L`…);
    /// types stored otherwise (binary, sets, maps of typed fields) override it.
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        Self::from_value(crate::json::simple::read_untyped(r)?)
    }

    /// [`Attribute::read_simple`] on a `serde_json::Value` (feature
    /// `serde-json`).
    #[cfg(feature = "serde-json")]
    fn from_simple(value: serde_json::Value) -> Result<Self, DecodeError> {
        crate::json::simple::from_value(&value, Self::read_simple)
    }

    /// Writes the value's plain-JSON view (PynamoDB's `to_simple_dict`). The
    /// default writes the stored value by JSON's own types, numbers as JSON
    /// numbers only where every reader gets them back exactly (else as
    /// text); floats write their shortest text, containers their elements.
    fn write_simple(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        crate::json::simple::write_simple_value(buf, &self.to_value()?);
        Ok(())
    }

    /// Writes the value's JSON straight into a request body. The default goes
    /// through [`Attribute::to_value`]; scalar types write directly.
    fn write_value(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        crate::json::write_value(buf, &self.to_value()?)
    }

    /// Reads the value straight from its DynamoDB JSON in a response
    /// (`{"S":"…"}`). The default reads an [`AttributeValue`] and calls
    /// [`Attribute::from_value`]; derived maps and lists read their parts
    /// directly. An override must give exactly what `from_value` gives, or
    /// fail (the decode rule: the caller then reads the bytes again through
    /// `from_value` for the typed error); its errors are never shown.
    fn read_json(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        Self::from_value(crate::json::read_value(r)?)
    }
}

/// An attribute type that can be a table or index key (`S`, `N` or `B`).
pub trait KeyAttribute: Attribute {
    /// The key's type in the table's attribute definitions.
    const KEY_TYPE: ScalarAttributeType;
}

/// Values usable where an attribute of type `T` is expected: `T` itself,
/// `&T`, and borrowed forms (`&str` for `String`, `&[u8]` for `Vec<u8>`).
///
/// This is what makes `Order::STATUS.eq(3)` fail to compile when `STATUS`
/// is not a number.
pub trait ValueOf<T> {
    /// Encodes the value as an attribute of type `T`.
    fn value_of(&self) -> Result<AttributeValue, EncodeError>;
}

impl<T: Attribute> ValueOf<T> for T {
    fn value_of(&self) -> Result<AttributeValue, EncodeError> {
        self.to_value()
    }
}

impl<T: Attribute> ValueOf<T> for &T {
    fn value_of(&self) -> Result<AttributeValue, EncodeError> {
        (*self).to_value()
    }
}

impl ValueOf<String> for &str {
    fn value_of(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::S((*self).into()))
    }
}

impl ValueOf<Vec<u8>> for &[u8] {
    fn value_of(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::B(self.to_vec()))
    }
}

/// DynamoDB's limit on a partition (hash) key value, in bytes.
pub const MAX_HASH_KEY_BYTES: usize = 2048;
/// DynamoDB's limit on a sort (range) key value, in bytes.
pub const MAX_RANGE_KEY_BYTES: usize = 1024;

/// Encodes a hash key value, rejecting what DynamoDB rejects in keys: empty
/// strings and empty binary, and values over [`MAX_HASH_KEY_BYTES`].
pub fn key_value<T: KeyAttribute, V: ValueOf<T> + ?Sized>(
    value: &V,
) -> Result<AttributeValue, EncodeError> {
    checked_key(value.value_of()?, MAX_HASH_KEY_BYTES)
}

/// Encodes a range key value: like [`key_value`], with DynamoDB's smaller
/// limit of [`MAX_RANGE_KEY_BYTES`].
pub fn range_key_value<T: KeyAttribute, V: ValueOf<T> + ?Sized>(
    value: &V,
) -> Result<AttributeValue, EncodeError> {
    checked_key(value.value_of()?, MAX_RANGE_KEY_BYTES)
}

fn checked_key(value: AttributeValue, limit: usize) -> Result<AttributeValue, EncodeError> {
    check_key_value(&value, limit)?;
    Ok(value)
}

/// Checks a key value against DynamoDB's key rules: a string or binary
/// value is not empty and at most `limit` bytes.
pub(crate) fn check_key_value(value: &AttributeValue, limit: usize) -> Result<(), EncodeError> {
    let size = match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::B(b) => b.len(),
        _ => return Ok(()),
    };
    if size == 0 {
        Err(EncodeError::new(EncodeErrorKind::EmptyKey))
    } else if size > limit {
        Err(EncodeError::new(EncodeErrorKind::KeyTooLarge {
            size,
            limit,
        }))
    } else {
        Ok(())
    }
}

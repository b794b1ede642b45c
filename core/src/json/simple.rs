//! Plain-JSON views of items (PynamoDB's `to_simple_dict` /
//! `from_simple_dict`): numbers as JSON numbers with their exact text, sets
//! as arrays, binary as base64. The `serde_json::Value` forms turn numbers
//! a `Value` cannot hold exactly into text.
//!
//! Written and read as bytes ([`write_simple_item`], [`Reader`]), so code
//! that never touches `serde_json::Value` carries no JSON library; the
//! `Value` forms are thin wrappers.

use alloc::string::String;
use alloc::vec::Vec;

#[cfg(feature = "serde-json")]
use serde_json::Value;

use super::reader::{Kind, Reader};
use super::write::{write_base64, write_list, write_str};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::number::Number;
use crate::value::{AttributeValue, Item, ValueType};

/// A number as a JSON number with its exact text, as PynamoDB's
/// `to_simple_dict` writes numbers (38 digits included: what a reader
/// keeps of them is the reader's choice; Rynamo's keeps them all).
pub fn write_number(buf: &mut Vec<u8>, n: &Number) {
    buf.extend_from_slice(n.json_text().as_bytes());
}

/// Writes one attribute value's plain-JSON view.
pub fn write_simple_value(buf: &mut Vec<u8>, value: &AttributeValue) {
    match value {
        AttributeValue::S(s) => write_str(buf, s),
        AttributeValue::N(n) => write_number(buf, n),
        AttributeValue::B(b) => write_base64(buf, b),
        AttributeValue::Bool(b) => buf.extend_from_slice(if *b { b"true" } else { b"false" }),
        AttributeValue::Null => buf.extend_from_slice(b"null"),
        AttributeValue::M(m) => write_simple_item(buf, m),
        AttributeValue::L(l) => write_list(buf, l, write_simple_value),
        AttributeValue::Ss(s) => write_list(buf, s, |buf, s| write_str(buf, s)),
        AttributeValue::Ns(s) => write_list(buf, s, write_number),
        AttributeValue::Bs(s) => write_list(buf, s, |buf, b| write_base64(buf, b)),
    }
}

/// Writes an item's plain-JSON view: an object of its values' views.
pub fn write_simple_item(buf: &mut Vec<u8>, item: &Item) {
    let mut object = super::ObjectWriter::new(buf);
    for (name, value) in item {
        write_simple_value(object.key(name), value);
    }
    object.finish();
}

/// A plain-JSON view written by this module, as a `serde_json::Value`.
/// A `Value` holds numbers as `i64`, `u64` or `f64`, so a number none of
/// them holds exactly (38 digits, say) becomes its text.
#[cfg(feature = "serde-json")]
pub(crate) fn to_json_value(bytes: &[u8]) -> Result<Value, DecodeError> {
    super::parse(bytes, read_json_value)
}

#[cfg(feature = "serde-json")]
fn read_json_value(r: &mut Reader<'_>) -> Result<Value, DecodeError> {
    Ok(match r.kind()? {
        Kind::Null => {
            r.null();
            Value::Null
        }
        Kind::Bool => Value::Bool(r.bool()?),
        Kind::String => Value::String(r.string()?),
        Kind::Number => json_number(r.number()?),
        Kind::Array => Value::Array(read_simple_list(r, read_json_value)?),
        Kind::Object => {
            let mut map = serde_json::Map::new();
            let mut o = r.object()?;
            while let Some(name) = r.key(&mut o)? {
                let value = read_json_value(r)?;
                map.insert(name.into_owned(), value);
            }
            Value::Object(map)
        }
    })
}

/// A number as a `Value` number when one holds it exactly, else as text.
#[cfg(feature = "serde-json")]
fn json_number(text: &str) -> Value {
    let Ok(n) = Number::parse(text) else {
        return Value::String(text.into());
    };
    if let Ok(i) = n.to_i64() {
        return Value::from(i);
    }
    if let Ok(u) = n.to_u64() {
        return Value::from(u);
    }
    let f = n.to_f64();
    match (Number::from_f64(f), serde_json::Number::from_f64(f)) {
        (Ok(back), Some(value)) if back == n => Value::Number(value),
        _ => Value::String(text.into()),
    }
}

/// One attribute value's plain-JSON view.
#[cfg(feature = "serde-json")]
pub fn simple_value(value: &AttributeValue) -> Value {
    let mut buf = Vec::new();
    write_simple_value(&mut buf, value);
    // Only valid JSON is written, so this never falls back.
    to_json_value(&buf).unwrap_or(Value::Null)
}

/// An item's plain-JSON view: an object of [`simple_value`]s.
#[cfg(feature = "serde-json")]
pub fn to_simple(item: &Item) -> Value {
    let mut buf = Vec::new();
    write_simple_item(&mut buf, item);
    // Only valid JSON is written, so this never falls back.
    to_json_value(&buf).unwrap_or(Value::Null)
}

/// Reads plain JSON by JSON's own types: strings as `S`, numbers as `N`,
/// arrays as `L`, objects as `M` (what a type without its own
/// [`Attribute::read_simple`](crate::Attribute::read_simple) receives).
pub fn read_untyped(r: &mut Reader<'_>) -> Result<AttributeValue, DecodeError> {
    Ok(match r.kind()? {
        Kind::Null => {
            r.null();
            AttributeValue::Null
        }
        Kind::Bool => AttributeValue::Bool(r.bool()?),
        Kind::Number => AttributeValue::N(Number::parse(r.number()?)?),
        Kind::String => AttributeValue::S(r.string()?),
        Kind::Array => AttributeValue::L(read_simple_list(r, read_untyped)?),
        Kind::Object => AttributeValue::M(read_untyped_object(r)?),
    })
}

/// A `String`'s plain-JSON view: a JSON string. Anything else fails as
/// `String::from_value(read_untyped(r)?)` does (the same first error: a bad
/// number inside, then the wrong type), without building the value, so a
/// model of strings does not compile in [`read_untyped`] (2 KB of wasm).
pub(crate) fn read_simple_string(r: &mut Reader<'_>) -> Result<String, DecodeError> {
    let found = match r.kind()? {
        Kind::String => return r.string(),
        Kind::Null => ValueType::Null,
        Kind::Bool => ValueType::Bool,
        Kind::Number => ValueType::N,
        Kind::Array => ValueType::L,
        Kind::Object => ValueType::M,
    };
    check_untyped(r)?;
    Err(DecodeError::wrong_type("S", found))
}

/// Reads a value as [`read_untyped`] does and keeps nothing: the same
/// errors, each at the same index or field.
fn check_untyped(r: &mut Reader<'_>) -> Result<(), DecodeError> {
    match r.kind()? {
        Kind::Null => {
            r.null();
        }
        Kind::Number => {
            Number::parse(r.number()?)?;
        }
        Kind::Array => {
            let mut a = r.array()?;
            let mut index = 0;
            while r.next(&mut a)? {
                check_untyped(r).map_err(|e| e.at_index(index))?;
                index += 1;
            }
        }
        Kind::Object => {
            let mut o = r.object()?;
            while let Some(name) = r.key(&mut o)? {
                check_untyped(r).map_err(|e| e.at_field(&name))?;
            }
        }
        // Strings and booleans: read and checked as `read_untyped` reads
        // them, by the one skipping reader.
        Kind::String | Kind::Bool => r.skip()?,
    }
    Ok(())
}

fn read_untyped_object(r: &mut Reader<'_>) -> Result<Item, DecodeError> {
    let mut item = Item::new();
    let mut o = r.object()?;
    while let Some(name) = r.key(&mut o)? {
        let value = read_untyped(r).map_err(|e| e.at_field(&name))?;
        item.insert(name.into_owned(), value);
    }
    Ok(item)
}

/// Plain JSON read by JSON's own types (see [`read_untyped`]).
#[cfg(feature = "serde-json")]
pub fn from_simple_untyped(value: Value) -> Result<AttributeValue, DecodeError> {
    from_value(&value, read_untyped)
}

/// A number from its plain-JSON view: a JSON number, or its decimal text
/// (how numbers beyond `f64` are written).
pub fn read_simple_number(r: &mut Reader<'_>) -> Result<Number, DecodeError> {
    match r.kind()? {
        Kind::Number => Ok(Number::parse(r.number()?)?),
        Kind::String => Ok(Number::parse(&r.str()?)?),
        _ => Err(DecodeError::new(DecodeErrorKind::Invalid(
            "expected a number".into(),
        ))),
    }
}

/// Bytes from their base64 plain-JSON view.
pub fn read_simple_base64(r: &mut Reader<'_>) -> Result<Vec<u8>, DecodeError> {
    if r.kind()? != Kind::String {
        return Err(DecodeError::new(DecodeErrorKind::Invalid(
            "expected a base64 string".into(),
        )));
    }
    crate::base64::decode(r.str()?.as_bytes())
        .map_err(|e| DecodeError::new(DecodeErrorKind::Base64(e)))
}

/// The elements of a plain-JSON array, each read by `read` (errors name
/// the index).
pub fn read_simple_list<'a, T>(
    r: &mut Reader<'a>,
    mut read: impl FnMut(&mut Reader<'a>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    if r.kind()? != Kind::Array {
        return Err(DecodeError::new(DecodeErrorKind::Invalid(
            "expected a JSON array".into(),
        )));
    }
    let mut out = Vec::new();
    let mut a = r.array()?;
    while r.next(&mut a)? {
        out.push(read(r).map_err(|e| e.at_index(out.len()))?);
    }
    Ok(out)
}

/// Whether the next value is JSON `null` (left unread).
pub fn next_is_null(r: &mut Reader<'_>) -> Result<bool, DecodeError> {
    Ok(r.kind()? == Kind::Null)
}

/// Reads a whole plain-JSON document with `read` (the `Value` forms of
/// the plain-JSON API go through here).
#[cfg(feature = "serde-json")]
pub fn from_value<T>(
    value: &Value,
    read: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let text = serde_json::to_vec(value)
        .map_err(|e| DecodeError::new(DecodeErrorKind::Json(alloc::format!("{e}"))))?;
    super::parse(&text, read)
}

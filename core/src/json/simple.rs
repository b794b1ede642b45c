//! Plain-JSON views of items (PynamoDB's `to_simple_dict` /
//! `from_simple_dict`): numbers as JSON numbers where that is lossless
//! (else as strings), sets as arrays, binary as base64 strings.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use crate::attr::Attribute;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::number::Number;
use crate::value::{AttributeValue, Item};

/// A number as a JSON number when it reads back as the same number, else
/// as its decimal text (so 38 digits are never rounded).
fn number(n: &Number) -> Value {
    if let Ok(i) = n.to_i64() {
        return Value::from(i);
    }
    if let Ok(u) = n.to_u64() {
        return Value::from(u);
    }
    let f = n.to_f64();
    match Number::from_f64(f) {
        Ok(back) if back == *n => serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(n.to_string())),
        _ => Value::String(n.to_string()),
    }
}

/// One attribute value's plain-JSON view.
pub fn simple_value(value: &AttributeValue) -> Value {
    match value {
        AttributeValue::S(s) => Value::String(s.clone()),
        AttributeValue::N(n) => number(n),
        AttributeValue::B(b) => Value::String(STANDARD.encode(b)),
        AttributeValue::Bool(b) => Value::Bool(*b),
        AttributeValue::Null => Value::Null,
        AttributeValue::M(m) => to_simple(m),
        AttributeValue::L(l) => Value::Array(l.iter().map(simple_value).collect()),
        AttributeValue::Ss(s) => Value::Array(s.iter().cloned().map(Value::String).collect()),
        AttributeValue::Ns(s) => Value::Array(s.iter().map(number).collect()),
        AttributeValue::Bs(s) => Value::Array(
            s.iter()
                .map(|b| Value::String(STANDARD.encode(b)))
                .collect(),
        ),
    }
}

/// An item's plain-JSON view: an object of [`simple_value`]s.
pub fn to_simple(item: &Item) -> Value {
    Value::Object(
        item.iter()
            .map(|(k, v)| (k.clone(), simple_value(v)))
            .collect::<Map<String, Value>>(),
    )
}

/// Plain JSON read by JSON's own types: strings as `S`, numbers as `N`,
/// arrays as `L`, objects as `M` (what a type without its own
/// [`Attribute::from_simple`] receives).
pub fn from_simple_untyped(value: Value) -> Result<AttributeValue, DecodeError> {
    Ok(match value {
        Value::Null => AttributeValue::Null,
        Value::Bool(b) => AttributeValue::Bool(b),
        Value::Number(n) => AttributeValue::N(Number::parse(&n.to_string())?),
        Value::String(s) => AttributeValue::S(s),
        Value::Array(a) => AttributeValue::L(
            a.into_iter()
                .enumerate()
                .map(|(i, v)| from_simple_untyped(v).map_err(|e| e.at_index(i)))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(o) => AttributeValue::M(
            o.into_iter()
                .map(|(k, v)| {
                    from_simple_untyped(v)
                        .map(|v| (k.clone(), v))
                        .map_err(|e| e.at_field(&k))
                })
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// A number from its plain-JSON view: a JSON number, or its decimal text
/// (how numbers beyond `f64` are written).
pub fn from_simple_number(value: Value) -> Result<Number, DecodeError> {
    match value {
        Value::Number(n) => Ok(Number::parse(&n.to_string())?),
        Value::String(s) => Ok(Number::parse(&s)?),
        _ => Err(DecodeError::new(DecodeErrorKind::Invalid(
            "expected a number".into(),
        ))),
    }
}

/// Bytes from their base64 plain-JSON view.
pub fn from_simple_base64(value: Value) -> Result<Vec<u8>, DecodeError> {
    match value {
        Value::String(s) => STANDARD
            .decode(s)
            .map_err(|e| DecodeError::new(DecodeErrorKind::Base64(e.to_string()))),
        _ => Err(DecodeError::new(DecodeErrorKind::Invalid(
            "expected a base64 string".into(),
        ))),
    }
}

/// The entries of a plain-JSON object.
pub fn simple_object(value: Value) -> Result<Map<String, Value>, DecodeError> {
    match value {
        Value::Object(o) => Ok(o),
        _ => Err(DecodeError::new(DecodeErrorKind::Invalid(
            "expected a JSON object".into(),
        ))),
    }
}

/// The elements of a plain-JSON array.
pub fn simple_array(value: Value) -> Result<Vec<Value>, DecodeError> {
    match value {
        Value::Array(a) => Ok(a),
        _ => Err(DecodeError::new(DecodeErrorKind::Invalid(
            "expected a JSON array".into(),
        ))),
    }
}

/// Reads one field of a plain-JSON object being decoded (used by the
/// derives): absent fields fall back to [`Attribute::from_missing`].
pub fn decode_simple_field<T: Attribute>(
    object: &mut Map<String, Value>,
    name: &str,
) -> Result<T, DecodeError> {
    match object.remove(name) {
        None => T::from_missing(),
        Some(value) => T::from_simple(value),
    }
    .map_err(|e| e.at_field(name))
}

/// The rest of a plain-JSON object as an item (a model's `extra` field).
pub fn simple_rest(object: Map<String, Value>) -> Result<Item, DecodeError> {
    match from_simple_untyped(Value::Object(object))? {
        AttributeValue::M(m) => Ok(m),
        _ => Ok(Item::new()),
    }
}

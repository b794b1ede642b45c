//! JSON documents ⇄ `S` holding JSON text (PynamoDB `JSONAttribute`).

use alloc::string::ToString;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Attribute;
use crate::error::{DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind};
use crate::value::AttributeValue;

/// Any serde type stored as JSON text in an `S` attribute, as PynamoDB's
/// `JSONAttribute` does. Rynamo writes compact JSON (PynamoDB writes
/// `json.dumps` spacing); both read either.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Json<T>(pub T);

fn to_json_text<T: Serialize>(value: &T) -> Result<AttributeValue, EncodeError> {
    serde_json::to_string(value)
        .map(AttributeValue::S)
        .map_err(|e| EncodeError::new(EncodeErrorKind::Json(e.to_string())))
}

fn from_json_text<T: DeserializeOwned>(value: AttributeValue) -> Result<T, DecodeError> {
    match value {
        AttributeValue::S(text) => serde_json::from_str(&text)
            .map_err(|e| DecodeError::new(DecodeErrorKind::Json(e.to_string()))),
        other => Err(DecodeError::wrong_type("S (JSON text)", other.value_type())),
    }
}

impl<T: Serialize + DeserializeOwned> Attribute for Json<T> {
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        to_json_text(&self.0)
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        from_json_text(value).map(Json)
    }
}

/// A `serde_json::Value` is stored as JSON text, like [`Json`].
impl Attribute for serde_json::Value {
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        to_json_text(self)
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        from_json_text(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_in_json_text_survive_any_number_of_round_trips() {
        // Found by the `model_decode` fuzz target: without serde_json's
        // `float_roundtrip`, 1.888888888888889e41 came back one ulp lower.
        for text in [
            "188888888888888888888888888888888888888888",
            "0.1",
            "2.2250738585072014e-308",
        ] {
            let first = serde_json::Value::from_value(AttributeValue::S(text.into())).unwrap();
            let again = serde_json::Value::from_value(first.to_value().unwrap()).unwrap();
            assert_eq!(first, again, "{text}");
        }
    }
}

//! JSON documents ⇄ `S` holding JSON text (PynamoDB `JSONAttribute`).
//!
//! PynamoDB stores `json.dumps(value)` and reads `json.loads(text)`. Rynamo
//! writes the same text byte for byte ([`dumps`]: `", "`/`": "`
//! separators, non-ASCII as `\uXXXX`, floats as Python's `repr`, `NaN` and
//! `Infinity`) and reads what Python writes ([`loads`]: `NaN`, `Infinity`,
//! integers wider than 64 bits exactly), so a Rust read-modify-save leaves
//! data it did not change as it was:
//!
//! - [`Json<T>`] round-trips a typed `T` whose fields are declared in the
//!   stored key order (serde writes struct fields in declaration order);
//!   `u128`/`i128` fields hold integers up to 128 bits, `f64` fields hold
//!   `NaN` and `±Infinity`.
//! - `serde_json::Value` holds integers up to 64 bits and no `NaN`: reading
//!   a wider integer or a non-finite number into it is an error (never a
//!   silent float or `null`). Its objects keep key order only when your
//!   build enables `serde_json`'s `preserve_order` feature; Rynamo does not
//!   turn on `preserve_order` or `arbitrary_precision` for you, because
//!   cargo features are shared and both change `serde_json::Value` for
//!   every crate in the build (`arbitrary_precision` also breaks numbers
//!   inside `#[serde(flatten)]` and untagged enums).
//! - [`JsonText`] keeps the stored text itself: any document PynamoDB
//!   writes (integers of any size, lone surrogates, any key order) saves
//!   back byte-identical, and parses into a typed view on demand.

mod dumps;
mod keys;
mod lex;
mod loads;
mod repr;

use alloc::string::{String, ToString};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Attribute;
use crate::error::{DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind};
use crate::value::AttributeValue;

/// Any serde type stored as JSON text in an `S` attribute, as PynamoDB's
/// `JSONAttribute` does, written exactly as Python's `json.dumps` writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Json<T>(pub T);

/// JSON text kept exactly as stored (PynamoDB `JSONAttribute`): saving it
/// back writes the same bytes, whatever the document holds.
///
/// ```
/// use rynamo_core::attr::JsonText;
/// let stored = JsonText::new(r#"{"z": 123456789012345678901234567890, "a": NaN}"#).unwrap();
/// let doc: std::collections::BTreeMap<String, f64> = stored.parse().unwrap();
/// assert!(doc["a"].is_nan());
/// assert_eq!(JsonText::from_serialize(&[1.0, 1e16]).unwrap().as_str(), "[1.0, 1e+16]");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonText(String);

impl JsonText {
    /// Checks `text` is one JSON value as Python's `json.loads` reads it
    /// (lone surrogate escapes allowed) and keeps it unchanged.
    pub fn new(text: impl Into<String>) -> Result<Self, DecodeError> {
        let text = text.into();
        loads::check(&text).map_err(json_error)?;
        Ok(JsonText(text))
    }

    /// `value` as Python's `json.dumps(value)` writes it.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, EncodeError> {
        dumps::dumps(value)
            .map(JsonText)
            .map_err(|e| EncodeError::new(EncodeErrorKind::Json(e.0)))
    }

    /// Reads the text into `T` (see [`Json`] for what each type holds).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        loads::loads(&self.0).map_err(json_error)
    }

    /// The stored text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The stored text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

fn json_error(e: loads::LoadsError) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Json(e.0))
}

fn to_json_text<T: Serialize + ?Sized>(value: &T) -> Result<AttributeValue, EncodeError> {
    JsonText::from_serialize(value).map(|t| AttributeValue::S(t.0))
}

fn from_json_text<T: DeserializeOwned>(value: AttributeValue) -> Result<T, DecodeError> {
    match value {
        AttributeValue::S(text) => loads::loads(&text).map_err(json_error),
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

impl Attribute for JsonText {
    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::S(self.0.to_string()))
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        match value {
            AttributeValue::S(text) => JsonText::new(text),
            other => Err(DecodeError::wrong_type("S (JSON text)", other.value_type())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_in_json_text_survive_any_number_of_round_trips() {
        // Found by the `model_decode` fuzz target: without serde_json's
        // `float_roundtrip`, 1.888888888888889e41 came back one ulp lower.
        for text in ["1.888888888888889e+41", "0.1", "2.2250738585072014e-308"] {
            let first = serde_json::Value::from_value(AttributeValue::S(text.into())).unwrap();
            let again = serde_json::Value::from_value(first.to_value().unwrap()).unwrap();
            assert_eq!(first, again, "{text}");
            assert_eq!(first.to_value().unwrap(), AttributeValue::S(text.into()));
        }
    }

    /// Written by CPython 3: `json.dumps({"name": "Zoë €", "big": 2**100,
    /// "ratio": 0.5, "nan": float("nan"), "inf": float("inf"), "ninf":
    /// float("-inf"), "list": [1e16, 1e-05, 100.0], "nested": {"b": 1, "a": None}})`.
    const PYTHON: &str = r#"{"name": "Zo\u00eb \u20ac", "big": 1267650600228229401496703205376, "ratio": 0.5, "nan": NaN, "inf": Infinity, "ninf": -Infinity, "list": [1e+16, 1e-05, 100.0], "nested": {"b": 1, "a": null}}"#;

    #[derive(serde::Serialize, serde::Deserialize, Debug)]
    struct Nested {
        b: u8,
        a: Option<u8>,
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug)]
    struct Doc {
        name: String,
        big: u128,
        ratio: f64,
        nan: f64,
        inf: f64,
        ninf: f64,
        list: alloc::vec::Vec<f64>,
        nested: Nested,
    }

    #[test]
    fn typed_json_written_by_python_saves_back_byte_identical() {
        let doc = Json::<Doc>::from_value(AttributeValue::S(PYTHON.into())).unwrap();
        assert_eq!(doc.0.big, 1 << 100);
        assert_eq!(doc.0.name, "Zoë €");
        assert!(doc.0.nan.is_nan());
        assert_eq!(doc.0.ninf, f64::NEG_INFINITY);
        assert_eq!(doc.to_value().unwrap(), AttributeValue::S(PYTHON.into()));
    }

    #[test]
    fn json_text_written_by_python_saves_back_byte_identical() {
        let odd = r#"{"z": 1, "a": 123456789012345678901234567890123456789012, "s": "\ud800"}"#;
        for text in [PYTHON, odd] {
            let kept = JsonText::from_value(AttributeValue::S(text.into())).unwrap();
            assert_eq!(kept.to_value().unwrap(), AttributeValue::S(text.into()));
        }
        let doc: Doc = JsonText::new(PYTHON).unwrap().parse().unwrap();
        assert_eq!(doc.big, 1 << 100);
        assert!(JsonText::new("{\"a\": }").is_err());
        assert!(JsonText::from_value(AttributeValue::Bool(true)).is_err());
    }

    #[test]
    fn a_value_refuses_what_it_cannot_hold_instead_of_changing_it() {
        let err = serde_json::Value::from_value(AttributeValue::S(PYTHON.into())).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
        let err =
            serde_json::Value::from_value(AttributeValue::S(r#"{"a": NaN}"#.into())).unwrap_err();
        assert!(err.to_string().contains("JsonText"), "{err}");
    }

    #[test]
    fn a_value_writes_python_text() {
        let v = serde_json::json!({"k": ["é", 1, 2.5, null, true, {}], "a": -3});
        assert_eq!(
            v.to_value().unwrap(),
            AttributeValue::S(r#"{"a": -3, "k": ["\u00e9", 1, 2.5, null, true, {}]}"#.into())
        );
    }
}

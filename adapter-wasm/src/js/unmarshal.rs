//! `NumberValue`'s text, and items handed back to JS as DynamoDB JSON text:
//! `adapter-wasm/js/unmarshal.js` (appended to the glue by `build.sh`)
//! reads them into plain JS values by the caller's number rule
//! (lib-dynamodb's `wrapNumbers`). Reading them in JS — `JSON.parse` and
//! a small walk — costs the package far less than building every object,
//! array, set and byte array through wasm-bindgen calls (about 16 KB of
//! gzipped wasm).

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use js_sys::Array;
use rynamo_core::{Item, Number};
use wasm_bindgen::prelude::*;

/// The text of a `NumberValue` (`adapter-wasm/js/methods.js`, whose
/// objects hold it, hands numbers and `bigint`s over as their text) made
/// from `value`, as the core's number parser writes it; a `TypeError` for
/// what is not text, a `RangeError` when it is no valid DynamoDB number.
#[wasm_bindgen(js_name = __numberText, skip_typescript)]
pub fn number_text(value: JsValue) -> Result<String, JsValue> {
    let text = value
        .as_string()
        .ok_or_else(|| super::marshal::type_error("a NumberValue is made from text"))?;
    Number::parse(&text)
        .map(|n| n.as_str().into())
        .map_err(|e| js_sys::RangeError::new(&e.to_string()).into())
}

/// An item as its DynamoDB JSON text, for `unmarshal.js`.
pub fn from_item(item: &Item) -> Result<JsValue, JsValue> {
    let mut json = Vec::new();
    rynamo_core::json::write_item(&mut json, item)
        .map_err(|e| super::marshal::type_error(&e.to_string()))?;
    Ok(json_text(json)?.into())
}

/// JSON the core's writer wrote, as text. It is always UTF-8 (its strings
/// are Rust strings, its bytes base64): checked, not read lossily, since
/// `from_utf8_lossy` adds about 1 KB of wasm.
pub fn json_text(json: Vec<u8>) -> Result<String, JsValue> {
    String::from_utf8(json).map_err(|_| super::marshal::type_error("the JSON written is not UTF-8"))
}

/// Items as a JS array of their JSON texts.
pub fn from_items<'a>(items: impl IntoIterator<Item = &'a Item>) -> Result<Array, JsValue> {
    let array = Array::new();
    for item in items {
        array.push(&from_item(item)?);
    }
    Ok(array)
}

/// An optional item: `undefined` when absent.
pub fn from_optional(item: Option<&Item>) -> Result<JsValue, JsValue> {
    item.map_or(Ok(JsValue::UNDEFINED), from_item)
}

//! The JS/TypeScript API: a `Client` over plain JS objects, `Condition`
//! and `Update` builders, `NumberValue` for exact numbers, and errors whose
//! `name` is DynamoDB's error name. The package's hand-written entry files
//! (`adapter-wasm/js/`) add the error classes and the TypeScript types.
//!
//! One concept per file: `client` (configuration and the per-call context),
//! `options` (reading options objects), `items` (single-item and batch
//! operations), `pages` (query, scan, count), `tables`, `transactions`,
//! `expr` (conditions, updates), `path`, `marshal` and `unmarshal` (plain
//! values ⇄ attribute values), `error`.

mod client;
mod error;
mod expr;
mod items;
mod marshal;
mod options;
mod pages;
mod path;
mod reader;
mod recorder;
mod tables;
mod transactions;
mod unmarshal;

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use rynamo_core::Item;
use wasm_bindgen::prelude::*;

pub use client::JsClient;
pub use expr::{check_condition, check_update};
pub use unmarshal::number_text;

/// A plain item as DynamoDB JSON text (`{"name":{"S":"…"}}`), with
/// lib-dynamodb's `marshallOptions` (and `dates`).
#[wasm_bindgen(js_name = toDynamoJson, skip_typescript)]
pub fn to_dynamo_json(item: JsValue, options: JsValue) -> Result<String, JsValue> {
    let o = marshal::MarshalOptions::from_js(&options)?;
    let item = marshal::to_item(&item, &o)?;
    let mut json = Vec::new();
    rynamo_core::json::write_item(&mut json, &item)
        .map_err(|e| marshal::type_error(&e.to_string()))?;
    unmarshal::json_text(json)
}

/// DynamoDB JSON text, checked and written out again (one form for
/// `unmarshal.js`, which makes `fromDynamoJson(text, unmarshallOptions)` of
/// it: reads it into a plain item with lib-dynamodb's `wrapNumbers`).
#[wasm_bindgen(js_name = __checkDynamoJson, skip_typescript)]
pub fn check_dynamo_json(text: &str) -> Result<String, JsValue> {
    let item: Item = rynamo_core::json::item_from_slice(text.as_bytes())
        .map_err(|e| marshal::type_error_of(&["not DynamoDB JSON: ", &e.to_string()]))?;
    let mut json = Vec::new();
    // What it refuses (a set with repeated members) reads as a JS Set.
    Ok(match rynamo_core::json::write_item(&mut json, &item) {
        Ok(()) => unmarshal::json_text(json)?,
        Err(_) => text.into(),
    })
}

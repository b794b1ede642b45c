//! Plain JS values → DynamoDB attribute values, by `@aws-sdk/lib-dynamodb`'s
//! rules: strings, numbers (and `Number`/`String`/`Boolean` wrappers),
//! `bigint`s, `NumberValue`s, booleans, `null`,
//! arrays, plain objects, `Set`s, and binary (`Uint8Array` and every other
//! `ArrayBuffer` view, and `ArrayBuffer` itself). Anything else — `Date`,
//! `Map`, class instances, functions, symbols — is a `TypeError` naming the
//! attribute path, unless the caller opts in ([`MarshalOptions`]). Numbers
//! never lose precision: a JS number is written as its shortest exact text,
//! a `bigint` or `NumberValue` as its digits. Reading back is in
//! `unmarshal.rs`.
//!
//! The value is walked in JS (`adapter-wasm/js/marshal.js`, appended to the
//! glue by `build.sh`) and handed over as DynamoDB JSON text, which the
//! core's reader reads into attribute values (checking every number's
//! text). A wasm-bindgen call per type test and per value cost the package
//! about 4.7 KB more gzipped wasm than the 1.4 KB of JS.

use alloc::string::{String, ToString};
use rynamo_core::error::{DecodeError, LocationStep};
use rynamo_core::{AttributeValue, Item, json};
use wasm_bindgen::prelude::*;

use super::options::{flag, get, string};

/// `marshal.js`'s flags: the options, and whether the value is an item.
const CLASSES: u32 = 1;
const NO_UNDEFINED: u32 = 2;
const DATES_ISO: u32 = 4;
const DATES_EPOCH: u32 = 8;
const ITEM: u32 = 16;

/// How `Date`s are stored when the caller opts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dates {
    /// A `TypeError` (the default, as lib-dynamodb).
    #[default]
    Refuse,
    /// `S`: PynamoDB's `UTCDateTimeAttribute` text, `2024-01-02T03:04:05.678000+0000`.
    Iso,
    /// `N`: seconds since the epoch (PynamoDB's `TTLAttribute`), with the
    /// milliseconds as a decimal fraction when there are any.
    Epoch,
}

/// lib-dynamodb's `marshallOptions` that Rynamo honours, plus `dates`.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarshalOptions {
    /// Class instances (and `Map`s with string keys) become `M` of their own
    /// enumerable properties (entries).
    pub convert_class_instance_to_map: bool,
    /// `undefined` members of lists and sets are left out instead of refused.
    pub remove_undefined_values: bool,
    /// What a `Date` becomes.
    pub dates: Dates,
}

impl MarshalOptions {
    /// Reads `{ convertClassInstanceToMap?, removeUndefinedValues?, dates? }`.
    pub fn from_js(options: &JsValue) -> Result<MarshalOptions, JsValue> {
        let dates = match string(options, "dates").as_deref() {
            None => Dates::Refuse,
            Some("iso") => Dates::Iso,
            Some("epoch") => Dates::Epoch,
            Some(other) => {
                return Err(type_error_of(&[
                    "marshallOptions.dates is \"iso\" or \"epoch\", not `",
                    other,
                    "`",
                ]));
            }
        };
        Ok(MarshalOptions {
            convert_class_instance_to_map: flag(options, "convertClassInstanceToMap"),
            remove_undefined_values: flag(options, "removeUndefinedValues"),
            dates,
        })
    }

    /// The options as `marshal.js`'s flags.
    fn flags(&self) -> u32 {
        let mut flags = match self.dates {
            Dates::Refuse => 0,
            Dates::Iso => DATES_ISO,
            Dates::Epoch => DATES_EPOCH,
        };
        if self.convert_class_instance_to_map {
            flags |= CLASSES;
        }
        if self.remove_undefined_values {
            flags |= NO_UNDEFINED;
        }
        flags
    }
}

/// A `TypeError` with `message`.
pub fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// `pieces` joined into one message. Messages are built so, not with
/// `format!`, which would compile `core::fmt::write`, its padding and the
/// integer `Display`s into the package (as the core's `text.rs` avoids).
pub fn text(pieces: &[&str]) -> String {
    let mut text = String::new();
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

/// A `TypeError` whose message is `pieces` joined.
pub fn type_error_of(pieces: &[&str]) -> JsValue {
    type_error(&text(pieces))
}

#[wasm_bindgen]
extern "C" {
    /// `adapter-wasm/js/marshal.js` (appended to the glue by `build.sh`):
    /// the value as DynamoDB JSON text (a JS string), or the `TypeError`
    /// refusing it.
    #[wasm_bindgen(catch, js_name = __rynamoMarshal)]
    fn marshal_text(value: &JsValue, flags: u32) -> Result<JsValue, JsValue>;
}

/// Text `marshal.js` wrote that the core's reader refuses: a number that is
/// no DynamoDB number (too many digits, out of range), as a `TypeError`
/// "attribute `a.b[2]`: …" (no attribute named at the top of the value).
fn refusal(e: DecodeError) -> JsValue {
    if e.location().is_empty() {
        return type_error(&e.kind().to_string());
    }
    let mut path = String::new();
    for step in e.location().steps() {
        match step {
            LocationStep::Field(n) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(n);
            }
            LocationStep::Index(i) => {
                path.push('[');
                path.push_str(rynamo_core::Number::from(*i).as_str());
                path.push(']');
            }
        }
    }
    type_error_of(&["attribute `", &path, "`: ", &e.kind().to_string()])
}

/// A JS value as DynamoDB JSON text, the JS string `marshal.js` writes
/// (not yet checked by the core's reader: [`from_text`] does that).
pub fn to_text(value: &JsValue, o: &MarshalOptions) -> Result<JsValue, JsValue> {
    marshal_text(value, o.flags())
}

/// An attribute value's DynamoDB JSON text (as `marshal.js` writes it) as
/// the attribute value.
pub fn from_text(text: &str) -> Result<AttributeValue, JsValue> {
    json::parse(text.as_bytes(), json::read_value).map_err(refusal)
}

/// A plain JS object as an item.
pub fn to_item(value: &JsValue, o: &MarshalOptions) -> Result<Item, JsValue> {
    let text = marshal_text(value, o.flags() | ITEM)?
        .as_string()
        .unwrap_or_default();
    json::item_from_slice(text.as_bytes()).map_err(refusal)
}

/// `options.marshallOptions`, when given.
pub fn call_options(options: &JsValue, client: &MarshalOptions) -> Result<MarshalOptions, JsValue> {
    match get(options, "marshallOptions") {
        Some(o) => MarshalOptions::from_js(&o),
        None => Ok(*client),
    }
}

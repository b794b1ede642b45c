//! Plain JS values → DynamoDB attribute values, by `@aws-sdk/lib-dynamodb`'s
//! rules: strings, numbers (and `Number`/`String`/`Boolean` wrappers),
//! `bigint`s, [`NumberValue`]s, booleans, `null`, arrays, plain objects,
//! `Set`s, and binary (`Uint8Array` and every other `ArrayBuffer` view, and
//! `ArrayBuffer` itself). Anything else — `Date`, `Map`, class instances,
//! functions, symbols — is a `TypeError` naming the attribute path, unless
//! the caller opts in ([`MarshalOptions`]). Numbers never lose precision: a
//! JS number is written as its shortest exact text, a `bigint` or
//! `NumberValue` as its digits. Reading back is in `unmarshal.rs`.

use js_sys::{Array, ArrayBuffer, Map, Object, Reflect, Set, Uint8Array};
use rynamo_core::{AttributeValue, Item, Number};
use wasm_bindgen::prelude::*;

use super::options::{flag, get, string};
use super::unmarshal::NumberValue;

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
                return Err(type_error(&format!(
                    "marshallOptions.dates is \"iso\" or \"epoch\", not `{other}`"
                )));
            }
        };
        Ok(MarshalOptions {
            convert_class_instance_to_map: flag(options, "convertClassInstanceToMap"),
            remove_undefined_values: flag(options, "removeUndefinedValues"),
            dates,
        })
    }
}

/// A refusal, with the path collected on the way out (innermost first).
pub struct MarshalError {
    message: String,
    path: Vec<Step>,
}

enum Step {
    Name(String),
    Index(usize),
}

impl MarshalError {
    fn new(message: impl Into<String>) -> MarshalError {
        MarshalError {
            message: message.into(),
            path: Vec::new(),
        }
    }

    fn at(mut self, step: Step) -> MarshalError {
        self.path.push(step);
        self
    }

    /// The `TypeError`: "attribute `a.b[2]`: …".
    pub fn into_js(self) -> JsValue {
        if self.path.is_empty() {
            return type_error(&self.message);
        }
        let mut path = String::new();
        for step in self.path.iter().rev() {
            match step {
                Step::Name(n) if path.is_empty() => path.push_str(n),
                Step::Name(n) => {
                    path.push('.');
                    path.push_str(n);
                }
                Step::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        type_error(&format!("attribute `{path}`: {}", self.message))
    }
}

impl From<MarshalError> for JsValue {
    fn from(e: MarshalError) -> JsValue {
        e.into_js()
    }
}

/// A `TypeError` with `message`.
pub fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

fn bad_number(e: impl core::fmt::Display) -> MarshalError {
    MarshalError::new(e.to_string())
}

/// The constructor name of an object (`"Date"`, `"Map"`, `"Uint8Array"`…),
/// or `None` for a plain object (prototype `Object.prototype` or `null`).
fn class_name(value: &JsValue) -> Option<String> {
    let proto = Object::get_prototype_of(value);
    if proto.is_null() || Object::get_prototype_of(&proto).is_null() {
        return None;
    }
    Reflect::get(&proto, &"constructor".into())
        .ok()
        .and_then(|c| Reflect::get(&c, &"name".into()).ok())
        .and_then(|n| n.as_string())
        .or_else(|| Some("an anonymous class".into()))
}

fn number(value: &JsValue) -> Result<Option<Number>, MarshalError> {
    if let Some(f) = value.as_f64() {
        return super::float::number(f).map(Some).map_err(bad_number);
    }
    if value.is_bigint() {
        let text = js_sys::BigInt::from(value.clone())
            .to_string(10)
            .map_err(|_| MarshalError::new("an unreadable bigint"))?;
        return Number::parse(&String::from(text))
            .map(Some)
            .map_err(bad_number);
    }
    if let Some(n) = NumberValue::peek(value) {
        return Ok(Some(n));
    }
    Ok(None)
}

/// Bytes of an `ArrayBuffer` or any view on one (typed arrays, `DataView`, `Buffer`).
fn binary(value: &JsValue) -> Option<Vec<u8>> {
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Some(bytes.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Some(Uint8Array::new(buffer).to_vec());
    }
    if ArrayBuffer::is_view(value) {
        let buffer = Reflect::get(value, &"buffer".into()).ok()?;
        let offset = Reflect::get(value, &"byteOffset".into()).ok()?.as_f64()?;
        let length = Reflect::get(value, &"byteLength".into()).ok()?.as_f64()?;
        return Some(
            Uint8Array::new_with_byte_offset_and_length(&buffer, offset as u32, length as u32)
                .to_vec(),
        );
    }
    None
}

fn date(value: &js_sys::Date, dates: Dates) -> Result<AttributeValue, MarshalError> {
    let millis = value.get_time();
    if millis.is_nan() {
        return Err(MarshalError::new("an invalid Date"));
    }
    match dates {
        Dates::Refuse => Err(MarshalError::new(
            "a Date is not stored unless marshallOptions.dates is \"iso\" or \"epoch\" (or pass date.toISOString())",
        )),
        Dates::Iso => {
            // toISOString gives `2024-01-02T03:04:05.678Z`; PynamoDB writes
            // microseconds and `+0000`.
            let iso = String::from(value.to_iso_string());
            let (head, _) = iso.split_once('Z').unwrap_or((&iso, ""));
            Ok(AttributeValue::S(format!("{head}000+0000")))
        }
        Dates::Epoch => {
            // Whole seconds as an integer: a Date is within ±8.64e12 s,
            // and integer formatting is far smaller than float formatting.
            let whole = (millis / 1000.0).floor();
            let rest = millis - whole * 1000.0;
            let whole = whole as i64;
            let text = if rest == 0.0 {
                format!("{whole}")
            } else {
                let fraction = format!("{whole}.{:03}", rest.round() as u32);
                fraction.trim_end_matches('0').to_string()
            };
            Number::parse(&text)
                .map(AttributeValue::N)
                .map_err(bad_number)
        }
    }
}

/// A JS value as an attribute value.
pub fn to_attribute(value: &JsValue, o: &MarshalOptions) -> Result<AttributeValue, MarshalError> {
    if value.is_null() {
        return Ok(AttributeValue::Null);
    }
    if value.is_undefined() {
        return Err(MarshalError::new(
            "undefined is not stored (set removeUndefinedValues to leave it out)",
        ));
    }
    if let Some(b) = value.as_bool() {
        return Ok(AttributeValue::Bool(b));
    }
    if let Some(s) = value.as_string() {
        return Ok(AttributeValue::S(s));
    }
    if let Some(n) = number(value)? {
        return Ok(AttributeValue::N(n));
    }
    if !value.is_object() {
        return Err(MarshalError::new(
            "functions and symbols cannot be stored in DynamoDB",
        ));
    }
    if Array::is_array(value) {
        return list(value, o).map(AttributeValue::L);
    }
    let Some(class) = class_name(value) else {
        return to_item(value, o).map(AttributeValue::M);
    };
    match class.as_str() {
        "Set" => return set_attribute(value.unchecked_ref(), o),
        "Number" | "String" | "Boolean" => {
            return to_attribute(&value.unchecked_ref::<Object>().value_of().into(), o);
        }
        "Date" if value.is_instance_of::<js_sys::Date>() => {
            return date(value.unchecked_ref(), o.dates);
        }
        _ => {}
    }
    if let Some(bytes) = binary(value) {
        return Ok(AttributeValue::B(bytes));
    }
    if !o.convert_class_instance_to_map || class == "Date" {
        return Err(MarshalError::new(format!(
            "a {class} is not a plain object (set convertClassInstanceToMap to store its properties)"
        )));
    }
    if let Some(map) = value.dyn_ref::<Map>() {
        let mut item = Item::new();
        for entry in map.entries().into_iter() {
            let pair = Array::from(&entry.map_err(|_| MarshalError::new("an unreadable Map"))?);
            let key = pair
                .get(0)
                .as_string()
                .ok_or_else(|| MarshalError::new("a Map stored as M needs string keys"))?;
            insert(&mut item, key, &pair.get(1), o)?;
        }
        return Ok(AttributeValue::M(item));
    }
    to_item(value, o).map(AttributeValue::M)
}

fn list(value: &JsValue, o: &MarshalOptions) -> Result<Vec<AttributeValue>, MarshalError> {
    let array = Array::from(value);
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, v) in array.iter().enumerate() {
        if v.is_undefined() && o.remove_undefined_values {
            continue;
        }
        out.push(to_attribute(&v, o).map_err(|e| e.at(Step::Index(i)))?);
    }
    Ok(out)
}

fn set_attribute(set: &Set, o: &MarshalOptions) -> Result<AttributeValue, MarshalError> {
    let mut members = Vec::with_capacity(set.size() as usize);
    for m in set.values().into_iter() {
        let m = m.map_err(|_| MarshalError::new("an unreadable Set"))?;
        if m.is_undefined() {
            if o.remove_undefined_values {
                continue;
            }
            return Err(MarshalError::new(
                "a Set holds undefined (set removeUndefinedValues to leave it out)",
            ));
        }
        members.push(m);
    }
    let Some(first) = members.first() else {
        return Err(MarshalError::new(
            "DynamoDB stores no empty sets; leave the attribute out instead",
        ));
    };
    if first.is_string() {
        members
            .iter()
            .map(|m| {
                m.as_string()
                    .ok_or_else(|| MarshalError::new("a string set holds only strings"))
            })
            .collect::<Result<_, _>>()
            .map(AttributeValue::Ss)
    } else if binary(first).is_some() {
        members
            .iter()
            .map(|m| binary(m).ok_or_else(|| MarshalError::new("a binary set holds only binary")))
            .collect::<Result<_, _>>()
            .map(AttributeValue::Bs)
    } else {
        members
            .iter()
            .map(|m| {
                number(m)?.ok_or_else(|| {
                    MarshalError::new("a set holds strings, numbers or binary, of one kind")
                })
            })
            .collect::<Result<_, _>>()
            .map(AttributeValue::Ns)
    }
}

fn insert(
    item: &mut Item,
    key: String,
    value: &JsValue,
    o: &MarshalOptions,
) -> Result<(), MarshalError> {
    // An undefined property is left out, as `JSON.stringify` does.
    if value.is_undefined() {
        return Ok(());
    }
    let attribute = to_attribute(value, o).map_err(|e| e.at(Step::Name(key.clone())))?;
    item.insert(key, attribute);
    Ok(())
}

/// A plain JS object as an item.
pub fn to_item(value: &JsValue, o: &MarshalOptions) -> Result<Item, MarshalError> {
    if !value.is_object() || Array::is_array(value) {
        return Err(MarshalError::new("an item must be a plain object"));
    }
    let mut item = Item::new();
    for entry in Object::entries(value.unchecked_ref()).iter() {
        let pair = Array::from(&entry);
        insert(
            &mut item,
            pair.get(0).as_string().unwrap_or_default(),
            &pair.get(1),
            o,
        )?;
    }
    Ok(item)
}

/// `options.marshallOptions`, when given.
pub fn call_options(options: &JsValue, client: &MarshalOptions) -> Result<MarshalOptions, JsValue> {
    match get(options, "marshallOptions") {
        Some(o) => MarshalOptions::from_js(&o),
        None => Ok(*client),
    }
}

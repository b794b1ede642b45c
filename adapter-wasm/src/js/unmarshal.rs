//! [`NumberValue`] and reading attribute values back as JS values by one
//! number rule the caller chooses (lib-dynamodb's `wrapNumbers`):
//! - `false` (the default): every number is a JS `number`; a stored number a
//!   `number` cannot hold exactly is a `RangeError` naming the attribute,
//!   never a silently rounded value;
//! - `true`: every number is a `NumberValue` (exact text);
//! - a function: called with each number's text, its result is the value.

use js_sys::{Array, Function, Object, Reflect, Set, Uint8Array};
use rynamo_core::{AttributeValue, Item, Number};
use wasm_bindgen::prelude::*;

use super::options::get;

/// A DynamoDB number kept as exact decimal text (up to 38 digits).
#[wasm_bindgen]
pub struct NumberValue {
    text: String,
}

#[wasm_bindgen]
impl NumberValue {
    /// A number from its decimal text (or a `number`/`bigint`); throws when
    /// it is not a valid DynamoDB number.
    #[wasm_bindgen(constructor)]
    pub fn new(value: JsValue) -> Result<NumberValue, JsValue> {
        let text = if value.is_bigint() || value.as_f64().is_some() {
            js_sys::JsString::from(value).into()
        } else {
            value
                .as_string()
                .ok_or_else(|| super::marshal::type_error("a NumberValue is made from text"))?
        };
        Number::parse(&text)
            .map(|n| NumberValue {
                text: n.as_str().into(),
            })
            .map_err(|e| js_sys::RangeError::new(&e.to_string()).into())
    }

    /// The decimal text.
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> String {
        self.text.clone()
    }
}

impl NumberValue {
    /// The number a JS value holds when it is a `NumberValue` (read, not moved).
    pub fn peek(value: &JsValue) -> Option<Number> {
        Reflect::get(value, &"__rynamoNumber".into())
            .ok()
            .and_then(|t| t.as_string())
            .and_then(|t| Number::parse(&t).ok())
    }
}

/// lib-dynamodb's `unmarshallOptions.wrapNumbers`.
#[derive(Debug, Clone, Default)]
pub enum WrapNumbers {
    /// JS `number`s; a number that does not fit exactly is a `RangeError`.
    #[default]
    No,
    /// `NumberValue`s.
    Yes,
    /// A caller's function of the text.
    With(Function),
}

impl WrapNumbers {
    /// Reads `{ wrapNumbers? }`.
    pub fn from_js(options: &JsValue) -> WrapNumbers {
        match get(options, "wrapNumbers") {
            Some(f) if f.is_function() => WrapNumbers::With(f.unchecked_into()),
            Some(b) if b.as_bool() == Some(true) => WrapNumbers::Yes,
            _ => WrapNumbers::No,
        }
    }

    /// `options.unmarshallOptions`, when given, else the client's.
    pub fn for_call(options: &JsValue, client: &WrapNumbers) -> WrapNumbers {
        match get(options, "unmarshallOptions") {
            Some(o) => WrapNumbers::from_js(&o),
            None => client.clone(),
        }
    }
}

fn number(n: &Number, wrap: &WrapNumbers) -> Result<JsValue, String> {
    match wrap {
        WrapNumbers::Yes => Ok(NumberValue {
            text: n.as_str().into(),
        }
        .into()),
        WrapNumbers::With(f) => f
            .call1(&JsValue::UNDEFINED, &n.as_str().into())
            .map_err(|e| {
                Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_else(|| "wrapNumbers threw".into())
            }),
        WrapNumbers::No => {
            let f = n.to_f64();
            if super::float::number(f).is_ok_and(|back| back == *n) {
                Ok(JsValue::from_f64(f))
            } else {
                Err(format!(
                    "the stored number {} does not fit a JS number exactly (set unmarshallOptions.wrapNumbers)",
                    n.as_str()
                ))
            }
        }
    }
}

fn with_path(message: String, path: &str) -> String {
    format!("attribute `{path}`: {message}")
}

fn attribute(value: &AttributeValue, wrap: &WrapNumbers) -> Result<JsValue, (String, String)> {
    let at = |step: String| move |(m, p): (String, String)| (m, step_path(&step, &p));
    Ok(match value {
        AttributeValue::S(s) => JsValue::from_str(s),
        AttributeValue::N(n) => number(n, wrap).map_err(|m| (m, String::new()))?,
        AttributeValue::B(b) => Uint8Array::from(b.as_slice()).into(),
        AttributeValue::Bool(b) => JsValue::from_bool(*b),
        AttributeValue::Null => JsValue::NULL,
        AttributeValue::M(m) => map(m, wrap)?,
        AttributeValue::L(l) => {
            let array = Array::new_with_length(l.len() as u32);
            for (i, v) in l.iter().enumerate() {
                array.set(i as u32, attribute(v, wrap).map_err(at(format!("[{i}]")))?);
            }
            array.into()
        }
        AttributeValue::Ss(s) => collect_set(s.iter().map(|v| Ok(JsValue::from_str(v))))?,
        AttributeValue::Ns(s) => collect_set(s.iter().map(|n| number(n, wrap)))?,
        AttributeValue::Bs(s) => {
            collect_set(s.iter().map(|b| Ok(Uint8Array::from(b.as_slice()).into())))?
        }
    })
}

fn step_path(step: &str, rest: &str) -> String {
    if rest.is_empty() || rest.starts_with('[') {
        format!("{step}{rest}")
    } else {
        format!("{step}.{rest}")
    }
}

fn collect_set(
    members: impl Iterator<Item = Result<JsValue, String>>,
) -> Result<JsValue, (String, String)> {
    let set = Set::new(&JsValue::UNDEFINED);
    for m in members {
        set.add(&m.map_err(|m| (m, String::new()))?);
    }
    Ok(set.into())
}

fn map(item: &Item, wrap: &WrapNumbers) -> Result<JsValue, (String, String)> {
    let object = Object::new();
    for (k, v) in item {
        let value = attribute(v, wrap).map_err(|(m, p)| (m, step_path(k, &p)))?;
        let _ = Reflect::set(&object, &JsValue::from_str(k), &value);
    }
    Ok(object.into())
}

/// An item as a plain JS object; a number that breaks the rule is a
/// `RangeError` naming its attribute.
pub fn from_item(item: &Item, wrap: &WrapNumbers) -> Result<JsValue, JsValue> {
    map(item, wrap).map_err(|(m, p)| js_sys::RangeError::new(&with_path(m, &p)).into())
}

/// Items as a JS array.
pub fn from_items<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    wrap: &WrapNumbers,
) -> Result<Array, JsValue> {
    let array = Array::new();
    for item in items {
        array.push(&from_item(item, wrap)?);
    }
    Ok(array)
}

/// An optional item: `undefined` when absent.
pub fn from_optional(item: Option<&Item>, wrap: &WrapNumbers) -> Result<JsValue, JsValue> {
    item.map_or(Ok(JsValue::UNDEFINED), |i| from_item(i, wrap))
}

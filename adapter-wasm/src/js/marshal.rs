//! Plain JS values ⇄ DynamoDB attribute values, as `@aws-sdk/lib-dynamodb`
//! marshals them: strings, numbers, booleans, null, arrays, objects, `Set`s
//! and `Uint8Array`s. Numbers never lose precision: a JS number is written
//! as its shortest exact text; a `BigInt` or a [`NumberValue`] as its
//! digits; and a stored number that a JS number cannot hold exactly reads
//! back as a `BigInt` (integers) or a `NumberValue` (decimals).

use js_sys::{Array, Object, Reflect, Set, Uint8Array};
use rynamo_core::{AttributeValue, Item, Number};
use wasm_bindgen::prelude::*;

/// A DynamoDB number kept as exact decimal text (up to 38 digits).
#[wasm_bindgen]
pub struct NumberValue {
    text: String,
}

#[wasm_bindgen]
impl NumberValue {
    /// A number from its decimal text; throws when it is not a valid DynamoDB number.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str) -> Result<NumberValue, JsError> {
        Number::parse(text)
            .map(|n| NumberValue {
                text: n.as_str().into(),
            })
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// The decimal text.
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> String {
        self.text.clone()
    }

    /// The decimal text (so template strings print the number).
    #[wasm_bindgen(js_name = toString)]
    pub fn to_js_string(&self) -> String {
        self.text.clone()
    }

    /// Marks the object as a `NumberValue` for the marshaller.
    #[wasm_bindgen(getter, js_name = __rynamoNumber)]
    pub fn marker(&self) -> String {
        self.text.clone()
    }
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

fn number(value: &JsValue) -> Result<Option<Number>, JsValue> {
    if let Some(f) = value.as_f64() {
        return Number::from_f64(f)
            .map(Some)
            .map_err(|e| type_error(&e.to_string()));
    }
    if value.is_bigint() {
        let text = js_sys::BigInt::from(value.clone())
            .to_string(10)
            .map_err(JsValue::from)?;
        return Number::parse(&String::from(text))
            .map(Some)
            .map_err(|e| type_error(&e.to_string()));
    }
    if value.is_object()
        && let Some(text) = Reflect::get(value, &"__rynamoNumber".into())
            .ok()
            .and_then(|t| t.as_string())
    {
        return Number::parse(&text)
            .map(Some)
            .map_err(|e| type_error(&e.to_string()));
    }
    Ok(None)
}

/// A JS value as an attribute value.
pub fn to_attribute(value: &JsValue) -> Result<AttributeValue, JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok(AttributeValue::Null);
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
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(AttributeValue::B(bytes.to_vec()));
    }
    if Array::is_array(value) {
        let list = Array::from(value);
        return list
            .iter()
            .map(|v| to_attribute(&v))
            .collect::<Result<_, _>>()
            .map(AttributeValue::L);
    }
    if let Some(set) = value.dyn_ref::<Set>() {
        return set_attribute(set);
    }
    if value.is_object() {
        return to_item(value).map(AttributeValue::M);
    }
    Err(type_error(
        "cannot store this JS value in DynamoDB (functions and symbols are not values)",
    ))
}

fn set_attribute(set: &Set) -> Result<AttributeValue, JsValue> {
    let members: Vec<JsValue> = set.values().into_iter().collect::<Result<_, _>>()?;
    let Some(first) = members.first() else {
        return Err(type_error(
            "DynamoDB stores no empty sets; leave the attribute out instead",
        ));
    };
    if first.is_string() {
        members
            .iter()
            .map(|m| {
                m.as_string()
                    .ok_or_else(|| type_error("a string set holds only strings"))
            })
            .collect::<Result<_, _>>()
            .map(AttributeValue::Ss)
    } else if first.is_instance_of::<Uint8Array>() {
        members
            .iter()
            .map(|m| {
                m.dyn_ref::<Uint8Array>()
                    .map(Uint8Array::to_vec)
                    .ok_or_else(|| type_error("a binary set holds only Uint8Arrays"))
            })
            .collect::<Result<_, _>>()
            .map(AttributeValue::Bs)
    } else {
        members
            .iter()
            .map(|m| {
                number(m)?.ok_or_else(|| type_error("a set holds strings, numbers or Uint8Arrays"))
            })
            .collect::<Result<_, _>>()
            .map(AttributeValue::Ns)
    }
}

/// A plain JS object as an item (`undefined` properties are left out).
pub fn to_item(value: &JsValue) -> Result<Item, JsValue> {
    if !value.is_object() || Array::is_array(value) {
        return Err(type_error("an item must be a plain object"));
    }
    let mut item = Item::new();
    for entry in Object::entries(value.unchecked_ref()).iter() {
        let pair = Array::from(&entry);
        let (key, v) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
        if v.is_undefined() {
            continue;
        }
        let attribute = to_attribute(&v).map_err(|e| prefix(e, &key))?;
        item.insert(key, attribute);
    }
    Ok(item)
}

fn prefix(error: JsValue, key: &str) -> JsValue {
    if let Some(message) = Reflect::get(&error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
    {
        let _ = Reflect::set(
            &error,
            &"message".into(),
            &format!("attribute `{key}`: {message}").into(),
        );
    }
    error
}

fn number_to_js(n: &Number) -> JsValue {
    let f = n.to_f64();
    if Number::from_f64(f).is_ok_and(|back| back == *n) {
        return JsValue::from_f64(f);
    }
    if let Ok(whole) = n.to_i128()
        && let Ok(big) = js_sys::BigInt::new(&JsValue::from_str(&whole.to_string()))
    {
        return big.into();
    }
    JsValue::from(NumberValue {
        text: n.as_str().into(),
    })
}

/// An attribute value as a plain JS value.
pub fn from_attribute(value: &AttributeValue) -> JsValue {
    match value {
        AttributeValue::S(s) => JsValue::from_str(s),
        AttributeValue::N(n) => number_to_js(n),
        AttributeValue::B(b) => Uint8Array::from(b.as_slice()).into(),
        AttributeValue::Bool(b) => JsValue::from_bool(*b),
        AttributeValue::Null => JsValue::NULL,
        AttributeValue::M(m) => from_item(m),
        AttributeValue::L(l) => l.iter().map(from_attribute).collect::<Array>().into(),
        AttributeValue::Ss(s) => collect_set(s.iter().map(|v| JsValue::from_str(v))),
        AttributeValue::Ns(s) => collect_set(s.iter().map(number_to_js)),
        AttributeValue::Bs(s) => {
            collect_set(s.iter().map(|b| Uint8Array::from(b.as_slice()).into()))
        }
    }
}

fn collect_set(members: impl Iterator<Item = JsValue>) -> JsValue {
    let set = Set::new(&JsValue::UNDEFINED);
    for m in members {
        set.add(&m);
    }
    set.into()
}

/// An item as a plain JS object.
pub fn from_item(item: &Item) -> JsValue {
    let object = Object::new();
    for (k, v) in item {
        let _ = Reflect::set(&object, &JsValue::from_str(k), &from_attribute(v));
    }
    object.into()
}

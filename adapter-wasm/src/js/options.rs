//! Reading JS options objects: every option is optional, `undefined` and
//! `null` mean "not given", and a wrong type is a `TypeError`.

use alloc::string::String;
use js_sys::{Array, Reflect};
use rynamo_core::Key;
use rynamo_core::expr::Projection;
use rynamo_core::op::ReturnValues;
use wasm_bindgen::prelude::*;

use super::expr;
use super::marshal::{self, MarshalOptions, type_error, type_error_of};

/// `options[key]`, unless absent, `undefined` or `null`.
pub fn get(options: &JsValue, key: &str) -> Option<JsValue> {
    if !options.is_object() && !options.is_function() {
        return None;
    }
    Reflect::get(options, &key.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// A string option.
pub fn string(options: &JsValue, key: &str) -> Option<String> {
    get(options, key).and_then(|v| v.as_string())
}

/// A boolean option (`false` when absent).
pub fn flag(options: &JsValue, key: &str) -> bool {
    get(options, key).and_then(|v| v.as_bool()).unwrap_or(false)
}

/// Whether `n` is a whole number, as `n.fract() == 0.0` says (`fract` is
/// std's): every finite double from 2^53 on is whole.
pub fn whole(n: f64) -> bool {
    n.is_finite() && (n.abs() >= 9_007_199_254_740_992.0 || (n as i64) as f64 == n)
}

/// A non-negative whole-number option.
pub fn count(options: &JsValue, key: &str) -> Result<Option<u64>, JsValue> {
    match get(options, key) {
        None => Ok(None),
        Some(v) => match v.as_f64() {
            Some(n) if n >= 0.0 && whole(n) && n <= 9.007_199_254_740_991e15 => Ok(Some(n as u64)),
            _ => Err(type_error_of(&[
                "`",
                key,
                "` is a whole number of at least 0",
            ])),
        },
    }
}

/// A `Condition` option (read, not consumed: the caller may use it again).
pub fn condition(
    options: &JsValue,
    key: &str,
) -> Result<Option<rynamo_core::expr::Condition>, JsValue> {
    let Some(value) = get(options, key) else {
        return Ok(None);
    };
    expr::read_condition(&value)
        .map(Some)
        .ok_or_else(|| type_error_of(&["`", key, "` must be a Condition"]))
}

/// The `projection` option: a list of paths.
pub fn projection(options: &JsValue) -> Result<Projection, JsValue> {
    let Some(list) = get(options, "projection") else {
        return Ok(Projection::new());
    };
    if !Array::is_array(&list) {
        return Err(type_error("`projection` is a list of paths"));
    }
    // A loop, not `collect::<Result<..>>` (smaller wasm).
    let mut projection = Projection::new();
    for p in Array::from(&list).iter() {
        projection = projection.attribute(expr::path(&p)?);
    }
    Ok(projection)
}

/// A key object.
pub fn key(value: &JsValue, o: &MarshalOptions) -> Result<Key, JsValue> {
    Ok(Key::from_item(marshal::to_item(value, o)?))
}

/// `returnValues` (or the older `returnOld: true`).
pub fn return_values(options: &JsValue, default: ReturnValues) -> Result<ReturnValues, JsValue> {
    if flag(options, "returnOld") {
        return Ok(ReturnValues::AllOld);
    }
    Ok(match string(options, "returnValues").as_deref() {
        Some("ALL_OLD") => ReturnValues::AllOld,
        Some("UPDATED_OLD") => ReturnValues::UpdatedOld,
        Some("ALL_NEW") => ReturnValues::AllNew,
        Some("UPDATED_NEW") => ReturnValues::UpdatedNew,
        Some("NONE") => ReturnValues::None,
        None => default,
        Some(other) => {
            return Err(type_error_of(&[
                "`returnValues` is NONE, ALL_OLD, UPDATED_OLD, ALL_NEW or UPDATED_NEW, not `",
                other,
                "`",
            ]));
        }
    })
}

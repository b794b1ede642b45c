//! Conditions and updates from JS. The JS `Condition` and `Update`
//! (`adapter-wasm/js/methods.js`) are plain JS objects holding what they
//! were built from — their recipe: each step's index in the factory (or
//! action) list, its path, and its values as DynamoDB JSON text — checked
//! here when built (`__condition`, `__update`: the same errors, in the same
//! order, as building the core's expression; they hand back the values they
//! read, as the recipe keeps them, so the values are marshalled once and
//! only this file knows which arguments are values) and built again here
//! where a call reads them. No wasm-bindgen class: neither the core expressions'
//! `Clone` (a copy per use, so that a JS value stays usable) nor a class's
//! glue is in the package. Paths as in `path.rs`; every name and value is
//! sent as a placeholder.

use alloc::{string::String, vec::Vec};
use js_sys::{Array, Reflect};
use rynamo_core::expr::{
    Comparator, Condition as CoreCondition, Operand, SetValue, Update as CoreUpdate, UpdateAction,
    UpdateOperand,
};
use rynamo_core::value::ValueType;
use wasm_bindgen::prelude::*;

use super::marshal::{self, MarshalOptions};
pub use super::path::path;

/// A value of an expression: its DynamoDB JSON text in a recipe (`read` is
/// `None`), else the caller's own as the step is being built, marshalled by
/// the default rules (pass a `Date` as `date.toISOString()`, say), its text
/// pushed onto `read` for the recipe.
fn to_attribute(
    value: &JsValue,
    read: Option<&Array>,
) -> Result<rynamo_core::AttributeValue, JsValue> {
    let marshalled;
    let text = match read {
        Some(read) => {
            marshalled = marshal::to_text(value, &MarshalOptions::default())?;
            read.push(&marshalled);
            &marshalled
        }
        None => value,
    };
    marshal::from_text(&text.as_string().unwrap_or_default())
}

fn type_error(message: String) -> JsValue {
    js_sys::TypeError::new(&message).into()
}

fn value(v: &JsValue, read: Option<&Array>) -> Result<Operand, JsValue> {
    to_attribute(v, read).map(Operand::Value)
}

/// The comparators of the first six factories, and `Condition.size`'s by
/// their index in `methods.js`'s operator list.
const COMPARATORS: [Comparator; 6] = [
    Comparator::Eq,
    Comparator::Ne,
    Comparator::Lt,
    Comparator::Le,
    Comparator::Gt,
    Comparator::Ge,
];

/// `Condition.isType`'s types by their index in `methods.js`'s tag list.
const TYPES: [ValueType; 10] = [
    ValueType::S,
    ValueType::N,
    ValueType::B,
    ValueType::Bool,
    ValueType::Null,
    ValueType::M,
    ValueType::L,
    ValueType::Ss,
    ValueType::Ns,
    ValueType::Bs,
];

/// The entry of `list` at the index `methods.js` passed as `v` (it checked
/// the tag or operator and threw the `TypeError` naming it); the index is
/// pushed onto `read` as it is (the recipe keeps it).
fn listed<T: Copy>(list: &[T], v: &JsValue, read: Option<&Array>) -> Result<T, JsValue> {
    if let Some(read) = read {
        read.push(v);
    }
    v.as_f64()
        .and_then(|i| list.get(i as usize))
        .copied()
        .ok_or_else(|| type_error("not a Condition factory".into()))
}

/// Step `kind` of a condition (its index in `methods.js`'s factory list)
/// over `p`, `a` and `b`: a recipe's (`read` is `None`), else the caller's,
/// with what the recipe keeps of `a` and `b` pushed onto `read` in order.
/// `and`, `or` and `not` take the recipes of `p` (the condition itself)
/// and `a`.
fn condition(
    kind: u8,
    p: &JsValue,
    a: &JsValue,
    b: &JsValue,
    read: Option<&Array>,
) -> Result<CoreCondition, JsValue> {
    let other =
        |v: &JsValue| condition_of(v).ok_or_else(|| type_error("expected a Condition".into()));
    let value = |v: &JsValue| value(v, read);
    Ok(match kind {
        // eq, ne, lt, le, gt, ge
        0..=5 => CoreCondition::compare(
            Operand::Path(path(p)?),
            COMPARATORS[kind as usize],
            value(a)?,
        ),
        6 => CoreCondition::between(Operand::Path(path(p)?), value(a)?, value(b)?),
        7 => {
            // A loop, not `collect::<Result<..>>` (its adapters were
            // about 0.8 KB of wasm here). The recipe keeps a list of texts.
            let texts = read.map(|_| Array::new());
            let mut candidates = Vec::new();
            for v in Array::from(a).iter() {
                candidates.push(self::value(&v, texts.as_ref())?);
            }
            if let (Some(read), Some(texts)) = (read, texts) {
                read.push(&texts);
            }
            CoreCondition::is_in(Operand::Path(path(p)?), candidates)
        }
        8 => CoreCondition::exists(path(p)?),
        9 => CoreCondition::not_exists(path(p)?),
        // isType and size: `a` is the index of the tag or operator.
        10 => CoreCondition::attribute_type(path(p)?, listed(&TYPES, a, read)?),
        11 => CoreCondition::begins_with(path(p)?, value(a)?),
        12 => CoreCondition::contains(path(p)?, value(a)?),
        13 => CoreCondition::compare(
            Operand::Size(path(p)?),
            listed(&COMPARATORS, a, read)?,
            value(b)?,
        ),
        // and, or, not: `p` is the condition itself.
        14 => other(p)?.and(other(a)?),
        15 => other(p)?.or(other(a)?),
        16 => other(p)?.negate(),
        _ => return Err(type_error("not a Condition factory".into())),
    })
}

/// Checks a condition step as `methods.js` builds it (its factories, and
/// `and`, `or` and `not` with the recipes of the conditions they join):
/// the `TypeError` that building it refuses with, if any, else what the
/// recipe keeps of `a` and `b` (`[a, b]`, each value as its DynamoDB JSON
/// text, `isIn`'s as a list of them; shorter where they are no values).
#[wasm_bindgen(js_name = __condition, skip_typescript)]
pub fn check_condition(kind: u8, path: JsValue, a: JsValue, b: JsValue) -> Result<Array, JsValue> {
    let read = Array::new();
    condition(kind, &path, &a, &b, Some(&read))?;
    Ok(read)
}

/// The recipe a JS `Condition` or `Update` holds under `key` (`methods.js`);
/// `None` for any other value.
fn recipe(value: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(value, &key.into()).ok()
}

/// A recipe's step: its kind and its `[kind, path, a, b]`; `None` for what
/// is no recipe.
fn step(step: &JsValue) -> Option<(u8, Array)> {
    if !Array::is_array(step) {
        return None;
    }
    let step = Array::from(step);
    let kind = step.get(0).as_f64().unwrap_or(255.0) as u8;
    Some((kind, step))
}

/// The condition a recipe (`[kind, path, a, b]`) makes.
fn condition_of(recipe: &JsValue) -> Option<CoreCondition> {
    let (kind, r) = step(recipe)?;
    condition(kind, &r.get(1), &r.get(2), &r.get(3), None).ok()
}

/// The condition a JS `Condition` holds.
pub fn read_condition(value: &JsValue) -> Option<CoreCondition> {
    condition_of(&recipe(value, "__rynamoCondition")?)
}

/// Action `kind` of an update (its index in `methods.js`'s action list)
/// on `path`: a recipe's value (`read` is `None`), else the caller's, its
/// text pushed onto `read`.
fn action(
    kind: u8,
    path: &JsValue,
    value: &JsValue,
    read: Option<&Array>,
) -> Result<UpdateAction, JsValue> {
    let p = self::path(path)?;
    let v = || to_attribute(value, read);
    Ok(match kind {
        0 => UpdateAction::Set(p, SetValue::Operand(UpdateOperand::Value(v()?))),
        1 => UpdateAction::Set(
            p.clone(),
            SetValue::Operand(UpdateOperand::IfNotExists(p, v()?)),
        ),
        2 => UpdateAction::Set(
            p.clone(),
            SetValue::Plus(UpdateOperand::Path(p), UpdateOperand::Value(v()?)),
        ),
        3 => UpdateAction::Set(
            p.clone(),
            SetValue::Minus(UpdateOperand::Path(p), UpdateOperand::Value(v()?)),
        ),
        4 => UpdateAction::Set(
            p.clone(),
            SetValue::ListAppend(UpdateOperand::Path(p), UpdateOperand::Value(v()?)),
        ),
        5 => UpdateAction::Set(
            p.clone(),
            SetValue::ListAppend(UpdateOperand::Value(v()?), UpdateOperand::Path(p)),
        ),
        6 => UpdateAction::Remove(p),
        7 => UpdateAction::Add(p, v()?),
        8 => UpdateAction::Delete(p, v()?),
        _ => return Err(type_error("not an Update action".into())),
    })
}

/// Checks an update action as `methods.js` adds it (`update.set(path,
/// value)` and the others): the `TypeError` that adding it refuses with,
/// else what the recipe keeps (`[value]` as its DynamoDB JSON text; `[]`
/// for `remove`).
#[wasm_bindgen(js_name = __update, skip_typescript)]
pub fn check_update(kind: u8, path: JsValue, value: JsValue) -> Result<Array, JsValue> {
    let read = Array::new();
    action(kind, &path, &value, Some(&read))?;
    Ok(read)
}

/// The update a JS `Update` holds (its recipe: `[kind, path, value]` per
/// action, in order).
pub fn read_update(value: &JsValue) -> Option<CoreUpdate> {
    let actions = recipe(value, "__rynamoUpdate")?;
    if !Array::is_array(&actions) {
        return None;
    }
    let mut update = CoreUpdate::default();
    for a in Array::from(&actions).iter() {
        let (kind, a) = step(&a)?;
        update = update.action(action(kind, &a.get(1), &a.get(2), None).ok()?);
    }
    Some(update)
}

//! Condition and update builders for JS (paths as in `path.rs`). Every
//! name and value is sent as a placeholder.

use alloc::{string::String, vec::Vec};
use js_sys::Array;
use rynamo_core::expr::{
    Comparator, Condition as CoreCondition, Operand, SetValue, Update as CoreUpdate, UpdateAction,
    UpdateOperand,
};
use rynamo_core::value::ValueType;
use wasm_bindgen::prelude::*;

use super::marshal::{self, MarshalOptions, text};
pub use super::path::path;

/// Values in conditions and updates marshal by the default rules (pass a
/// `Date` as `date.toISOString()`, say).
fn to_attribute(value: &JsValue) -> Result<rynamo_core::AttributeValue, JsValue> {
    marshal::to_attribute(value, &MarshalOptions::default())
}

fn type_error(message: String) -> JsValue {
    js_sys::TypeError::new(&message).into()
}

fn value(v: &JsValue) -> Result<Operand, JsValue> {
    to_attribute(v).map(Operand::Value)
}

/// A condition (or filter) expression, built from JS:
/// `Condition.eq("status", "new").and(Condition.gt("total", 10))`.
#[wasm_bindgen]
#[derive(Clone)]
pub struct Condition {
    pub(crate) inner: CoreCondition,
}

fn compare(p: &JsValue, comparator: Comparator, v: &JsValue) -> Result<CoreCondition, JsValue> {
    Ok(CoreCondition::compare(
        Operand::Path(path(p)?),
        comparator,
        value(v)?,
    ))
}

/// The comparators in `Condition.size`'s operator order, and the first six factories'.
const COMPARATORS: [(&str, Comparator); 6] = [
    ("=", Comparator::Eq),
    ("<>", Comparator::Ne),
    ("<", Comparator::Lt),
    ("<=", Comparator::Le),
    (">", Comparator::Gt),
    (">=", Comparator::Ge),
];

fn condition(kind: u8, p: &JsValue, a: &JsValue, b: &JsValue) -> Result<CoreCondition, JsValue> {
    let other =
        |v: &JsValue| Condition::read(v).ok_or_else(|| type_error("expected a Condition".into()));
    Ok(match kind {
        // eq, ne, lt, le, gt, ge
        0..=5 => compare(p, COMPARATORS[kind as usize].1, a)?,
        6 => CoreCondition::between(Operand::Path(path(p)?), value(a)?, value(b)?),
        7 => {
            // A loop, not `collect::<Result<..>>` (its adapters were
            // about 0.8 KB of wasm here).
            let mut candidates = Vec::new();
            for v in Array::from(a).iter() {
                candidates.push(value(&v)?);
            }
            CoreCondition::is_in(Operand::Path(path(p)?), candidates)
        }
        8 => CoreCondition::exists(path(p)?),
        9 => CoreCondition::not_exists(path(p)?),
        10 => {
            let tag = a.as_string().unwrap_or_default();
            let t = [
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
            ]
            .into_iter()
            .find(|t| t.tag() == tag)
            .ok_or_else(|| type_error(text(&["`", &tag, "` is not a DynamoDB type"])))?;
            CoreCondition::attribute_type(path(p)?, t)
        }
        11 => CoreCondition::begins_with(path(p)?, value(a)?),
        12 => CoreCondition::contains(path(p)?, value(a)?),
        13 => {
            let op = a.as_string().unwrap_or_default();
            let comparator = COMPARATORS
                .iter()
                .find(|(text, _)| *text == op)
                .map(|(_, c)| *c)
                .ok_or_else(|| type_error(text(&["`", &op, "` is not a comparison"])))?;
            CoreCondition::compare(Operand::Size(path(p)?), comparator, value(b)?)
        }
        // and, or, not: `p` is the condition itself.
        14 => other(p)?.and(other(a)?),
        15 => other(p)?.or(other(a)?),
        16 => other(p)?.negate(),
        _ => return Err(type_error("not a Condition factory".into())),
    })
}

#[wasm_bindgen]
impl Condition {
    /// Every factory's one entry: `Condition.eq(path, value)` and the
    /// others (`adapter-wasm/js/methods.js` names them) call this with the
    /// factory's index there and its arguments; `and`, `or` and `not` pass
    /// the condition itself as `path`.
    #[wasm_bindgen(js_name = __make)]
    pub fn make(kind: u8, path: JsValue, a: JsValue, b: JsValue) -> Result<Condition, JsValue> {
        condition(kind, &path, &a, &b).map(|inner| Condition { inner })
    }

    /// A copy, so options can read a condition without consuming it.
    #[wasm_bindgen(js_name = __rynamoCopy)]
    pub fn copy(&self) -> Condition {
        self.clone()
    }
}

/// The value behind a JS `Condition` or `Update`, read through its copy
/// method: wasm-bindgen's `TryFromJsValue` moves the value out of the JS
/// object, which would make a second use throw.
fn copied(value: &JsValue) -> Option<JsValue> {
    let copy = js_sys::Reflect::get(value, &"__rynamoCopy".into()).ok()?;
    copy.dyn_into::<js_sys::Function>().ok()?.call0(value).ok()
}

impl Condition {
    /// The condition a JS value holds (left usable).
    pub fn read(value: &JsValue) -> Option<CoreCondition> {
        use wasm_bindgen::convert::TryFromJsValue;
        Condition::try_from_js_value(copied(value)?)
            .ok()
            .map(|c| c.inner)
    }
}

impl Update {
    /// The update a JS value holds (left usable).
    pub fn read(value: &JsValue) -> Option<CoreUpdate> {
        use wasm_bindgen::convert::TryFromJsValue;
        Update::try_from_js_value(copied(value)?)
            .ok()
            .map(|u| u.inner)
    }
}

/// An update expression, built from JS:
/// `new Update().set("status", "paid").add("total", 5).remove("note")`.
#[wasm_bindgen]
#[derive(Clone, Default)]
pub struct Update {
    pub(crate) inner: CoreUpdate,
}

#[wasm_bindgen]
impl Update {
    /// No actions yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Update {
        Update::default()
    }

    /// Every action's one entry: `update.set(path, value)` and the others
    /// (`adapter-wasm/js/methods.js` names them) call this with the
    /// action's index there; a new `Update` with the action added.
    #[wasm_bindgen(js_name = __push)]
    pub fn push(&self, kind: u8, path: JsValue, value: JsValue) -> Result<Update, JsValue> {
        let p = self::path(&path)?;
        let v = || to_attribute(&value);
        let action = match kind {
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
        };
        Ok(Update {
            inner: self.inner.clone().action(action),
        })
    }

    /// A copy, so options can read an update without consuming it.
    #[wasm_bindgen(js_name = __rynamoCopy)]
    pub fn copy(&self) -> Update {
        self.clone()
    }
}

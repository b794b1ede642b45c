//! Condition and update builders for JS (paths as in `path.rs`). Every
//! name and value is sent as a placeholder.

use js_sys::Array;
use rynamo_core::expr::{
    Comparator, Condition as CoreCondition, Operand, SetValue, Update as CoreUpdate, UpdateAction,
    UpdateOperand,
};
use rynamo_core::value::ValueType;
use wasm_bindgen::prelude::*;

use super::marshal::{self, MarshalOptions};
pub use super::path::path;

/// Values in conditions and updates marshal by the default rules (pass a
/// `Date` as `date.toISOString()`, say).
fn to_attribute(value: &JsValue) -> Result<rynamo_core::AttributeValue, JsValue> {
    marshal::to_attribute(value, &MarshalOptions::default()).map_err(JsValue::from)
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

fn compare(p: &JsValue, comparator: Comparator, v: &JsValue) -> Result<Condition, JsValue> {
    Ok(Condition {
        inner: CoreCondition::compare(Operand::Path(path(p)?), comparator, value(v)?),
    })
}

#[wasm_bindgen]
impl Condition {
    /// `path = value`.
    pub fn eq(path: JsValue, value: JsValue) -> Result<Condition, JsValue> {
        compare(&path, Comparator::Eq, &value)
    }

    /// `path <> value`.
    pub fn ne(path: JsValue, value: JsValue) -> Result<Condition, JsValue> {
        compare(&path, Comparator::Ne, &value)
    }

    /// `path < value`.
    pub fn lt(path: JsValue, value: JsValue) -> Result<Condition, JsValue> {
        compare(&path, Comparator::Lt, &value)
    }

    /// `path <= value`.
    pub fn le(path: JsValue, value: JsValue) -> Result<Condition, JsValue> {
        compare(&path, Comparator::Le, &value)
    }

    /// `path > value`.
    pub fn gt(path: JsValue, value: JsValue) -> Result<Condition, JsValue> {
        compare(&path, Comparator::Gt, &value)
    }

    /// `path >= value`.
    pub fn ge(path: JsValue, value: JsValue) -> Result<Condition, JsValue> {
        compare(&path, Comparator::Ge, &value)
    }

    /// `path BETWEEN low AND high`.
    pub fn between(path: JsValue, low: JsValue, high: JsValue) -> Result<Condition, JsValue> {
        Ok(Condition {
            inner: CoreCondition::between(
                Operand::Path(self::path(&path)?),
                value(&low)?,
                value(&high)?,
            ),
        })
    }

    /// `path IN (values…)` (at most 100).
    #[wasm_bindgen(js_name = isIn)]
    pub fn is_in(path: JsValue, values: Array) -> Result<Condition, JsValue> {
        let candidates = values.iter().map(|v| value(&v)).collect::<Result<_, _>>()?;
        Ok(Condition {
            inner: CoreCondition::is_in(Operand::Path(self::path(&path)?), candidates),
        })
    }

    /// `attribute_exists(path)`.
    pub fn exists(path: JsValue) -> Result<Condition, JsValue> {
        Ok(Condition {
            inner: CoreCondition::exists(self::path(&path)?),
        })
    }

    /// `attribute_not_exists(path)`.
    #[wasm_bindgen(js_name = notExists)]
    pub fn not_exists(path: JsValue) -> Result<Condition, JsValue> {
        Ok(Condition {
            inner: CoreCondition::not_exists(self::path(&path)?),
        })
    }

    /// `attribute_type(path, type)`, with a DynamoDB type tag (`"S"`, `"SS"`…).
    #[wasm_bindgen(js_name = isType)]
    pub fn is_type(path: JsValue, tag: &str) -> Result<Condition, JsValue> {
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
        .ok_or_else(|| type_error(format!("`{tag}` is not a DynamoDB type")))?;
        Ok(Condition {
            inner: CoreCondition::attribute_type(self::path(&path)?, t),
        })
    }

    /// `begins_with(path, prefix)`.
    #[wasm_bindgen(js_name = beginsWith)]
    pub fn begins_with(path: JsValue, prefix: JsValue) -> Result<Condition, JsValue> {
        Ok(Condition {
            inner: CoreCondition::begins_with(self::path(&path)?, value(&prefix)?),
        })
    }

    /// `contains(path, member)`.
    pub fn contains(path: JsValue, member: JsValue) -> Result<Condition, JsValue> {
        Ok(Condition {
            inner: CoreCondition::contains(self::path(&path)?, value(&member)?),
        })
    }

    /// `size(path) <op> n`, with `op` one of `=`, `<>`, `<`, `<=`, `>`, `>=`.
    pub fn size(path: JsValue, op: &str, n: JsValue) -> Result<Condition, JsValue> {
        let comparator = match op {
            "=" => Comparator::Eq,
            "<>" => Comparator::Ne,
            "<" => Comparator::Lt,
            "<=" => Comparator::Le,
            ">" => Comparator::Gt,
            ">=" => Comparator::Ge,
            other => return Err(type_error(format!("`{other}` is not a comparison"))),
        };
        Ok(Condition {
            inner: CoreCondition::compare(
                Operand::Size(self::path(&path)?),
                comparator,
                value(&n)?,
            ),
        })
    }

    /// Both (`AND`).
    pub fn and(&self, other: &Condition) -> Condition {
        Condition {
            inner: self.inner.clone().and(other.inner.clone()),
        }
    }

    /// Either (`OR`).
    pub fn or(&self, other: &Condition) -> Condition {
        Condition {
            inner: self.inner.clone().or(other.inner.clone()),
        }
    }

    /// The negation (`NOT`).
    pub fn not(&self) -> Condition {
        Condition {
            inner: self.inner.clone().negate(),
        }
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

    fn push(&self, action: UpdateAction) -> Update {
        Update {
            inner: self.inner.clone().action(action),
        }
    }

    /// `SET path = value`.
    pub fn set(&self, path: JsValue, value: JsValue) -> Result<Update, JsValue> {
        Ok(self.push(UpdateAction::Set(
            self::path(&path)?,
            SetValue::Operand(UpdateOperand::Value(to_attribute(&value)?)),
        )))
    }

    /// `SET path = if_not_exists(path, value)`.
    #[wasm_bindgen(js_name = setIfNotExists)]
    pub fn set_if_not_exists(&self, path: JsValue, value: JsValue) -> Result<Update, JsValue> {
        let p = self::path(&path)?;
        Ok(self.push(UpdateAction::Set(
            p.clone(),
            SetValue::Operand(UpdateOperand::IfNotExists(p, to_attribute(&value)?)),
        )))
    }

    /// `SET path = path + n`.
    pub fn increment(&self, path: JsValue, n: JsValue) -> Result<Update, JsValue> {
        let p = self::path(&path)?;
        Ok(self.push(UpdateAction::Set(
            p.clone(),
            SetValue::Plus(
                UpdateOperand::Path(p),
                UpdateOperand::Value(to_attribute(&n)?),
            ),
        )))
    }

    /// `SET path = path - n`.
    pub fn decrement(&self, path: JsValue, n: JsValue) -> Result<Update, JsValue> {
        let p = self::path(&path)?;
        Ok(self.push(UpdateAction::Set(
            p.clone(),
            SetValue::Minus(
                UpdateOperand::Path(p),
                UpdateOperand::Value(to_attribute(&n)?),
            ),
        )))
    }

    /// `SET path = list_append(path, items)`.
    pub fn append(&self, path: JsValue, items: JsValue) -> Result<Update, JsValue> {
        let p = self::path(&path)?;
        Ok(self.push(UpdateAction::Set(
            p.clone(),
            SetValue::ListAppend(
                UpdateOperand::Path(p),
                UpdateOperand::Value(to_attribute(&items)?),
            ),
        )))
    }

    /// `SET path = list_append(items, path)`.
    pub fn prepend(&self, path: JsValue, items: JsValue) -> Result<Update, JsValue> {
        let p = self::path(&path)?;
        Ok(self.push(UpdateAction::Set(
            p.clone(),
            SetValue::ListAppend(
                UpdateOperand::Value(to_attribute(&items)?),
                UpdateOperand::Path(p),
            ),
        )))
    }

    /// `REMOVE path`.
    pub fn remove(&self, path: JsValue) -> Result<Update, JsValue> {
        Ok(self.push(UpdateAction::Remove(self::path(&path)?)))
    }

    /// `ADD path value` (numbers and sets).
    pub fn add(&self, path: JsValue, value: JsValue) -> Result<Update, JsValue> {
        Ok(self.push(UpdateAction::Add(self::path(&path)?, to_attribute(&value)?)))
    }

    /// A copy, so options can read an update without consuming it.
    #[wasm_bindgen(js_name = __rynamoCopy)]
    pub fn copy(&self) -> Update {
        self.clone()
    }

    /// `DELETE path elements` (from a set).
    pub fn delete(&self, path: JsValue, elements: JsValue) -> Result<Update, JsValue> {
        Ok(self.push(UpdateAction::Delete(
            self::path(&path)?,
            to_attribute(&elements)?,
        )))
    }
}

//! The typed face of the expression language: methods on every typed path
//! ([`PathExpr`]) that only accept values of the attribute's type.

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;
use core::marker::PhantomData;
use core::ops::{BitAnd, BitOr, Not};

use super::condition::{Comparator, Condition};
use super::operand::Operand;
use super::path::{AttributePath, ToPath};
use super::update::{SetValue, UpdateOperand};
use crate::attr::{Attribute, UtcDateTime, ValueOf};
use crate::error::EncodeError;
use crate::number::Number;
use crate::value::ValueType;

/// A comparison that is also valid as a query's range-key condition (`=`,
/// `<`, `<=`, `>`, `>=`, `BETWEEN`, `begins_with`). Use it anywhere a
/// [`Condition`] goes; combining it with `&`, `|` or `!` makes a
/// `Condition`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyComparison<T> {
    pub(crate) path: AttributePath,
    pub(crate) condition: Condition,
    marker: PhantomData<fn() -> T>,
}

impl<T> KeyComparison<T> {
    fn new(path: AttributePath, condition: Condition) -> Self {
        KeyComparison {
            path,
            condition,
            marker: PhantomData,
        }
    }

    /// The attribute compared.
    pub fn path(&self) -> &AttributePath {
        &self.path
    }
}

impl<T> From<KeyComparison<T>> for Condition {
    fn from(c: KeyComparison<T>) -> Condition {
        c.condition
    }
}

impl<T, R: Into<Condition>> BitAnd<R> for KeyComparison<T> {
    type Output = Condition;
    fn bitand(self, rhs: R) -> Condition {
        self.condition.and(rhs.into())
    }
}

impl<T, R: Into<Condition>> BitOr<R> for KeyComparison<T> {
    type Output = Condition;
    fn bitor(self, rhs: R) -> Condition {
        self.condition.or(rhs.into())
    }
}

impl<T> Not for KeyComparison<T> {
    type Output = Condition;
    fn not(self) -> Condition {
        self.condition.negate()
    }
}

/// Encodes a value or records the failure in the condition.
fn value<T, V: ValueOf<T> + ?Sized>(v: &V) -> Result<Operand, EncodeError> {
    v.value_of().map(Operand::Value)
}

/// Types `begins_with` applies to, and the type of their prefix.
pub trait Prefixed {
    /// The prefix's type.
    type Prefix;
}

impl Prefixed for String {
    type Prefix = String;
}

impl Prefixed for Vec<u8> {
    type Prefix = Vec<u8>;
}

/// Date-times are stored as text, so a prefix like `"2026-01"` selects a month.
impl Prefixed for UtcDateTime {
    type Prefix = String;
}

/// Types `contains` applies to: strings (substring), sets and lists (member).
pub trait Contains {
    /// What `contains` looks for.
    type Member;
}

impl Contains for String {
    type Member = String;
}

impl<T> Contains for BTreeSet<T> {
    type Member = T;
}

impl<T> Contains for Vec<T> {
    type Member = T;
}

#[cfg(feature = "std")]
impl<T, S> Contains for std::collections::HashSet<T, S> {
    type Member = T;
}

/// Types `ADD` applies to: numbers and sets.
pub trait Addable {}

macro_rules! addable {
    ($($t:ty),*) => {$( impl Addable for $t {} )*};
}
addable!(
    i8, i16, i32, i64, i128, isize, u16, u32, u64, u128, usize, f32, f64, Number
);

impl<T> Addable for BTreeSet<T> {}

#[cfg(feature = "std")]
impl<T, S> Addable for std::collections::HashSet<T, S> {}

/// Set types, which `DELETE` removes elements from.
pub trait SetType {}

impl<T> SetType for BTreeSet<T> {}

#[cfg(feature = "std")]
impl<T, S> SetType for std::collections::HashSet<T, S> {}

/// Number types, which `+` and `-` in `SET` apply to.
pub trait Numeric {}

macro_rules! numeric {
    ($($t:ty),*) => {$( impl Numeric for $t {} )*};
}
numeric!(
    i8, i16, i32, i64, i128, isize, u16, u32, u64, u128, usize, f32, f64, Number
);

/// The right side of a typed `SET path = …` for an attribute of type `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct SetExpr<T> {
    pub(crate) value: Result<SetValue, EncodeError>,
    marker: PhantomData<fn() -> T>,
}

impl<T> SetExpr<T> {
    fn new(value: Result<SetValue, EncodeError>) -> Self {
        SetExpr {
            value,
            marker: PhantomData,
        }
    }
}

/// `size(path)`, compared with numbers.
#[derive(Debug, Clone)]
pub struct Size {
    path: AttributePath,
}

impl Size {
    fn compare(self, comparator: Comparator, n: impl Into<Number>) -> Condition {
        Condition::compare(
            Operand::Size(self.path),
            comparator,
            Operand::Value(crate::AttributeValue::N(n.into())),
        )
    }

    /// `size(path) = n`.
    pub fn eq(self, n: impl Into<Number>) -> Condition {
        self.compare(Comparator::Eq, n)
    }

    /// `size(path) <> n`.
    pub fn ne(self, n: impl Into<Number>) -> Condition {
        self.compare(Comparator::Ne, n)
    }

    /// `size(path) < n`.
    pub fn lt(self, n: impl Into<Number>) -> Condition {
        self.compare(Comparator::Lt, n)
    }

    /// `size(path) <= n`.
    pub fn le(self, n: impl Into<Number>) -> Condition {
        self.compare(Comparator::Le, n)
    }

    /// `size(path) > n`.
    pub fn gt(self, n: impl Into<Number>) -> Condition {
        self.compare(Comparator::Gt, n)
    }

    /// `size(path) >= n`.
    pub fn ge(self, n: impl Into<Number>) -> Condition {
        self.compare(Comparator::Ge, n)
    }

    /// `size(path) BETWEEN low AND high`.
    pub fn between(self, low: impl Into<Number>, high: impl Into<Number>) -> Condition {
        let n = |v: Number| Operand::Value(crate::AttributeValue::N(v));
        Condition::between(Operand::Size(self.path), n(low.into()), n(high.into()))
    }
}

/// Conditions and update operands on a typed path to a `T`, available on
/// every model [`Field`](super::Field) and [`Path`](super::Path):
///
/// ```
/// use rynamo_core::prelude::*;
///
/// #[derive(Model)]
/// #[rynamo(table = "orders")]
/// struct Order {
///     #[rynamo(hash_key)]
///     customer: String,
///     total: u32,
///     note: Option<String>,
/// }
///
/// let c = Order::TOTAL.gt(10u32) & Order::NOTE.begins_with("gift");
/// let mut names = rynamo_core::expr::Placeholders::new();
/// assert_eq!(c.render(&mut names).unwrap(), "#n0 > :v0 AND begins_with(#n1, :v1)");
/// ```
pub trait PathExpr<T>: ToPath<T> {
    /// The untyped path.
    fn untyped(&self) -> AttributePath {
        self.to_path().into_attribute_path()
    }

    /// `path = value`.
    fn eq<V: ValueOf<T>>(&self, v: V) -> KeyComparison<T> {
        compare(self.untyped(), Comparator::Eq, value::<T, V>(&v))
    }

    /// `path <> value`.
    fn ne<V: ValueOf<T>>(&self, v: V) -> Condition {
        compare::<T>(self.untyped(), Comparator::Ne, value::<T, V>(&v)).condition
    }

    /// `path < value`.
    fn lt<V: ValueOf<T>>(&self, v: V) -> KeyComparison<T> {
        compare(self.untyped(), Comparator::Lt, value::<T, V>(&v))
    }

    /// `path <= value`.
    fn le<V: ValueOf<T>>(&self, v: V) -> KeyComparison<T> {
        compare(self.untyped(), Comparator::Le, value::<T, V>(&v))
    }

    /// `path > value`.
    fn gt<V: ValueOf<T>>(&self, v: V) -> KeyComparison<T> {
        compare(self.untyped(), Comparator::Gt, value::<T, V>(&v))
    }

    /// `path >= value`.
    fn ge<V: ValueOf<T>>(&self, v: V) -> KeyComparison<T> {
        compare(self.untyped(), Comparator::Ge, value::<T, V>(&v))
    }

    /// `path BETWEEN low AND high`.
    fn between<V: ValueOf<T>, W: ValueOf<T>>(&self, low: V, high: W) -> KeyComparison<T> {
        let path = self.untyped();
        let condition = match (value::<T, V>(&low), value::<T, W>(&high)) {
            (Ok(l), Ok(h)) => Condition::between(Operand::Path(path.clone()), l, h),
            (Err(e), _) | (_, Err(e)) => Condition::invalid(e),
        };
        KeyComparison::new(path, condition)
    }

    /// `path IN (values…)`, at most 100 values.
    fn is_in<V: ValueOf<T>>(&self, values: impl IntoIterator<Item = V>) -> Condition {
        let candidates: Result<Vec<Operand>, EncodeError> =
            values.into_iter().map(|v| value::<T, V>(&v)).collect();
        match candidates {
            Ok(c) => Condition::is_in(Operand::Path(self.untyped()), c),
            Err(e) => Condition::invalid(e),
        }
    }

    /// `attribute_exists(path)`.
    fn exists(&self) -> Condition {
        Condition::exists(self.untyped())
    }

    /// `attribute_not_exists(path)`.
    fn not_exists(&self) -> Condition {
        Condition::not_exists(self.untyped())
    }

    /// `attribute_type(path, type)`.
    fn is_type(&self, value_type: ValueType) -> Condition {
        Condition::attribute_type(self.untyped(), value_type)
    }

    /// `begins_with(path, prefix)`, for strings, binary and date-times.
    fn begins_with<V: ValueOf<T::Prefix>>(&self, prefix: V) -> KeyComparison<T>
    where
        T: Prefixed,
    {
        let path = self.untyped();
        let condition = match value::<T::Prefix, V>(&prefix) {
            Ok(p) => Condition::begins_with(path.clone(), p),
            Err(e) => Condition::invalid(e),
        };
        KeyComparison::new(path, condition)
    }

    /// `contains(path, member)`: a substring of a string, or a member of a
    /// set or list.
    fn contains<V: ValueOf<T::Member>>(&self, member: V) -> Condition
    where
        T: Contains,
    {
        match value::<T::Member, V>(&member) {
            Ok(m) => Condition::contains(self.untyped(), m),
            Err(e) => Condition::invalid(e),
        }
    }

    /// `size(path)`, to compare with a number.
    fn size(&self) -> Size {
        Size {
            path: self.untyped(),
        }
    }

    /// `path + n`, for `SET`.
    fn plus<V: ValueOf<T>>(&self, n: V) -> SetExpr<T>
    where
        T: Numeric,
    {
        let path = UpdateOperand::Path(self.untyped());
        SetExpr::new(
            n.value_of()
                .map(|v| SetValue::Plus(path, UpdateOperand::Value(v))),
        )
    }

    /// `path - n`, for `SET`.
    fn minus<V: ValueOf<T>>(&self, n: V) -> SetExpr<T>
    where
        T: Numeric,
    {
        let path = UpdateOperand::Path(self.untyped());
        SetExpr::new(
            n.value_of()
                .map(|v| SetValue::Minus(path, UpdateOperand::Value(v))),
        )
    }

    /// `list_append(path, items)`: `items` after the list's elements.
    fn append<V: ValueOf<T>>(&self, items: V) -> SetExpr<T>
    where
        T: super::ListType,
    {
        let path = UpdateOperand::Path(self.untyped());
        SetExpr::new(
            items
                .value_of()
                .map(|v| SetValue::ListAppend(path, UpdateOperand::Value(v))),
        )
    }

    /// `list_append(items, path)`: `items` before the list's elements.
    fn prepend<V: ValueOf<T>>(&self, items: V) -> SetExpr<T>
    where
        T: super::ListType,
    {
        let path = UpdateOperand::Path(self.untyped());
        SetExpr::new(
            items
                .value_of()
                .map(|v| SetValue::ListAppend(UpdateOperand::Value(v), path)),
        )
    }

    /// `if_not_exists(path, value)`: the stored value, or `value` when absent.
    fn if_not_exists<V: ValueOf<T>>(&self, default: V) -> SetExpr<T> {
        let path = self.untyped();
        SetExpr::new(
            default
                .value_of()
                .map(|v| SetValue::Operand(UpdateOperand::IfNotExists(path, v))),
        )
    }

    /// `if_not_exists(path, start) + n`: increments, starting from `start`
    /// when the attribute is absent.
    fn plus_or<V: ValueOf<T>, W: ValueOf<T>>(&self, start: V, n: W) -> SetExpr<T>
    where
        T: Numeric,
    {
        let path = self.untyped();
        SetExpr::new(start.value_of().and_then(|s| {
            let n = n.value_of()?;
            Ok(SetValue::Plus(
                UpdateOperand::IfNotExists(path, s),
                UpdateOperand::Value(n),
            ))
        }))
    }
}

impl<T, P: ToPath<T>> PathExpr<T> for P {}

fn compare<T>(
    path: AttributePath,
    comparator: Comparator,
    v: Result<Operand, EncodeError>,
) -> KeyComparison<T> {
    let condition = match v {
        Ok(v) => Condition::compare(Operand::Path(path.clone()), comparator, v),
        Err(e) => Condition::invalid(e),
    };
    KeyComparison::new(path, condition)
}

/// A typed value for `SET`, from a plain value.
impl<T: Attribute> From<T> for SetExpr<T> {
    fn from(v: T) -> Self {
        SetExpr::new(
            v.to_value()
                .map(|v| SetValue::Operand(UpdateOperand::Value(v))),
        )
    }
}

#[cfg(test)]
mod tests;

//! Sets ⇄ `SS`, `NS`, `BS` (PynamoDB `UnicodeSetAttribute`,
//! `NumberSetAttribute`, `BinarySetAttribute`). An empty set is left out of
//! the item (DynamoDB stores no empty sets) and reads back as empty.

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

use super::Attribute;
use crate::error::{DecodeError, EncodeError};
use crate::number::Number;
use crate::value::AttributeValue;

/// A type that can be a set member, and which set type holds it.
pub trait SetElement: Sized {
    /// Builds the set value (`SS`, `NS` or `BS`) from its members.
    fn to_set<'a>(members: impl Iterator<Item = &'a Self>) -> Result<AttributeValue, EncodeError>
    where
        Self: 'a;

    /// Reads the members of a stored set.
    fn from_set(value: AttributeValue) -> Result<Vec<Self>, DecodeError>;
}

impl SetElement for String {
    fn to_set<'a>(members: impl Iterator<Item = &'a Self>) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::Ss(members.cloned().collect()))
    }

    fn from_set(value: AttributeValue) -> Result<Vec<Self>, DecodeError> {
        match value {
            AttributeValue::Ss(v) => Ok(v),
            other => Err(DecodeError::wrong_type("SS", other.value_type())),
        }
    }
}

impl SetElement for Vec<u8> {
    fn to_set<'a>(members: impl Iterator<Item = &'a Self>) -> Result<AttributeValue, EncodeError> {
        Ok(AttributeValue::Bs(members.cloned().collect()))
    }

    fn from_set(value: AttributeValue) -> Result<Vec<Self>, DecodeError> {
        match value {
            AttributeValue::Bs(v) => Ok(v),
            other => Err(DecodeError::wrong_type("BS", other.value_type())),
        }
    }
}

macro_rules! number_set_element {
    ($($t:ty),*) => {$(
        impl SetElement for $t {
            fn to_set<'a>(members: impl Iterator<Item = &'a Self>) -> Result<AttributeValue, EncodeError> {
                let mut out = Vec::new();
                for m in members {
                    match m.to_value()? {
                        AttributeValue::N(n) => out.push(n),
                        _ => unreachable!("numbers encode as N"),
                    }
                }
                Ok(AttributeValue::Ns(out))
            }

            fn from_set(value: AttributeValue) -> Result<Vec<Self>, DecodeError> {
                match value {
                    AttributeValue::Ns(v) => v
                        .into_iter()
                        .map(|n| <$t as Attribute>::from_value(AttributeValue::N(n)))
                        .collect(),
                    other => Err(DecodeError::wrong_type("NS", other.value_type())),
                }
            }
        }
    )*};
}
number_set_element!(
    Number, i8, i16, i32, i64, i128, isize, u16, u32, u64, u128, usize
);

fn set_to_value<'a, T: SetElement + 'a>(
    set: impl ExactSizeIterator<Item = &'a T>,
) -> Result<AttributeValue, EncodeError> {
    T::to_set(set)
}

fn set_from_value<T: SetElement, C: FromIterator<T> + Default>(
    value: AttributeValue,
) -> Result<C, DecodeError> {
    match value {
        // PynamoDB stores an empty set inside a list as NULL.
        AttributeValue::Null => Ok(C::default()),
        value => Ok(T::from_set(value)?.into_iter().collect()),
    }
}

impl<T: SetElement + Attribute + Ord> Attribute for BTreeSet<T> {
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        Ok(crate::json::simple::read_simple_list(r, T::read_simple)?
            .into_iter()
            .collect())
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        set_to_value(self.iter())
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        set_from_value(value)
    }

    fn is_absent(&self) -> bool {
        self.is_empty()
    }

    fn from_missing() -> Result<Self, DecodeError> {
        Ok(BTreeSet::new())
    }
}

#[cfg(feature = "std")]
impl<T: SetElement + Attribute + Ord + core::hash::Hash, S: core::hash::BuildHasher + Default>
    Attribute for std::collections::HashSet<T, S>
{
    fn read_simple(r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        Ok(crate::json::simple::read_simple_list(r, T::read_simple)?
            .into_iter()
            .collect())
    }

    fn to_value(&self) -> Result<AttributeValue, EncodeError> {
        // Sorted, so the same set always encodes to the same bytes.
        let sorted: BTreeSet<&T> = self.iter().collect();
        T::to_set(sorted.into_iter())
    }

    fn from_value(value: AttributeValue) -> Result<Self, DecodeError> {
        set_from_value(value)
    }

    fn is_absent(&self) -> bool {
        self.is_empty()
    }

    fn from_missing() -> Result<Self, DecodeError> {
        Ok(Self::default())
    }
}

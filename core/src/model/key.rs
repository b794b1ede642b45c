//! Keys: the [`Key`] of one item, and [`IntoKey`], which lets the compiler
//! check key values against a model's key types.

use alloc::vec::Vec;

use super::Model;
use crate::attr::{KeyAttribute, ValueOf, key_value, range_key_value};
use crate::error::EncodeError;
use crate::value::{Key, ScalarAttributeType};

/// The range key type of a model without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRangeKey {}

/// A model's range key type: any [`KeyAttribute`], or [`NoRangeKey`].
pub trait RangeKey {
    /// The key's type; `None` for [`NoRangeKey`].
    const KEY_TYPE: Option<ScalarAttributeType>;
}

impl<T: KeyAttribute> RangeKey for T {
    const KEY_TYPE: Option<ScalarAttributeType> = Some(T::KEY_TYPE);
}

impl RangeKey for NoRangeKey {
    const KEY_TYPE: Option<ScalarAttributeType> = None;
}

/// What can name one item of model `M`: `("hash", "range")` for a table with
/// a range key, the hash value alone (or `(hash,)`) for one without, or a
/// [`Key`]. The compiler checks each part's type against the model's key
/// types, so a number is refused where the key is a string.
pub trait IntoKey<M: Model> {
    /// Builds the key, rejecting empty strings and binary.
    fn into_key(self) -> Result<Key, EncodeError>;
}

impl<M: Model, A: ValueOf<M::HashKey>, B: ValueOf<M::RangeKey>> IntoKey<M> for (A, B)
where
    M::RangeKey: KeyAttribute,
{
    fn into_key(self) -> Result<Key, EncodeError> {
        let hash = key_value::<M::HashKey, A>(&self.0).map_err(|e| e.at_field(M::HASH_KEY))?;
        let range_name = M::RANGE_KEY.unwrap_or_default();
        let range =
            range_key_value::<M::RangeKey, B>(&self.1).map_err(|e| e.at_field(range_name))?;
        Ok(Key::hash(M::HASH_KEY, hash).range(range_name, range))
    }
}

impl<M: Model<RangeKey = NoRangeKey>, A: ValueOf<M::HashKey>> IntoKey<M> for (A,) {
    fn into_key(self) -> Result<Key, EncodeError> {
        let hash = key_value::<M::HashKey, A>(&self.0).map_err(|e| e.at_field(M::HASH_KEY))?;
        Ok(Key::hash(M::HASH_KEY, hash))
    }
}

impl<M: Model> IntoKey<M> for Key {
    fn into_key(self) -> Result<Key, EncodeError> {
        Ok(self)
    }
}

macro_rules! hash_only_key {
    ($($t:ty),*) => {$(
        impl<'k, M: Model<RangeKey = NoRangeKey>> IntoKey<M> for $t
        where
            $t: ValueOf<M::HashKey>,
        {
            fn into_key(self) -> Result<Key, EncodeError> {
                IntoKey::<M>::into_key((self,))
            }
        }
    )*};
}
hash_only_key!(
    &'k str,
    alloc::string::String,
    &'k alloc::string::String,
    i16,
    i32,
    i64,
    i128,
    isize,
    u16,
    u32,
    u64,
    u128,
    usize,
    crate::Number,
    &'k [u8],
    Vec<u8>
);

//! Reading models straight from response bytes, without building an
//! [`Item`] map first: the fast path behind [`Model::read_item_json`] and
//! [`Attribute::read_json`].
//!
//! The fast path only ever succeeds with the value the [`Model::from_item`]
//! path would give; anything it does not read exactly that way (a missing
//! required field, a `NULL` inside a list, a duplicate key, a wrong type) it
//! refuses, and the caller decodes the same bytes again the slow way, which
//! names the problem with a typed [`DecodeError`](crate::error::DecodeError).
//! So errors stay precise and cost nothing when there are none.
//!
//! [`Model::read_item_json`]: crate::Model::read_item_json
//! [`Model::from_item`]: crate::Model::from_item

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::attr::Attribute;
use crate::value::{AttributeValue, Item};

/// Why the fast path gave up (never shown: the slow path explains instead).
pub fn refuse<E: de::Error>() -> E {
    E::custom("not read by the fast path")
}

/// Reads one `T` with [`Attribute::read_json`].
pub struct ReadSeed<T>(PhantomData<fn() -> T>);

impl<T> ReadSeed<T> {
    /// A seed for `T`.
    pub fn new() -> Self {
        ReadSeed(PhantomData)
    }
}

impl<T> Default for ReadSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Attribute> DeserializeSeed<'de> for ReadSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::read_json(d)
    }
}

/// A map key, borrowed from the input unless it holds escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an attribute name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.into())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Reads `{"<tag>": …}` with `seed` reading the inner value; any other
/// shape is refused.
pub fn tagged<'de, D: Deserializer<'de>, S: DeserializeSeed<'de>>(
    d: D,
    tag: &'static str,
    seed: S,
) -> Result<S::Value, D::Error> {
    struct Tagged<S> {
        tag: &'static str,
        seed: S,
    }
    impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Tagged<S> {
        type Value = S::Value;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{{\"{}\": …}}", self.tag)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S::Value, A::Error> {
            match map.next_key::<Key<'de>>()? {
                Some(key) if key.as_str() == self.tag => {}
                _ => return Err(refuse()),
            }
            let value = map.next_value_seed(self.seed)?;
            if map.next_key::<IgnoredAny>()?.is_some() {
                return Err(refuse());
            }
            Ok(value)
        }
    }
    d.deserialize_map(Tagged { tag, seed })
}

/// Reads a JSON array of `T`s (the inside of an `L`).
pub struct ListSeed<T>(PhantomData<fn() -> T>);

impl<T> ListSeed<T> {
    /// A seed for a list of `T`.
    pub fn new() -> Self {
        ListSeed(PhantomData)
    }
}

impl<T> Default for ListSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Attribute> DeserializeSeed<'de> for ListSeed<T> {
    type Value = alloc::vec::Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct ListVisitor<T>(PhantomData<fn() -> T>);
        impl<'de, T: Attribute> Visitor<'de> for ListVisitor<T> {
            type Value = alloc::vec::Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of attribute values")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out =
                    alloc::vec::Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(v) = seq.next_element_seed(ReadSeed::<T>::new())? {
                    out.push(v);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(ListVisitor(PhantomData))
    }
}

/// The fields of one derived struct being read; generated by the derives.
pub trait Fields: Sized {
    /// The struct built at the end.
    type Output;

    /// Reads the value of attribute `name` (every key, declared or not).
    fn field<'de, A: MapAccess<'de>>(
        &mut self,
        name: Key<'de>,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// Builds the struct; `None` when a field is missing and required, or
    /// a discriminator is absent.
    fn finish(self) -> Option<Self::Output>;
}

/// Reads a JSON object of attributes into a derived struct.
pub struct StructSeed<F>(pub F);

impl<'de, F: Fields> DeserializeSeed<'de> for StructSeed<F> {
    type Value = F::Output;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<F::Output, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: Fields> Visitor<'de> for StructSeed<F> {
    type Value = F::Output;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an item")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<F::Output, A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            self.0.field(key, &mut map)?;
        }
        self.0.finish().ok_or_else(refuse)
    }
}

/// Reads a declared field's value into its slot; a second value for the
/// same attribute is refused.
pub fn slot<'de, T: Attribute, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(refuse());
    }
    *slot = Some(map.next_value_seed(ReadSeed::<T>::new())?);
    Ok(())
}

/// A field's value at the end: its slot, or what the type reads when the
/// attribute is absent (`None` for an `Option`).
pub fn take<T: Attribute>(slot: Option<T>) -> Option<T> {
    match slot {
        Some(v) => Some(v),
        None => T::from_missing().ok(),
    }
}

/// Skips an attribute the struct does not declare.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Keeps an attribute the struct does not declare, for its `extra` field.
pub fn keep<'de, A: MapAccess<'de>>(
    extra: &mut Item,
    name: Key<'de>,
    map: &mut A,
) -> Result<(), A::Error> {
    let value = map.next_value::<AttributeValue>()?;
    if extra.insert(name.into_string(), value).is_some() {
        return Err(refuse());
    }
    Ok(())
}

/// Checks the discriminator attribute is `{"S": expected}`; sets `seen`.
pub fn discriminator<'de, A: MapAccess<'de>>(
    map: &mut A,
    expected: &str,
    seen: &mut bool,
) -> Result<(), A::Error> {
    let found: String = map.next_value_seed(ReadSeed::<String>::new())?;
    if *seen || found != expected {
        return Err(refuse());
    }
    *seen = true;
    Ok(())
}

/// A model read with its fast path ([`Model::read_item_json`]), as a
/// `Deserialize` type for reply shapes that hold items.
///
/// [`Model::read_item_json`]: crate::Model::read_item_json
pub struct FastModel<M>(pub M);

impl<'de, M: crate::Model> Deserialize<'de> for FastModel<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        M::read_item_json(d).map(FastModel)
    }
}

//! [`Partial`]: an item of a model read with only some of its attributes —
//! from a `KEYS_ONLY` or `INCLUDE` index, a projection, or the
//! `UPDATED_OLD`/`UPDATED_NEW` attributes of an update — read field by
//! field through the model's typed [`Field`] constants.

use core::fmt;
use core::marker::PhantomData;

use super::codec::ModelCodec;
use super::{IndexDefinition, Key, Model, Read};
use crate::attr::Attribute;
use crate::error::{DecodeError, EncodeError, EncodeErrorKind};
use crate::expr::{Condition, Field};
use crate::value::{AttributeValue, Item};

/// Some of the attributes of an `M` item, as DynamoDB returned them.
///
/// A model's required fields make it unreadable from a reply that leaves
/// attributes out: a `KEYS_ONLY` or `INCLUDE` index, a
/// [`projection`](Read::projection), or an update's `UPDATED_*` return
/// values. A `Partial<M>` reads any such reply, and hands out each
/// attribute typed by `M`'s own field constants, so a field name or type
/// that `M` does not declare does not compile:
///
/// ```no_run
/// use rynamo_core::prelude::*;
/// use rynamo_core::model::Partial;
/// use rynamo_core::transport::Transport;
///
/// #[derive(Model)]
/// #[rynamo(table = "orders", gsi(name = "by_status", hash_key = "status", projection = "keys_only"))]
/// struct Order {
///     #[rynamo(hash_key)] customer: String,
///     #[rynamo(range_key)] id: String,
///     status: String,
///     total: u32,
/// }
///
/// async fn paid<T: Transport>(db: &Client<T>) -> Result<(), Error> {
///     let found: Vec<Partial<Order>> = Order::BY_STATUS.query("paid").partial().all(db).await?;
///     for order in &found {
///         let id: String = order.require(Order::ID)?;      // in every KEYS_ONLY index
///         let total: Option<u32> = order.get(Order::TOTAL)?; // not projected: None
///         assert!(total.is_none());
///         println!("{id}");
///     }
///     Ok(())
/// }
/// ```
///
/// [`Partial::into_model`] reads the whole model when every required
/// attribute (or one with a `#[rynamo(default)]`) is there.
///
/// A `Partial` is never written: saving it, putting it in a batch or a
/// transaction is an [`EncodeError`] before anything is sent, because it
/// would replace the stored item with the attributes read. Deleting and
/// updating by its key work as on `M` (with `M`'s version check).
pub struct Partial<M> {
    item: Item,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> Partial<M> {
    /// The attribute `field`, if DynamoDB returned it (`None` when absent
    /// or `NULL`); a stored value of another type is an error naming it.
    pub fn get<T: Attribute>(&self, field: Field<M, T>) -> Result<Option<T>, DecodeError> {
        match self.item.get(field.name()) {
            None => Ok(None),
            Some(value) => {
                Option::<T>::from_value(value.clone()).map_err(|e| e.at_field(field.name()))
            }
        }
    }

    /// The attribute `field`; its absence is a
    /// [`DecodeErrorKind::Missing`](crate::error::DecodeErrorKind::Missing)
    /// error naming it.
    pub fn require<T: Attribute>(&self, field: Field<M, T>) -> Result<T, DecodeError> {
        self.get(field)?
            .ok_or_else(|| DecodeError::missing().at_field(field.name()))
    }

    /// Whether DynamoDB returned the attribute `field`.
    pub fn contains<T>(&self, field: Field<M, T>) -> bool {
        self.item.contains_key(field.name())
    }

    /// The whole model, when every attribute it requires is here (fields
    /// with `#[rynamo(default)]` or of `Option` type may be absent).
    pub fn into_model(self) -> Result<M, DecodeError> {
        M::from_item(self.item)
    }

    /// The attributes as returned.
    pub fn as_item(&self) -> &Item {
        &self.item
    }

    /// The attributes as returned, owned.
    pub fn into_item(self) -> Item {
        self.item
    }

    /// The attributes of an item of `M`, read as they are.
    pub fn new(item: Item) -> Self {
        Partial {
            item,
            marker: PhantomData,
        }
    }

    fn refuse_write() -> EncodeError {
        EncodeError::new(EncodeErrorKind::Invalid(crate::text::format(
            "a partial `{}` item holds only the attributes read; writing it would drop the others (read the whole item, or update the attributes by key)",
            &[M::TABLE.into()],
        )))
    }
}

impl<M: Model, O: crate::op::PagedOperation, R> Read<M, O, R> {
    /// Reads each item as a [`Partial`] of `M` rather than an `M`: for an
    /// index that does not project every attribute (`KEYS_ONLY`,
    /// `INCLUDE`) or a read with a [`projection`](Read::projection).
    pub fn partial(self) -> Read<Partial<M>, O, R> {
        self.cast()
    }
}

/// Reads and deletes as `M` does (same table, keys, indexes, discriminator
/// filter and version check); never writes the partial item.
impl<M: Model> Model for Partial<M> {
    const TABLE: &'static str = M::TABLE;
    const HASH_KEY: &'static str = M::HASH_KEY;
    const RANGE_KEY: Option<&'static str> = M::RANGE_KEY;
    type HashKey = M::HashKey;
    type RangeKey = M::RangeKey;
    const INDEXES: &'static [IndexDefinition] = M::INDEXES;
    const DISCRIMINATOR: Option<(&'static str, &'static str)> = M::DISCRIMINATOR;
    const DISCRIMINATOR_ALIASES: &'static [&'static str] = M::DISCRIMINATOR_ALIASES;
    const DISCRIMINATOR_ATTRIBUTE: Option<&'static str> = M::DISCRIMINATOR_ATTRIBUTE;
    const TTL: Option<&'static str> = M::TTL;
    const VERSION: Option<&'static str> = M::VERSION;

    fn key(&self) -> Result<Key, EncodeError> {
        let value = |name: &str| {
            self.item.get(name).cloned().ok_or_else(|| {
                EncodeError::new(EncodeErrorKind::Invalid(
                    "the partial item does not hold this key attribute".into(),
                ))
                .at_field(name)
            })
        };
        let mut key = Key::hash(M::HASH_KEY, value(M::HASH_KEY)?);
        if let Some(range) = M::RANGE_KEY {
            key = key.range(range, value(range)?);
        }
        Ok(key)
    }

    fn to_item(&self) -> Result<Item, EncodeError> {
        Err(Self::refuse_write())
    }

    fn write_item(&self, _buf: &mut alloc::vec::Vec<u8>) -> Result<(), EncodeError> {
        Err(Self::refuse_write())
    }

    fn from_item(item: Item) -> Result<Self, DecodeError> {
        Ok(Partial::new(item))
    }
}

/// The core's hooks: the version read from the item, `M`'s read filter,
/// and no fast path.
impl<M: Model> ModelCodec for Partial<M> {
    /// Refuses, so replies are read through `Item`s (the decode rule's
    /// other half): a partial item is an `Item` already.
    fn read_item_json(_r: &mut crate::json::Reader<'_>) -> Result<Self, DecodeError> {
        Err(DecodeError::new(crate::error::DecodeErrorKind::Invalid(
            "partial items are read through Item".into(),
        )))
    }

    fn version(&self) -> Option<u64> {
        match self.item.get(M::VERSION?)? {
            AttributeValue::N(n) => u64::from_value(AttributeValue::N(n.clone())).ok(),
            _ => None,
        }
    }

    fn read_filter() -> Option<Condition> {
        M::read_filter()
    }
}

impl<M> Clone for Partial<M> {
    fn clone(&self) -> Self {
        Partial {
            item: self.item.clone(),
            marker: PhantomData,
        }
    }
}

impl<M> PartialEq for Partial<M> {
    fn eq(&self, other: &Self) -> bool {
        self.item == other.item
    }
}

impl<M> fmt::Debug for Partial<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Partial").field(&self.item).finish()
    }
}

//! [`Get`]: read one model instance by key.

use core::marker::PhantomData;

use super::{Key, Model};
use crate::client::Client;
use crate::error::{DoesNotExist, EncodeError, Error};
use crate::expr::Projection;
use crate::op::{GetItem, Operation};
use crate::transport::{Action, Response, Transport};

/// A typed GetItem, from [`Model::get`].
#[must_use = "a request does nothing until it is sent"]
pub struct Get<M> {
    key: Result<Key, EncodeError>,
    consistent_read: bool,
    projection: Projection,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> Get<M> {
    pub(crate) fn new(key: Result<Key, EncodeError>) -> Self {
        Get {
            key,
            consistent_read: false,
            projection: Projection::new(),
            marker: PhantomData,
        }
    }

    /// Strongly consistent read.
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.consistent_read = consistent;
        self
    }

    /// Reads only these attributes; the others must be optional in the model.
    pub fn projection(mut self, projection: Projection) -> Self {
        self.projection = projection;
        self
    }

    /// Sends the request and decodes the item.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<M, Error> {
        let table = db.table_name(M::TABLE);
        let op = GetItem::new(table.as_ref(), self.key?)
            .consistent_read(self.consistent_read)
            .projection(self.projection);
        match db.send(&GetModel::<M>::new(op)).await? {
            Some(model) => Ok(model),
            None => Err(Error::DoesNotExist(DoesNotExist::new(table.into_owned()))),
        }
    }
}

/// Re-reads an instance in place (strongly consistent), from [`Model::refresh`].
#[must_use = "a request does nothing until it is sent"]
pub struct Refresh<'a, M> {
    target: &'a mut M,
}

impl<'a, M: Model> Refresh<'a, M> {
    pub(crate) fn new(target: &'a mut M) -> Self {
        Refresh { target }
    }

    /// Replaces the instance with the stored item; [`Error::DoesNotExist`]
    /// (instance unchanged) when it was deleted.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<(), Error> {
        let key = self.target.key();
        *self.target = Get::<M>::new(key).consistent_read(true).send(db).await?;
        Ok(())
    }
}

/// A GetItem whose reply decodes straight into `M` ([`Model::read_item_json`]),
/// falling back to [`Model::from_item`] for a typed error when the fast path
/// refuses.
#[derive(Debug, Clone, PartialEq)]
pub struct GetModel<M> {
    op: GetItem,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> GetModel<M> {
    /// Wraps a GetItem.
    pub fn new(op: GetItem) -> Self {
        GetModel {
            op,
            marker: PhantomData,
        }
    }
}

impl<M: Model> Operation for GetModel<M> {
    type Output = Option<M>;
    const ACTION: Action = GetItem::ACTION;

    fn encode(&self, buf: &mut alloc::vec::Vec<u8>) -> Result<(), Error> {
        self.op.encode(buf)
    }

    fn decode(response: &Response) -> Result<Option<M>, Error> {
        /// `{"Item": …}` read with the model's fast path.
        #[cfg(feature = "fast-decode")]
        struct Fast<M>(Option<M>);
        #[cfg(feature = "fast-decode")]
        impl<'de, M: Model> serde::Deserialize<'de> for Fast<M> {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visit<M>(PhantomData<fn() -> M>);
                impl<'de, M: Model> serde::de::Visitor<'de> for Visit<M> {
                    type Value = Fast<M>;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str("a GetItem reply")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Fast<M>, A::Error> {
                        let mut item = None;
                        while let Some(key) = map.next_key::<crate::json::fast::Key<'de>>()? {
                            if key.as_str() == "Item" {
                                if item.is_some() {
                                    return Err(crate::json::fast::refuse());
                                }
                                item = Some(map.next_value_seed(ItemSeed::<M>(PhantomData))?);
                            } else {
                                map.next_value::<serde::de::IgnoredAny>()?;
                            }
                        }
                        Ok(Fast(item))
                    }
                }
                d.deserialize_map(Visit(PhantomData))
            }
        }
        #[cfg(feature = "fast-decode")]
        struct ItemSeed<M>(PhantomData<fn() -> M>);
        #[cfg(feature = "fast-decode")]
        impl<'de, M: Model> serde::de::DeserializeSeed<'de> for ItemSeed<M> {
            type Value = M;
            fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<M, D::Error> {
                M::read_item_json(d)
            }
        }
        #[cfg(feature = "fast-decode")]
        if let Ok(Fast(model)) = serde_json::from_slice::<Fast<M>>(&response.body) {
            return Ok(model);
        }
        match GetItem::decode(response)? {
            Some(item) => Ok(Some(M::from_item(item)?)),
            None => Ok(None),
        }
    }
}

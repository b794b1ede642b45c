//! Typed batches: [`BatchWrite`] and [`BatchGet`] of any size.

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;
use core::marker::PhantomData;

use super::{IntoKey, Key, Model};
use crate::batch::{BatchGetter, BatchWriter};
use crate::client::Client;
use crate::error::{EncodeError, EncodeErrorKind, Error};
use crate::expr::Projection;
use crate::op::{ReadOptions, WriteRequest};
use crate::transport::Transport;

/// Remembers keys seen so far, to refuse duplicates before sending.
#[derive(Default)]
struct SeenKeys(BTreeSet<Vec<u8>>);

impl SeenKeys {
    fn insert(&mut self, key: &Key) -> Result<(), EncodeError> {
        let mut bytes = Vec::new();
        crate::json::write_item(&mut bytes, key.as_item())?;
        if self.0.insert(bytes.clone()) {
            Ok(())
        } else {
            Err(EncodeError::new(EncodeErrorKind::DuplicateKey(
                String::from_utf8_lossy(&bytes).into_owned(),
            )))
        }
    }
}

/// Puts and deletes of any number of `M` items (from [`Model::batch_write`]),
/// sent 25 at a time. DynamoDB checks no conditions in a batch, so
/// optimistic-lock versions are not checked either.
#[must_use = "a request does nothing until it is sent"]
pub struct BatchWrite<M> {
    writes: Vec<WriteRequest>,
    seen: SeenKeys,
    error: Option<EncodeError>,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> BatchWrite<M> {
    pub(crate) fn new() -> Self {
        BatchWrite {
            writes: Vec::new(),
            seen: SeenKeys::default(),
            error: None,
            marker: PhantomData,
        }
    }

    fn push(
        mut self,
        key: Result<Key, EncodeError>,
        write: impl FnOnce(&Key) -> Result<WriteRequest, EncodeError>,
    ) -> Self {
        if self.error.is_some() {
            return self;
        }
        let result = key.and_then(|k| {
            self.seen.insert(&k)?;
            write(&k)
        });
        match result {
            Ok(w) => self.writes.push(w),
            Err(e) => self.error = Some(e),
        }
        self
    }

    /// Puts `item`.
    pub fn put(self, item: &M) -> Self {
        self.push(item.key(), |_| WriteRequest::put(item))
    }

    /// Deletes the item with `key`.
    pub fn delete(self, key: impl IntoKey<M>) -> Self {
        self.push(key.into_key(), |k| WriteRequest::delete(k.as_item()))
    }

    /// How many writes so far.
    pub fn len(&self) -> usize {
        self.writes.len()
    }

    /// Whether there are no writes.
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    /// Sends every write; a failure carries those not written
    /// ([`Error::BatchIncomplete`]). The same key twice is refused before
    /// anything is sent.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<(), Error> {
        db.batch_write(self.writer(db)?).await
    }

    /// The machine sending these writes.
    pub(super) fn writer<T: Transport>(self, db: &Client<T>) -> Result<BatchWriter, Error> {
        if let Some(e) = self.error {
            return Err(e.into());
        }
        Ok(BatchWriter::new(
            db.table_name(M::TABLE),
            self.writes,
            db.current_settings().retry,
            db.transport().jitter_seed(),
        ))
    }
}

/// Reads of any number of `M` items by key (from [`Model::batch_get`]),
/// 100 at a time.
#[must_use = "a request does nothing until it is sent"]
pub struct BatchGet<M> {
    keys: Result<Vec<Key>, EncodeError>,
    options: ReadOptions,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> BatchGet<M> {
    pub(crate) fn new<K: IntoKey<M>>(keys: impl IntoIterator<Item = K>) -> Self {
        let mut seen = SeenKeys::default();
        let keys = keys
            .into_iter()
            .map(|k| {
                let key = k.into_key()?;
                seen.insert(&key)?;
                Ok(key)
            })
            .collect();
        BatchGet {
            keys,
            options: ReadOptions::default(),
            marker: PhantomData,
        }
    }

    /// Strongly consistent reads.
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.options.consistent_read = consistent;
        self
    }

    /// Reads only these attributes (the others must be optional in `M`).
    pub fn projection(mut self, projection: Projection) -> Self {
        self.options.projection = projection;
        self
    }

    /// Reads every key; returns the items found, in no particular order
    /// (keys with no item are simply absent).
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<Vec<M>, Error> {
        db.batch_get_as(self.getter(db)?, super::decode::batch_models::<M>)
            .await
    }

    /// The machine reading these keys.
    pub(super) fn getter<T: Transport>(self, db: &Client<T>) -> Result<BatchGetter, Error> {
        Ok(BatchGetter::new(
            db.table_name(M::TABLE),
            self.keys?,
            db.current_settings().retry,
            db.transport().jitter_seed(),
        )
        .options(self.options))
    }
}

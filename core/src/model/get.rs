//! [`Get`]: read one model instance by key.

use core::marker::PhantomData;

use super::decode::IntoModels;
use super::{Key, Model};
use crate::client::Client;
use crate::error::{DoesNotExist, EncodeError, Error};
use crate::expr::Projection;
use crate::op::{GetItem, Operation, ReadOptions};
use crate::transport::Transport;

/// A typed GetItem, from [`Model::get`].
#[must_use = "a request does nothing until it is sent"]
pub struct Get<M> {
    key: Result<Key, EncodeError>,
    options: ReadOptions,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> Get<M> {
    pub(crate) fn new(key: Result<Key, EncodeError>) -> Self {
        Get {
            key,
            options: ReadOptions::default(),
            marker: PhantomData,
        }
    }

    /// Strongly consistent read.
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.options.consistent_read = consistent;
        self
    }

    /// Reads only these attributes; the others must be optional in the model.
    pub fn projection(mut self, projection: Projection) -> Self {
        self.options.projection = projection;
        self
    }

    /// The GetItem this builder sends (the one way it is built, for
    /// `send` and `request`).
    pub(super) fn operation<T: Transport>(
        self,
        db: &Client<T>,
    ) -> Result<IntoModels<GetItem, M>, Error> {
        let table = db.table_name(M::TABLE);
        let op = GetItem::new(table.as_ref(), self.key?).options(self.options);
        Ok(IntoModels::new(op))
    }

    /// Sends the request and decodes the item.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<M, Error> {
        // Only the request is held across the exchange.
        let request = self.operation(db)?.request(&db.encode_options())?;
        let response = db.execute(&request).await?;
        match IntoModels::<GetItem, M>::decode(&response)? {
            Some(model) => Ok(model),
            None => Err(Error::DoesNotExist(DoesNotExist::new(
                db.table_name(M::TABLE).into_owned(),
            ))),
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

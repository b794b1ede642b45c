//! [`Delete`]: remove one model instance by key.

use alloc::string::String;
use core::marker::PhantomData;

use super::{Key, Model};
use crate::client::Client;
use crate::error::{EncodeError, Error};
use crate::expr::Condition;
use crate::op::{DeleteItem, ReturnValues, TransactWrite, TransactWriteKind, WriteOptions};
use crate::transport::Transport;
use crate::value::Item;

/// A typed DeleteItem, from [`Model::delete`] or [`Model::delete_key`].
#[must_use = "a request does nothing until it is sent"]
pub struct Delete<M> {
    key: Result<Key, EncodeError>,
    options: WriteOptions,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> Delete<M> {
    pub(crate) fn new(key: Result<Key, EncodeError>) -> Self {
        Delete {
            key,
            options: WriteOptions::default(),
            marker: PhantomData,
        }
    }

    pub(crate) fn version_condition(mut self, condition: Option<Condition>) -> Self {
        self.options.require(condition);
        self
    }

    /// Only delete if `condition` holds for the stored item (and, for a
    /// versioned model deleted through an instance, the version matches).
    pub fn condition(mut self, condition: impl Into<Condition>) -> Self {
        self.options.require(condition.into());
        self
    }

    /// Return the deleted item (`ReturnValues::AllOld`).
    pub fn return_values(mut self, return_values: ReturnValues) -> Self {
        self.options.return_values = return_values;
        self
    }

    /// On a failed condition, put the stored item in the error.
    pub fn return_item_on_condition_failure(mut self, yes: bool) -> Self {
        self.options.return_item_on_condition_failure = yes;
        self
    }

    pub(crate) fn into_transact(self, table: String) -> Result<TransactWrite, Error> {
        Ok(TransactWrite {
            table,
            kind: TransactWriteKind::Delete(self.key?),
            condition: self.options.condition,
            return_item_on_condition_failure: self.options.return_item_on_condition_failure,
        })
    }

    /// Sends the request; returns the deleted item if `return_values` asked.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<Option<Item>, Error> {
        let table = db.table_name(M::TABLE);
        let op = DeleteItem::new(table.as_ref(), self.key?).options(self.options);
        db.send(&op).await
    }
}

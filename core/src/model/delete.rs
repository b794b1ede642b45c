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
/// What a lost reply does: [`Delete::send`].
#[must_use = "a request does nothing until it is sent"]
pub struct Delete<M> {
    key: Result<Key, EncodeError>,
    options: WriteOptions,
    /// The version check of an instance's delete.
    version: Option<Condition>,
    add_version_condition: bool,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> Delete<M> {
    pub(crate) fn new(key: Result<Key, EncodeError>) -> Self {
        Delete {
            key,
            options: WriteOptions::default(),
            version: None,
            add_version_condition: true,
            marker: PhantomData,
        }
    }

    pub(crate) fn version_condition(mut self, condition: Option<Condition>) -> Self {
        self.version = condition;
        self
    }

    /// Only delete if `condition` holds for the stored item (and, for a
    /// versioned model deleted through an instance, the version matches).
    /// Called again, it adds a condition: all must hold (`AND`, in the order
    /// given), as on [`Save`](super::Save) and [`ItemUpdate`](super::ItemUpdate).
    pub fn condition(mut self, condition: impl Into<Condition>) -> Self {
        self.options.require(condition.into());
        self
    }

    /// For a versioned model deleted through an instance, whether the
    /// stored version must equal the instance's (PynamoDB's
    /// `add_version_condition`, default `true`).
    pub fn add_version_condition(mut self, add: bool) -> Self {
        self.add_version_condition = add;
        self
    }

    /// The options to send: the version check, if it applies, before the
    /// caller's condition.
    fn write_options(&mut self) -> WriteOptions {
        let mut options = core::mem::take(&mut self.options);
        let caller = options.condition.take();
        options.require(self.version.take().filter(|_| self.add_version_condition));
        options.require(caller);
        options
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

    pub(crate) fn into_transact(mut self, table: String) -> Result<TransactWrite, Error> {
        let options = self.write_options();
        Ok(TransactWrite {
            table,
            kind: TransactWriteKind::Delete(self.key?),
            condition: options.condition,
            return_item_on_condition_failure: options.return_item_on_condition_failure,
        })
    }

    /// Sends the request; returns the deleted item if `return_values` asked.
    ///
    /// # When a reply is lost
    ///
    /// A delete is retried when its reply is lost (a reset, a timeout, a
    /// 5xx). Without a condition the retry deletes nothing more: the table
    /// ends the same. A versioned (or otherwise conditional) delete's retry
    /// finds the item gone and reports [`Error::ConditionalCheckFailed`]:
    /// absence carries no version, so Rynamo cannot tell this delete from
    /// another writer's, and never takes another writer's change for its
    /// own. To tell "gone" from "changed" after a conflict, ask for
    /// [`Delete::return_item_on_condition_failure`]: a conflict without an
    /// item then means no item is stored. See `docs/lost-replies.md`.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<Option<Item>, Error> {
        db.send(&self.operation(db)?).await
    }

    /// The DeleteItem this builder sends.
    pub(super) fn operation<T: Transport>(mut self, db: &Client<T>) -> Result<DeleteItem, Error> {
        let table = db.table_name(M::TABLE);
        let options = self.write_options();
        Ok(DeleteItem::new(table.as_ref(), self.key?).options(options))
    }
}

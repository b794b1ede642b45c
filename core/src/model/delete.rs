//! [`Delete`]: remove one model instance by key.

use alloc::string::String;
use core::marker::PhantomData;

use super::{Key, Model};
use crate::client::Client;
use crate::error::{EncodeError, Error};
use crate::expr::Condition;
use crate::op::{DeleteItem, ReturnValues, TransactWrite, TransactWriteKind};
use crate::transport::Transport;
use crate::value::Item;

/// A typed DeleteItem, from [`Model::delete`] or [`Model::delete_key`].
#[must_use = "a request does nothing until it is sent"]
pub struct Delete<M> {
    key: Result<Key, EncodeError>,
    condition: Option<Condition>,
    /// The version check of an instance's delete.
    version: Option<Condition>,
    add_version_condition: bool,
    return_values: ReturnValues,
    return_item_on_condition_failure: bool,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> Delete<M> {
    pub(crate) fn new(key: Result<Key, EncodeError>) -> Self {
        Delete {
            key,
            condition: None,
            version: None,
            add_version_condition: true,
            return_values: ReturnValues::None,
            return_item_on_condition_failure: false,
            marker: PhantomData,
        }
    }

    pub(crate) fn version_condition(mut self, condition: Option<Condition>) -> Self {
        self.version = condition;
        self
    }

    /// Only delete if `condition` holds for the stored item (and, for a
    /// versioned model deleted through an instance, the version matches).
    pub fn when(mut self, condition: impl Into<Condition>) -> Self {
        let condition = condition.into();
        self.condition = Some(match self.condition.take() {
            Some(earlier) => earlier.and(condition),
            None => condition,
        });
        self
    }

    /// For a versioned model deleted through an instance, whether the
    /// stored version must equal the instance's (PynamoDB's
    /// `add_version_condition`, default `true`).
    pub fn add_version_condition(mut self, add: bool) -> Self {
        self.add_version_condition = add;
        self
    }

    /// The caller's condition and the version check, if it applies.
    fn full_condition(&mut self) -> Option<Condition> {
        let version = self.version.take().filter(|_| self.add_version_condition);
        match (version, self.condition.take()) {
            (Some(v), Some(c)) => Some(v.and(c)),
            (v, c) => v.or(c),
        }
    }

    /// Return the deleted item (`ReturnValues::AllOld`).
    pub fn return_values(mut self, return_values: ReturnValues) -> Self {
        self.return_values = return_values;
        self
    }

    /// On a failed condition, put the stored item in the error.
    pub fn return_item_on_condition_failure(mut self, yes: bool) -> Self {
        self.return_item_on_condition_failure = yes;
        self
    }

    pub(crate) fn into_transact(mut self, table: String) -> Result<TransactWrite, Error> {
        let condition = self.full_condition();
        Ok(TransactWrite {
            table,
            kind: TransactWriteKind::Delete(self.key?),
            condition,
            return_item_on_condition_failure: self.return_item_on_condition_failure,
        })
    }

    /// Sends the request; returns the deleted item if `return_values` asked.
    pub async fn send<T: Transport>(mut self, db: &Client<T>) -> Result<Option<Item>, Error> {
        let table = db.table_name(M::TABLE);
        let condition = self.full_condition();
        let mut op = DeleteItem::new(table.as_ref(), self.key?)
            .return_values(self.return_values)
            .return_item_on_condition_failure(self.return_item_on_condition_failure);
        if let Some(c) = condition {
            op = op.condition(c);
        }
        db.send(&op).await
    }
}

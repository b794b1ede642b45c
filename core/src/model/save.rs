//! [`Save`]: write a whole model instance.

use super::Model;
use crate::client::Client;
use crate::error::{EncodeError, EncodeErrorKind, Error};
use crate::expr::Condition;
use crate::op::{PutItem, ReturnValues, WriteOptions};
use crate::transport::Transport;
use crate::value::Item;

/// A typed PutItem, from [`Model::save`]. The model is encoded straight
/// into the request body.
#[must_use = "a request does nothing until it is sent"]
pub struct Save<'a, M> {
    model: &'a mut M,
    options: WriteOptions,
    add_version_condition: bool,
}

impl<'a, M: Model> Save<'a, M> {
    pub(crate) fn new(model: &'a mut M) -> Self {
        Save {
            model,
            options: WriteOptions::default(),
            add_version_condition: true,
        }
    }

    /// Only save if `condition` holds for the stored item (and, for a
    /// versioned model, the version matches); otherwise
    /// [`Error::ConditionalCheckFailed`]. Called again, it adds a condition:
    /// all must hold (`AND`, in the order given), as on [`Delete`](super::Delete)
    /// and [`ItemUpdate`](super::ItemUpdate).
    pub fn condition(mut self, condition: impl Into<Condition>) -> Self {
        self.options.require(condition.into());
        self
    }

    /// On a versioned model, whether the stored version must equal this
    /// instance's (PynamoDB's `add_version_condition`, default `true`).
    /// With `false` the save overwrites whatever is stored, and still
    /// increments the version.
    pub fn add_version_condition(mut self, add: bool) -> Self {
        self.add_version_condition = add;
        self
    }

    /// Return the replaced item (`ReturnValues::AllOld`).
    pub fn return_values(mut self, return_values: ReturnValues) -> Self {
        self.options.return_values = return_values;
        self
    }

    /// On a failed condition, put the stored item in the error.
    pub fn return_item_on_condition_failure(mut self, yes: bool) -> Self {
        self.options.return_item_on_condition_failure = yes;
        self
    }

    /// Sends the request; returns the old item if `return_values` asked.
    /// A versioned model's version is incremented only when the write
    /// succeeds; a lost race is [`Error::ConditionalCheckFailed`].
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<Option<Item>, Error> {
        let (model, options, old_version) = self.prepare()?;
        let table = db.table_name(M::TABLE);
        let op = PutItem::new(table.as_ref(), &*model).options(options);
        let result = db.send(&op).await;
        if result.is_err() {
            model.set_version(old_version);
        }
        result
    }

    /// Checks the key, gathers the write options and, for a versioned
    /// model, sets the version the write stores; returns the version it
    /// had, which callers restore when nothing is written.
    pub(super) fn prepare(self) -> Result<(&'a mut M, WriteOptions, Option<u64>), Error> {
        // The key obeys DynamoDB's key rules (not empty, not too long)
        // before anything is sent, as for get and query.
        self.model.key()?;
        let mut options = WriteOptions::default();
        options.require(
            self.model
                .version_condition()
                .filter(|_| self.add_version_condition),
        );
        options.require(self.options.condition);
        options.return_values = self.options.return_values;
        options.return_item_on_condition_failure = self.options.return_item_on_condition_failure;
        let old_version = self.model.version();
        if M::VERSION.is_some() {
            self.model.set_version(Some(next_version(old_version)?));
        }
        Ok((self.model, options, old_version))
    }
}

/// The version a versioned write stores: 1 for a new item, else one more
/// than the instance's. A version at `u64::MAX` cannot move on.
pub(crate) fn next_version(current: Option<u64>) -> Result<u64, EncodeError> {
    match current {
        None => Ok(1),
        Some(v) => v.checked_add(1).ok_or_else(|| {
            EncodeError::new(EncodeErrorKind::Invalid(alloc::format!(
                "version {v} is the largest a version attribute holds; it cannot be incremented"
            )))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_one_and_stop_with_an_error_at_the_top() {
        assert_eq!(next_version(None), Ok(1));
        assert_eq!(next_version(Some(41)), Ok(42));
        // Found by the `responses` fuzz target: `v + 1` overflowed.
        assert!(matches!(
            next_version(Some(u64::MAX)).unwrap_err().kind(),
            EncodeErrorKind::Invalid(_)
        ));
    }
}

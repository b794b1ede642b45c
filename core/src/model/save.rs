//! [`Save`]: write a whole model instance.

use super::Model;
use super::lost_reply::{Failed, save_is_ours, write_requests};
use crate::client::Client;
use crate::error::{EncodeError, EncodeErrorKind, Error};
use crate::expr::Condition;
use crate::op::{Operation, PutItem, ReturnValues, WriteOptions};
use crate::transport::{Request, Transport};
use crate::value::Item;

/// A typed PutItem, from [`Model::save`]. The model is encoded straight
/// into the request body. What a lost reply does: [`Save::send`].
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
    ///
    /// # When a reply is lost
    ///
    /// A put is retried when its reply is lost (a reset, a timeout, a 5xx).
    /// Without a version, the retry writes the same item again: the table
    /// ends the same. With a version condition, the retry meets this save's
    /// own write, so it asks for the stored item on a failed condition and
    /// reports success when the stored item is exactly this one, new
    /// version included; the instance keeps the new version. Another
    /// writer's item is never taken for this one: any attribute that
    /// differs, and the conflict stays a conflict. A save that asks for the
    /// old item (`return_values`) cannot be confirmed this way (the old
    /// item is gone) and reports the conflict. Only another writer that
    /// started from the same version and stored the very same item is
    /// indistinguishable; where two writers can compute the same item
    /// (counters), store something that tells them apart. See
    /// `docs/lost-replies.md`.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<Option<Item>, Error> {
        let (model, options, old_version, confirmable) = self.prepare()?;
        // The comparison is chosen before the await: a flag held across it
        // is a value in the future's state that the compiler cannot fold, so
        // the comparison's code (`same_item`, `to_item`) would be in every
        // save, even of a model without a version, where `prepare` knows
        // that nothing can be confirmed.
        let ours: Option<fn(&M, &Item) -> bool> = confirmable.then_some(written_is::<M>);
        let result = match put_requests(db, &*model, options, confirmable) {
            Ok((request, retried)) => {
                // The retry loop's future itself (one per transport, shared
                // by every write), not a future around it.
                let mut may_have_been_applied = false;
                let sent = db
                    .run_retry(&request, retried.as_ref(), Some(&mut may_have_been_applied))
                    .await;
                match sent {
                    Ok(response) => <PutItem>::decode(&response),
                    Err(error) => confirm(
                        &*model,
                        ours,
                        Failed {
                            error,
                            may_have_been_applied,
                        },
                    ),
                }
            }
            Err(e) => Err(e),
        };
        if result.is_err() {
            model.set_version(old_version);
        }
        result
    }

    /// Checks the key, gathers the write options and, for a versioned
    /// model, sets the version the write stores; returns the version it
    /// had, which callers restore when nothing is written, and whether a
    /// lost reply can be confirmed from the stored item.
    pub(super) fn prepare(self) -> Result<(&'a mut M, WriteOptions, Option<u64>, bool), Error> {
        // The key obeys DynamoDB's key rules (not empty, not too long)
        // before anything is sent, as for get and query.
        self.model.key()?;
        let mut options = WriteOptions::default();
        let guard = self
            .model
            .version_condition()
            .filter(|_| self.add_version_condition);
        // A lost reply can be confirmed only under the version condition,
        // and only when nothing of the old item is to be returned.
        let confirmable = guard.is_some() && self.options.return_values == ReturnValues::None;
        options.require(guard);
        options.require(self.options.condition);
        options.return_values = self.options.return_values;
        options.return_item_on_condition_failure = self.options.return_item_on_condition_failure;
        let old_version = self.model.version();
        if M::VERSION.is_some() {
            self.model.set_version(Some(next_version(old_version)?));
        }
        Ok((self.model, options, old_version, confirmable))
    }
}

/// The PutItem of `model` and, when a lost reply can be confirmed, its
/// retried form asking for the stored item on a failed condition.
fn put_requests<M: Model, T: Transport>(
    db: &Client<T>,
    model: &M,
    options: WriteOptions,
    confirmable: bool,
) -> Result<(Request, Option<Request>), Error> {
    let table = db.table_name(M::TABLE);
    let retried_options =
        (confirmable && !options.return_item_on_condition_failure).then(|| WriteOptions {
            return_item_on_condition_failure: true,
            ..options.clone()
        });
    let op = PutItem::new(table.as_ref(), model).options(options);
    let retried = retried_options.map(|o| PutItem::new(table.as_ref(), model).options(o));
    write_requests(db, &op, retried.as_ref())
}

/// A failed save: success after all when the stored item after a lost
/// reply is exactly this save's (`ours`: only under the version condition).
fn confirm<M>(
    model: &M,
    ours: Option<fn(&M, &Item) -> bool>,
    failed: Failed,
) -> Result<Option<Item>, Error> {
    let confirmed = ours
        .zip(failed.stored_after_lost_reply())
        .is_some_and(|(ours, stored)| ours(model, stored));
    if confirmed {
        Ok(None)
    } else {
        Err(failed.error)
    }
}

/// Whether `stored` is exactly the item `model` writes.
fn written_is<M: Model>(model: &M, stored: &Item) -> bool {
    model
        .to_item()
        .is_ok_and(|written| save_is_ours(&written, stored))
}

/// The version a versioned write stores: 1 for a new item, else one more
/// than the instance's. A version at `u64::MAX` cannot move on.
pub(crate) fn next_version(current: Option<u64>) -> Result<u64, EncodeError> {
    match current {
        None => Ok(1),
        Some(v) => v.checked_add(1).ok_or_else(|| {
            EncodeError::new(EncodeErrorKind::Invalid(crate::text::format(
                "version {} is the largest a version attribute holds; it cannot be incremented",
                &[v.into()],
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

//! [`ItemUpdate`]: typed UpdateItem, with actions checked against each
//! attribute's type.

use alloc::string::String;
use core::marker::PhantomData;

use super::lost_reply::{Failed, update_is_ours, write_requests};
use super::{Key, Model};
use crate::attr::ValueOf;
use crate::client::Client;
use crate::error::{EncodeError, Error};
use crate::expr::{
    Addable, Condition, SetExpr, SetType, SetValue, ToPath, Update, UpdateAction, UpdateOperand,
};
use crate::op::{
    Operation, ReturnValues, TransactWrite, TransactWriteKind, UpdateItem, WriteOptions,
};
use crate::transport::{Request, Transport};
use crate::value::Item;

/// An update as `send` sends it: its request, the retried form when a lost
/// reply can be confirmed, and what the confirmation compares (the
/// version's name and the update, the version it started from).
struct Sending {
    request: Request,
    retried: Option<Request>,
    proof: Option<Proof>,
    expected_version: Option<u64>,
    return_values: ReturnValues,
}

/// What a lost reply's confirmation compares: the version's name, the
/// update as sent, and the comparison itself, named only where a proof is
/// made (a value held across the await cannot be folded, so calling
/// `update_is_ours` directly would compile it into updates of models
/// without a version too).
type Proof = (
    &'static str,
    Update,
    fn(&Update, &'static str, Option<u64>, &Item) -> bool,
);

impl Sending {
    /// A failed update: success after all when the stored item after a
    /// lost reply shows this update's effect (the item, when it asked for
    /// the new one).
    fn confirm(&self, failed: Failed) -> Result<Option<Item>, Error> {
        let stored = failed.stored_after_lost_reply().filter(|stored| {
            self.proof.as_ref().is_some_and(|(name, update, ours)| {
                ours(update, name, self.expected_version, stored)
            })
        });
        match stored {
            Some(stored) => {
                Ok((self.return_values == ReturnValues::AllNew).then(|| stored.clone()))
            }
            None => Err(failed.error),
        }
    }
}

/// A typed UpdateItem, from [`Model::update`] (by key) or [`Model::apply`]
/// (on an instance, which it refreshes):
/// `Order::update(("c1", "o1")).set(Order::STATUS, Status::Paid).add(Order::TOTAL, 5u32)`.
///
/// For a model with a `#[rynamo(version)]` attribute every update
/// increments the stored version and, like PynamoDB's `update()`, requires
/// the stored version to be the one the caller last saw: the instance's
/// through [`Model::apply`]; by key, the one given to
/// [`ItemUpdate::expected_version`], else none at all (the item is new or
/// was never versioned), as PynamoDB does for an instance built from just a
/// key. [`ItemUpdate::add_version_condition`]`(false)` drops the check but
/// still increments the version, so concurrent saves notice.
///
/// What a lost reply does to each action: [`ItemUpdate::send`].
#[must_use = "a request does nothing until it is sent"]
pub struct ItemUpdate<'a, M> {
    target: Option<&'a mut M>,
    key: Result<Key, EncodeError>,
    update: Update,
    options: WriteOptions,
    /// The version the stored item must have (`None`: no version yet).
    expected_version: Option<u64>,
    add_version_condition: bool,
    marker: PhantomData<fn() -> M>,
}

impl<'a, M: Model> ItemUpdate<'a, M> {
    pub(crate) fn new(key: Result<Key, EncodeError>) -> Self {
        ItemUpdate {
            target: None,
            key,
            update: Update::new(),
            options: WriteOptions::default(),
            expected_version: None,
            add_version_condition: true,
            marker: PhantomData,
        }
    }

    pub(crate) fn on(target: &'a mut M) -> Self {
        let mut update = ItemUpdate::new(target.key());
        update.expected_version = target.version();
        update.target = Some(target);
        update
    }

    /// Whether this update refreshes an instance ([`Model::apply`]), which
    /// asks for `ALL_NEW` whatever `return_values` says.
    pub(super) fn refreshes_instance(&self) -> bool {
        self.target.is_some()
    }

    /// The caller's condition and, for a versioned model, the version check.
    fn write_options(&mut self) -> WriteOptions {
        let mut options = core::mem::take(&mut self.options);
        let caller = options.condition.take();
        if let Some(name) = M::VERSION.filter(|_| self.add_version_condition) {
            options.require(super::version_condition(name, self.expected_version));
        }
        options.require(caller);
        options
    }

    /// The update with the version increment a versioned model needs.
    fn versioned(&self) -> Update {
        let mut update = self.update.clone();
        if let Some(name) = M::VERSION {
            let path = crate::expr::AttributePath::new(name);
            let touched = update.actions().iter().any(|a| a.path().overlaps(&path));
            if !touched {
                update = update.action(UpdateAction::Add(
                    path,
                    crate::AttributeValue::N(1u32.into()),
                ));
            }
        }
        update
    }

    fn push(mut self, action: Result<UpdateAction, EncodeError>) -> Self {
        self.update = match action {
            Ok(a) => self.update.action(a),
            Err(e) => self.update.fail(e),
        };
        self
    }

    /// `SET path = value`.
    pub fn set<T, V: ValueOf<T>>(self, path: impl ToPath<T>, value: V) -> Self {
        let path = path.to_path().into_attribute_path();
        let action = value
            .value_of()
            .map(|v| UpdateAction::Set(path, SetValue::Operand(UpdateOperand::Value(v))));
        self.push(action)
    }

    /// `SET path = expr`, with `expr` from `plus`, `minus`, `append`,
    /// `prepend`, `if_not_exists` or `plus_or` on a typed path.
    pub fn set_expr<T>(self, path: impl ToPath<T>, expr: SetExpr<T>) -> Self {
        let path = path.to_path().into_attribute_path();
        self.push(expr.value.map(|v| UpdateAction::Set(path, v)))
    }

    /// `REMOVE path`: an attribute, a nested field or a list element.
    pub fn remove<T>(self, path: impl ToPath<T>) -> Self {
        self.push(Ok(UpdateAction::Remove(
            path.to_path().into_attribute_path(),
        )))
    }

    /// `ADD path value`: adds to a number, or elements to a set.
    ///
    /// Adding to a number is not idempotent: when a connection drops after
    /// DynamoDB applied the update but before the reply arrived, the retry
    /// adds again (as with every DynamoDB client). Under a model's version
    /// condition it is applied at most once, but a lost reply then surfaces
    /// as [`Error::ConditionalCheckFailed`] (the value before is gone, so
    /// the stored sum proves nothing). Where a count must be exact, read it
    /// and [`set`](Self::set) the new value under the version (or `save`
    /// the model), or send the `add` in a transaction with a token
    /// (`Transaction::token`).
    pub fn add<T: Addable, V: ValueOf<T>>(self, path: impl ToPath<T>, value: V) -> Self {
        let path = path.to_path().into_attribute_path();
        self.push(value.value_of().map(|v| UpdateAction::Add(path, v)))
    }

    /// `DELETE path elements`: removes elements from a set.
    pub fn delete<T: SetType, V: ValueOf<T>>(self, path: impl ToPath<T>, elements: V) -> Self {
        let path = path.to_path().into_attribute_path();
        self.push(elements.value_of().map(|v| UpdateAction::Delete(path, v)))
    }

    /// Only update if `condition` holds for the stored item (and, on a
    /// versioned model, the version matches). Called again, it adds a
    /// condition: all must hold (`AND`, in the order given), as on
    /// [`Save`](super::Save) and [`Delete`](super::Delete).
    pub fn condition(mut self, condition: impl Into<Condition>) -> Self {
        self.options.require(condition.into());
        self
    }

    /// On a versioned model, the version the stored item must have: the one
    /// the caller read. Without it a key-based update requires the item to
    /// have no version yet (PynamoDB's `Model(key).update(...)`).
    pub fn expected_version(mut self, version: u64) -> Self {
        self.expected_version = Some(version);
        self
    }

    /// On a versioned model, whether the stored version must match
    /// (PynamoDB's `add_version_condition`, default `true`). With `false`
    /// the update applies whatever the stored version, and still
    /// increments it.
    pub fn add_version_condition(mut self, add: bool) -> Self {
        self.add_version_condition = add;
        self
    }

    /// Which attributes to return.
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
        let update = self.versioned();
        let options = self.write_options();
        Ok(TransactWrite {
            table,
            kind: TransactWriteKind::Update(self.key?, update),
            condition: options.condition,
            return_item_on_condition_failure: options.return_item_on_condition_failure,
        })
    }

    /// Sends the request; returns the attributes `return_values` asked for.
    /// Through [`Model::apply`], the instance is replaced by the updated item.
    ///
    /// # When a reply is lost
    ///
    /// An update is retried when its reply is lost (a reset, a timeout, a
    /// 5xx). `SET` to a value and `REMOVE` land in the same state twice;
    /// `ADD` to a number, `SET a = a + n` and list appends apply again.
    /// Under the version condition the retry meets this update's own
    /// write instead, so it asks for the stored item on a failed condition
    /// and reports success when the stored item provably holds this
    /// update's result: the version moved to the one this update writes,
    /// and every action is a `SET` to a value (stored as set) or a `REMOVE`
    /// of a path without list indexes (nothing stored there). An update
    /// with `ADD`, `DELETE`, arithmetic, `list_append` or `if_not_exists`
    /// cannot be proven (its result depends on the value before) and
    /// reports the conflict: it was applied at most once, never twice. To
    /// count exactly through lost replies, read, then `SET` the new count
    /// with the version condition (or save the model). Confirmation needs
    /// `return_values` of `None` or `AllNew` (the old values are gone).
    /// Another writer's update is never taken for this one, except one that
    /// started from the same version and set exactly the same values. See
    /// `docs/lost-replies.md`.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<Option<Item>, Error> {
        let (sending, target) = self.sending(db)?;
        // The retry loop's future itself (one per transport, shared by
        // every write), not a future around it.
        let mut may_have_been_applied = false;
        let sent = db
            .run_retry(
                &sending.request,
                sending.retried.as_ref(),
                Some(&mut may_have_been_applied),
            )
            .await;
        let attributes = match sent {
            Ok(response) => <UpdateItem>::decode(&response)?,
            Err(error) => sending.confirm(Failed {
                error,
                may_have_been_applied,
            })?,
        };
        if let Some(target) = target {
            *target = super::returned::returned(attributes.clone().unwrap_or_default())?;
        }
        Ok(attributes)
    }

    /// What `send` sends and how it confirms a lost reply, and the
    /// instance to refresh.
    fn sending<T: Transport>(
        mut self,
        db: &Client<T>,
    ) -> Result<(Sending, Option<&'a mut M>), Error> {
        let table = db.table_name(M::TABLE);
        let (update, options) = self.prepared();
        let return_values = options.return_values;
        // A lost reply can be confirmed only under the version condition,
        // and only when no old values are to be returned.
        let version = M::VERSION.filter(|_| {
            self.add_version_condition
                && matches!(return_values, ReturnValues::None | ReturnValues::AllNew)
        });
        let key = self.key?;
        let proof = version.map(|name| (name, update.clone(), update_is_ours as _));
        let retried = (version.is_some() && !options.return_item_on_condition_failure).then(|| {
            let retried_options = WriteOptions {
                return_item_on_condition_failure: true,
                ..options.clone()
            };
            UpdateItem::new(table.as_ref(), key.clone(), update.clone()).options(retried_options)
        });
        let op = UpdateItem::new(table.as_ref(), key, update).options(options);
        let (request, retried) = write_requests(db, &op, retried.as_ref())?;
        let sending = Sending {
            request,
            retried,
            proof,
            expected_version: self.expected_version,
            return_values,
        };
        Ok((sending, self.target))
    }

    /// The UpdateItem this builder sends.
    pub(super) fn operation<T: Transport>(&mut self, db: &Client<T>) -> Result<UpdateItem, Error> {
        let table = db.table_name(M::TABLE);
        let (update, options) = self.prepared();
        Ok(UpdateItem::new(table.as_ref(), self.key.clone()?, update).options(options))
    }

    /// The update (with the version's condition and increment) and the
    /// options of the first attempt; an instance to refresh asks for the
    /// new item.
    fn prepared(&mut self) -> (Update, WriteOptions) {
        let update = self.versioned();
        let mut options = self.write_options();
        if self.target.is_some() {
            options.return_values = ReturnValues::AllNew;
        }
        (update, options)
    }

    /// Sends with `ReturnValues::AllNew` and decodes the updated item. If
    /// the update succeeded but the item does not read into `M`, the error
    /// is an [`Error::Item`] from [`ItemSource::Returned`](crate::error::ItemSource::Returned)
    /// holding the item: the update has taken effect.
    pub async fn send_and_read<T: Transport>(mut self, db: &Client<T>) -> Result<M, Error> {
        self.target = None;
        let item = self.return_values(ReturnValues::AllNew).send(db).await?;
        super::returned::returned(item.unwrap_or_default())
    }
}

//! Typed transactions across models: [`Transaction`] (writes) and
//! [`TransactionRead`] (reads).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Delete, IntoKey, ItemUpdate, Model};
use crate::client::Client;
use crate::error::Error;
use crate::expr::{Condition, Projection};
use crate::op::{
    TransactGet, TransactGetItems, TransactWrite, TransactWriteItems, TransactWriteKind,
    WriteOptions,
};
use crate::transport::Transport;
use crate::value::Item;

/// One write, waiting for the client's table names. `Send` so a
/// transaction can be built on one thread and sent from another.
type Pending =
    Box<dyn FnOnce(&dyn Fn(&'static str) -> String) -> Result<TransactWrite, Error> + Send>;

/// Up to 100 writes across tables that all happen or none does (see the
/// [`model`](crate::model) module docs for an example).
///
/// A cancellation is [`Error::TransactionCanceled`], with one reason per
/// item in the order the items were added here.
#[must_use = "a transaction does nothing until it is sent"]
#[derive(Default)]
pub struct Transaction {
    items: Vec<Pending>,
    token: Option<String>,
}

impl Transaction {
    /// An empty transaction.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(mut self, item: Pending) -> Self {
        self.items.push(item);
        self
    }

    /// Puts `item`.
    pub fn put<M: Model>(self, item: &M) -> Self {
        self.put_with_condition(item, None::<Condition>)
    }

    /// Puts `item` if `condition` holds for the stored item. A versioned
    /// model's stored version must equal the instance's and is incremented
    /// in the table (re-read the instance after the commit to see it).
    pub fn put_with_condition<M: Model>(
        self,
        item: &M,
        condition: impl Into<Option<Condition>>,
    ) -> Self {
        let encoded = match M::VERSION {
            None => {
                let mut json = Vec::new();
                item.write_item(&mut json).map(|()| json)
            }
            Some(name) => item.to_item().and_then(|mut fields| {
                let next = crate::model::save::next_version(item.version())?;
                fields.insert(name.into(), crate::AttributeValue::N(next.into()));
                let mut json = Vec::new();
                crate::json::write_item(&mut json, &fields).map(|()| json)
            }),
        };
        let mut options = WriteOptions::default();
        options.require(item.version_condition());
        options.require(condition);
        let condition = options.condition;
        self.push(Box::new(move |table| {
            let json = encoded?;
            Ok(TransactWrite {
                table: table(M::TABLE),
                kind: TransactWriteKind::Put(json),
                condition,
                return_item_on_condition_failure: false,
            })
        }))
    }

    /// An update built with [`Model::update`] (its condition included).
    pub fn update<M: Model + 'static>(self, update: ItemUpdate<'static, M>) -> Self {
        // Resolved now: the update may hold `&mut M` (from `apply`), which
        // would make the pending write `Send` only for `Send` models.
        let write = update.into_transact(String::new());
        self.push(Box::new(move |table| {
            write.map(|write| TransactWrite {
                table: table(M::TABLE),
                ..write
            })
        }))
    }

    /// A delete built with [`Model::delete`] or [`Model::delete_key`].
    pub fn delete<M: Model + 'static>(self, delete: Delete<M>) -> Self {
        self.push(Box::new(move |table| delete.into_transact(table(M::TABLE))))
    }

    /// Requires `condition` to hold for the item with `key`, without
    /// writing it.
    pub fn check<M: Model>(self, key: impl IntoKey<M>, condition: impl Into<Condition>) -> Self {
        let key = key.into_key();
        let condition = condition.into();
        self.push(Box::new(move |table| {
            Ok(TransactWrite {
                table: table(M::TABLE),
                kind: TransactWriteKind::ConditionCheck(key?),
                condition: Some(condition),
                return_item_on_condition_failure: false,
            })
        }))
    }

    /// The idempotency token (`ClientRequestToken`, 1 to 36 characters):
    /// sending again with the same token within ten minutes does not write
    /// twice. Without one, `send` generates a token for this transaction
    /// (reused by its retries); set your own to make a resend after a
    /// crash or a lost reply idempotent too.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sends the transaction.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<(), Error> {
        db.send(&self.operation(db)?).await
    }

    /// The TransactWriteItems this builder sends.
    pub(super) fn operation<T: Transport>(
        self,
        db: &Client<T>,
    ) -> Result<TransactWriteItems, Error> {
        let name = |declared: &'static str| db.table_name(declared).into_owned();
        let mut op = TransactWriteItems::new();
        for item in self.items {
            op = op.item(item(&name)?);
        }
        if let Some(token) = self.token {
            op = op.client_request_token(token);
        }
        // One token per logical transaction, so the retry loop's repeats
        // (the body is encoded once) are idempotent.
        Ok(op.ensure_client_request_token(|| db.transport().jitter_seed()))
    }
}

/// Up to 100 reads across tables at one point in time.
#[must_use = "a transaction does nothing until it is sent"]
#[derive(Default)]
pub struct TransactionRead {
    items: Vec<(
        &'static str,
        Result<crate::model::Key, crate::error::EncodeError>,
        Projection,
    )>,
}

impl TransactionRead {
    /// No reads yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the `M` item with `key`.
    pub fn get<M: Model>(mut self, key: impl IntoKey<M>) -> Self {
        self.items
            .push((M::TABLE, key.into_key(), Projection::new()));
        self
    }

    /// Sends the reads; the result has one entry per read, in order.
    pub async fn send<T: Transport>(self, db: &Client<T>) -> Result<TransactionItems, Error> {
        Ok(TransactionItems {
            items: db.send(&self.operation(db)?).await?,
        })
    }

    /// The TransactGetItems this builder sends.
    pub(super) fn operation<T: Transport>(self, db: &Client<T>) -> Result<TransactGetItems, Error> {
        let mut op = TransactGetItems::new();
        for (table, key, projection) in self.items {
            op = op.item(TransactGet {
                table: db.table_name(table).into_owned(),
                key: key?,
                projection,
            });
        }
        Ok(op)
    }
}

/// What a [`TransactionRead`] returned.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionItems {
    items: Vec<Option<Item>>,
}

impl TransactionItems {
    /// Read number `index` decoded as an `M`; `None` if there was no item.
    pub fn get<M: Model>(&self, index: usize) -> Result<Option<M>, Error> {
        match self.items.get(index) {
            Some(Some(item)) => Ok(Some(M::from_item(item.clone())?)),
            Some(None) => Ok(None),
            None => Err(Error::InvalidRequest(crate::text::format(
                "no read number {} in this transaction",
                &[index.into()],
            ))),
        }
    }

    /// The raw items, in request order.
    pub fn items(&self) -> &[Option<Item>] {
        &self.items
    }
}

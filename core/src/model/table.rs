//! [`TableRequest`]: create, describe or delete a model's table — for tests
//! and local work.

use core::marker::PhantomData;

use crate::machine::WaitUntilActive;

use super::Model;
use crate::client::Client;
use crate::error::Error;
use crate::op::{
    BillingMode, CreateTable, DeleteTable, DescribeTable, DescribeTimeToLive, SecondaryIndex,
    TableDescription, TimeToLive, UpdateTimeToLive,
};
use crate::transport::Transport;

/// Table operations for model `M`, from [`Model::table`].
#[must_use = "a request does nothing until it is sent"]
pub struct TableRequest<M> {
    billing: BillingMode,
    stream: Option<crate::op::StreamViewType>,
    marker: PhantomData<fn() -> M>,
}

impl<M: Model> TableRequest<M> {
    pub(crate) fn new() -> Self {
        TableRequest {
            billing: BillingMode::PayPerRequest,
            stream: None,
            marker: PhantomData,
        }
    }

    /// Billing for `create` (default: on-demand).
    pub fn billing(mut self, billing: BillingMode) -> Self {
        self.billing = billing;
        self
    }

    /// Creates the table with its change stream enabled, recording `view`
    /// of each change (read it with [`crate::streams::ChangeReader`]).
    pub fn stream(mut self, view: crate::op::StreamViewType) -> Self {
        self.stream = Some(view);
        self
    }

    /// The CreateTable request for the model's keys.
    pub fn create_request<T: Transport>(&self, db: &Client<T>) -> CreateTable {
        let schema = M::key_schema();
        let mut op = CreateTable::new(
            db.table_name(M::TABLE),
            schema.hash.name,
            schema.hash.attribute_type,
        )
        .billing(self.billing);
        if let Some(range) = schema.range {
            op = op.range_key(range.name, range.attribute_type);
        }
        if let Some(view) = self.stream {
            op = op.stream(view);
        }
        for index in M::INDEXES {
            let key = |k: super::KeyDefinition| (k.name.into(), k.attribute_type);
            op = op.index(SecondaryIndex {
                name: index.name.into(),
                global: index.kind == super::IndexKind::Global,
                hash_key: key(index.hash),
                range_key: index.range.map(key),
                projection: index.projection.clone(),
            });
        }
        op
    }

    /// Creates the table and waits until it is `ACTIVE`.
    pub async fn create<T: Transport>(self, db: &Client<T>) -> Result<TableDescription, Error> {
        db.send(&self.create_request(db)).await?;
        db.wait_until_active(
            &db.table_name(M::TABLE),
            WaitUntilActive::INTERVAL,
            WaitUntilActive::MAX_POLLS,
        )
        .await
    }

    /// Describes the table.
    pub async fn describe<T: Transport>(self, db: &Client<T>) -> Result<TableDescription, Error> {
        db.send(&DescribeTable::new(db.table_name(M::TABLE))).await
    }

    /// Turns on time-to-live for the model's `#[rynamo(ttl)]` attribute.
    pub async fn enable_ttl<T: Transport>(self, db: &Client<T>) -> Result<(), Error> {
        let attribute = M::TTL.ok_or_else(|| {
            Error::InvalidRequest("the model has no #[rynamo(ttl)] attribute".into())
        })?;
        db.send(&UpdateTimeToLive::new(
            db.table_name(M::TABLE),
            attribute,
            true,
        ))
        .await
    }

    /// The table's time-to-live setting.
    pub async fn ttl<T: Transport>(self, db: &Client<T>) -> Result<TimeToLive, Error> {
        db.send(&DescribeTimeToLive::new(db.table_name(M::TABLE)))
            .await
    }

    /// Whether the table exists (PynamoDB's `Model.exists()`).
    pub async fn exists<T: Transport>(self, db: &Client<T>) -> Result<bool, Error> {
        match db.send(&DescribeTable::new(db.table_name(M::TABLE))).await {
            Ok(_) => Ok(true),
            Err(e) if e.code() == Some(crate::error::ErrorCode::ResourceNotFound) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Deletes the table and its items.
    pub async fn delete<T: Transport>(self, db: &Client<T>) -> Result<TableDescription, Error> {
        db.send(&DeleteTable::new(db.table_name(M::TABLE))).await
    }
}

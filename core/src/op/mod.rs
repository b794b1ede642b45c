//! One file per DynamoDB action. Each has the same three parts, in order:
//! the request type (builder methods are plain setters), `encode`, and
//! `decode`. The [`Client`](crate::Client) sends any [`Operation`].

mod batch_get_item;
mod batch_write_item;
mod create_table;
mod delete_item;
mod delete_table;
mod describe_table;
mod get_item;
mod list_tables;
mod page;
mod paginator;
mod put_item;
mod query;
mod scan;
mod time_to_live;
mod transact_get_items;
mod transact_write_items;
mod update_item;

use alloc::vec::Vec;

pub use crate::value::WriteRequest;
pub use batch_get_item::{BatchGetItem, BatchGetOutput, MAX_BATCH_GET, decode_batch_get_as};
pub use batch_write_item::{BatchWriteItem, MAX_BATCH_WRITE};
pub use create_table::{BillingMode, CreateTable, Projection as IndexProjection, SecondaryIndex};
pub use delete_item::DeleteItem;
pub use delete_table::DeleteTable;
pub use describe_table::{
    DescribeTable, IndexDescription, KeyElement, TableDescription, TableStatus,
};
pub use get_item::{GetItem, decode_get_item_as};
pub use list_tables::{ListTables, TableNames};
pub(crate) use page::read_units;
pub use page::{Page, ReadSettings, Select, decode_page_as};
pub use paginator::{PagedOperation, Paginator, pick_key};
pub use put_item::PutItem;
pub use query::Query;
pub use scan::Scan;
pub use time_to_live::{DescribeTimeToLive, TimeToLive, UpdateTimeToLive};
pub use transact_get_items::{TransactGet, TransactGetItems};
pub use transact_write_items::{
    MAX_TRANSACTION_ITEMS, TransactWrite, TransactWriteItems, TransactWriteKind,
};
pub use update_item::UpdateItem;

use crate::error::{EncodeError, Error};
use crate::expr::{Condition, Placeholders};
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};
use crate::value::Item;

/// A DynamoDB action's request: how to encode it and decode its reply.
pub trait Operation {
    /// What a successful reply decodes to.
    type Output;
    /// The action this request is.
    const ACTION: Action;

    /// Writes the request's JSON body.
    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error>;

    /// Decodes a 2xx reply.
    fn decode(response: &Response) -> Result<Self::Output, Error>;
}

/// Something that writes itself as an item's JSON: a [`Model`](crate::Model)
/// or an [`Item`].
pub trait ItemSource {
    /// Writes `{"name":{"S":"…"},…}`.
    fn write_item(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError>;
}

impl ItemSource for Item {
    fn write_item(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        crate::json::write_item(buf, self)
    }
}

impl<M: crate::Model> ItemSource for M {
    fn write_item(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        crate::Model::write_item(self, buf)
    }
}

/// What a write returns of the item (`ReturnValues`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReturnValues {
    /// Nothing (the default).
    #[default]
    None,
    /// The whole item as it was before (put, update, delete).
    AllOld,
    /// The updated attributes as they were before (update).
    UpdatedOld,
    /// The whole item as it is after (update).
    AllNew,
    /// The updated attributes as they are after (update).
    UpdatedNew,
}

impl ReturnValues {
    fn as_str(self) -> &'static str {
        match self {
            ReturnValues::None => "NONE",
            ReturnValues::AllOld => "ALL_OLD",
            ReturnValues::UpdatedOld => "UPDATED_OLD",
            ReturnValues::AllNew => "ALL_NEW",
            ReturnValues::UpdatedNew => "UPDATED_NEW",
        }
    }
}

/// The parts every conditional write shares: condition, `ReturnValues`, and
/// `ReturnValuesOnConditionCheckFailure`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteOptions {
    /// The condition that must hold for the write to happen.
    pub condition: Option<Condition>,
    /// What to return of the item.
    pub return_values: ReturnValues,
    /// Return the stored item in the error when the condition fails.
    pub return_item_on_condition_failure: bool,
}

impl WriteOptions {
    /// Writes `ConditionExpression` and the return settings; the caller writes
    /// the placeholders after.
    fn encode(
        &self,
        object: &mut ObjectWriter<'_>,
        ph: &mut Placeholders,
    ) -> Result<(), EncodeError> {
        if let Some(c) = &self.condition {
            let text = c.render(ph)?;
            object.string("ConditionExpression", &text);
        }
        if self.return_values != ReturnValues::None {
            object.string("ReturnValues", self.return_values.as_str());
        }
        if self.return_item_on_condition_failure {
            object.string("ReturnValuesOnConditionCheckFailure", "ALL_OLD");
        }
        Ok(())
    }
}

/// Decodes `{"Attributes": {…}}` (absent when nothing was asked for).
fn decode_attributes(response: &Response) -> Result<Option<Item>, Error> {
    Ok(crate::json::parse(&response.body, |r| {
        crate::json::read_field(r, "Attributes", crate::json::read_item)
    })?)
}

//! One file per DynamoDB action. Each has the same three parts, in order:
//! the request type (builder methods are plain setters), `encode`, and
//! `decode`. The [`Client`](crate::Client) sends any [`Operation`].

mod batch_get_item;
mod batch_write_item;
mod create_table;
mod delete_item;
mod delete_table;
mod describe_stream;
mod describe_table;
mod error_reply;
mod get_item;
mod get_records;
mod get_shard_iterator;
mod items_reply;
pub(crate) mod key;
mod list_streams;
mod list_tables;
mod page;
mod put_item;
mod query;
mod scan;
mod stream_record;
mod time_to_live;
mod transact_get_items;
mod transact_write_items;
mod update_item;

use alloc::string::String;
use alloc::vec::Vec;

pub use crate::value::WriteRequest;
pub use batch_get_item::{BatchGetItem, BatchGetOutput, MAX_BATCH_GET};
pub use batch_write_item::{BatchWriteItem, MAX_BATCH_WRITE};
pub use create_table::{BillingMode, CreateTable, IndexProjection, SecondaryIndex};
pub use delete_item::DeleteItem;
pub use delete_table::DeleteTable;
pub use describe_stream::{DescribeStream, Shard, StreamDescription, StreamStatus};
pub use describe_table::{
    DescribeTable, IndexDescription, KeyElement, TableDescription, TableStatus, Throughput,
};
pub use get_item::GetItem;
pub use get_records::{GetRecords, Records};
pub use get_shard_iterator::{GetShardIterator, ShardPosition};
pub use items_reply::ItemsReply;
pub use list_streams::{ListStreams, StreamList, StreamSummary};
pub use list_tables::{ListTables, TableNames};
pub(crate) use page::read_units;
pub use page::{Page, PagedOperation, ReadSettings, Select};
pub use put_item::PutItem;
pub use query::Query;
pub use scan::Scan;
pub(crate) use stream_record::read_records;
pub use stream_record::{EventName, StreamRecord, StreamViewType, UserIdentity, read_record};
pub use time_to_live::{DescribeTimeToLive, TimeToLive, UpdateTimeToLive};
pub use transact_get_items::{TransactGet, TransactGetItems};
pub use transact_write_items::{
    MAX_TRANSACTION_ITEMS, TransactWrite, TransactWriteItems, TransactWriteKind,
};
pub use update_item::UpdateItem;

use crate::error::{EncodeError, Error};
use crate::expr::{Condition, Placeholders};
use crate::json::ObjectWriter;
use crate::transport::{Action, Request, Response};
use crate::value::Item;

/// Options the client applies to every request it encodes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EncodeOptions {
    /// `ReturnConsumedCapacity: TOTAL`, so hooks and traces see capacity.
    pub return_consumed_capacity: bool,
}

/// Refuses a table name DynamoDB rejects (3 to 255 of `a-z A-Z 0-9 _ - .`,
/// or the ARN of such a table, for cross-account access) before anything is
/// encoded or sent.
pub fn check_table_name(name: &str) -> Result<(), EncodeError> {
    let plain = |name: &[u8]| {
        (3..=255).contains(&name.len())
            && name
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    };
    let valid = plain(name.as_bytes()) || table_of_arn(name.as_bytes()).is_some_and(plain);
    if valid {
        Ok(())
    } else {
        Err(EncodeError::new(crate::error::EncodeErrorKind::Invalid(
            crate::text::format(
                "table name `{}` is not 3 to 255 characters of a-z, A-Z, 0-9, `_`, `-` and `.` \
                 or a table ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME)",
                &[name.into()],
            ),
        )))
    }
}

/// The table name in `arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME`
/// (bytes: no string searcher on the wasm path).
fn table_of_arn(arn: &[u8]) -> Option<&[u8]> {
    // The five parts before a colon each, then the rest (as `splitn(6, ..)`
    // splits, without its `SplitN` iterator in the wasm builds).
    let mut parts: [&[u8]; 5] = [&[]; 5];
    let mut resource = arn;
    for part in &mut parts {
        let colon = resource.iter().position(|&b| b == b':')?;
        *part = resource.get(..colon)?;
        resource = resource.get(colon + 1..)?;
    }
    let [prefix, partition, service, region, account] = parts;
    let account_ok = account.len() == 12 && account.iter().all(u8::is_ascii_digit);
    (prefix == b"arn"
        && !partition.is_empty()
        && service == b"dynamodb"
        && !region.is_empty()
        && account_ok)
        .then_some(())?;
    resource.strip_prefix(b"table/")
}

/// Adds `"ReturnConsumedCapacity":"TOTAL"` as the last member of an
/// encoded body (every body is one JSON object).
fn ask_consumed_capacity(body: &mut Vec<u8>) {
    if body.last() == Some(&b'}') {
        body.pop();
        if body.len() > 1 {
            body.push(b',');
        }
        body.extend_from_slice(br#""ReturnConsumedCapacity":"TOTAL"}"#);
    }
}

/// [`Operation::request`]'s work, compiled once rather than once per
/// action: checks `table`, encodes the body with `encode`, asks for
/// consumed capacity when `ask_capacity`.
fn make_request(
    action: Action,
    table: Option<&str>,
    ask_capacity: bool,
    encode: &dyn Fn(&mut Vec<u8>) -> Result<(), Error>,
) -> Result<Request, Error> {
    if let Some(name) = table {
        check_table_name(name)?;
    }
    let mut body = Vec::with_capacity(256);
    encode(&mut body)?;
    if ask_capacity {
        ask_consumed_capacity(&mut body);
    }
    Ok(Request {
        action,
        table: table.map(String::from),
        body,
    })
}

/// A DynamoDB action's request: how to encode it and decode its reply.
pub trait Operation {
    /// What a successful reply decodes to.
    type Output;
    /// The action this request is.
    const ACTION: Action;

    /// Writes the request's JSON body.
    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error>;

    /// The table the request is about (for batches and transactions, the
    /// first); `None` for requests about no table (ListTables).
    fn table(&self) -> Option<&str> {
        None
    }

    /// Whether [`encode`](Operation::encode) already asks for consumed
    /// capacity (a rate-limited Query or Scan does).
    fn writes_consumed_capacity(&self) -> bool {
        false
    }

    /// The request to send: the table name checked before anything is
    /// encoded, the body encoded with `options` applied, and the action and
    /// table beside it for hooks, tracing and per-table retry policies.
    fn request(&self, options: &EncodeOptions) -> Result<Request, Error> {
        let ask = options.return_consumed_capacity && !self.writes_consumed_capacity();
        make_request(Self::ACTION, self.table(), ask, &|body| self.encode(body))
    }

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

/// The parts every read by key shares: `ConsistentRead` and the
/// projection (the read twin of [`WriteOptions`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOptions {
    /// Strongly consistent read (default: eventually consistent).
    pub consistent_read: bool,
    /// Only these attributes (empty: all).
    pub projection: crate::expr::Projection,
}

impl WriteOptions {
    /// Adds a condition that must hold too: the one place a versioned
    /// model's version condition and a caller's condition are merged
    /// (`existing AND condition`, in the order they were required).
    pub fn require(&mut self, condition: impl Into<Option<Condition>>) {
        if let Some(condition) = condition.into() {
            self.condition = Some(match self.condition.take() {
                Some(existing) => existing.and(condition),
                None => condition,
            });
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::KeyCondition;
    use crate::value::{AttributeValue, Key};

    fn key() -> Key {
        Key::hash("pk", AttributeValue::S("a".into()))
    }

    #[test]
    fn a_request_names_its_action_and_table() {
        let get = GetItem::new("orders", key())
            .request(&EncodeOptions::default())
            .unwrap();
        assert_eq!(get.action, Action::GetItem);
        assert_eq!(get.table.as_deref(), Some("orders"));
        assert_eq!(
            get.body,
            br#"{"TableName":"orders","Key":{"pk":{"S":"a"}}}"#
        );
        let transaction = TransactWriteItems::new().item(TransactWrite {
            table: "second".into(),
            kind: TransactWriteKind::ConditionCheck(key()),
            condition: Some(Condition::exists(crate::expr::AttributePath::new("pk"))),
            return_item_on_condition_failure: false,
        });
        let request = transaction.request(&EncodeOptions::default()).unwrap();
        assert_eq!(request.table.as_deref(), Some("second"));
        let list = ListTables::new()
            .request(&EncodeOptions::default())
            .unwrap();
        assert_eq!(list.table, None);
    }

    #[test]
    fn table_arns_are_accepted_when_their_table_name_is() {
        for ok in [
            "orders",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
            "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/My_Table.v2",
        ] {
            assert!(check_table_name(ok).is_ok(), "{ok}");
        }
        for refused in [
            "ab",
            "arn:aws:dynamodb:us-east-1:123456789012:table/x",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/by-date",
            "arn:aws:s3:us-east-1:123456789012:table/orders",
            "arn:aws:dynamodb:us-east-1:1234:table/orders",
            "arn:aws:dynamodb::123456789012:table/orders",
            "arn:aws:dynamodb:us-east-1:123456789012:orders",
        ] {
            assert!(check_table_name(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn an_arn_splits_as_splitn_would() {
        let reference = |arn: &[u8]| -> Option<Vec<u8>> {
            let mut parts = arn.splitn(6, |&b| b == b':');
            let (prefix, partition, service) = (parts.next()?, parts.next()?, parts.next()?);
            let (region, account, resource) = (parts.next()?, parts.next()?, parts.next()?);
            let account_ok = account.len() == 12 && account.iter().all(u8::is_ascii_digit);
            (prefix == b"arn"
                && !partition.is_empty()
                && service == b"dynamodb"
                && !region.is_empty()
                && account_ok)
                .then_some(())?;
            resource.strip_prefix(b"table/").map(<[u8]>::to_vec)
        };
        for arn in [
            "",
            ":",
            "arn",
            "arn:aws:dynamodb:us-east-1:123456789012",
            "arn:aws:dynamodb:us-east-1:123456789012:",
            "arn:aws:dynamodb:us-east-1:123456789012:table/",
            "arn:aws:dynamodb:us-east-1:123456789012:table/a:b:c",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
            "arn::dynamodb:us-east-1:123456789012:table/orders",
            "arn:aws:dynamodb:us-east-1:12345678901x:table/orders",
            "::::::",
        ] {
            let got = table_of_arn(arn.as_bytes()).map(<[u8]>::to_vec);
            assert_eq!(got, reference(arn.as_bytes()), "{arn}");
        }
    }

    #[test]
    fn a_bad_table_name_is_refused_before_encoding() {
        let err = GetItem::new("no", key())
            .request(&EncodeOptions::default())
            .unwrap_err();
        assert!(alloc::format!("{err}").contains("table name `no`"), "{err}");
    }

    #[test]
    fn consumed_capacity_is_asked_for_once_when_the_option_is_on() {
        let on = EncodeOptions {
            return_consumed_capacity: true,
        };
        assert_eq!(
            GetItem::new("orders", key()).request(&on).unwrap().body,
            br#"{"TableName":"orders","Key":{"pk":{"S":"a"}},"ReturnConsumedCapacity":"TOTAL"}"#
        );
        assert_eq!(
            ListTables::new().request(&on).unwrap().body,
            br#"{"ReturnConsumedCapacity":"TOTAL"}"#
        );
        let mut query = Query::new(
            "orders",
            KeyCondition::new("pk", AttributeValue::S("a".into())),
        );
        query.settings.return_consumed_capacity = true;
        let body = String::from_utf8(query.request(&on).unwrap().body).unwrap();
        assert_eq!(body.matches("ReturnConsumedCapacity").count(), 1, "{body}");
    }
}

//! Change streams as typed events: DynamoDB Streams records — from an AWS
//! Lambda event or the Streams API's `GetRecords` — read into models. An
//! insert carries the new item, a modify the old and new, a remove the
//! old (each as the stream's view type provides), with the item's key
//! always there. A polymorphic model dispatches on its discriminator; an
//! entity type it does not know follows the [`UnknownType`] policy. A
//! record that does not read is a typed [`RecordError`] naming its
//! sequence number and attribute.
//!
//! The same code serves a Lambda function (native) and a worker (wasm):
//!
//! ```
//! use rynamo_core::prelude::*;
//! use rynamo_core::streams::{Change, UnknownType, decode_lambda_event};
//!
//! #[derive(Model, Debug, PartialEq)]
//! #[rynamo(table = "orders")]
//! struct Order { #[rynamo(hash_key)] id: String, total: u32 }
//!
//! let event = br#"{"Records":[{"eventID":"1","eventName":"MODIFY","eventSource":"aws:dynamodb",
//!   "dynamodb":{"Keys":{"id":{"S":"o1"}},"OldImage":{"id":{"S":"o1"},"total":{"N":"5"}},
//!   "NewImage":{"id":{"S":"o1"},"total":{"N":"7"}},"SequenceNumber":"100","SizeBytes":40,
//!   "StreamViewType":"NEW_AND_OLD_IMAGES"}}]}"#;
//! let events = decode_lambda_event::<Order>(event, UnknownType::Error)?;
//! let Change::Modify { old: Some(old), new: Some(new) } = &events[0].change else { panic!() };
//! assert_eq!((old.total, new.total), (5, 7));
//! # Ok::<(), Error>(())
//! ```
//!
//! [`ChangeReader`] reads a table's stream through the Streams API
//! ([`ShardReader`] is its sans-IO [`Machine`](crate::machine::Machine)): create the table with a
//! stream (`Model::table().stream(..)`), then `reader.next(&db)`.
//!
//! [`RecordError`]: crate::error::RecordError

mod event;
mod lambda;
mod reader;
mod shards;

pub use crate::error::{RecordError, StreamImage};
pub use crate::op::{EventName, StreamRecord, StreamViewType, UserIdentity};
pub use event::{Change, ChangeEvent, RecordInfo, UnknownType, decode_record};
pub use lambda::{batch_item_failures, decode_lambda_event, lambda_records};
pub use reader::ChangeReader;
pub use shards::{ShardReader, StartAt};

//! AWS Lambda's DynamoDB event (`{"Records":[…]}`, each record in the
//! Streams API's shape plus `eventSourceARN`), read into typed events, and
//! the partial-batch reply (`batchItemFailures`) a handler returns.

use alloc::vec::Vec;

use super::event::{ChangeEvent, UnknownType, decode_record};
use crate::error::{DecodeError, Error};
use crate::json::ObjectWriter;
use crate::model::Model;
use crate::op::{StreamRecord, read_records};

/// Reads the records of a Lambda DynamoDB event, in order, images as
/// items. Malformed JSON is an error naming the record's index and member
/// (`Records[2].dynamodb.NewImage.b`).
pub fn lambda_records(event: &[u8]) -> Result<Vec<StreamRecord>, DecodeError> {
    let mut records = Vec::new();
    crate::json::parse(event, |r| {
        read_records(r, |record| records.push(record), |_, r| r.skip())
    })?;
    Ok(records)
}

/// Reads a Lambda DynamoDB event into model events, in order. Records of an
/// unknown entity type follow `policy`; the first record that does not read
/// is an [`Error::StreamRecord`] naming its sequence number and attribute.
/// To go on past bad records (and report them in `batchItemFailures`), use
/// [`lambda_records`] and [`decode_record`] per record.
pub fn decode_lambda_event<M: Model>(
    event: &[u8],
    policy: UnknownType,
) -> Result<Vec<ChangeEvent<M>>, Error> {
    let mut events = Vec::new();
    for record in lambda_records(event)? {
        if let Some(event) = decode_record(record, policy).map_err(Error::StreamRecord)? {
            events.push(event);
        }
    }
    Ok(events)
}

/// The reply that tells Lambda which records to retry (partial batch
/// responses, `ReportBatchItemFailures`): `{"batchItemFailures":
/// [{"itemIdentifier":"<sequence number>"}]}`. Lambda retries from the
/// lowest sequence number listed; an empty list means all succeeded.
pub fn batch_item_failures<'a>(sequence_numbers: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut o = ObjectWriter::new(&mut buf);
    let list = o.key("batchItemFailures");
    list.push(b'[');
    for (i, sequence) in sequence_numbers.into_iter().enumerate() {
        if i > 0 {
            list.push(b',');
        }
        let mut f = ObjectWriter::new(list);
        f.string("itemIdentifier", sequence);
        f.finish();
    }
    list.push(b']');
    o.finish();
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_item_failures_lists_sequence_numbers() {
        assert_eq!(
            batch_item_failures(["100", "200"]),
            br#"{"batchItemFailures":[{"itemIdentifier":"100"},{"itemIdentifier":"200"}]}"#
        );
        assert_eq!(batch_item_failures([]), br#"{"batchItemFailures":[]}"#);
    }
}

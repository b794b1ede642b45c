//! GetRecords (DynamoDB Streams API): the next records of a shard.

use alloc::string::String;
use alloc::vec::Vec;

use super::Operation;
use super::stream_record::{StreamRecord, read_records};
use crate::error::Error;
use crate::json::{ObjectWriter, Reader, read_optional};
use crate::transport::{Action, Response};

/// A GetRecords request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetRecords {
    iterator: String,
    limit: Option<u32>,
}

impl GetRecords {
    /// The records at `iterator` (from GetShardIterator or the previous
    /// reply's `next_iterator`).
    pub fn new(iterator: impl Into<String>) -> Self {
        GetRecords {
            iterator: iterator.into(),
            limit: None,
        }
    }

    /// At most this many records (1–1000; DynamoDB's default is 1000).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// A GetRecords reply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    /// The records, in the shard's order.
    pub records: Vec<StreamRecord>,
    /// Where to read next; `None` once a closed shard is read to its end.
    pub next_iterator: Option<String>,
}

impl Operation for GetRecords {
    type Output = Records;
    const ACTION: Action = Action::GetRecords;

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut o = ObjectWriter::new(buf);
        o.string("ShardIterator", &self.iterator);
        if let Some(limit) = self.limit {
            o.integer("Limit", u64::from(limit));
        }
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<Records, Error> {
        let mut out = Records::default();
        crate::json::parse(&response.body, |r| {
            read_records(
                r,
                |record| out.records.push(record),
                |key, r: &mut Reader<'_>| {
                    if key == "NextShardIterator" {
                        out.next_iterator = read_optional(r, Reader::string)?;
                        Ok(())
                    } else {
                        r.skip()
                    }
                },
            )
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op::EventName;

    #[test]
    fn encodes_iterator_and_limit() {
        let mut buf = Vec::new();
        GetRecords::new("it-1").limit(100).encode(&mut buf).unwrap();
        assert_eq!(buf, br#"{"ShardIterator":"it-1","Limit":100}"#);
    }

    #[test]
    fn decodes_records_and_the_next_iterator() {
        let body = br#"{"NextShardIterator":"it-2","Records":[{"awsRegion":"ddblocal","dynamodb":{
            "ApproximateCreationDateTime":1.7E9,"Keys":{"id":{"S":"a"}},"NewImage":{"id":{"S":"a"}},
            "SequenceNumber":"000000000000000000007","SizeBytes":10,"StreamViewType":"NEW_AND_OLD_IMAGES"},
            "eventID":"e7","eventName":"INSERT","eventSource":"aws:dynamodb","eventVersion":"1.1"}]}"#;
        let out = GetRecords::decode(&Response {
            status: 200,
            body: body.to_vec(),
            request_id: None,
        })
        .unwrap();
        assert_eq!(out.next_iterator.as_deref(), Some("it-2"));
        assert_eq!(out.records.len(), 1);
        assert_eq!(out.records[0].event_name, EventName::Insert);
        assert_eq!(out.records[0].sequence_number, "000000000000000000007");
    }

    #[test]
    fn a_closed_shard_read_to_its_end_has_no_next_iterator() {
        let out = GetRecords::decode(&Response {
            status: 200,
            body: br#"{"Records":[]}"#.to_vec(),
            request_id: None,
        })
        .unwrap();
        assert_eq!(out, Records::default());
    }
}

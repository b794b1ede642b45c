//! GetShardIterator (DynamoDB Streams API): where in a shard to start
//! reading.

use alloc::string::String;
use alloc::vec::Vec;

use super::Operation;
use crate::error::{DecodeError, Error};
use crate::json::{ObjectWriter, Reader, read_field};
use crate::transport::{Action, Response};

/// Where a shard iterator starts (`ShardIteratorType`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardPosition {
    /// The oldest record still in the shard (`TRIM_HORIZON`; records are
    /// kept 24 hours).
    TrimHorizon,
    /// After the newest record, so only new changes (`LATEST`).
    Latest,
    /// At this sequence number (`AT_SEQUENCE_NUMBER`).
    At(String),
    /// Just after this sequence number (`AFTER_SEQUENCE_NUMBER`): resumes
    /// after the last record seen.
    After(String),
}

/// A GetShardIterator request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetShardIterator {
    stream_arn: String,
    shard_id: String,
    position: ShardPosition,
}

impl GetShardIterator {
    /// An iterator for `shard_id` of the stream `stream_arn`, at `position`.
    pub fn new(
        stream_arn: impl Into<String>,
        shard_id: impl Into<String>,
        position: ShardPosition,
    ) -> Self {
        GetShardIterator {
            stream_arn: stream_arn.into(),
            shard_id: shard_id.into(),
            position,
        }
    }
}

impl Operation for GetShardIterator {
    /// The iterator (valid for 15 minutes), for [`GetRecords`](super::GetRecords).
    type Output = String;
    const ACTION: Action = Action::GetShardIterator;

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut o = ObjectWriter::new(buf);
        o.string("StreamArn", &self.stream_arn);
        o.string("ShardId", &self.shard_id);
        let (kind, sequence) = match &self.position {
            ShardPosition::TrimHorizon => ("TRIM_HORIZON", None),
            ShardPosition::Latest => ("LATEST", None),
            ShardPosition::At(s) => ("AT_SEQUENCE_NUMBER", Some(s)),
            ShardPosition::After(s) => ("AFTER_SEQUENCE_NUMBER", Some(s)),
        };
        o.string("ShardIteratorType", kind);
        if let Some(sequence) = sequence {
            o.string("SequenceNumber", sequence);
        }
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<String, Error> {
        let iterator = crate::json::parse(&response.body, |r| {
            read_field(r, "ShardIterator", Reader::string)
        })?;
        Ok(iterator.ok_or_else(|| DecodeError::missing().at_field("ShardIterator"))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(position: ShardPosition) -> String {
        let mut buf = Vec::new();
        GetShardIterator::new("arn:s", "shard-1", position)
            .encode(&mut buf)
            .unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn encodes_each_position() {
        assert_eq!(
            encoded(ShardPosition::TrimHorizon),
            r#"{"StreamArn":"arn:s","ShardId":"shard-1","ShardIteratorType":"TRIM_HORIZON"}"#
        );
        assert_eq!(
            encoded(ShardPosition::Latest),
            r#"{"StreamArn":"arn:s","ShardId":"shard-1","ShardIteratorType":"LATEST"}"#
        );
        assert_eq!(
            encoded(ShardPosition::At("100".into())),
            r#"{"StreamArn":"arn:s","ShardId":"shard-1","ShardIteratorType":"AT_SEQUENCE_NUMBER","SequenceNumber":"100"}"#
        );
        assert_eq!(
            encoded(ShardPosition::After("100".into())),
            r#"{"StreamArn":"arn:s","ShardId":"shard-1","ShardIteratorType":"AFTER_SEQUENCE_NUMBER","SequenceNumber":"100"}"#
        );
    }

    #[test]
    fn decodes_the_iterator_and_refuses_a_reply_without_one() {
        let reply = |body: &[u8]| {
            GetShardIterator::decode(&Response {
                status: 200,
                body: body.to_vec(),
                request_id: None,
            })
        };
        assert_eq!(reply(br#"{"ShardIterator":"it-1"}"#).unwrap(), "it-1");
        assert!(matches!(reply(b"{}"), Err(Error::Decode(_))));
    }
}

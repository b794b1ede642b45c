//! DescribeStream (DynamoDB Streams API): a stream's state and its
//! shards, a page of shards at a time.

use alloc::string::String;
use alloc::vec::Vec;

use super::Operation;
use super::stream_record::StreamViewType;
use crate::error::{DecodeError, Error};
use crate::json::{ObjectWriter, Reader, read_field, read_objects, read_optional};
use crate::transport::{Action, Response};

/// A DescribeStream request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeStream {
    stream_arn: String,
    start: Option<String>,
    limit: Option<u32>,
}

impl DescribeStream {
    /// Describes the stream `stream_arn`.
    pub fn new(stream_arn: impl Into<String>) -> Self {
        DescribeStream {
            stream_arn: stream_arn.into(),
            start: None,
            limit: None,
        }
    }

    /// Lists shards after this shard id (a previous page's
    /// `last_evaluated_shard`).
    pub fn start(mut self, after_shard: impl Into<String>) -> Self {
        self.start = Some(after_shard.into());
        self
    }

    /// At most this many shards (1–100).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// A stream's state (`StreamStatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamStatus {
    /// `ENABLING`.
    Enabling,
    /// `ENABLED`: records are being written.
    Enabled,
    /// `DISABLING`.
    Disabling,
    /// `DISABLED`: no new records; existing ones stay readable for 24 hours.
    Disabled,
    /// Any other status, as sent.
    Other(String),
}

/// One shard of a stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shard {
    /// `ShardId`.
    pub id: String,
    /// `ParentShardId`: read the parent to its end before this shard, to
    /// keep each item's changes in order.
    pub parent: Option<String>,
    /// `SequenceNumberRange.StartingSequenceNumber`.
    pub starting_sequence_number: Option<String>,
    /// `SequenceNumberRange.EndingSequenceNumber`; `None` while the shard
    /// is open (still receiving records).
    pub ending_sequence_number: Option<String>,
}

impl Shard {
    /// Whether the shard still receives records.
    pub fn is_open(&self) -> bool {
        self.ending_sequence_number.is_none()
    }
}

/// What DescribeStream says about a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamDescription {
    /// `StreamArn`.
    pub arn: String,
    /// `StreamLabel`.
    pub label: String,
    /// `StreamStatus`.
    pub status: StreamStatus,
    /// `StreamViewType`.
    pub view_type: Option<StreamViewType>,
    /// `TableName`.
    pub table: String,
    /// The shards on this page, in the order DynamoDB lists them.
    pub shards: Vec<Shard>,
    /// `LastEvaluatedShardId`: more shards follow after it.
    pub last_evaluated_shard: Option<String>,
}

fn read_shard(s: &mut Shard, key: &str, r: &mut Reader<'_>) -> Result<(), DecodeError> {
    match key {
        "ShardId" => s.id = r.string()?,
        "ParentShardId" => s.parent = read_optional(r, Reader::string)?,
        "SequenceNumberRange" => {
            let mut o = r.object()?;
            while let Some(key) = r.key(&mut o)? {
                match &*key {
                    "StartingSequenceNumber" => {
                        s.starting_sequence_number = read_optional(r, Reader::string)?;
                    }
                    "EndingSequenceNumber" => {
                        s.ending_sequence_number = read_optional(r, Reader::string)?;
                    }
                    _ => r.skip()?,
                }
            }
        }
        _ => r.skip()?,
    }
    Ok(())
}

fn read_description(r: &mut Reader<'_>) -> Result<StreamDescription, DecodeError> {
    let mut d = StreamDescription {
        arn: String::new(),
        label: String::new(),
        status: StreamStatus::Other(String::new()),
        view_type: None,
        table: String::new(),
        shards: Vec::new(),
        last_evaluated_shard: None,
    };
    let mut o = r.object()?;
    while let Some(key) = r.key(&mut o)? {
        let at = |e: DecodeError| e.at_field(&key);
        match &*key {
            "StreamArn" => d.arn = r.string().map_err(at)?,
            "StreamLabel" => d.label = r.string().map_err(at)?,
            "StreamStatus" => {
                let status = r.string().map_err(at)?;
                d.status = match status.as_str() {
                    "ENABLING" => StreamStatus::Enabling,
                    "ENABLED" => StreamStatus::Enabled,
                    "DISABLING" => StreamStatus::Disabling,
                    "DISABLED" => StreamStatus::Disabled,
                    _ => StreamStatus::Other(status),
                };
            }
            "StreamViewType" => {
                d.view_type = read_optional(r, |r| StreamViewType::parse(&r.str()?)).map_err(at)?;
            }
            "TableName" => d.table = r.string().map_err(at)?,
            "Shards" => d.shards = read_objects(r, read_shard).map_err(at)?,
            "LastEvaluatedShardId" => {
                d.last_evaluated_shard = read_optional(r, Reader::string).map_err(at)?;
            }
            _ => r.skip()?,
        }
    }
    Ok(d)
}

impl Operation for DescribeStream {
    type Output = StreamDescription;
    const ACTION: Action = Action::DescribeStream;

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut o = ObjectWriter::new(buf);
        o.string("StreamArn", &self.stream_arn);
        if let Some(limit) = self.limit {
            o.integer("Limit", u64::from(limit));
        }
        if let Some(start) = &self.start {
            o.string("ExclusiveStartShardId", start);
        }
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<StreamDescription, Error> {
        const FIELD: &str = "StreamDescription";
        let description = crate::json::parse(&response.body, |r| {
            read_field(r, FIELD, |r| {
                read_description(r).map_err(|e| e.at_field(FIELD))
            })
        })?;
        Ok(description.ok_or_else(|| DecodeError::missing().at_field(FIELD))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_arn_limit_and_start() {
        let mut buf = Vec::new();
        DescribeStream::new("arn:s")
            .limit(10)
            .start("shard-1")
            .encode(&mut buf)
            .unwrap();
        assert_eq!(
            buf,
            br#"{"StreamArn":"arn:s","Limit":10,"ExclusiveStartShardId":"shard-1"}"#
        );
    }

    #[test]
    fn decodes_shards_with_parents_and_ranges() {
        let body = br#"{"StreamDescription":{"StreamArn":"arn:s","StreamLabel":"L","StreamStatus":"ENABLED",
            "StreamViewType":"NEW_AND_OLD_IMAGES","CreationRequestDateTime":1.7E9,"TableName":"t",
            "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
            "Shards":[{"ShardId":"s1","SequenceNumberRange":{"StartingSequenceNumber":"100","EndingSequenceNumber":"200"}},
                      {"ShardId":"s2","ParentShardId":"s1","SequenceNumberRange":{"StartingSequenceNumber":"300"}}],
            "LastEvaluatedShardId":"s2"}}"#;
        let d = DescribeStream::decode(&Response {
            status: 200,
            body: body.to_vec(),
            request_id: None,
        })
        .unwrap();
        assert_eq!(
            d,
            StreamDescription {
                arn: "arn:s".into(),
                label: "L".into(),
                status: StreamStatus::Enabled,
                view_type: Some(StreamViewType::NewAndOldImages),
                table: "t".into(),
                shards: alloc::vec![
                    Shard {
                        id: "s1".into(),
                        parent: None,
                        starting_sequence_number: Some("100".into()),
                        ending_sequence_number: Some("200".into()),
                    },
                    Shard {
                        id: "s2".into(),
                        parent: Some("s1".into()),
                        starting_sequence_number: Some("300".into()),
                        ending_sequence_number: None,
                    },
                ],
                last_evaluated_shard: Some("s2".into()),
            }
        );
        assert!(!d.shards[0].is_open() && d.shards[1].is_open());
    }
}

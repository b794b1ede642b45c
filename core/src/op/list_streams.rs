//! ListStreams (DynamoDB Streams API): the streams of a table, or of every
//! table, a page at a time.

use alloc::string::String;
use alloc::vec::Vec;

use super::Operation;
use crate::error::Error;
use crate::json::{ObjectWriter, Reader, read_objects, read_optional};
use crate::transport::{Action, Response};

/// A ListStreams request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListStreams {
    table: Option<String>,
    start: Option<String>,
    limit: Option<u32>,
}

impl ListStreams {
    /// Every stream of the account and region.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the streams of this table.
    pub fn table(mut self, table: impl Into<String>) -> Self {
        self.table = Some(table.into());
        self
    }

    /// Starts after this stream ARN (a previous page's `last_evaluated`).
    pub fn start(mut self, after: impl Into<String>) -> Self {
        self.start = Some(after.into());
        self
    }

    /// At most this many streams (1–100).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// One stream in a ListStreams reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamSummary {
    /// `StreamArn`.
    pub arn: String,
    /// `TableName`.
    pub table: String,
    /// `StreamLabel`: a timestamp that tells a table's streams apart.
    pub label: String,
}

/// One page of streams.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamList {
    /// The streams on this page.
    pub streams: Vec<StreamSummary>,
    /// Where the next page starts, if any (`LastEvaluatedStreamArn`).
    pub last_evaluated: Option<String>,
}

impl Operation for ListStreams {
    type Output = StreamList;
    const ACTION: Action = Action::ListStreams;

    fn table(&self) -> Option<&str> {
        self.table.as_deref()
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut o = ObjectWriter::new(buf);
        if let Some(table) = &self.table {
            o.string("TableName", table);
        }
        if let Some(start) = &self.start {
            o.string("ExclusiveStartStreamArn", start);
        }
        if let Some(limit) = self.limit {
            o.integer("Limit", u64::from(limit));
        }
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<StreamList, Error> {
        let mut out = StreamList::default();
        crate::json::parse(&response.body, |r| {
            let mut o = r.object()?;
            while let Some(key) = r.key(&mut o)? {
                match &*key {
                    "Streams" => {
                        out.streams = read_objects(r, |s: &mut StreamSummary, key, r| {
                            match key {
                                "StreamArn" => s.arn = r.string()?,
                                "TableName" => s.table = r.string()?,
                                "StreamLabel" => s.label = r.string()?,
                                _ => r.skip()?,
                            }
                            Ok(())
                        })
                        .map_err(|e| e.at_field("Streams"))?;
                    }
                    "LastEvaluatedStreamArn" => {
                        out.last_evaluated = read_optional(r, Reader::string)?;
                    }
                    _ => r.skip()?,
                }
            }
            Ok(())
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_table_start_and_limit() {
        let mut buf = Vec::new();
        ListStreams::new()
            .table("orders")
            .start("arn:s/1")
            .limit(5)
            .encode(&mut buf)
            .unwrap();
        assert_eq!(
            buf,
            br#"{"TableName":"orders","ExclusiveStartStreamArn":"arn:s/1","Limit":5}"#
        );
        buf.clear();
        ListStreams::new().encode(&mut buf).unwrap();
        assert_eq!(buf, b"{}");
    }

    #[test]
    fn decodes_streams_and_the_next_page() {
        let body = br#"{"Streams":[{"StreamArn":"arn:s/1","TableName":"orders","StreamLabel":"2026-01-01T00:00:00.000"}],
            "LastEvaluatedStreamArn":"arn:s/1"}"#;
        let list = ListStreams::decode(&Response {
            status: 200,
            body: body.to_vec(),
            request_id: None,
        })
        .unwrap();
        assert_eq!(
            list,
            StreamList {
                streams: alloc::vec![StreamSummary {
                    arn: "arn:s/1".into(),
                    table: "orders".into(),
                    label: "2026-01-01T00:00:00.000".into()
                }],
                last_evaluated: Some("arn:s/1".into()),
            }
        );
    }
}

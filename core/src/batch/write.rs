//! [`BatchWriter`]: puts and deletes in chunks of 25, unprocessed items
//! re-sent until none is left; on failure, everything not written is
//! returned in the error.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::Backoff;
use crate::error::{BatchIncomplete, Error};
use crate::op::{BatchWriteItem, MAX_BATCH_WRITE, Operation, WriteRequest};
use crate::retry::RetryPolicy;
use crate::transport::{Request, Response};

/// Writes any number of puts and deletes to one table.
#[derive(Debug, Clone)]
pub struct BatchWriter {
    table: String,
    queue: VecDeque<WriteRequest>,
    in_flight: Vec<WriteRequest>,
    backoff: Backoff,
}

impl BatchWriter {
    /// Writes `writes` to `table`; unprocessed items back off per `policy`.
    pub fn new(
        table: impl Into<String>,
        writes: Vec<WriteRequest>,
        policy: RetryPolicy,
        seed: u64,
    ) -> Self {
        BatchWriter {
            table: table.into(),
            queue: writes.into(),
            in_flight: Vec::new(),
            backoff: Backoff::new(policy, seed),
        }
    }

    /// The next request (up to 25 writes), or `None` when all are written.
    pub fn next_request(&mut self) -> Result<Option<Request>, Error> {
        if self.queue.is_empty() {
            return Ok(None);
        }
        let n = self.queue.len().min(MAX_BATCH_WRITE);
        self.in_flight = self.queue.drain(..n).collect();
        let op = BatchWriteItem::new(self.table.clone(), self.in_flight.clone());
        let mut body = Vec::new();
        op.encode(&mut body)?;
        Ok(Some(Request {
            action: BatchWriteItem::ACTION,
            body,
        }))
    }

    /// Takes a reply: unprocessed writes go first in line again. Returns
    /// how long to wait before the next request.
    pub fn on_response(&mut self, response: &Response) -> Result<Option<Duration>, Error> {
        let unprocessed = match BatchWriteItem::decode(response) {
            Ok(u) => u,
            Err(e) => return Err(self.on_failure(e)),
        };
        self.in_flight.clear();
        let left_work = !unprocessed.is_empty();
        for w in unprocessed.into_iter().rev() {
            self.queue.push_front(w);
        }
        self.backoff.round(left_work).map_err(|()| {
            self.incomplete(Error::InvalidRequest(alloc::format!(
                "items still unprocessed after {} rounds",
                super::MAX_UNPROCESSED_ROUNDS
            )))
        })
    }

    /// The request failed for good: returns the error carrying every write
    /// not known to be done (the failed chunk included).
    pub fn on_failure(&mut self, cause: Error) -> Error {
        for w in self.in_flight.drain(..).rev() {
            self.queue.push_front(w);
        }
        self.incomplete(cause)
    }

    fn incomplete(&mut self, cause: Error) -> Error {
        Error::BatchIncomplete(BatchIncomplete::new(
            cause,
            self.queue.drain(..).collect(),
            Vec::new(),
        ))
    }

    /// Writes not yet written.
    pub fn pending(&self) -> usize {
        self.queue.len() + self.in_flight.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{AttributeValue, Item};

    fn put(i: u32) -> WriteRequest {
        let mut item = Item::new();
        item.insert("pk".into(), AttributeValue::N(i.into()));
        WriteRequest::put(&item).unwrap()
    }

    #[test]
    fn chunks_by_25_and_resends_unprocessed_first() {
        let mut w = BatchWriter::new("t", (0..30).map(put).collect(), RetryPolicy::default(), 1);
        let first = w.next_request().unwrap().unwrap();
        assert_eq!(
            String::from_utf8(first.body)
                .unwrap()
                .matches("PutRequest")
                .count(),
            25
        );
        let reply = br#"{"UnprocessedItems":{"t":[{"PutRequest":{"Item":{"pk":{"N":"3"}}}}]}}"#;
        let delay = w
            .on_response(&Response {
                status: 200,
                body: reply.to_vec(),
            })
            .unwrap();
        assert!(delay.is_some());
        assert_eq!(w.pending(), 6);
        let second = String::from_utf8(w.next_request().unwrap().unwrap().body).unwrap();
        assert!(
            second.starts_with(r#"{"RequestItems":{"t":[{"PutRequest":{"Item":{"pk":{"N":"3"}}}}"#)
        );
        assert_eq!(second.matches("PutRequest").count(), 6);
        assert_eq!(
            w.on_response(&Response {
                status: 200,
                body: b"{}".to_vec()
            })
            .unwrap(),
            None
        );
        assert!(w.next_request().unwrap().is_none());
    }

    #[test]
    fn failure_returns_every_unwritten_write() {
        let mut w = BatchWriter::new("t", (0..30).map(put).collect(), RetryPolicy::default(), 1);
        w.next_request().unwrap();
        let err = w.on_failure(Error::InvalidRequest("boom".into()));
        let Error::BatchIncomplete(b) = err else {
            panic!()
        };
        assert_eq!(b.unwritten().len(), 30);
        assert_eq!(b.unwritten()[0], put(0));
    }

    #[test]
    fn gives_up_after_too_many_rounds_returning_the_rest() {
        let mut w = BatchWriter::new("t", alloc::vec![put(1)], RetryPolicy::default(), 1);
        let reply = br#"{"UnprocessedItems":{"t":[{"PutRequest":{"Item":{"pk":{"N":"1"}}}}]}}"#;
        let mut last = None;
        for _ in 0..=super::super::MAX_UNPROCESSED_ROUNDS {
            w.next_request().unwrap().unwrap();
            last = Some(w.on_response(&Response {
                status: 200,
                body: reply.to_vec(),
            }));
        }
        let Some(Err(Error::BatchIncomplete(b))) = last else {
            panic!("{last:?}")
        };
        assert_eq!(b.unwritten(), &[put(1)]);
    }
}

//! [`BatchGetter`]: keys in chunks of 100, unprocessed keys re-requested
//! until none is left.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::Backoff;
use crate::error::{BatchIncomplete, Error};
use crate::expr::Projection;
use crate::model::Key;
use crate::op::{BatchGetItem, BatchGetOutput, MAX_BATCH_GET, Operation};
use crate::retry::RetryPolicy;
use crate::transport::{Request, Response};
use crate::value::Item;

/// Reads any number of keys from one table.
#[derive(Debug, Clone)]
pub struct BatchGetter {
    table: String,
    queue: VecDeque<Item>,
    in_flight: Vec<Item>,
    consistent_read: bool,
    projection: Projection,
    backoff: Backoff,
}

impl BatchGetter {
    /// Reads `keys` from `table`; unprocessed keys back off per `policy`.
    pub fn new(table: impl Into<String>, keys: Vec<Key>, policy: RetryPolicy, seed: u64) -> Self {
        BatchGetter {
            table: table.into(),
            queue: keys.into_iter().map(Key::into_item).collect(),
            in_flight: Vec::new(),
            consistent_read: false,
            projection: Projection::new(),
            backoff: Backoff::new(policy, seed),
        }
    }

    /// Strongly consistent reads.
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.consistent_read = consistent;
        self
    }

    /// Returns only these attributes.
    pub fn projection(mut self, projection: Projection) -> Self {
        self.projection = projection;
        self
    }

    /// The next request (up to 100 keys), or `None` when all are read.
    pub fn next_request(&mut self) -> Result<Option<Request>, Error> {
        if self.queue.is_empty() {
            return Ok(None);
        }
        let n = self.queue.len().min(MAX_BATCH_GET);
        self.in_flight = self.queue.drain(..n).collect();
        let keys = self.in_flight.iter().cloned().map(Key::from_item).collect();
        let op = BatchGetItem::new(self.table.clone(), keys)
            .consistent_read(self.consistent_read)
            .projection(self.projection.clone());
        let mut body = Vec::new();
        op.encode(&mut body)?;
        Ok(Some(Request {
            action: BatchGetItem::ACTION,
            body,
        }))
    }

    /// Takes a reply: returns the items found and how long to wait before
    /// the next request; unprocessed keys go first in line again.
    pub fn on_response(
        &mut self,
        response: &Response,
    ) -> Result<(Vec<Item>, Option<Duration>), Error> {
        self.on_output(BatchGetItem::decode(response))
    }

    /// [`BatchGetter::on_response`] for a reply already decoded, with items
    /// of any type (models read straight from the bytes, say). A decode
    /// error ends the batch like a failed request, handing back what is
    /// unread.
    pub fn on_output<T>(
        &mut self,
        output: Result<BatchGetOutput<T>, Error>,
    ) -> Result<(Vec<T>, Option<Duration>), Error> {
        let output = match output {
            Ok(o) => o,
            Err(e) => return Err(self.on_failure(e)),
        };
        self.in_flight.clear();
        let left_work = !output.unprocessed.is_empty();
        for key in output.unprocessed.into_iter().rev() {
            self.queue.push_front(key);
        }
        let delay = self.backoff.round(left_work).map_err(|()| {
            self.incomplete(Error::InvalidRequest(alloc::format!(
                "keys still unprocessed after {} rounds",
                super::MAX_UNPROCESSED_ROUNDS
            )))
        })?;
        Ok((output.items, delay))
    }

    /// The request failed for good: returns the error carrying every key
    /// not read yet.
    pub fn on_failure(&mut self, cause: Error) -> Error {
        for k in self.in_flight.drain(..).rev() {
            self.queue.push_front(k);
        }
        self.incomplete(cause)
    }

    fn incomplete(&mut self, cause: Error) -> Error {
        Error::BatchIncomplete(BatchIncomplete::new(
            cause,
            Vec::new(),
            self.queue.drain(..).collect(),
        ))
    }
}

//! [`BatchWriter`]: puts and deletes in chunks of 25, unprocessed items
//! re-sent until none is left; on failure, everything not written is
//! returned in the error.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::Backoff;
use crate::error::{BatchIncomplete, Error};
use crate::machine::{Machine, Step};
use crate::op::{BatchWriteItem, EncodeOptions, MAX_BATCH_WRITE, Operation, WriteRequest};
use crate::retry::RetryPolicy;
use crate::transport::{Request, Response};

/// Writes any number of puts and deletes to one table.
#[derive(Debug, Clone)]
pub struct BatchWriter {
    table: String,
    queue: VecDeque<WriteRequest>,
    in_flight: Vec<WriteRequest>,
    request: Option<Request>,
    pause: Option<Duration>,
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
            request: None,
            pause: None,
            backoff: Backoff::new(policy, seed),
        }
    }

    /// The next step: a pause after a round that left writes unprocessed,
    /// the next request (up to 25 writes, unprocessed ones first), or done.
    fn poll_send<T>(&mut self, options: &EncodeOptions) -> Result<Step<'_, T>, Error> {
        if self.request.is_none() {
            if self.queue.is_empty() {
                return Ok(Step::Done);
            }
            if let Some(pause) = self.pause.take() {
                return Ok(Step::Pause(pause));
            }
            let n = self.queue.len().min(MAX_BATCH_WRITE);
            // Popped, not drained (see `BatchGetter::poll_send`).
            self.in_flight = (0..n).filter_map(|_| self.queue.pop_front()).collect();
            let op = BatchWriteItem::new(self.table.clone(), self.in_flight.clone());
            match op.request(options) {
                Ok(request) => self.request = Some(request),
                Err(e) => return Err(self.fail(e)),
            }
        }
        Ok(match &self.request {
            Some(request) => Step::Send(core::slice::from_ref(request)),
            None => Step::Done,
        })
    }

    /// The request failed for good: returns the error carrying every write
    /// not known to be done (the failed chunk included).
    fn fail(&mut self, cause: Error) -> Error {
        self.request = None;
        for w in self.in_flight.drain(..).rev() {
            self.queue.push_front(w);
        }
        self.incomplete(cause)
    }

    fn incomplete(&mut self, cause: Error) -> Error {
        Error::BatchIncomplete(BatchIncomplete::new(
            cause,
            core::mem::take(&mut self.queue).into_iter().collect(),
            Vec::new(),
        ))
    }

    /// Writes not yet written.
    pub fn pending(&self) -> usize {
        self.queue.len() + self.in_flight.len()
    }
}

impl Machine for BatchWriter {
    type Output = ();

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, ()>, Error> {
        self.poll_send(options)
    }

    /// Unprocessed writes go first in line again, after a backoff pause.
    fn handle(&mut self, _index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        let unprocessed = match reply.and_then(|response| BatchWriteItem::decode(&response)) {
            Ok(u) => u,
            Err(e) => return Err(self.fail(e)),
        };
        self.request = None;
        self.in_flight.clear();
        let left_work = !unprocessed.is_empty();
        for w in unprocessed.into_iter().rev() {
            self.queue.push_front(w);
        }
        self.pause = self.backoff.round(left_work).map_err(|()| {
            self.incomplete(Error::InvalidRequest(crate::text::format(
                "items still unprocessed after {} rounds",
                &[super::MAX_UNPROCESSED_ROUNDS.into()],
            )))
        })?;
        Ok(())
    }
}

//! [`BatchGetter`]: keys in chunks of 100, unprocessed keys re-requested
//! until none is left.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::Backoff;
use crate::error::{BatchIncomplete, Error};
use crate::expr::Projection;
use crate::machine::{Machine, Step};
use crate::op::{
    BatchGetItem, BatchGetOutput, EncodeOptions, MAX_BATCH_GET, Operation, ReadOptions,
};
use crate::retry::RetryPolicy;
use crate::transport::{Request, Response};
use crate::value::Item;
use crate::value::Key;

/// Reads any number of keys from one table.
#[derive(Debug, Clone)]
pub struct BatchGetter {
    table: String,
    queue: VecDeque<Item>,
    in_flight: Vec<Item>,
    request: Option<Request>,
    pause: Option<Duration>,
    options: ReadOptions,
    backoff: Backoff,
    /// A key DynamoDB would reject, found before anything is sent.
    refused: Option<crate::error::EncodeError>,
}

impl BatchGetter {
    /// Reads `keys` from `table`; unprocessed keys back off per `policy`.
    /// A key DynamoDB would reject (an empty value, one over its size limit)
    /// ends the batch before anything is sent, with every key unread.
    pub fn new(table: impl Into<String>, keys: Vec<Key>, policy: RetryPolicy, seed: u64) -> Self {
        let refused = keys.iter().enumerate().find_map(|(i, key)| {
            crate::op::key::check_key(key.as_item(), key.range_name())
                .err()
                .map(|e| e.at_index(i))
        });
        BatchGetter {
            refused,
            table: table.into(),
            queue: keys.into_iter().map(Key::into_item).collect(),
            in_flight: Vec::new(),
            request: None,
            pause: None,
            options: ReadOptions::default(),
            backoff: Backoff::new(policy, seed),
        }
    }

    /// Strongly consistent reads.
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.options.consistent_read = consistent;
        self
    }

    /// Returns only these attributes.
    pub fn projection(mut self, projection: Projection) -> Self {
        self.options.projection = projection;
        self
    }

    /// Both read options at once.
    pub fn options(mut self, options: ReadOptions) -> Self {
        self.options = options;
        self
    }

    /// The next step: a pause after a round that left keys unprocessed,
    /// the next request (up to 100 keys, unprocessed ones first), or done.
    fn poll_send<T>(&mut self, options: &EncodeOptions) -> Result<Step<'_, T>, Error> {
        if let Some(refused) = self.refused.take() {
            return Err(self.fail(Error::Encode(refused)));
        }
        if self.request.is_none() {
            if self.queue.is_empty() {
                return Ok(Step::Done);
            }
            if let Some(pause) = self.pause.take() {
                return Ok(Step::Pause(pause));
            }
            let n = self.queue.len().min(MAX_BATCH_GET);
            // Popped, not drained: `VecDeque::drain` compiles its
            // ring-buffer repair once per element type (~1 KB of wasm each).
            self.in_flight = (0..n).filter_map(|_| self.queue.pop_front()).collect();
            let keys = self.in_flight.iter().cloned().map(Key::from_item).collect();
            let op = BatchGetItem::new(self.table.clone(), keys).options(self.options.clone());
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

    /// Takes a reply decoded with items of any type (models read straight
    /// from the bytes, say): returns the items found; unprocessed keys go
    /// first in line again, after a backoff pause. An error ends the batch,
    /// handing back what is unread.
    fn on_output<T>(&mut self, output: Result<BatchGetOutput<T>, Error>) -> Result<Vec<T>, Error> {
        let output = match output {
            Ok(o) => o,
            Err(e) => return Err(self.fail(e)),
        };
        self.request = None;
        self.in_flight.clear();
        let left_work = !output.unprocessed.is_empty();
        for key in output.unprocessed.into_iter().rev() {
            self.queue.push_front(key);
        }
        self.pause = self.backoff.round(left_work).map_err(|()| {
            self.incomplete(Error::InvalidRequest(crate::text::format(
                "keys still unprocessed after {} rounds",
                &[super::MAX_UNPROCESSED_ROUNDS.into()],
            )))
        })?;
        Ok(output.items)
    }

    /// The request failed for good: returns the error carrying every key
    /// not read yet.
    fn fail(&mut self, cause: Error) -> Error {
        self.request = None;
        for k in self.in_flight.drain(..).rev() {
            self.queue.push_front(k);
        }
        self.incomplete(cause)
    }

    fn incomplete(&mut self, cause: Error) -> Error {
        Error::BatchIncomplete(BatchIncomplete::new(
            cause,
            Vec::new(),
            core::mem::take(&mut self.queue).into_iter().collect(),
        ))
    }
}

/// A [`BatchGetter`] as a [`Machine`] whose replies are decoded by `decode`
/// (into `Item`s, or into models): each round's items are its output.
pub struct BatchGetAs<I, F> {
    getter: BatchGetter,
    decode: F,
    found: Option<Vec<I>>,
}

impl<I, F: Fn(&Response) -> Result<BatchGetOutput<I>, Error>> BatchGetAs<I, F> {
    /// Runs `getter`, decoding each reply with `decode`.
    pub fn new(getter: BatchGetter, decode: F) -> Self {
        BatchGetAs {
            getter,
            decode,
            found: None,
        }
    }
}

impl<I, F: Fn(&Response) -> Result<BatchGetOutput<I>, Error>> Machine for BatchGetAs<I, F> {
    type Output = Vec<I>;

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, Vec<I>>, Error> {
        if let Some(found) = self.found.take() {
            return Ok(Step::Output(found));
        }
        self.getter.poll_send(options)
    }

    fn handle(&mut self, _index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        let output = reply.and_then(|response| (self.decode)(&response));
        self.found = Some(self.getter.on_output(output)?);
        Ok(())
    }
}

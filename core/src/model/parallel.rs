//! [`ParallelScan`]: a scan split into segments (`Segment`/`TotalSegments`)
//! read concurrently, as one [`Machine`]: each round sends one request per
//! segment still going, all at once; an overall limit stops it, and the
//! segments' rate-limit pauses add up into one pause between rounds.

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::time::Duration;

use super::Model;
use super::pages::{Filled, PageReader};
use super::read::Read;
use crate::client::Client;
use crate::error::Error;
use crate::machine::{Machine, Step};
use crate::op::{EncodeOptions, Scan};
use crate::transport::{Request, Response, Transport};
use crate::value::Item;

/// A scan split into segments read concurrently, from [`Read::parallel`].
#[must_use = "a request does nothing until it is read"]
pub struct ParallelScan<M> {
    read: Read<M, Scan, ()>,
    total: u32,
}

impl<M: Model> ParallelScan<M> {
    pub(super) fn new(read: Read<M, Scan, ()>, total: u32) -> Self {
        ParallelScan { read, total }
    }

    pub(super) fn machine<T: Transport>(self, db: &Client<T>) -> Result<Segments<M>, Error> {
        let limit = self.read.limit;
        let operation = self.read.operation?;
        let segments = (0..self.total)
            .map(|segment| {
                let mut read = Read::<M, Scan, ()>::scan(self.read.key_names.clone());
                read.operation = Ok(operation.clone().segment(segment, self.total));
                read.page_size = self.read.page_size;
                // Each segment pauses for the capacity it consumed at the
                // full rate; the pauses of one round add up, so all
                // segments together stay near the rate.
                read.rate_limit = self.read.rate_limit;
                read.max_pages = self.read.max_pages;
                read.paginator(db).map(|p| PageReader::new(p, true))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Segments {
            segments,
            requests: Vec::new(),
            senders: Vec::new(),
            pause: None,
            remaining: limit,
            found: Vec::new(),
            done: limit == Some(0),
        })
    }

    /// Reads item by item; each round fetches one page from every segment
    /// still going, all at once.
    pub fn items<T: Transport>(self, db: &Client<T>) -> ParallelItems<'_, T, M> {
        ParallelItems {
            db,
            machine: self.machine(db),
            models: VecDeque::new(),
            buffer: VecDeque::new(),
        }
    }

    /// Reads every item into a vector; each segment reads at most
    /// [`Read::max_pages`] pages (by default
    /// [`DEFAULT_MAX_PAGES`](crate::machine::DEFAULT_MAX_PAGES)).
    pub async fn all<T: Transport>(mut self, db: &Client<T>) -> Result<Vec<M>, Error> {
        self.read.max_pages = self
            .read
            .max_pages
            .or(Some(crate::machine::DEFAULT_MAX_PAGES));
        let mut items = self.items(db);
        let mut out = Vec::new();
        while let Some(item) = items.next().await? {
            out.push(item);
        }
        Ok(out)
    }
}

/// The parallel scan's machine: one [`PageReader`] per segment.
pub(super) struct Segments<M> {
    segments: Vec<PageReader<M, Scan>>,
    /// This round's requests, one per segment still going.
    requests: Vec<Request>,
    /// The segment each request of the round is for.
    senders: Vec<usize>,
    /// The pause before this round's requests: the segments' pauses added.
    pause: Option<Duration>,
    /// Items still wanted, when limited.
    remaining: Option<u64>,
    /// Pages read this round and not yet handed out.
    found: Vec<Filled<M>>,
    done: bool,
}

impl<M: Model> Segments<M> {
    /// Polls every segment for its next request, adding up their pauses.
    fn next_round(&mut self, options: &EncodeOptions) -> Result<(), Error> {
        let mut pause = Duration::ZERO;
        for (index, segment) in self.segments.iter_mut().enumerate() {
            loop {
                match segment.poll(options)? {
                    Step::Pause(p) => pause = pause.saturating_add(p),
                    Step::Send(requests) => {
                        self.requests.extend(requests.iter().cloned());
                        self.senders.extend(requests.iter().map(|_| index));
                        break;
                    }
                    Step::Output(page) => self.found.push(page),
                    Step::Done => break,
                }
            }
        }
        if !pause.is_zero() {
            self.pause = Some(pause);
        }
        Ok(())
    }

    /// Keeps at most the items still wanted.
    fn keep(&mut self, mut page: Filled<M>) {
        if let Some(remaining) = self.remaining.as_mut() {
            let n = page.len() as u64;
            if n >= *remaining {
                page.truncate(*remaining as usize);
                *remaining = 0;
                self.done = true;
            } else {
                *remaining -= n;
            }
        }
        self.found.push(page);
    }
}

impl<M: Model> Machine for Segments<M> {
    type Output = Vec<Filled<M>>;

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, Vec<Filled<M>>>, Error> {
        if !self.found.is_empty() {
            return Ok(Step::Output(core::mem::take(&mut self.found)));
        }
        if self.done {
            return Ok(Step::Done);
        }
        if self.requests.is_empty() {
            self.next_round(options)?;
            if !self.found.is_empty() {
                return Ok(Step::Output(core::mem::take(&mut self.found)));
            }
            if self.requests.is_empty() {
                self.done = true;
                return Ok(Step::Done);
            }
        }
        if let Some(pause) = self.pause.take() {
            return Ok(Step::Pause(pause));
        }
        Ok(Step::Send(&self.requests))
    }

    fn handle(&mut self, index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        let last = index + 1 >= self.requests.len();
        let result = self.take(index, reply);
        if last || result.is_err() {
            // After an error the next round asks each segment again: one
            // still waiting for its reply sends the same request.
            self.requests.clear();
            self.senders.clear();
        }
        result
    }
}

impl<M: Model> Segments<M> {
    fn take(&mut self, index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        let segment = self
            .senders
            .get(index)
            .and_then(|&s| self.segments.get_mut(s))
            .ok_or_else(|| Error::InvalidRequest("a reply to no request".into()))?;
        segment.handle(0, reply)?;
        if let Some(page) = segment.take_page()
            && !self.done
        {
            self.keep(page);
        }
        Ok(())
    }
}

/// Items of a parallel scan.
pub struct ParallelItems<'a, T, M> {
    db: &'a Client<T>,
    machine: Result<Segments<M>, Error>,
    /// Models of pages read straight from the bytes.
    models: VecDeque<M>,
    /// Items of pages the fast path did not read, decoded one by one so
    /// the good ones before a bad one still arrive.
    buffer: VecDeque<Item>,
}

impl<T: Transport, M: Model> ParallelItems<'_, T, M> {
    /// The next item; `None` after every segment is done (or the limit is
    /// reached).
    pub async fn next(&mut self) -> Result<Option<M>, Error> {
        loop {
            if let Some(model) = self.models.pop_front() {
                return Ok(Some(model));
            }
            if let Some(item) = self.buffer.pop_front() {
                // A bad item is its own error, naming its key; the next call goes on.
                return super::decode::read_item(item)
                    .map(Some)
                    .map_err(Error::Item);
            }
            let machine = self.machine.as_mut().map_err(|e| e.clone())?;
            let Some(pages) = self.db.drive_next(machine).await? else {
                return Ok(None);
            };
            for page in pages {
                match page {
                    Filled::Models(models) => self.models.extend(models),
                    Filled::Items(items) => self.buffer.extend(items),
                }
            }
        }
    }
}

//! [`ShardReader`]: the sans-IO state machine that reads a table's change
//! stream through the Streams API — finds the stream, lists its shards,
//! reads each shard after its parent (so every item's changes come in
//! order), follows open shards until caught up, and says when to pause.
//! It never does IO: it is a [`Machine`], driven by
//! [`Client::drive_next`](crate::Client::drive_next) like every other.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use crate::error::{Error, ErrorCode};
use crate::machine::{Machine, Step};
use crate::op::{
    DescribeStream, DescribeTable, EncodeOptions, GetRecords, GetShardIterator, Operation, Shard,
    ShardPosition, StreamRecord,
};
use crate::transport::{Request, Response};

/// Where a reader starts in shards that exist when it starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StartAt {
    /// The oldest records the stream still holds (24 hours).
    #[default]
    TrimHorizon,
    /// Only changes made after the reader starts.
    Latest,
}

/// What the reader does next, before the request is stored.
enum Next {
    Send(Request),
    Pause(Duration),
    Done,
}

#[derive(Debug, Clone)]
struct ShardState {
    shard: Shard,
    /// Read to its end (closed) — or skipped by `StartAt::Latest`.
    finished: bool,
    /// The next iterator, for an open shard read to its current end.
    iterator: Option<String>,
    /// The last sequence number handed out, to resume after it.
    last_sequence: Option<String>,
    /// Read to its current end in this round.
    caught_up: bool,
    /// Existed before the reader's first listing.
    initial: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// DescribeTable, for `LatestStreamArn`.
    FindStream,
    /// DescribeStream, a page of shards after this shard id.
    ListShards(Option<String>),
    /// GetShardIterator for shard `index`.
    Iterator(usize),
    /// GetRecords on shard `index`.
    Records(usize, String),
    /// Choose the next shard.
    Next,
    Done,
}

/// Reads a table's change stream, shard by shard; see the module docs.
#[derive(Debug, Clone)]
pub struct ShardReader {
    table: String,
    stream_arn: Option<String>,
    start: StartAt,
    follow: bool,
    poll_interval: Duration,
    limit: Option<u32>,
    shards: Vec<ShardState>,
    listed_once: bool,
    /// Shard ids in the listing being read (across its pages).
    listing: Vec<String>,
    phase: Phase,
    pending: VecDeque<StreamRecord>,
    /// The request of the last [`Step::Send`], until its reply is handled.
    request: Option<Request>,
}

impl ShardReader {
    /// Reads the stream of `table` (the name as sent, prefix included).
    pub fn new(table: impl Into<String>) -> Self {
        ShardReader {
            table: table.into(),
            stream_arn: None,
            start: StartAt::default(),
            follow: false,
            poll_interval: Duration::from_secs(1),
            limit: None,
            shards: Vec::new(),
            listed_once: false,
            listing: Vec::new(),
            phase: Phase::FindStream,
            pending: VecDeque::new(),
            request: None,
        }
    }

    /// Reads this stream instead of the table's latest one.
    pub fn stream_arn(mut self, arn: impl Into<String>) -> Self {
        self.stream_arn = Some(arn.into());
        self.phase = Phase::ListShards(None);
        self
    }

    /// Where to start in shards that exist when the reader starts.
    pub fn start(mut self, start: StartAt) -> Self {
        self.start = start;
        self
    }

    /// `false` (the default): stop once every shard is read to where the
    /// stream was. `true`: keep polling for new changes, pausing
    /// `poll_interval` whenever caught up.
    pub fn follow(mut self, follow: bool) -> Self {
        self.follow = follow;
        self
    }

    /// The pause between rounds once caught up (default 1 s; AWS allows
    /// about 5 GetRecords per second per shard).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// At most this many records per GetRecords (1–1000).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The stream's ARN, once known.
    pub fn current_stream_arn(&self) -> Option<&str> {
        self.stream_arn.as_deref()
    }

    /// The next request, pause or end, from the current phase.
    fn next(&mut self, options: &EncodeOptions) -> Result<Next, Error> {
        loop {
            let arn = self.stream_arn.clone().unwrap_or_default();
            let request = match &self.phase {
                Phase::FindStream => DescribeTable::new(self.table.as_str()).request(options),
                Phase::ListShards(after) => {
                    let mut op = DescribeStream::new(arn);
                    if let Some(after) = after {
                        op = op.start(after.as_str());
                    }
                    op.request(options)
                }
                Phase::Iterator(index) => {
                    let state = &self.shards[*index];
                    let position = match (&state.last_sequence, self.start, state.initial) {
                        (Some(last), _, _) => ShardPosition::After(last.clone()),
                        (None, StartAt::Latest, true) => ShardPosition::Latest,
                        (None, _, _) => ShardPosition::TrimHorizon,
                    };
                    GetShardIterator::new(arn, state.shard.id.as_str(), position).request(options)
                }
                Phase::Records(_, iterator) => {
                    let mut op = GetRecords::new(iterator.as_str());
                    if let Some(limit) = self.limit {
                        op = op.limit(limit);
                    }
                    op.request(options)
                }
                Phase::Next => match self.next_shard() {
                    Some(phase) => {
                        self.phase = phase;
                        continue;
                    }
                    None if !self.follow => {
                        self.phase = Phase::Done;
                        return Ok(Next::Done);
                    }
                    None => {
                        // Caught up on every shard: wait, then list the
                        // shards again (new ones open as old ones close).
                        for s in &mut self.shards {
                            s.caught_up = false;
                        }
                        self.phase = Phase::ListShards(None);
                        return Ok(Next::Pause(self.poll_interval));
                    }
                },
                Phase::Done => return Ok(Next::Done),
            };
            return request.map(Next::Send);
        }
    }

    fn on_reply(&mut self, phase: Phase, reply: Result<Response, Error>) -> Result<(), Error> {
        match phase {
            Phase::FindStream => {
                let table = DescribeTable::decode(&reply?)?;
                let arn = table.latest_stream_arn.ok_or_else(|| {
                    Error::InvalidRequest(crate::text::format(
                        "table `{}` has no stream; create it with a stream specification",
                        &[(&self.table).into()],
                    ))
                })?;
                self.stream_arn = Some(arn);
                self.phase = Phase::ListShards(None);
            }
            Phase::ListShards(after) => {
                let page = DescribeStream::decode(&reply?)?;
                if after.is_none() {
                    self.listing.clear();
                }
                for shard in page.shards {
                    self.listing.push(shard.id.clone());
                    if self.shards.iter().any(|s| s.shard.id == shard.id) {
                        continue;
                    }
                    let initial = !self.listed_once;
                    // `Latest` skips what was written before the reader
                    // started: closed shards entirely.
                    let finished = initial && self.start == StartAt::Latest && !shard.is_open();
                    self.shards.push(ShardState {
                        shard,
                        finished,
                        iterator: None,
                        last_sequence: None,
                        caught_up: false,
                        initial,
                    });
                }
                self.phase = match page.last_evaluated_shard {
                    Some(after) => Phase::ListShards(Some(after)),
                    None => {
                        self.listed_once = true;
                        // Shards read to their end and trimmed from the
                        // stream (after 24 hours) are forgotten, so a
                        // long-lived follower's memory stays flat; a child
                        // whose parent is gone reads as ready.
                        let listing = core::mem::take(&mut self.listing);
                        self.shards
                            .retain(|s| !s.finished || listing.contains(&s.shard.id));
                        Phase::Next
                    }
                };
            }
            Phase::Iterator(index) => {
                let iterator = GetShardIterator::decode(&reply?)?;
                self.phase = Phase::Records(index, iterator);
            }
            Phase::Records(index, _) => {
                let reply = match reply {
                    Err(e) if e.code() == Some(ErrorCode::ExpiredIterator) => {
                        // Iterators last 15 minutes: get a new one after the
                        // last record handed out.
                        self.phase = Phase::Iterator(index);
                        return Ok(());
                    }
                    other => other?,
                };
                let page = GetRecords::decode(&reply)?;
                let state = &mut self.shards[index];
                let empty = page.records.is_empty();
                if let Some(last) = page.records.last() {
                    state.last_sequence = Some(last.sequence_number.clone());
                }
                self.pending.extend(page.records);
                match page.next_iterator {
                    None => {
                        state.finished = true;
                        state.iterator = None;
                    }
                    // An empty reply on an open shard: caught up for now.
                    Some(next) if empty && state.shard.is_open() => {
                        state.caught_up = true;
                        state.iterator = Some(next);
                    }
                    Some(next) => {
                        self.phase = Phase::Records(index, next);
                        return Ok(());
                    }
                }
            }
            other => self.phase = other,
        }
        Ok(())
    }

    /// The next shard to read in this round: the first not finished nor
    /// caught up whose parent is finished (or gone from the stream).
    fn next_shard(&mut self) -> Option<Phase> {
        let ready = (0..self.shards.len()).find(|&i| {
            let s = &self.shards[i];
            !s.finished
                && !s.caught_up
                && s.shard.parent.as_ref().is_none_or(|parent| {
                    self.shards
                        .iter()
                        .find(|p| &p.shard.id == parent)
                        .is_none_or(|p| p.finished)
                })
        });
        let index = ready?;
        Some(match self.shards[index].iterator.take() {
            Some(iterator) => Phase::Records(index, iterator),
            None => Phase::Iterator(index),
        })
    }
}

impl Machine for ShardReader {
    /// Records, in order.
    type Output = Vec<StreamRecord>;

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, Vec<StreamRecord>>, Error> {
        if self.request.is_none() {
            if !self.pending.is_empty() {
                return Ok(Step::Output(self.pending.drain(..).collect()));
            }
            match self.next(options)? {
                Next::Send(request) => self.request = Some(request),
                Next::Pause(pause) => return Ok(Step::Pause(pause)),
                Next::Done => return Ok(Step::Done),
            }
        }
        Ok(match &self.request {
            Some(request) => Step::Send(core::slice::from_ref(request)),
            None => Step::Done,
        })
    }

    /// On an error the reader stays where it was, so polling again resends.
    fn handle(&mut self, _index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        let phase = core::mem::replace(&mut self.phase, Phase::Next);
        let result = self.on_reply(phase.clone(), reply);
        if result.is_err() {
            self.phase = phase;
        } else {
            self.request = None;
        }
        result
    }
}

#[cfg(test)]
mod tests;

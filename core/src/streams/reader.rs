//! [`ChangeReader`]: a model's change stream as typed events, read over the
//! Streams API by the [`ShardReader`] machine, driven by the one driver over
//! any transport (the adapter only sends and sleeps).

use alloc::collections::VecDeque;
use core::marker::PhantomData;
use core::time::Duration;

use super::event::{ChangeEvent, UnknownType, decode_record};
use super::shards::{ShardReader, StartAt};
use crate::client::Client;
use crate::error::Error;
use crate::model::Model;
use crate::op::StreamRecord;
use crate::transport::Transport;

/// Reads model `M`'s table stream as [`ChangeEvent`]s, in order per item.
///
/// ```no_run
/// # use rynamo_core::prelude::*;
/// # use rynamo_core::transport::Transport;
/// use rynamo_core::streams::{Change, ChangeReader};
/// # #[derive(Model, Debug)] #[rynamo(table = "orders")]
/// # struct Order { #[rynamo(hash_key)] id: String, total: u32 }
/// # async fn f<T: Transport>(db: &Client<T>) -> Result<(), Error> {
/// let mut changes = ChangeReader::<Order>::new();
/// while let Some(event) = changes.next(db).await? {
///     if let Change::Modify { old: Some(old), new: Some(new) } = &event.change {
///         println!("{}: {} -> {}", new.id, old.total, new.total);
///     }
/// }
/// # Ok(()) }
/// ```
#[must_use = "a reader does nothing until `next` is awaited"]
pub struct ChangeReader<M> {
    machine: Option<ShardReader>,
    configure: Settings,
    policy: UnknownType,
    records: VecDeque<StreamRecord>,
    marker: PhantomData<fn() -> M>,
}

#[derive(Debug, Clone, Default)]
struct Settings {
    stream_arn: Option<alloc::string::String>,
    start: StartAt,
    follow: bool,
    poll_interval: Option<Duration>,
    limit: Option<u32>,
}

impl<M: Model> Default for ChangeReader<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: Model> ChangeReader<M> {
    /// Reads the latest stream of `M`'s table from its oldest record, and
    /// stops once caught up.
    pub fn new() -> Self {
        ChangeReader {
            machine: None,
            configure: Settings::default(),
            policy: UnknownType::default(),
            records: VecDeque::new(),
            marker: PhantomData,
        }
    }

    /// Reads this stream instead of the table's latest one.
    pub fn stream_arn(mut self, arn: impl Into<alloc::string::String>) -> Self {
        self.configure.stream_arn = Some(arn.into());
        self
    }

    /// Where to start in shards that exist when reading starts.
    pub fn start(mut self, start: StartAt) -> Self {
        self.configure.start = start;
        self
    }

    /// Keep polling for new changes once caught up (`next` then never
    /// returns `None`), pausing `poll_interval` between rounds.
    pub fn follow(mut self, follow: bool) -> Self {
        self.configure.follow = follow;
        self
    }

    /// The pause between polls once caught up (default 1 s).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.configure.poll_interval = Some(interval);
        self
    }

    /// At most this many records per GetRecords (1–1000).
    pub fn limit(mut self, limit: u32) -> Self {
        self.configure.limit = Some(limit);
        self
    }

    /// What to do with records of entity types `M` does not know.
    pub fn unknown_types(mut self, policy: UnknownType) -> Self {
        self.policy = policy;
        self
    }

    fn machine<T: Transport>(&mut self, db: &Client<T>) -> &mut ShardReader {
        let settings = &self.configure;
        self.machine.get_or_insert_with(|| {
            let mut machine = ShardReader::new(db.table_name(M::TABLE))
                .start(settings.start)
                .follow(settings.follow);
            if let Some(arn) = &settings.stream_arn {
                machine = machine.stream_arn(arn.as_str());
            }
            if let Some(interval) = settings.poll_interval {
                machine = machine.poll_interval(interval);
            }
            if let Some(limit) = settings.limit {
                machine = machine.limit(limit);
            }
            machine
        })
    }

    /// The next event: `None` once caught up (unless following). A record
    /// that does not read into `M` is an [`Error::StreamRecord`]; reading
    /// may go on after it with the next call.
    pub async fn next<T: Transport>(
        &mut self,
        db: &Client<T>,
    ) -> Result<Option<ChangeEvent<M>>, Error> {
        loop {
            if let Some(record) = self.records.pop_front() {
                match decode_record(record, self.policy) {
                    Ok(Some(event)) => return Ok(Some(event)),
                    Ok(None) => continue,
                    Err(e) => return Err(Error::StreamRecord(e)),
                }
            }
            match db.drive_next(self.machine(db)).await? {
                Some(records) => self.records.extend(records),
                None => return Ok(None),
            }
        }
    }
}

//! [`SegmentScan`]: one segment of a scan split over many workers
//! (processes, containers, Lambda invocations), read page by page or item
//! by item, and handed on mid-way as a [`ScanToken`] that another process
//! continues with [`SegmentScan::resume`].
//!
//! [`Read::parallel`] reads all segments in one process; this is the same
//! split (`Segment`/`TotalSegments`) with each segment on its own: the
//! workers of segments `0..total` together read every item exactly once,
//! and a segment handed on by token continues right after the last item
//! the previous worker returned.

use alloc::string::String;
use alloc::vec::Vec;

use super::Model;
use super::items::Items;
use super::pages::{ModelPage, ModelPages};
use super::read::Read;
use super::scan_token::{MAX_SEGMENTS, ScanToken};
use crate::client::Client;
use crate::error::{Error, ScanTokenError};
use crate::op::Scan;
use crate::transport::Transport;
use crate::value::Item;

/// One segment of a scan, from [`Read::segment`].
///
/// ```no_run
/// use rynamo_core::prelude::*;
/// use rynamo_core::transport::Transport;
///
/// #[derive(Model)]
/// #[rynamo(table = "orders")]
/// struct Order { #[rynamo(hash_key)] id: String, total: u32 }
///
/// // Worker `i` of 4 reads up to 1,000 items, then hands the rest on.
/// async fn work<T: Transport>(db: &Client<T>, i: u32, token: Option<&str>) -> Result<Option<String>, Error> {
///     let mut scan = Order::scan().segment(i, 4).limit(1_000);
///     if let Some(token) = token {
///         scan = scan.resume(token);
///     }
///     let mut items = scan.items(db);
///     while let Some(order) = items.next().await? {
///         println!("{} {}", order.id, order.total);
///     }
///     // `None` once the segment is finished.
///     Ok(items.token().map(|t| t.to_string()))
/// }
/// ```
#[must_use = "a request does nothing until it is read"]
pub struct SegmentScan<M> {
    read: Read<M, Scan, ()>,
    segment: u32,
    total: u32,
    resume: Option<Result<ScanToken, ScanTokenError>>,
}

/// Where a segment reader stands: what its token names.
struct Position {
    table: String,
    index: Option<String>,
    segment: u32,
    total: u32,
    /// Whether a read has succeeded since the start (or the resume): before
    /// that, no resume key means the start of the segment, after it the end.
    started: bool,
}

impl Position {
    /// The token continuing after `resume_key`; `None` once the segment is
    /// finished (a read happened and nothing is left to resume from).
    fn token(&self, resume_key: Option<Item>) -> Option<ScanToken> {
        if self.started && resume_key.is_none() {
            return None;
        }
        Some(ScanToken::new(
            self.table.clone(),
            self.index.clone(),
            self.segment,
            self.total,
            resume_key,
        ))
    }
}

impl<M: Model> SegmentScan<M> {
    pub(super) fn new(read: Read<M, Scan, ()>, segment: u32, total: u32) -> Self {
        SegmentScan {
            read,
            segment,
            total,
            resume: None,
        }
    }

    /// Continues where `token` (from [`SegmentItems::token`] or
    /// [`SegmentPages::token`], possibly in another process) left off. A
    /// token that does not parse, or is for another table, index, segment
    /// or total, is an [`Error::ScanToken`] on the first read, before any
    /// request.
    pub fn resume(mut self, token: &str) -> Self {
        self.resume = Some(token.parse());
        self
    }

    /// Continues from a token already parsed.
    pub fn resume_from(mut self, token: ScanToken) -> Self {
        self.resume = Some(Ok(token));
        self
    }

    /// Drops items that do not match, after DynamoDB reads them.
    pub fn filter(mut self, filter: impl Into<crate::expr::Condition>) -> Self {
        self.read = self.read.filter(filter);
        self
    }

    /// Strongly consistent reads.
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.read = self.read.consistent_read(consistent);
        self
    }

    /// At most this many items from this segment in this process; the
    /// token then continues after the last one.
    pub fn limit(mut self, items: u64) -> Self {
        self.read = self.read.limit(items);
        self
    }

    /// Items DynamoDB reads per request.
    pub fn page_size(mut self, items: u32) -> Self {
        self.read = self.read.page_size(items);
        self
    }

    /// Keeps this segment's consumed capacity near `units_per_second`.
    pub fn rate_limit(mut self, units_per_second: f64) -> Self {
        self.read = self.read.rate_limit(units_per_second);
        self
    }

    /// The read restricted to this segment and started at the token's key,
    /// and where it stands; an invalid segment or token is the read's error.
    fn prepare<T: Transport>(mut self, db: &Client<T>) -> (Read<M, Scan, ()>, Position) {
        let index = match &self.read.operation {
            Ok(op) => op.settings.index.clone(),
            Err(_) => None,
        };
        let position = Position {
            table: db.table_name(M::TABLE).into_owned(),
            index,
            segment: self.segment,
            total: self.total,
            started: false,
        };
        let start = self.start_key(&position);
        self.read.operation = match (self.read.operation, start) {
            (Ok(op), Ok(key)) => {
                let mut op = op.segment(self.segment, self.total);
                op.settings.exclusive_start_key = key;
                Ok(op)
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        (self.read, position)
    }

    fn start_key(&mut self, at: &Position) -> Result<Option<Item>, Error> {
        if self.total == 0 || self.total > MAX_SEGMENTS || self.segment >= self.total {
            return Err(Error::InvalidRequest(crate::text::format(
                "segment {} of {}: the total must be 1 to 1,000,000 and the segment below it",
                &[self.segment.into(), self.total.into()],
            )));
        }
        let Some(token) = self.resume.take() else {
            return Ok(None);
        };
        let token = token?;
        token.check(
            &at.table,
            at.index.as_deref(),
            (self.segment, self.total),
            &self.read.key_names,
        )?;
        Ok(token.key().cloned())
    }

    /// Reads this segment page by page.
    pub fn pages<T: Transport>(self, db: &Client<T>) -> SegmentPages<'_, T, M> {
        let (read, position) = self.prepare(db);
        SegmentPages {
            pages: read.pages(db),
            position,
        }
    }

    /// Reads this segment item by item; [`SegmentItems::token`] may fall
    /// in the middle of a page.
    pub fn items<T: Transport>(self, db: &Client<T>) -> SegmentItems<'_, T, M> {
        let (read, position) = self.prepare(db);
        SegmentItems {
            items: read.items(db),
            position,
        }
    }

    /// Reads the rest of this segment (up to the limit) into a vector.
    pub async fn all<T: Transport>(self, db: &Client<T>) -> Result<Vec<M>, Error> {
        let mut items = self.items(db);
        let mut out = Vec::new();
        while let Some(item) = items.next().await? {
            out.push(item);
        }
        Ok(out)
    }
}

/// Pages of one segment, from [`SegmentScan::pages`].
pub struct SegmentPages<'a, T, M> {
    pages: ModelPages<'a, T, M, Scan>,
    position: Position,
}

impl<T: Transport, M: Model> SegmentPages<'_, T, M> {
    /// The next page; `None` after the segment's last (or the limit).
    pub async fn next(&mut self) -> Result<Option<ModelPage<M>>, Error> {
        let page = self.pages.next().await?;
        self.position.started = true;
        Ok(page)
    }

    /// Where another reader continues after the pages returned so far;
    /// `None` once the segment is finished.
    pub fn token(&self) -> Option<ScanToken> {
        self.position.token(self.pages.resume_key().cloned())
    }
}

/// Items of one segment, from [`SegmentScan::items`].
pub struct SegmentItems<'a, T, M> {
    items: Items<'a, T, M, Scan>,
    position: Position,
}

impl<T: Transport, M: Model> SegmentItems<'_, T, M> {
    /// The next item; `None` after the segment's last (or the limit).
    pub async fn next(&mut self) -> Result<Option<M>, Error> {
        let item = self.items.next().await?;
        self.position.started = true;
        Ok(item)
    }

    /// Where another reader continues, right after the last item returned
    /// (also in the middle of a page); `None` once the segment is finished.
    pub fn token(&self) -> Option<ScanToken> {
        self.position.token(self.items.resume_key())
    }
}

//! [`Read`]: the builder of a typed Query or Scan over a model; read it as
//! pages ([`ModelPages`]), item by item ([`Items`]) or, for a scan, in
//! parallel ([`ParallelScan`]).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::marker::PhantomData;

use super::Model;
use super::items::Items;
use super::pages::{AllPages, ModelPages, PageReader};
use super::parallel::ParallelScan;
use super::segment::SegmentScan;
use crate::client::Client;
use crate::error::{EncodeError, Error};
use crate::expr::{Comparator, Condition, KeyComparison, KeyCondition, Operand, Projection};
use crate::machine::{DEFAULT_MAX_PAGES, Paginator, RateLimit};
use crate::op::{PagedOperation, Query, Scan, Select};
use crate::transport::Transport;
use crate::value::{AttributeValue, Item};

/// A typed Query (from [`Model::query`] or an [`Index`](super::Index)) or
/// Scan (from [`Model::scan`]). `R` is the range key type the query's
/// `range` condition must compare with.
#[must_use = "a request does nothing until it is read"]
pub struct Read<M, O, R> {
    pub(super) operation: Result<O, Error>,
    range_key: Option<&'static str>,
    pub(super) key_names: Vec<String>,
    pub(super) page_size: Option<u32>,
    pub(super) limit: Option<u64>,
    /// Made when set, so reads without one leave its arithmetic out.
    pub(super) rate_limit: Option<RateLimit>,
    pub(super) max_pages: Option<u64>,
    marker: PhantomData<fn() -> (M, R)>,
}

impl<M: Model, R> Read<M, Query, R> {
    pub(crate) fn query(
        hash_key: &'static str,
        hash: Result<AttributeValue, EncodeError>,
        range_key: Option<&'static str>,
        key_names: Vec<String>,
    ) -> Self {
        let operation = hash
            .map(|h| Query::new(String::new(), KeyCondition::new(hash_key, h)))
            .map_err(|e| Error::Encode(e.at_field(hash_key)));
        Read::new(operation, range_key, key_names)
    }

    /// Adds the range-key condition: `Order::ID.begins_with("2026-")`. Only
    /// `eq`, `lt`, `le`, `gt`, `ge`, `between` and `begins_with` on a path
    /// of the range key's type compile here; naming another attribute of
    /// that type is an [`Error::InvalidRequest`] when sent.
    pub fn range(mut self, condition: KeyComparison<R>) -> Self {
        let expected = self.range_key;
        self.operation = self.operation.and_then(|mut q| {
            let named = condition.path().to_string();
            match expected {
                Some(name) if named == name => {
                    q.key_condition = q.key_condition.range(condition.into());
                    Ok(q)
                }
                Some(name) => Err(Error::InvalidRequest(crate::text::format(
                    "range condition on `{}`, but the range key is `{}`",
                    &[(&named).into(), name.into()],
                ))),
                None => Err(Error::InvalidRequest(crate::text::format(
                    "range condition on `{}`, but the model has no range key",
                    &[(&named).into()],
                ))),
            }
        });
        self
    }

    /// Descending range-key order.
    pub fn reverse(mut self) -> Self {
        if let Ok(q) = self.operation.as_mut() {
            q.forward = false;
        }
        self
    }
}

impl<M: Model> Read<M, Scan, ()> {
    pub(crate) fn scan(key_names: Vec<String>) -> Self {
        Read::new(Ok(Scan::new(String::new())), None, key_names)
    }

    /// Scans `total` segments concurrently and merges them; every item is
    /// returned exactly once, in no particular order. A [`limit`](Read::limit)
    /// bounds the items of all segments together; a
    /// [`rate_limit`](Read::rate_limit) the capacity they consume together.
    pub fn parallel(self, total: u32) -> ParallelScan<M> {
        ParallelScan::new(self, total.max(1))
    }

    /// Reads only segment `segment` of `total` (DynamoDB's `Segment` and
    /// `TotalSegments`, at most 1,000,000), for scans split over many
    /// workers; its [`ScanToken`](super::ScanToken) lets another process
    /// continue it.
    pub fn segment(self, segment: u32, total: u32) -> SegmentScan<M> {
        SegmentScan::new(self, segment, total)
    }
}

impl<M: Model, O: PagedOperation, R> Read<M, O, R> {
    fn new(
        mut operation: Result<O, Error>,
        range_key: Option<&'static str>,
        key_names: Vec<String>,
    ) -> Self {
        // A model sharing its table with others reads only its own items
        // (and those of its aliases).
        if let (Ok(op), Some((attribute, value))) = (operation.as_mut(), M::DISCRIMINATOR) {
            *op.filter_mut() = Some(if M::DISCRIMINATOR_ALIASES.is_empty() {
                let path = Operand::Path(crate::expr::AttributePath::new(attribute));
                let value = Operand::Value(AttributeValue::S(value.into()));
                Condition::compare(path, Comparator::Eq, value)
            } else {
                let mut values = alloc::vec![value];
                values.extend_from_slice(M::DISCRIMINATOR_ALIASES);
                super::discriminator::discriminator_filter(attribute, &values)
            });
        }
        Read {
            operation,
            range_key,
            key_names,
            page_size: None,
            limit: None,
            rate_limit: None,
            max_pages: None,
            marker: PhantomData,
        }
    }

    /// The same read, handing out items of type `N` (a [`Partial`](super::Partial)).
    pub(super) fn cast<N>(self) -> Read<N, O, R> {
        Read {
            operation: self.operation,
            range_key: self.range_key,
            key_names: self.key_names,
            page_size: self.page_size,
            limit: self.limit,
            rate_limit: self.rate_limit,
            max_pages: self.max_pages,
            marker: PhantomData,
        }
    }

    fn edit(mut self, f: impl FnOnce(&mut O)) -> Self {
        if let Ok(op) = self.operation.as_mut() {
            f(op);
        }
        self
    }

    pub(crate) fn index(self, name: &'static str) -> Self {
        self.edit(|op| op.settings_mut().index = Some(name.into()))
    }

    /// Drops items that do not match, after DynamoDB reads them. Filters
    /// given twice must both hold.
    pub fn filter(self, filter: impl Into<Condition>) -> Self {
        let filter = filter.into();
        self.edit(|op| {
            let combined = match op.filter_mut().take() {
                Some(earlier) => earlier.and(filter),
                None => filter,
            };
            *op.filter_mut() = Some(combined);
        })
    }

    /// Reads only these attributes (keep the keys in it to resume).
    pub fn projection(self, projection: Projection) -> Self {
        self.edit(|op| *op.projection_mut() = projection)
    }

    /// Strongly consistent reads (not on global secondary indexes).
    pub fn consistent_read(self, consistent: bool) -> Self {
        self.edit(|op| op.settings_mut().consistent_read = consistent)
    }

    /// Starts after this key (a resume key from an earlier read).
    pub fn start_from(self, key: Item) -> Self {
        self.edit(|op| op.settings_mut().exclusive_start_key = Some(key))
    }

    /// At most this many items in all.
    pub fn limit(mut self, items: u64) -> Self {
        self.limit = Some(items);
        self
    }

    /// Items DynamoDB reads per request.
    pub fn page_size(mut self, items: u32) -> Self {
        self.page_size = Some(items);
        self
    }

    /// Asks DynamoDB for the capacity each page consumes
    /// (`ReturnConsumedCapacity: TOTAL`) for this read only, reported on
    /// [`ModelPage::consumed_capacity`](super::ModelPage::consumed_capacity).
    pub fn return_consumed_capacity(self, yes: bool) -> Self {
        self.edit(|op| op.settings_mut().return_consumed_capacity = yes)
    }

    /// Keeps consumed capacity near `units_per_second` by pausing between pages.
    pub fn rate_limit(mut self, units_per_second: f64) -> Self {
        self.rate_limit = RateLimit::new(units_per_second);
        self
    }

    /// Reads at most this many pages; one more would end reading with
    /// [`Error::PageBudgetExceeded`]. [`count`](Read::count) and
    /// [`all`](Read::all), which run to the end in one call, default to
    /// [`DEFAULT_MAX_PAGES`](crate::machine::DEFAULT_MAX_PAGES) (about
    /// 100 GB at 1 MB per page); page and item reads have no budget unless
    /// set, as their caller decides when to stop.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// The page budget, or the default for a read that runs to the end.
    fn budgeted(mut self) -> Self {
        self.max_pages = self.max_pages.or(Some(DEFAULT_MAX_PAGES));
        self
    }

    pub(super) fn paginator<T: Transport>(self, db: &Client<T>) -> Result<Paginator<O>, Error> {
        let mut op = self.operation?;
        *op.table_mut() = db.table_name(M::TABLE).into_owned();
        let mut paginator = Paginator::new(op).key_names(self.key_names);
        if let Some(n) = self.page_size {
            paginator = paginator.page_size(n);
        }
        if let Some(n) = self.limit {
            paginator = paginator.limit(n);
        }
        paginator = paginator.limit_rate(self.rate_limit);
        if let Some(pages) = self.max_pages {
            paginator = paginator.max_pages(pages);
        }
        Ok(paginator)
    }

    /// Reads page by page.
    pub fn pages<T: Transport>(self, db: &Client<T>) -> ModelPages<'_, T, M, O> {
        ModelPages::new(db, self.paginator(db).map(|p| PageReader::new(p, true)))
    }

    /// Reads item by item (a page at a time underneath).
    pub fn items<T: Transport>(self, db: &Client<T>) -> Items<'_, T, M, O> {
        let key_names = self.key_names.clone();
        // Models carry their own primary key; an index's keys would need a
        // full `to_item` per model, so index reads keep items.
        let primary_only = key_names
            .iter()
            .all(|k| k == M::HASH_KEY || Some(k.as_str()) == M::RANGE_KEY);
        let pages = ModelPages::new(
            db,
            self.paginator(db).map(|p| PageReader::new(p, primary_only)),
        );
        Items::new(pages, key_names)
    }

    /// Counts the matching items (`Select: COUNT`), over all pages (at
    /// most [`max_pages`](Read::max_pages) of them).
    pub async fn count<T: Transport>(self, db: &Client<T>) -> Result<u64, Error> {
        let mut paginator = self
            .budgeted()
            .edit(|op| op.settings_mut().select = Select::Count)
            .paginator(db)?;
        let mut total: u64 = 0;
        while let Some(page) = db.drive_next(&mut paginator).await? {
            total = total.checked_add(page.count).ok_or_else(|| {
                Error::Decode(crate::error::DecodeError::new(
                    crate::error::DecodeErrorKind::Invalid(
                        "the pages' counts add up to more than 2^64".into(),
                    ),
                ))
            })?;
        }
        Ok(total)
    }

    /// Reads every matching item into a vector (from at most
    /// [`max_pages`](Read::max_pages) pages).
    pub async fn all<T: Transport>(self, db: &Client<T>) -> Result<Vec<M>, Error> {
        // The reader driven directly: no page built (resume key cloned,
        // errors queued) only to be taken apart.
        let reader = PageReader::<M, O>::new(self.budgeted().paginator(db)?, true);
        let mut all = AllPages::new(reader);
        db.drive_next(&mut all).await?;
        Ok(all.models)
    }
}

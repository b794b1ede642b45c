//! [`Read`]: typed Query and Scan over a model, as pages or item by item,
//! fetching the next page only when the caller needs it.

use alloc::collections::VecDeque;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::marker::PhantomData;

use super::Model;
use crate::client::{Client, Pages};
use crate::error::{EncodeError, Error};
use crate::expr::{Comparator, Condition, KeyComparison, KeyCondition, Operand, Projection};
use crate::op::{Page, PagedOperation, Paginator, Query, Scan, Select};
use crate::transport::Transport;
use crate::value::{AttributeValue, Item};

/// A typed Query (from [`Model::query`] or an [`Index`](super::Index)) or
/// Scan (from [`Model::scan`]). `R` is the range key type the query's
/// `range` condition must compare with.
#[must_use = "a request does nothing until it is read"]
pub struct Read<M, O, R> {
    operation: Result<O, Error>,
    range_key: Option<&'static str>,
    key_names: Vec<String>,
    page_size: Option<u32>,
    limit: Option<u64>,
    rate_limit: Option<f64>,
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
                Some(name) => Err(Error::InvalidRequest(alloc::format!(
                    "range condition on `{named}`, but the range key is `{name}`"
                ))),
                None => Err(Error::InvalidRequest(alloc::format!(
                    "range condition on `{named}`, but the model has no range key"
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
    /// returned exactly once, in no particular order.
    pub fn parallel(self, total: u32) -> ParallelScan<M> {
        ParallelScan {
            read: self,
            total: total.max(1),
        }
    }
}

impl<M: Model, O: PagedOperation, R> Read<M, O, R> {
    fn new(
        mut operation: Result<O, Error>,
        range_key: Option<&'static str>,
        key_names: Vec<String>,
    ) -> Self {
        // A model sharing its table with others reads only its own items.
        if let (Ok(op), Some((attribute, value))) = (operation.as_mut(), M::DISCRIMINATOR) {
            let path = Operand::Path(crate::expr::AttributePath::new(attribute));
            let value = Operand::Value(AttributeValue::S(value.into()));
            *op.filter_mut() = Some(Condition::compare(path, Comparator::Eq, value));
        }
        Read {
            operation,
            range_key,
            key_names,
            page_size: None,
            limit: None,
            rate_limit: None,
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

    /// Keeps consumed capacity near `units_per_second` by pausing between pages.
    pub fn rate_limit(mut self, units_per_second: f64) -> Self {
        self.rate_limit = Some(units_per_second);
        self
    }

    fn paginator<T: Transport>(self, db: &Client<T>) -> Result<Paginator<O>, Error> {
        let mut op = self.operation?;
        *op.table_mut() = db.table_name(M::TABLE).into_owned();
        let mut paginator = Paginator::new(op).key_names(self.key_names);
        if let Some(n) = self.page_size {
            paginator = paginator.page_size(n);
        }
        if let Some(n) = self.limit {
            paginator = paginator.limit(n);
        }
        if let Some(rate) = self.rate_limit {
            paginator = paginator.rate_limit(rate);
        }
        Ok(paginator)
    }

    /// Reads page by page.
    pub fn pages<T: Transport>(self, db: &Client<T>) -> ModelPages<'_, T, M, O> {
        ModelPages {
            pages: self.paginator(db).map(|p| Pages::new(db, p)),
            marker: PhantomData,
        }
    }

    /// Reads item by item (a page at a time underneath).
    pub fn items<T: Transport>(self, db: &Client<T>) -> Items<'_, T, M, O> {
        let key_names = self.key_names.clone();
        // Models carry their own primary key; an index's keys would need a
        // full `to_item` per model, so index reads keep items.
        let primary_only = key_names
            .iter()
            .all(|k| k == M::HASH_KEY || Some(k.as_str()) == M::RANGE_KEY);
        Items {
            pages: self.pages(db),
            buffer: VecDeque::new(),
            models: VecDeque::new(),
            key_names,
            primary_only,
            last_key: None,
        }
    }

    /// Counts the matching items (`Select: COUNT`), over all pages.
    pub async fn count<T: Transport>(self, db: &Client<T>) -> Result<u64, Error> {
        let mut pages = self
            .edit(|op| op.settings_mut().select = Select::Count)
            .pages(db);
        let mut total: u64 = 0;
        while let Some(page) = pages.next_raw().await? {
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

    /// Reads every matching item into a vector.
    pub async fn all<T: Transport>(self, db: &Client<T>) -> Result<Vec<M>, Error> {
        let mut pages = self.pages(db);
        let mut out = Vec::new();
        while let Some(page) = pages.next().await? {
            out.extend(page.items);
        }
        Ok(out)
    }
}

/// One page of models.
#[derive(Debug)]
pub struct ModelPage<M> {
    /// The page's items, decoded.
    pub items: Vec<M>,
    /// Where the next page starts; `None` on the last page.
    pub last_evaluated_key: Option<Item>,
}

/// Typed pages of a Query or Scan.
pub struct ModelPages<'a, T, M, O> {
    pages: Result<Pages<'a, T, O>, Error>,
    marker: PhantomData<fn() -> M>,
}

impl<T: Transport, M: Model, O: PagedOperation> ModelPages<'_, T, M, O> {
    async fn next_raw(&mut self) -> Result<Option<Page>, Error> {
        match self.pages.as_mut() {
            Ok(pages) => pages.next().await,
            Err(e) => Err(e.clone()),
        }
    }

    /// The next page, decoded; `None` after the last.
    pub async fn next(&mut self) -> Result<Option<ModelPage<M>>, Error> {
        let pages = match self.pages.as_mut() {
            Ok(pages) => pages,
            Err(e) => return Err(e.clone()),
        };
        let Some(items) = pages.next_with(take_models::<M, O>).await? else {
            return Ok(None);
        };
        Ok(Some(ModelPage {
            items,
            last_evaluated_key: self.resume_key().cloned(),
        }))
    }

    /// Where a later read should start to continue after what was returned.
    pub fn resume_key(&self) -> Option<&Item> {
        self.pages.as_ref().ok().and_then(Pages::resume_key)
    }
}

/// A page's models and the pause before the next request.
type Taken<M> = (Vec<M>, Option<core::time::Duration>);

/// Hands a Query or Scan reply to the paginator as models: straight from
/// the bytes when the fast path reads every item, else through `Item`s and
/// [`Model::from_item`], which names what is wrong.
fn take_models<M: Model, O: PagedOperation>(
    paginator: &mut crate::op::Paginator<O>,
    response: &crate::transport::Response,
) -> Result<Taken<M>, Error> {
    if let Some(taken) = fast_models(paginator, response) {
        return taken;
    }
    let (page, pause) = paginator.on_response(response)?;
    Ok((page.try_map_items(M::from_item)?.items, pause))
}

/// The fast half of [`take_models`]: `None` when the fast path does not read
/// the page (or is compiled out), leaving the reply for the `Item` path.
fn fast_models<M: Model, O: PagedOperation>(
    paginator: &mut crate::op::Paginator<O>,
    response: &crate::transport::Response,
) -> Option<Result<Taken<M>, Error>> {
    #[cfg(feature = "fast-decode")]
    if let Ok(page) = crate::op::decode_page_as::<crate::json::fast::FastModel<M>>(response) {
        let page = page.map_items(|m| m.0);
        return Some(
            paginator
                .on_page(page, |model: &M, names| {
                    crate::op::pick_key(names, &model.to_item()?)
                })
                .map(|(page, pause)| (page.items, pause)),
        );
    }
    #[cfg(not(feature = "fast-decode"))]
    let _ = (paginator, response);
    None
}

/// Typed items of a Query or Scan, one at a time; memory stays bounded by
/// one page.
pub struct Items<'a, T, M, O> {
    pages: ModelPages<'a, T, M, O>,
    /// Items of a page the fast path did not read, decoded one by one so
    /// the good ones before a bad one still arrive.
    buffer: VecDeque<Item>,
    /// Models of a page read straight from the bytes.
    models: VecDeque<M>,
    key_names: Vec<String>,
    /// Whether the resume key is the table's primary key (so models read
    /// straight from the bytes can supply it).
    primary_only: bool,
    last_key: Option<Item>,
}

/// One page for [`Items`]: models when the fast path read it all, else items.
enum Filled<M> {
    Models(Vec<M>),
    Items(Vec<Item>),
}

impl<T: Transport, M: Model, O: PagedOperation> Items<'_, T, M, O> {
    /// The next item; `None` after the last.
    pub async fn next(&mut self) -> Result<Option<M>, Error> {
        loop {
            if let Some(model) = self.models.pop_front() {
                self.last_key = Some(model.key()?.into_item());
                return Ok(Some(model));
            }
            if let Some(item) = self.buffer.pop_front() {
                let key = self
                    .key_names
                    .iter()
                    .filter_map(|k| item.get(k).map(|v| (k.clone(), v.clone())))
                    .collect();
                self.last_key = Some(key);
                return Ok(Some(M::from_item(item)?));
            }
            let primary_only = self.primary_only;
            let pages = match self.pages.pages.as_mut() {
                Ok(pages) => pages,
                Err(e) => return Err(e.clone()),
            };
            let filled = pages
                .next_with(|paginator, response| {
                    if primary_only && let Some(taken) = fast_models::<M, O>(paginator, response) {
                        return taken.map(|(models, pause)| (Filled::Models(models), pause));
                    }
                    let (page, pause) = paginator.on_response(response)?;
                    Ok((Filled::Items(page.items), pause))
                })
                .await?;
            match filled {
                Some(Filled::Models(models)) => self.models.extend(models),
                Some(Filled::Items(items)) => self.buffer.extend(items),
                None => return Ok(None),
            }
        }
    }

    /// Where a later read should start to continue right after the last
    /// item returned — also in the middle of a page; `None` when all
    /// items were returned.
    pub fn resume_key(&self) -> Option<Item> {
        if self.buffer.is_empty() && self.models.is_empty() {
            self.pages.resume_key().cloned()
        } else {
            self.last_key.clone()
        }
    }
}

/// A scan split into segments read concurrently (`Segment`/`TotalSegments`).
#[must_use = "a request does nothing until it is read"]
pub struct ParallelScan<M> {
    read: Read<M, Scan, ()>,
    total: u32,
}

impl<M: Model> ParallelScan<M> {
    /// Reads item by item; each round fetches one page from every segment
    /// still going, all at once.
    pub fn items<T: Transport>(self, db: &Client<T>) -> ParallelItems<'_, T, M> {
        let segments = (0..self.total)
            .map(|segment| {
                let read = Read::<M, Scan, ()> {
                    operation: self
                        .read
                        .operation
                        .clone()
                        .map(|op| op.segment(segment, self.total)),
                    range_key: None,
                    key_names: self.read.key_names.clone(),
                    page_size: self.read.page_size,
                    limit: None,
                    rate_limit: self.read.rate_limit,
                    marker: PhantomData,
                };
                read.paginator(db)
            })
            .collect::<Result<Vec<_>, Error>>();
        ParallelItems {
            db,
            segments,
            models: VecDeque::new(),
            buffer: VecDeque::new(),
        }
    }

    /// Reads every item into a vector.
    pub async fn all<T: Transport>(self, db: &Client<T>) -> Result<Vec<M>, Error> {
        let mut items = self.items(db);
        let mut out = Vec::new();
        while let Some(item) = items.next().await? {
            out.push(item);
        }
        Ok(out)
    }
}

/// Items of a parallel scan.
pub struct ParallelItems<'a, T, M> {
    db: &'a Client<T>,
    segments: Result<Vec<Paginator<Scan>>, Error>,
    /// Models of pages read straight from the bytes.
    models: VecDeque<M>,
    /// Items of pages the fast path did not read, decoded one by one so
    /// the good ones before a bad one still arrive.
    buffer: VecDeque<Item>,
}

impl<T: Transport, M: Model> ParallelItems<'_, T, M> {
    /// The next item; `None` after every segment is done.
    pub async fn next(&mut self) -> Result<Option<M>, Error> {
        loop {
            if let Some(model) = self.models.pop_front() {
                return Ok(Some(model));
            }
            if let Some(item) = self.buffer.pop_front() {
                return Ok(Some(M::from_item(item)?));
            }
            let segments = self.segments.as_mut().map_err(|e| e.clone())?;
            let mut requests = Vec::new();
            for (i, segment) in segments.iter_mut().enumerate() {
                if let Some(request) = segment.next_request()? {
                    requests.push((i, request));
                }
            }
            if requests.is_empty() {
                return Ok(None);
            }
            let db = self.db;
            let responses =
                crate::join::join_all(requests.iter().map(|(_, r)| db.execute(r))).await;
            for ((i, _), response) in requests.iter().zip(responses) {
                let response = response?;
                let segment = &mut segments[*i];
                if let Some(taken) = fast_models::<M, Scan>(segment, &response) {
                    self.models.extend(taken?.0);
                } else {
                    let (page, _) = segment.on_response(&response)?;
                    self.buffer.extend(page.items);
                }
            }
        }
    }
}

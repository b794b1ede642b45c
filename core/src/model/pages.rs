//! [`ModelPages`]: typed pages of a Query or Scan, and [`PageReader`], the
//! machine that reads each page's reply into models.

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::marker::PhantomData;

use super::Model;
use crate::client::Client;
use crate::error::{Error, ItemError};
use crate::machine::Paginator;
use crate::machine::{Machine, Step};
use crate::op::{EncodeOptions, PagedOperation};
use crate::transport::{Response, Transport};
use crate::value::Item;

/// One page of models.
#[derive(Debug)]
pub struct ModelPage<M> {
    /// The page's items, decoded (without any that did not decode: each
    /// of those came before the page as an [`Error::Item`]).
    pub items: Vec<M>,
    /// Where the next page starts; `None` on the last page.
    pub last_evaluated_key: Option<Item>,
    /// Items DynamoDB matched on this page (`Count`, after the filter;
    /// more than `items.len()` when an overall limit stopped mid-page or
    /// items did not decode).
    pub count: u64,
    /// Items DynamoDB read on this page (`ScannedCount`, before the filter).
    pub scanned_count: u64,
    /// Capacity units this page consumed, when asked for
    /// ([`Read::return_consumed_capacity`](super::Read::return_consumed_capacity)
    /// or the client's setting).
    pub consumed_capacity: Option<f64>,
}

/// What a page's reply says besides its items.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct PageMeta {
    pub(super) count: u64,
    pub(super) scanned_count: u64,
    pub(super) consumed_capacity: Option<f64>,
}

/// One page's items: models when the fast path read them all, else items
/// (decoded later, one by one, so a bad item is named and the good ones
/// before it still arrive).
pub(super) enum Filled<M> {
    Models(Vec<M>),
    Items(Vec<Item>),
}

impl<M: Model> Filled<M> {
    pub(super) fn len(&self) -> usize {
        match self {
            Filled::Models(models) => models.len(),
            Filled::Items(items) => items.len(),
        }
    }

    pub(super) fn truncate(&mut self, len: usize) {
        match self {
            Filled::Models(models) => models.truncate(len),
            Filled::Items(items) => items.truncate(len),
        }
    }

    /// The models, or the error of the first item that is not an `M`
    /// (what [`Read::all`](super::Read::all) stops at).
    pub(super) fn into_all(self) -> Result<Vec<M>, Error> {
        match self {
            Filled::Models(models) => Ok(models),
            Filled::Items(items) => {
                // A loop, not `collect::<Result<Vec<_>, _>>()`, whose
                // adapter (`GenericShunt`) is a function of its own.
                let mut models = Vec::with_capacity(items.len());
                for item in items {
                    models.push(super::decode::read_item::<M>(item).map_err(Error::Item)?);
                }
                Ok(models)
            }
        }
    }

    /// The models, and an error for each item that is not an `M`.
    pub(super) fn into_models(self) -> (Vec<M>, VecDeque<ItemError>) {
        match self {
            Filled::Models(models) => (models, VecDeque::new()),
            Filled::Items(items) => {
                let mut models = Vec::with_capacity(items.len());
                let mut errors = VecDeque::new();
                for item in items {
                    match super::decode::read_item::<M>(item) {
                        Ok(model) => models.push(model),
                        Err(e) => errors.push_back(e),
                    }
                }
                (models, errors)
            }
        }
    }
}

/// A [`Paginator`] whose pages are read into models: a [`Machine`] handing
/// out one [`Filled`] page per reply.
pub(super) struct PageReader<M, O> {
    paginator: Paginator<O>,
    /// Whether replies may be read straight into models.
    fast: bool,
    page: Option<Filled<M>>,
    /// What the last page's reply said besides its items.
    meta: PageMeta,
}

impl<M: Model, O: PagedOperation> PageReader<M, O> {
    /// Reads `paginator`'s pages; `fast` allows reading straight into models.
    pub(super) fn new(paginator: Paginator<O>, fast: bool) -> Self {
        PageReader {
            paginator,
            fast,
            page: None,
            meta: PageMeta::default(),
        }
    }

    /// The page read by the last [`Machine::handle`], if not handed out.
    pub(super) fn take_page(&mut self) -> Option<Filled<M>> {
        self.page.take()
    }

    pub(super) fn resume_key(&self) -> Option<&Item> {
        self.paginator.resume_key()
    }

    /// The counts and capacity of the last page read.
    pub(super) fn meta(&self) -> PageMeta {
        self.meta
    }
}

impl<M: Model, O: PagedOperation> Machine for PageReader<M, O> {
    type Output = Filled<M>;

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, Filled<M>>, Error> {
        if let Some(page) = self.page.take() {
            return Ok(Step::Output(page));
        }
        self.paginator.poll_send(options)
    }

    fn handle(&mut self, _index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        let response = reply?;
        let (page, meta) = super::decode::read_page(&mut self.paginator, &response, self.fast)?;
        self.page = Some(page);
        self.meta = meta;
        Ok(())
    }
}

/// A [`PageReader`] read to the end into one vector of models: a
/// [`Machine`] with no output, so [`Read::all`](super::Read::all) awaits
/// the driver once rather than once per page around a loop of its own.
pub(super) struct AllPages<M, O> {
    reader: PageReader<M, O>,
    /// The models of every page so far.
    pub(super) models: Vec<M>,
}

impl<M: Model, O: PagedOperation> AllPages<M, O> {
    pub(super) fn new(reader: PageReader<M, O>) -> Self {
        AllPages {
            reader,
            models: Vec::new(),
        }
    }
}

impl<M: Model, O: PagedOperation> Machine for AllPages<M, O> {
    type Output = ();

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, ()>, Error> {
        // Each page's models are taken as it is handed out; an item that
        // is not an `M` ends the read with its error.
        if let Some(page) = self.reader.take_page() {
            self.models.extend(page.into_all()?);
        }
        self.reader.paginator.poll_send(options)
    }

    fn handle(&mut self, index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        self.reader.handle(index, reply)
    }
}

/// Typed pages of a Query or Scan.
///
/// A page holding items that do not read into `M` is handed out as one
/// [`Error::Item`] per such item (naming its key and the attribute), one
/// per call to [`next`](ModelPages::next), and then, on the following
/// call, as the page of its good items: a job can log and skip a bad item
/// and go on. [`Read::all`](super::Read::all) stops at the first.
pub struct ModelPages<'a, T, M, O> {
    db: &'a Client<T>,
    reader: Result<PageReader<M, O>, Error>,
    /// A page with undecodable items: its errors, handed out first, then
    /// the page.
    held: Option<(VecDeque<ItemError>, ModelPage<M>)>,
    marker: PhantomData<fn() -> M>,
}

impl<'a, T: Transport, M: Model, O: PagedOperation> ModelPages<'a, T, M, O> {
    pub(super) fn new(db: &'a Client<T>, reader: Result<PageReader<M, O>, Error>) -> Self {
        ModelPages {
            db,
            reader,
            held: None,
            marker: PhantomData,
        }
    }

    /// The next page as read (models or items); `None` after the last.
    pub(super) async fn next_filled(&mut self) -> Result<Option<Filled<M>>, Error> {
        match self.reader.as_mut() {
            Ok(reader) => self.db.drive_next(reader).await,
            Err(e) => Err(e.clone()),
        }
    }

    /// The next page, decoded; `None` after the last. An item that does
    /// not decode is an [`Error::Item`] of its own, handed out before its
    /// page; the following call goes on.
    pub async fn next(&mut self) -> Result<Option<ModelPage<M>>, Error> {
        if let Some((errors, _)) = self.held.as_mut() {
            if let Some(error) = errors.pop_front() {
                return Err(Error::Item(error));
            }
            return Ok(self.held.take().map(|(_, page)| page));
        }
        let Some(filled) = self.next_filled().await? else {
            return Ok(None);
        };
        let meta = self
            .reader
            .as_ref()
            .map(PageReader::meta)
            .unwrap_or_default();
        let (items, mut errors) = filled.into_models();
        let page = ModelPage {
            items,
            last_evaluated_key: self.resume_key().cloned(),
            count: meta.count,
            scanned_count: meta.scanned_count,
            consumed_capacity: meta.consumed_capacity,
        };
        match errors.pop_front() {
            None => Ok(Some(page)),
            Some(first) => {
                self.held = Some((errors, page));
                Err(Error::Item(first))
            }
        }
    }

    /// Where a later read should start to continue after what was returned.
    pub fn resume_key(&self) -> Option<&Item> {
        self.reader.as_ref().ok().and_then(PageReader::resume_key)
    }
}

//! [`ModelPages`]: typed pages of a Query or Scan, and [`PageReader`], the
//! machine that reads each page's reply into models.

use alloc::vec::Vec;
use core::marker::PhantomData;

use super::Model;
use crate::client::Client;
use crate::error::Error;
use crate::machine::Paginator;
use crate::machine::{Machine, Step};
use crate::op::{EncodeOptions, PagedOperation};
use crate::transport::{Response, Transport};
use crate::value::Item;

/// One page of models.
#[derive(Debug)]
pub struct ModelPage<M> {
    /// The page's items, decoded.
    pub items: Vec<M>,
    /// Where the next page starts; `None` on the last page.
    pub last_evaluated_key: Option<Item>,
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

    /// All as models; the first item that is not an `M` is the error.
    pub(super) fn into_models(self) -> Result<Vec<M>, Error> {
        match self {
            Filled::Models(models) => Ok(models),
            Filled::Items(items) => Ok(items
                .into_iter()
                .map(M::from_item)
                .collect::<Result<_, _>>()?),
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
}

impl<M: Model, O: PagedOperation> PageReader<M, O> {
    /// Reads `paginator`'s pages; `fast` allows reading straight into models.
    pub(super) fn new(paginator: Paginator<O>, fast: bool) -> Self {
        PageReader {
            paginator,
            fast,
            page: None,
        }
    }

    /// The page read by the last [`Machine::handle`], if not handed out.
    pub(super) fn take_page(&mut self) -> Option<Filled<M>> {
        self.page.take()
    }

    pub(super) fn resume_key(&self) -> Option<&Item> {
        self.paginator.resume_key()
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
        self.page = Some(super::decode::read_page(
            &mut self.paginator,
            &response,
            self.fast,
        )?);
        Ok(())
    }
}

/// Typed pages of a Query or Scan.
pub struct ModelPages<'a, T, M, O> {
    db: &'a Client<T>,
    reader: Result<PageReader<M, O>, Error>,
    marker: PhantomData<fn() -> M>,
}

impl<'a, T: Transport, M: Model, O: PagedOperation> ModelPages<'a, T, M, O> {
    pub(super) fn new(db: &'a Client<T>, reader: Result<PageReader<M, O>, Error>) -> Self {
        ModelPages {
            db,
            reader,
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

    /// The next page, decoded; `None` after the last.
    pub async fn next(&mut self) -> Result<Option<ModelPage<M>>, Error> {
        let Some(filled) = self.next_filled().await? else {
            return Ok(None);
        };
        Ok(Some(ModelPage {
            items: filled.into_models()?,
            last_evaluated_key: self.resume_key().cloned(),
        }))
    }

    /// Where a later read should start to continue after what was returned.
    pub fn resume_key(&self) -> Option<&Item> {
        self.reader.as_ref().ok().and_then(PageReader::resume_key)
    }
}

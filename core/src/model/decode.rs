//! The decode rule, in one place: a reply is read straight into models
//! (the fast path, feature `fast-decode`); when the fast path refuses, the
//! same bytes are read into `Item`s and each converted with
//! [`Model::from_item`], which names what is wrong. Both give exactly the
//! same value or the same refusal.

use super::Model;
use super::pages::Filled;
use crate::error::Error;
use crate::json::ReadJson;
use crate::machine::{Paginator, pick_key};
use crate::op::{BatchGetOutput, Page, PagedOperation};
use crate::transport::Response;
use crate::value::Item;

/// A model read with its fast path ([`Model::read_item_json`]), for reply
/// shapes that hold items.
#[cfg(feature = "fast-decode")]
struct FastModel<M>(M);

#[cfg(feature = "fast-decode")]
impl<M: Model> ReadJson for FastModel<M> {
    fn read(r: &mut crate::json::Reader<'_>) -> Result<Self, crate::error::DecodeError> {
        M::read_item_json(r).map(FastModel)
    }
}

/// A reply shape holding items of any type: a page, a batch get's output,
/// a GetItem's optional item.
pub(super) trait Reply {
    /// The same reply with items of type `T`.
    type Of<T>;
    /// Reads the reply with items of type `T`.
    fn read<T: ReadJson>(response: &Response) -> Result<Self::Of<T>, Error>;
    /// The reply with each item converted; the first failure ends it.
    fn try_map<T, U>(
        reply: Self::Of<T>,
        f: impl FnMut(T) -> Result<U, Error>,
    ) -> Result<Self::Of<U>, Error>;
}

/// A Query or Scan reply.
pub(super) struct PageReply;
/// A BatchGetItem reply.
pub(super) struct BatchGetReply;
/// A GetItem reply.
pub(super) struct GetItemReply;

impl Reply for PageReply {
    type Of<T> = Page<T>;
    fn read<T: ReadJson>(response: &Response) -> Result<Page<T>, Error> {
        crate::op::decode_page_as(response)
    }
    fn try_map<T, U>(
        reply: Page<T>,
        f: impl FnMut(T) -> Result<U, Error>,
    ) -> Result<Page<U>, Error> {
        reply.try_map_items(f)
    }
}

impl Reply for BatchGetReply {
    type Of<T> = BatchGetOutput<T>;
    fn read<T: ReadJson>(response: &Response) -> Result<BatchGetOutput<T>, Error> {
        crate::op::decode_batch_get_as(response)
    }
    fn try_map<T, U>(
        reply: BatchGetOutput<T>,
        f: impl FnMut(T) -> Result<U, Error>,
    ) -> Result<BatchGetOutput<U>, Error> {
        reply.try_map_items(f)
    }
}

impl Reply for GetItemReply {
    type Of<T> = Option<T>;
    fn read<T: ReadJson>(response: &Response) -> Result<Option<T>, Error> {
        crate::op::decode_get_item_as(response)
    }
    fn try_map<T, U>(
        reply: Option<T>,
        f: impl FnMut(T) -> Result<U, Error>,
    ) -> Result<Option<U>, Error> {
        reply.map(f).transpose()
    }
}

/// The fast half: the reply read straight into models, or `None` when the
/// fast path refuses (or is compiled out).
fn fast<M: Model, R: Reply>(response: &Response) -> Option<R::Of<M>> {
    #[cfg(feature = "fast-decode")]
    if let Ok(reply) = R::read::<FastModel<M>>(response) {
        return R::try_map(reply, |m| Ok(m.0)).ok();
    }
    #[cfg(not(feature = "fast-decode"))]
    let _ = response;
    None
}

/// A reply read into models: fast, else through `Item`s for a typed error.
pub(super) fn decode_models<M: Model, R: Reply>(response: &Response) -> Result<R::Of<M>, Error> {
    if let Some(models) = fast::<M, R>(response) {
        return Ok(models);
    }
    R::try_map(R::read::<Item>(response)?, |item| Ok(M::from_item(item)?))
}

/// A Query or Scan reply handed to its paginator: as models when `fast` is
/// allowed and the fast path reads every item, else as `Item`s (converted
/// later one by one, so the good items before a bad one still arrive).
pub(super) fn read_page<M: Model, O: PagedOperation>(
    paginator: &mut Paginator<O>,
    response: &Response,
    fast_allowed: bool,
) -> Result<Filled<M>, Error> {
    if fast_allowed && let Some(page) = fast::<M, PageReply>(response) {
        let page =
            paginator.on_page(page, |model: &M, names| pick_key(names, &model.to_item()?))?;
        return Ok(Filled::Models(page.items));
    }
    let page: Page<Item> = paginator.on_response(response)?;
    Ok(Filled::Items(page.items))
}

/// The items of a batch get reply as models.
pub(super) fn batch_models<M: Model>(response: &Response) -> Result<BatchGetOutput<M>, Error> {
    decode_models::<M, BatchGetReply>(response)
}

/// A GetItem reply read into a model by the decode rule (what
/// [`Model::get`] does with the reply); public only under `__private`, for
/// the codec bench and the derive tests.
pub fn decode_get_item<M: Model>(response: &Response) -> Result<Option<M>, Error> {
    decode_models::<M, GetItemReply>(response)
}

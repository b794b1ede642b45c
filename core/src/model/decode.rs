//! The decode rule, in one place: a reply is read straight into models
//! (the fast path, feature `fast-decode`); when the fast path refuses, the
//! same bytes are read into `Item`s and each converted with
//! [`Model::from_item`], which names what is wrong. Both give exactly the
//! same value or the same refusal.

use alloc::vec::Vec;
use core::marker::PhantomData;

use super::Model;
use super::pages::{Filled, PageMeta};
use crate::error::{Error, ItemError, ItemSource};
use crate::machine::{Paginator, pick_key};
use crate::op::{BatchGetItem, BatchGetOutput, ItemsReply, Operation, Page, PagedOperation, Query};
use crate::transport::{Action, Response};
use crate::value::Item;

/// A model read with its fast path (`ModelCodec::read_item_json`), for reply
/// shapes that hold items.
#[cfg(feature = "fast-decode")]
struct FastModel<M>(M);

#[cfg(feature = "fast-decode")]
impl<M: Model> crate::json::ReadJson for FastModel<M> {
    fn read(r: &mut crate::json::Reader<'_>) -> Result<Self, crate::error::DecodeError> {
        M::read_item_json(r).map(FastModel)
    }
}

/// The fast half: the reply read straight into models, or `None` when the
/// fast path refuses (or is compiled out).
fn fast<M: Model, O: ItemsReply>(response: &Response) -> Option<O::Reply<M>> {
    #[cfg(feature = "fast-decode")]
    if let Ok(reply) = O::decode_as::<FastModel<M>>(response) {
        return O::try_map_items(reply, |m| Ok(m.0)).ok();
    }
    #[cfg(not(feature = "fast-decode"))]
    let _ = response;
    None
}

/// A reply read into models: fast, else through `Item`s for a typed error.
/// Public only under `__private`, for the codec bench and the derive tests.
pub fn decode_models<M: Model, O: ItemsReply>(response: &Response) -> Result<O::Reply<M>, Error> {
    if let Some(models) = fast::<M, O>(response) {
        return Ok(models);
    }
    O::try_map_items(O::decode_as::<Item>(response)?, |item| {
        Ok(M::from_item(item)?)
    })
}

/// An action whose reply is read into models by the decode rule (what
/// [`Get`](super::Get) sends: a GetItem read into `Option<M>`).
pub(super) struct IntoModels<O, M> {
    op: O,
    marker: PhantomData<fn() -> M>,
}

impl<O, M> IntoModels<O, M> {
    pub(super) fn new(op: O) -> Self {
        IntoModels {
            op,
            marker: PhantomData,
        }
    }
}

impl<O: ItemsReply, M: Model> Operation for IntoModels<O, M> {
    type Output = O::Reply<M>;
    const ACTION: Action = O::ACTION;

    fn table(&self) -> Option<&str> {
        self.op.table()
    }

    fn writes_consumed_capacity(&self) -> bool {
        self.op.writes_consumed_capacity()
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        self.op.encode(buf)
    }

    fn decode(response: &Response) -> Result<O::Reply<M>, Error> {
        decode_models::<M, O>(response)
    }
}

/// A Query or Scan reply handed to its paginator: as models when `fast` is
/// allowed and the fast path reads every item, else as `Item`s (converted
/// later one by one, so the good items before a bad one still arrive).
pub(super) fn read_page<M: Model, O: PagedOperation>(
    paginator: &mut Paginator<O>,
    response: &Response,
    fast_allowed: bool,
) -> Result<(Filled<M>, PageMeta), Error> {
    // Query and Scan replies have one shape, `Page`: read as Query's.
    // The page's `LastEvaluatedKey` is handed to the paginator, not
    // cloned: the paginator's resume key is the one copy.
    if fast_allowed && let Some(mut page) = fast::<M, Query>(response) {
        let next_start = page.last_evaluated_key.take();
        paginator.turn(
            &mut page.items,
            next_start,
            page.consumed_capacity,
            |model: &M, names| pick_key(names, &model.to_item()?),
        )?;
        let meta = meta_of(&page);
        return Ok((Filled::Models(page.items), meta));
    }
    let mut page: Page<Item> = O::decode(response)?;
    let next_start = page.last_evaluated_key.take();
    paginator.turn(
        &mut page.items,
        next_start,
        page.consumed_capacity,
        |item, names| pick_key(names, item),
    )?;
    let meta = meta_of(&page);
    Ok((Filled::Items(page.items), meta))
}

fn meta_of<T>(page: &Page<T>) -> PageMeta {
    PageMeta {
        count: page.count,
        scanned_count: page.scanned_count,
        consumed_capacity: page.consumed_capacity,
    }
}

/// One item of a read as an `M`, or an [`ItemError`] naming its primary
/// key and the attribute. (The item stays in the table, so it is not
/// copied to keep it in the error: reads stay as cheap as before.)
pub(super) fn read_item<M: Model>(item: Item) -> Result<M, ItemError> {
    let key = primary_key::<M>(&item);
    M::from_item(item).map_err(|error| ItemError::new(key, None, error, ItemSource::Read))
}

/// The primary-key attributes of `item` that it holds.
pub(super) fn primary_key<M: Model>(item: &Item) -> Item {
    // Inserted, not collected: `BTreeMap::from_iter` sorts its input with
    // a stable sort, about 3.5 KB of wasm for at most two attributes.
    let mut key = Item::new();
    for name in [Some(M::HASH_KEY), M::RANGE_KEY].into_iter().flatten() {
        if let Some(value) = item.get(name) {
            key.insert(name.into(), value.clone());
        }
    }
    key
}

/// The items of a batch get reply as models.
pub(super) fn batch_models<M: Model>(response: &Response) -> Result<BatchGetOutput<M>, Error> {
    decode_models::<M, BatchGetItem>(response)
}

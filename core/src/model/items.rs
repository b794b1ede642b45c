//! [`Items`]: typed items of a Query or Scan, one at a time, with a resume
//! key that may fall in the middle of a page.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;

use super::Model;
use super::pages::{Filled, ModelPages};
use crate::error::Error;
use crate::op::PagedOperation;
use crate::transport::Transport;
use crate::value::Item;

/// Typed items of a Query or Scan, one at a time; memory stays bounded by
/// one page. An item that does not read into `M` is an [`Error::Item`]
/// naming its key and the attribute; the following call goes on with the
/// next item, so a job can log and skip it.
pub struct Items<'a, T, M, O> {
    pages: ModelPages<'a, T, M, O>,
    /// Items of a page the fast path did not read, decoded one by one so
    /// the good ones before a bad one still arrive.
    buffer: VecDeque<Item>,
    /// Models of a page read straight from the bytes.
    models: VecDeque<M>,
    key_names: Vec<String>,
    last_key: Option<Item>,
}

impl<'a, T: Transport, M: Model, O: PagedOperation> Items<'a, T, M, O> {
    pub(super) fn new(pages: ModelPages<'a, T, M, O>, key_names: Vec<String>) -> Self {
        Items {
            pages,
            buffer: VecDeque::new(),
            models: VecDeque::new(),
            key_names,
            last_key: None,
        }
    }

    /// The next item; `None` after the last.
    pub async fn next(&mut self) -> Result<Option<M>, Error> {
        loop {
            if let Some(model) = self.models.pop_front() {
                self.last_key = Some(model.key()?.into_item());
                return Ok(Some(model));
            }
            if let Some(item) = self.buffer.pop_front() {
                // Inserted, not collected: `BTreeMap::from_iter` compiles
                // in a stable sort.
                let mut key = crate::Item::new();
                for name in &self.key_names {
                    if let Some(value) = item.get(name) {
                        key.insert(name.clone(), value.clone());
                    }
                }
                self.last_key = Some(key);
                // A bad item is its own error; the next call goes on.
                return super::decode::read_item(item)
                    .map(Some)
                    .map_err(Error::Item);
            }
            match self.pages.next_filled().await? {
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

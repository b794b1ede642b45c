//! [`ItemError`]: one stored item that does not read into the model,
//! naming its key and the attribute, and keeping the item itself.

use core::fmt;

use super::{DecodeError, LocationStep};
use crate::text;
use crate::value::{AttributeValue, Item};

/// Where an undecodable item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ItemSource {
    /// An item of a Query or Scan. Reading item by item
    /// ([`Items`](crate::model::Items)) or page by page
    /// ([`ModelPages`](crate::model::ModelPages)) continues with the next
    /// item on the following call.
    Read,
    /// The old or new item a write returned (`ReturnValues`). The write
    /// **has taken effect**; only reading its returned item failed.
    Returned,
}

/// A stored item that does not read into the model: its primary key, the
/// attribute and what is wrong with it, so a migration job can log it and
/// go on; for an item a write returned, the item itself too (it may exist
/// nowhere else any more).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemError(alloc::boxed::Box<Parts>);

/// Boxed, so that [`Error`](super::Error) stays small.
#[derive(Debug, Clone, PartialEq)]
struct Parts {
    key: Item,
    item: Option<Item>,
    error: DecodeError,
    source: ItemSource,
}

impl ItemError {
    /// The item with primary key `key` (and, if kept, the whole `item`)
    /// failed with `error`.
    pub fn new(key: Item, item: Option<Item>, error: DecodeError, source: ItemSource) -> Self {
        ItemError(alloc::boxed::Box::new(Parts {
            key,
            item,
            error,
            source,
        }))
    }

    /// The item's primary key (the attributes of it the item holds).
    pub fn key(&self) -> &Item {
        &self.0.key
    }

    /// The whole item, when it was kept: for an item a write returned
    /// (a deleted or overwritten item's attributes exist nowhere else).
    /// An item of a read stays in the table and is not copied.
    pub fn item(&self) -> Option<&Item> {
        self.0.item.as_ref()
    }

    /// The whole item, owned, when it was kept.
    pub fn into_item(self) -> Option<Item> {
        self.0.item
    }

    /// The decode error, with the attribute path inside the item.
    pub fn error(&self) -> &DecodeError {
        &self.0.error
    }

    /// The attribute (top-level name) the error is in, if any.
    pub fn attribute(&self) -> Option<&str> {
        match self.0.error.location().steps().next() {
            Some(LocationStep::Field(name)) => Some(name),
            _ => None,
        }
    }

    /// Where the item came from; for [`ItemSource::Returned`] the write
    /// has taken effect.
    pub fn source(&self) -> ItemSource {
        self.0.source
    }
}

/// A key value as a reader of a log wants it: strings quoted, numbers as
/// text, other types by name (keys are only ever S, N or B).
fn write_value(f: &mut fmt::Formatter<'_>, value: &AttributeValue) -> fmt::Result {
    match value {
        AttributeValue::S(s) => text::write(f, "\"{}\"", &[s.into()]),
        AttributeValue::N(n) => f.write_str(n.as_str()),
        other => text::write(f, "({})", &[other.value_type().tag().into()]),
    }
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.source == ItemSource::Returned {
            f.write_str("the write succeeded, but the item it returned ")?;
        } else {
            f.write_str("item ")?;
        }
        f.write_str("{")?;
        for (i, (name, value)) in self.0.key.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
            f.write_str(": ")?;
            write_value(f, value)?;
        }
        f.write_str("} does not read into the model: ")?;
        fmt::Display::fmt(&self.0.error, f)
    }
}

impl core::error::Error for ItemError {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn names_the_key_and_the_attribute() {
        let mut key = Item::new();
        key.insert("pk".into(), AttributeValue::S("a".into()));
        key.insert("sk".into(), AttributeValue::N(7u32.into()));
        let mut item = key.clone();
        item.insert("total".into(), AttributeValue::S("x".into()));
        let error = DecodeError::missing().at_field("total");
        let e = ItemError::new(key, Some(item.clone()), error, ItemSource::Read);
        assert_eq!(e.attribute(), Some("total"));
        assert_eq!(e.item(), Some(&item));
        assert_eq!(
            e.to_string(),
            "item {pk: \"a\", sk: 7} does not read into the model: \
             cannot decode attribute `total`: required attribute is missing"
        );
    }
}

//! TransactGetItems: up to 100 items read at one point in time.

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{read_field, read_item};

use super::Operation;
use super::transact_write_items::MAX_TRANSACTION_ITEMS;
use crate::error::{EncodeError, EncodeErrorKind, Error};
use crate::expr::{Placeholders, Projection};
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};
use crate::value::Item;
use crate::value::Key;

/// One read of a transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactGet {
    /// The table.
    pub table: String,
    /// The item's key.
    pub key: Key,
    /// Attributes to return (all when empty).
    pub projection: Projection,
}

/// A TransactGetItems request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactGetItems {
    items: Vec<TransactGet>,
}

impl TransactGetItems {
    /// An empty request.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a read.
    pub fn item(mut self, item: TransactGet) -> Self {
        self.items.push(item);
        self
    }
}

impl Operation for TransactGetItems {
    /// One entry per read, in request order; `None` where no item exists.
    type Output = Vec<Option<Item>>;
    const ACTION: Action = Action::TransactGetItems;

    /// The first item's table (hooks and retry policies see one table).
    fn table(&self) -> Option<&str> {
        self.items.first().map(|item| item.table.as_str())
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        if self.items.is_empty() || self.items.len() > MAX_TRANSACTION_ITEMS {
            return Err(EncodeError::new(EncodeErrorKind::TooManyOperands {
                what: "TransactGetItems",
                limit: MAX_TRANSACTION_ITEMS,
                got: self.items.len(),
            })
            .into());
        }
        let mut o = ObjectWriter::new(buf);
        let list = o.key("TransactItems");
        list.push(b'[');
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                list.push(b',');
            }
            let mut ph = Placeholders::new();
            let mut outer = ObjectWriter::new(list);
            let mut g = ObjectWriter::new(outer.key("Get"));
            g.string("TableName", &item.table);
            super::key::write_key(g.key("Key"), &item.key).map_err(|e| e.at_index(i))?;
            if !item.projection.is_empty() {
                let text = item.projection.render(&mut ph);
                g.string("ProjectionExpression", &text);
            }
            ph.write(&mut g)?;
            g.finish();
            outer.finish();
        }
        list.push(b']');
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<Vec<Option<Item>>, Error> {
        let items = crate::json::parse(&response.body, |r| {
            read_field(r, "Responses", |r| {
                let mut items = Vec::new();
                let mut a = r.array()?;
                while r.next(&mut a)? {
                    items.push(read_field(r, "Item", read_item)?);
                }
                Ok(items)
            })
        })?;
        Ok(items.unwrap_or_default())
    }
}

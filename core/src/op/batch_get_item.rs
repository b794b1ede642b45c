//! BatchGetItem: up to 100 keys of one table per request.

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{ReadJson, read_field, read_item};

use super::{ItemsReply, Operation, ReadOptions};
use crate::error::Error;
use crate::expr::{Placeholders, Projection};
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};
use crate::value::Item;
use crate::value::Key;

/// DynamoDB's limit on keys per BatchGetItem request.
pub const MAX_BATCH_GET: usize = 100;

/// A BatchGetItem request for one table.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchGetItem {
    table: String,
    keys: Vec<Key>,
    options: ReadOptions,
}

/// What one BatchGetItem reply holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchGetOutput<T = Item> {
    /// The items found, in no particular order.
    pub items: Vec<T>,
    /// Keys DynamoDB did not get to; send them again.
    pub unprocessed: Vec<Item>,
}

impl<T> BatchGetOutput<T> {
    /// The same reply with each item turned into a `U`.
    pub fn map_items<U>(self, mut f: impl FnMut(T) -> U) -> BatchGetOutput<U> {
        match self.try_map_items(|item| Ok::<U, core::convert::Infallible>(f(item))) {
            Ok(mapped) => mapped,
            Err(never) => match never {},
        }
    }

    /// The same reply with each item turned into a `U` (a model, say);
    /// the first failure ends it.
    pub fn try_map_items<U, E>(
        self,
        f: impl FnMut(T) -> Result<U, E>,
    ) -> Result<BatchGetOutput<U>, E> {
        Ok(BatchGetOutput {
            items: self.items.into_iter().map(f).collect::<Result<_, _>>()?,
            unprocessed: self.unprocessed,
        })
    }
}

impl BatchGetItem {
    /// Gets `keys` (at most [`MAX_BATCH_GET`]) from `table`.
    pub fn new(table: impl Into<String>, keys: Vec<Key>) -> Self {
        BatchGetItem {
            table: table.into(),
            keys,
            options: ReadOptions::default(),
        }
    }

    /// Strongly consistent reads.
    pub fn consistent_read(mut self, consistent: bool) -> Self {
        self.options.consistent_read = consistent;
        self
    }

    /// Returns only these attributes (keep the keys in it to match items).
    pub fn projection(mut self, projection: Projection) -> Self {
        self.options.projection = projection;
        self
    }

    /// Both read options at once.
    pub fn options(mut self, options: ReadOptions) -> Self {
        self.options = options;
        self
    }
}

impl Operation for BatchGetItem {
    type Output = BatchGetOutput;
    const ACTION: Action = Action::BatchGetItem;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut ph = Placeholders::new();
        let mut o = ObjectWriter::new(buf);
        let mut tables = ObjectWriter::new(o.key("RequestItems"));
        let mut t = ObjectWriter::new(tables.key(&self.table));
        let keys = t.key("Keys");
        keys.push(b'[');
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                keys.push(b',');
            }
            super::key::write_key(keys, key)?;
        }
        keys.push(b']');
        if self.options.consistent_read {
            t.bool("ConsistentRead", true);
        }
        if !self.options.projection.is_empty() {
            let text = self.options.projection.render(&mut ph);
            t.string("ProjectionExpression", &text);
        }
        ph.write(&mut t)?;
        t.finish();
        tables.finish();
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<BatchGetOutput, Error> {
        Self::decode_as(response)
    }
}

impl ItemsReply for BatchGetItem {
    type Reply<T> = BatchGetOutput<T>;

    fn decode_as<T: ReadJson>(response: &Response) -> Result<BatchGetOutput<T>, Error> {
        read_batch_get(response)
    }

    fn try_map_items<T, U>(
        reply: BatchGetOutput<T>,
        f: impl FnMut(T) -> Result<U, Error>,
    ) -> Result<BatchGetOutput<U>, Error> {
        reply.try_map_items(f)
    }
}

/// A BatchGetItem reply with items of type `T`.
fn read_batch_get<T: ReadJson>(response: &Response) -> Result<BatchGetOutput<T>, Error> {
    let mut out = BatchGetOutput {
        items: Vec::new(),
        unprocessed: Vec::new(),
    };
    crate::json::parse(&response.body, |r| {
        let mut o = r.object()?;
        while let Some(key) = r.key(&mut o)? {
            match &*key {
                "Responses" if !r.null() => {
                    let mut tables = r.object()?;
                    while r.key(&mut tables)?.is_some() {
                        let mut list = r.array()?;
                        while r.next(&mut list)? {
                            out.items.push(T::read(r)?);
                        }
                    }
                }
                "UnprocessedKeys" if !r.null() => {
                    let mut tables = r.object()?;
                    while r.key(&mut tables)?.is_some() {
                        let keys = read_field(r, "Keys", |r| {
                            let mut keys = Vec::new();
                            let mut list = r.array()?;
                            while r.next(&mut list)? {
                                keys.push(read_item(r)?);
                            }
                            Ok(keys)
                        })?;
                        out.unprocessed.extend(keys.into_iter().flatten());
                    }
                }
                _ => r.skip()?,
            }
        }
        Ok(())
    })?;
    Ok(out)
}

//! DeleteItem: remove one item by its key, optionally on a condition.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Operation, ReturnValues, WriteOptions, decode_attributes};
use crate::error::Error;
use crate::expr::{Condition, Placeholders};
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};
use crate::value::Item;
use crate::value::Key;

/// A DeleteItem request.
#[derive(Debug, Clone, PartialEq)]
pub struct DeleteItem {
    table: String,
    key: Key,
    options: WriteOptions,
}

impl DeleteItem {
    /// Deletes the item with `key` from `table` (no error if there is none).
    pub fn new(table: impl Into<String>, key: Key) -> Self {
        DeleteItem {
            table: table.into(),
            key,
            options: WriteOptions::default(),
        }
    }

    /// Only delete if `condition` holds for the stored item.
    pub fn condition(mut self, condition: impl Into<Condition>) -> Self {
        self.options.condition = Some(condition.into());
        self
    }

    /// `ReturnValues`: `None` or `AllOld` for a delete.
    pub fn return_values(mut self, return_values: ReturnValues) -> Self {
        self.options.return_values = return_values;
        self
    }

    /// On a failed condition, return the stored item in the error.
    pub fn return_item_on_condition_failure(mut self, yes: bool) -> Self {
        self.options.return_item_on_condition_failure = yes;
        self
    }

    /// Condition and return settings at once.
    pub fn options(mut self, options: WriteOptions) -> Self {
        self.options = options;
        self
    }
}

impl Operation for DeleteItem {
    /// The deleted item, when `ReturnValues` asked for it and there was one.
    type Output = Option<Item>;
    const ACTION: Action = Action::DeleteItem;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut ph = Placeholders::new();
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        super::key::write_key(o.key("Key"), &self.key)?;
        self.options.encode(&mut o, &mut ph)?;
        ph.write(&mut o)?;
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<Option<Item>, Error> {
        decode_attributes(response)
    }
}

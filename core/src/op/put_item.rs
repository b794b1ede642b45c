//! PutItem: write a whole item, optionally on a condition.

use alloc::string::String;
use alloc::vec::Vec;

use super::{ItemSource, Operation, ReturnValues, WriteOptions, decode_attributes};
use crate::error::Error;
use crate::expr::{Condition, Placeholders};
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};
use crate::value::Item;

/// A PutItem request. The item is encoded straight into the body from the
/// model (or [`Item`]) it borrows.
///
/// Generic over the item's type rather than holding a `dyn ItemSource`, so
/// the request (and a future holding it) is `Send` whenever the item is
/// `Sync`.
pub struct PutItem<'a, I: ?Sized = dyn ItemSource + 'a> {
    table: String,
    item: &'a I,
    options: WriteOptions,
}

impl<'a, I: ItemSource + ?Sized> PutItem<'a, I> {
    /// Puts `item` into `table`, replacing any item with its key.
    pub fn new(table: impl Into<String>, item: &'a I) -> Self {
        PutItem {
            table: table.into(),
            item,
            options: WriteOptions::default(),
        }
    }

    /// Only put if `condition` holds for the stored item.
    pub fn condition(mut self, condition: impl Into<Condition>) -> Self {
        self.options.condition = Some(condition.into());
        self
    }

    /// `ReturnValues`: `None` or `AllOld` for a put.
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

impl<I: ItemSource + ?Sized> Operation for PutItem<'_, I> {
    /// The old item, when `ReturnValues` asked for it and there was one.
    type Output = Option<Item>;
    const ACTION: Action = Action::PutItem;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut ph = Placeholders::new();
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        let buf = o.key("Item");
        let start = buf.len();
        self.item.write_item(buf)?;
        crate::json::check_item_size(&buf[start..])?;
        self.options.encode(&mut o, &mut ph)?;
        ph.write(&mut o)?;
        o.finish();
        Ok(())
    }

    fn decode(response: &Response) -> Result<Option<Item>, Error> {
        decode_attributes(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{AttributePath, Condition};
    use crate::value::AttributeValue;

    #[test]
    fn encodes_item_condition_and_return_values() {
        let mut item = Item::new();
        item.insert("pk".into(), AttributeValue::S("a".into()));
        let op = PutItem::new("t", &item)
            .condition(Condition::not_exists(AttributePath::new("pk")))
            .return_values(ReturnValues::AllOld)
            .return_item_on_condition_failure(true);
        let mut buf = Vec::new();
        op.encode(&mut buf).unwrap();
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            r##"{"TableName":"t","Item":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(#n0)","ReturnValues":"ALL_OLD","ReturnValuesOnConditionCheckFailure":"ALL_OLD","ExpressionAttributeNames":{"#n0":"pk"}}"##
        );
    }
}

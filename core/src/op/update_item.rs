//! UpdateItem: change attributes of one item in place (creating it if
//! absent, as DynamoDB does), optionally on a condition.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Operation, ReturnValues, WriteOptions, decode_attributes};
use crate::error::Error;
use crate::expr::{Condition, Placeholders, Update};
use crate::json::ObjectWriter;
use crate::transport::{Action, Response};
use crate::value::Item;
use crate::value::Key;

/// An UpdateItem request.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateItem {
    table: String,
    key: Key,
    update: Update,
    options: WriteOptions,
}

impl UpdateItem {
    /// Applies `update` to the item with `key` in `table`.
    pub fn new(table: impl Into<String>, key: Key, update: Update) -> Self {
        UpdateItem {
            table: table.into(),
            key,
            update,
            options: WriteOptions::default(),
        }
    }

    /// Only update if `condition` holds for the stored item.
    pub fn condition(mut self, condition: impl Into<Condition>) -> Self {
        self.options.condition = Some(condition.into());
        self
    }

    /// `ReturnValues`: any of the five.
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

impl Operation for UpdateItem {
    /// The attributes `ReturnValues` asked for.
    type Output = Option<Item>;
    const ACTION: Action = Action::UpdateItem;

    fn table(&self) -> Option<&str> {
        Some(&self.table)
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let mut ph = Placeholders::new();
        let mut o = ObjectWriter::new(buf);
        o.string("TableName", &self.table);
        super::key::write_key(o.key("Key"), &self.key)?;
        let text = self.update.render(&mut ph)?;
        o.string("UpdateExpression", &text);
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
    use crate::expr::{AttributePath, Comparator, Operand, SetValue, UpdateAction, UpdateOperand};
    use crate::value::AttributeValue;

    #[test]
    fn encodes_update_then_condition_sharing_placeholders() {
        let key = Key::hash("pk", AttributeValue::S("a".into()));
        let update = Update::new()
            .action(UpdateAction::Set(
                AttributePath::new("status"),
                SetValue::Operand(UpdateOperand::Value(AttributeValue::S("paid".into()))),
            ))
            .action(UpdateAction::Remove(AttributePath::new("note")));
        let condition = Condition::compare(
            Operand::Path(AttributePath::new("status")),
            Comparator::Eq,
            Operand::Value(AttributeValue::S("new".into())),
        );
        let op = UpdateItem::new("t", key, update)
            .condition(condition)
            .return_values(ReturnValues::AllNew);
        let mut buf = Vec::new();
        op.encode(&mut buf).unwrap();
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            r##"{"TableName":"t","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET #n0 = :v0 REMOVE #n1","ConditionExpression":"#n0 = :v1","ReturnValues":"ALL_NEW","ExpressionAttributeNames":{"#n0":"status","#n1":"note"},"ExpressionAttributeValues":{":v0":{"S":"paid"},":v1":{"S":"new"}}}"##
        );
    }
}

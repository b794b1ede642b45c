//! TransactWriteItems: up to 100 puts, updates, deletes and condition
//! checks that all succeed or all fail. A cancellation reports one reason
//! per item, in the order the items were added.

use alloc::string::String;
use alloc::vec::Vec;

use super::Operation;
use crate::error::{EncodeError, EncodeErrorKind, Error};
use crate::expr::{Condition, Placeholders, Update};
use crate::json::{ObjectWriter, write_item};
use crate::transport::{Action, Response};
use crate::value::Key;

/// DynamoDB's limit on items per transaction.
pub const MAX_TRANSACTION_ITEMS: usize = 100;

/// What one transaction item does.
#[derive(Debug, Clone, PartialEq)]
pub enum TransactWriteKind {
    /// `Put`: the item's JSON.
    Put(Vec<u8>),
    /// `Update` of the item with this key.
    Update(Key, Update),
    /// `Delete` of the item with this key.
    Delete(Key),
    /// `ConditionCheck` on the item with this key (the condition is required).
    ConditionCheck(Key),
}

/// One item of a transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactWrite {
    /// The table.
    pub table: String,
    /// What to do.
    pub kind: TransactWriteKind,
    /// The condition that must hold.
    pub condition: Option<Condition>,
    /// Return the stored item in the cancellation reason when the condition fails.
    pub return_item_on_condition_failure: bool,
}

/// A TransactWriteItems request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactWriteItems {
    items: Vec<TransactWrite>,
    client_request_token: Option<String>,
}

impl TransactWriteItems {
    /// An empty transaction.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an item.
    pub fn item(mut self, item: TransactWrite) -> Self {
        self.items.push(item);
        self
    }

    /// The idempotency token: the same token within ten minutes makes a
    /// retried transaction a no-op instead of a second write.
    pub fn client_request_token(mut self, token: impl Into<String>) -> Self {
        self.client_request_token = Some(token.into());
        self
    }
}

fn encode_item(item: &TransactWrite, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
    let mut ph = Placeholders::new();
    let mut outer = ObjectWriter::new(buf);
    let name = match item.kind {
        TransactWriteKind::Put(_) => "Put",
        TransactWriteKind::Update(..) => "Update",
        TransactWriteKind::Delete(_) => "Delete",
        TransactWriteKind::ConditionCheck(_) => "ConditionCheck",
    };
    let mut o = ObjectWriter::new(outer.key(name));
    o.string("TableName", &item.table);
    match &item.kind {
        TransactWriteKind::Put(json) => {
            crate::json::check_item_size(json)?;
            o.key("Item").extend_from_slice(json);
        }
        TransactWriteKind::Update(key, update) => {
            write_item(o.key("Key"), key.as_item())?;
            let text = update.render(&mut ph)?;
            o.string("UpdateExpression", &text);
        }
        TransactWriteKind::Delete(key) | TransactWriteKind::ConditionCheck(key) => {
            write_item(o.key("Key"), key.as_item())?
        }
    }
    match &item.condition {
        Some(c) => {
            let text = c.render(&mut ph)?;
            o.string("ConditionExpression", &text);
        }
        None if matches!(item.kind, TransactWriteKind::ConditionCheck(_)) => {
            return Err(EncodeError::new(EncodeErrorKind::EmptyExpression(
                "condition check",
            )));
        }
        None => {}
    }
    if item.return_item_on_condition_failure {
        o.string("ReturnValuesOnConditionCheckFailure", "ALL_OLD");
    }
    ph.write(&mut o)?;
    o.finish();
    outer.finish();
    Ok(())
}

impl Operation for TransactWriteItems {
    type Output = ();
    const ACTION: Action = Action::TransactWriteItems;

    /// The first item's table (hooks and retry policies see one table).
    fn table(&self) -> Option<&str> {
        self.items.first().map(|item| item.table.as_str())
    }

    fn encode(&self, buf: &mut Vec<u8>) -> Result<(), Error> {
        if self.items.is_empty() || self.items.len() > MAX_TRANSACTION_ITEMS {
            return Err(EncodeError::new(EncodeErrorKind::TooManyOperands {
                what: "TransactWriteItems",
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
            encode_item(item, list).map_err(|e| e.at_index(i))?;
        }
        list.push(b']');
        if let Some(token) = &self.client_request_token {
            o.string("ClientRequestToken", token);
        }
        o.finish();
        Ok(())
    }

    fn decode(_response: &Response) -> Result<(), Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::AttributePath;
    use crate::value::AttributeValue;

    fn key() -> Key {
        Key::hash("pk", AttributeValue::S("a".into()))
    }

    #[test]
    fn encodes_each_kind_with_its_own_placeholders() {
        let op = TransactWriteItems::new()
            .item(TransactWrite {
                table: "t".into(),
                kind: TransactWriteKind::Put(br#"{"pk":{"S":"a"}}"#.to_vec()),
                condition: Some(Condition::not_exists(AttributePath::new("pk"))),
                return_item_on_condition_failure: false,
            })
            .item(TransactWrite {
                table: "t".into(),
                kind: TransactWriteKind::ConditionCheck(key()),
                condition: Some(Condition::exists(AttributePath::new("x"))),
                return_item_on_condition_failure: true,
            })
            .client_request_token("tok");
        let mut buf = Vec::new();
        op.encode(&mut buf).unwrap();
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            r##"{"TransactItems":[{"Put":{"TableName":"t","Item":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(#n0)","ExpressionAttributeNames":{"#n0":"pk"}}},{"ConditionCheck":{"TableName":"t","Key":{"pk":{"S":"a"}},"ConditionExpression":"attribute_exists(#n0)","ReturnValuesOnConditionCheckFailure":"ALL_OLD","ExpressionAttributeNames":{"#n0":"x"}}}],"ClientRequestToken":"tok"}"##
        );
    }

    #[test]
    fn more_than_100_items_is_refused_before_sending() {
        let mut op = TransactWriteItems::new();
        for _ in 0..101 {
            op = op.item(TransactWrite {
                table: "t".into(),
                kind: TransactWriteKind::Delete(key()),
                condition: None,
                return_item_on_condition_failure: false,
            });
        }
        let err = op.encode(&mut Vec::new()).unwrap_err();
        assert!(
            matches!(err, Error::Encode(ref e) if matches!(e.kind(), EncodeErrorKind::TooManyOperands { got: 101, .. }))
        );
    }
}

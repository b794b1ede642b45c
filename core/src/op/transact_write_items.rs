//! TransactWriteItems: up to 100 puts, updates, deletes and condition
//! checks that all succeed or all fail. A cancellation reports one reason
//! per item, in the order the items were added.
//!
//! Retries are safe through the `ClientRequestToken`: DynamoDB treats a
//! second request with the same token, sent within ten minutes of the
//! first, as the same transaction: if the first was applied, the repeat
//! succeeds without writing again (an `ADD` is not applied twice, a
//! condition is not re-checked against the transaction's own write). The
//! body is encoded once, so every retry of one send carries the same
//! token; after ten minutes the token names a new transaction, and reusing
//! it with different items is an `IdempotentParameterMismatchException`.

use alloc::string::String;
use alloc::vec::Vec;

use super::Operation;
use crate::error::{EncodeError, EncodeErrorKind, Error};
use crate::expr::{Condition, Placeholders, Update};
use crate::json::ObjectWriter;
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

    /// The idempotency token (1 to 36 characters): the same token within
    /// ten minutes makes a repeated transaction a no-op instead of a second
    /// write.
    pub fn client_request_token(mut self, token: impl Into<String>) -> Self {
        self.client_request_token = Some(token.into());
        self
    }

    /// Gives the transaction a fresh token, unless the caller set one: a
    /// random UUID (version 4) from two numbers drawn from `random` (the
    /// core has no randomness; `Model` transactions pass the transport's
    /// [`jitter_seed`](crate::transport::Transport::jitter_seed)), as the
    /// AWS SDKs and botocore do.
    pub fn ensure_client_request_token(mut self, mut random: impl FnMut() -> u64) -> Self {
        if self.client_request_token.is_none() {
            let (high, low) = (random(), random());
            self.client_request_token = Some(uuid_v4(high, low));
        }
        self
    }

    /// The token this transaction is sent with, if any.
    pub fn token(&self) -> Option<&str> {
        self.client_request_token.as_deref()
    }
}

/// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` from 128 random bits (122 kept).
/// Digit by digit, not `format!("{:032x}")`: no `core::fmt` and no u128.
fn uuid_v4(high: u64, low: u64) -> String {
    // The version (4) in bits 76..80 and the variant (0b10) in bits 62..64.
    let high = high & !(0xf << 12) | 0x4 << 12;
    let low = low & !(0b11 << 62) | 0b10 << 62;
    let mut out = String::with_capacity(36);
    for (i, half) in [high, high << 32, low, low << 32].into_iter().enumerate() {
        for digit in 0..8 {
            if matches!((i, digit), (1 | 2, 0 | 4)) {
                out.push('-');
            }
            let nibble = (half >> (60 - 4 * digit)) & 0xf;
            out.push(char::from(b"0123456789abcdef"[nibble as usize]));
        }
    }
    out
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
            super::key::write_key(o.key("Key"), key)?;
            let text = update.render(&mut ph)?;
            o.string("UpdateExpression", &text);
        }
        TransactWriteKind::Delete(key) | TransactWriteKind::ConditionCheck(key) => {
            super::key::write_key(o.key("Key"), key)?
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

    fn delete() -> TransactWrite {
        TransactWrite {
            table: "t".into(),
            kind: TransactWriteKind::Delete(key()),
            condition: None,
            return_item_on_condition_failure: false,
        }
    }

    #[test]
    fn a_generated_token_is_a_uuid_v4_from_the_random_numbers() {
        let mut seeds = [0x0123_4567_89ab_cdef_u64, 0xfedc_ba98_7654_3210].into_iter();
        let op = TransactWriteItems::new()
            .item(delete())
            .ensure_client_request_token(|| seeds.next().unwrap());
        let mut buf = Vec::new();
        op.encode(&mut buf).unwrap();
        assert_eq!(
            core::str::from_utf8(&buf).unwrap(),
            r#"{"TransactItems":[{"Delete":{"TableName":"t","Key":{"pk":{"S":"a"}}}}],"ClientRequestToken":"01234567-89ab-4def-bedc-ba9876543210"}"#
        );
        assert_eq!(
            uuid_v4(u64::MAX, u64::MAX),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert_eq!(uuid_v4(0, 0), "00000000-0000-4000-8000-000000000000");
        // As the u128 `format!` it replaced wrote them.
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..200 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let (high, low) = (x, x.rotate_left(29) ^ 0x5555_aaaa_0f0f_f0f0);
            let bits = (u128::from(high) << 64 | u128::from(low)) & !(0xf << 76) & !(0b11 << 62)
                | (0x4 << 76)
                | (0b10 << 62);
            let hex = alloc::format!("{bits:032x}");
            let (a, rest) = hex.split_at(8);
            let (b, rest) = rest.split_at(4);
            let (c, rest) = rest.split_at(4);
            let (d, e) = rest.split_at(4);
            assert_eq!(uuid_v4(high, low), alloc::format!("{a}-{b}-{c}-{d}-{e}"));
        }
    }

    #[test]
    fn a_token_the_caller_set_is_kept() {
        let op = TransactWriteItems::new()
            .item(delete())
            .client_request_token("mine")
            .ensure_client_request_token(|| unreachable!("no token is generated"));
        assert_eq!(op.token(), Some("mine"));
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

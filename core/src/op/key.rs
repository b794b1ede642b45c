//! A key as every action sends it: checked against DynamoDB's key rules
//! (not empty; at most 2,048 bytes, 1,024 for a range key), then written.
//! Raw keys — given to GetItem, DeleteItem, UpdateItem, batches and
//! transactions — are refused before sending exactly as model keys are,
//! with [`EncodeErrorKind::EmptyKey`](crate::error::EncodeErrorKind::EmptyKey)
//! or [`KeyTooLarge`](crate::error::EncodeErrorKind::KeyTooLarge).

use alloc::vec::Vec;

use crate::attr::{MAX_HASH_KEY_BYTES, MAX_RANGE_KEY_BYTES, check_key_value};
use crate::error::EncodeError;
use crate::json::write_item;
use crate::value::{Item, Key};

/// Checks `key`'s values, then writes it as an item's JSON.
pub(crate) fn write_key(buf: &mut Vec<u8>, key: &Key) -> Result<(), EncodeError> {
    check_key(key.as_item(), key.range_name())?;
    write_item(buf, key.as_item())
}

/// Checks each value of a key given as an item; `range` names the range
/// key when known (else every value gets the hash key's limit).
pub(crate) fn check_key(item: &Item, range: Option<&str>) -> Result<(), EncodeError> {
    for (name, value) in item {
        let limit = if Some(name.as_str()) == range {
            MAX_RANGE_KEY_BYTES
        } else {
            MAX_HASH_KEY_BYTES
        };
        check_key_value(value, limit).map_err(|e| e.at_field(name))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;
    use alloc::vec;

    use crate::client::scripted::{Scripted, run};
    use crate::error::{EncodeErrorKind, Error};
    use crate::expr::{AttributePath, Update, UpdateAction};
    use crate::op::{
        BatchGetItem, DeleteItem, EncodeOptions, GetItem, Operation, TransactGet, TransactGetItems,
        TransactWrite, TransactWriteItems, TransactWriteKind, UpdateItem, WriteRequest,
    };
    use crate::value::{AttributeValue, Item, Key};

    fn s(text: &str) -> AttributeValue {
        AttributeValue::S(text.into())
    }

    /// The encode error kind of building `operation`'s request.
    fn refusal(operation: &impl Operation) -> EncodeErrorKind {
        match operation.request(&EncodeOptions::default()) {
            Err(Error::Encode(e)) => e.kind().clone(),
            other => panic!("expected an encode error, got {other:?}"),
        }
    }

    fn update() -> Update {
        Update::new().action(UpdateAction::Add(
            AttributePath::new("n"),
            AttributeValue::N(crate::number::Number::parse("1").unwrap()),
        ))
    }

    fn transact(kind: TransactWriteKind) -> TransactWriteItems {
        TransactWriteItems::new().item(TransactWrite {
            table: "tab".into(),
            kind,
            condition: Some(crate::expr::Condition::exists(AttributePath::new("pk"))),
            return_item_on_condition_failure: false,
        })
    }

    /// Every raw path that sends a key: its refusal of `key`.
    fn every_raw_path(key: &Key) -> [EncodeErrorKind; 8] {
        let get = TransactGetItems::new().item(TransactGet {
            table: "tab".into(),
            key: key.clone(),
            projection: Default::default(),
        });
        let delete = match WriteRequest::delete(key.as_item()) {
            Err(e) => e.kind().clone(),
            Ok(w) => panic!("accepted {w:?}"),
        };
        [
            refusal(&GetItem::new("tab", key.clone())),
            refusal(&DeleteItem::new("tab", key.clone())),
            refusal(&UpdateItem::new("tab", key.clone(), update())),
            refusal(&BatchGetItem::new("tab", vec![key.clone()])),
            refusal(&get),
            refusal(&transact(TransactWriteKind::Delete(key.clone()))),
            refusal(&transact(TransactWriteKind::Update(key.clone(), update()))),
            // A batch delete of a key DynamoDB would reject.
            delete,
        ]
    }

    #[test]
    fn raw_keys_are_refused_like_model_keys_on_every_path() {
        let empty = Key::hash("pk", s(""));
        assert_eq!(
            every_raw_path(&empty),
            [(); 8].map(|_| EncodeErrorKind::EmptyKey)
        );
        let empty_binary = Key::hash("pk", AttributeValue::B(vec![]));
        assert_eq!(
            every_raw_path(&empty_binary),
            [(); 8].map(|_| EncodeErrorKind::EmptyKey)
        );
        let long_hash = Key::hash("pk", s(&"h".repeat(2049)));
        let too_large = EncodeErrorKind::KeyTooLarge {
            size: 2049,
            limit: 2048,
        };
        assert_eq!(
            every_raw_path(&long_hash),
            [(); 8].map(|_| too_large.clone())
        );
        let check = transact(TransactWriteKind::ConditionCheck(long_hash));
        assert_eq!(refusal(&check), too_large);
    }

    #[test]
    fn a_raw_range_key_gets_the_1024_byte_limit() {
        let key = Key::hash("pk", s("a")).range("sk", s(&"r".repeat(1025)));
        let Err(Error::Encode(e)) = GetItem::new("tab", key).request(&EncodeOptions::default())
        else {
            panic!("accepted")
        };
        assert_eq!(
            e.kind(),
            &EncodeErrorKind::KeyTooLarge {
                size: 1025,
                limit: 1024
            }
        );
        assert_eq!(e.location().to_string(), "sk");
        // At the limits, keys are sent.
        let key = Key::hash("pk", s(&"h".repeat(2048))).range("sk", s(&"r".repeat(1024)));
        assert!(
            GetItem::new("tab", key)
                .request(&EncodeOptions::default())
                .is_ok()
        );
        // Without a named range key, each value gets the hash key's limit.
        let mut item = Item::new();
        item.insert("pk".into(), s("a"));
        item.insert("sk".into(), s(&"r".repeat(1025)));
        assert!(
            GetItem::new("tab", Key::from_item(item))
                .request(&EncodeOptions::default())
                .is_ok()
        );
    }

    #[test]
    fn a_refused_raw_key_sends_nothing() {
        let db = Scripted::client();
        let error = run(db.send(&GetItem::new("tab", Key::hash("pk", s(""))))).unwrap_err();
        assert!(matches!(error, Error::Encode(ref e) if e.kind() == &EncodeErrorKind::EmptyKey));
        assert!(db.transport().take_sent().is_empty());
    }

    #[test]
    fn a_batch_get_with_one_bad_key_sends_nothing_and_hands_back_every_key() {
        use crate::batch::{BatchGetAs, BatchGetter};
        use crate::machine::{Machine, Step};
        use crate::op::BatchGetOutput;
        use crate::transport::Response;

        let keys = vec![Key::hash("pk", s("a")), Key::hash("pk", s(""))];
        let getter = BatchGetter::new("tab", keys, crate::retry::RetryPolicy::default(), 1);
        let decode = |_: &Response| -> Result<BatchGetOutput<Item>, Error> {
            Err(Error::InvalidRequest("nothing is sent".into()))
        };
        let mut machine = BatchGetAs::new(getter, decode);
        let Err(Error::BatchIncomplete(incomplete)) = machine.poll(&EncodeOptions::default())
        else {
            panic!("a request was made")
        };
        let Error::Encode(cause) = incomplete.cause() else {
            panic!("{incomplete:?}")
        };
        assert_eq!(cause.kind(), &EncodeErrorKind::EmptyKey);
        assert_eq!(cause.location().to_string(), "[1].pk");
        assert_eq!(incomplete.unread().len(), 2, "every key is handed back");
        assert!(
            matches!(machine.poll(&EncodeOptions::default()), Ok(Step::Done)),
            "ended"
        );
    }
}

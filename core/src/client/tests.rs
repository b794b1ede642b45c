//! The driver and the client-level machines against a scripted transport:
//! exact request bytes, retries, pauses in virtual time, batch leftovers.

use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::scripted::{Scripted, run};
use crate::batch::{BatchGetter, BatchWriter, MAX_UNPROCESSED_ROUNDS};
use crate::error::Error;
use crate::op::{GetItem, WriteRequest};
use crate::retry::{Jitter, RetryPolicy};
use crate::transport::{TransportError, TransportErrorKind};
use crate::value::Key;
use crate::value::{AttributeValue, Item};

const THROTTLED: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}"#;

fn key(pk: u32) -> Key {
    Key::hash("pk", AttributeValue::N(pk.into()))
}

fn put(pk: u32) -> WriteRequest {
    let mut item = Item::new();
    item.insert("pk".into(), AttributeValue::N(pk.into()));
    WriteRequest::put(&item).unwrap()
}

/// The pauses the default policy's backoff draws with the scripted seed.
fn backoff(rounds: u32) -> Vec<Duration> {
    let policy = RetryPolicy::default();
    let mut jitter = Jitter::new(7);
    (0..rounds)
        .map(|r| jitter.below(policy.ceiling(r)))
        .collect()
}

#[test]
fn a_throttled_request_is_sent_again_after_a_backoff_pause() {
    let db = Scripted::client();
    db.transport()
        .reply(400, THROTTLED)
        .ok(r#"{"Item":{"pk":{"N":"1"}}}"#);
    let item = run(db.send(&GetItem::new("orders", key(1)))).unwrap();
    assert_eq!(item.unwrap()["pk"], AttributeValue::N(1u32.into()));
    let body = r#"{"TableName":"orders","Key":{"pk":{"N":"1"}}}"#;
    assert_eq!(
        db.transport().take_sent(),
        [("GetItem", body.into()), ("GetItem", String::from(body))]
    );
    assert_eq!(db.transport().take_sleeps(), backoff(1));
}

#[test]
fn a_final_error_is_returned_after_one_attempt_without_a_pause() {
    let db = Scripted::client();
    db.transport().reply(
        400,
        r#"{"__type":"x#ValidationException","message":"bad key"}"#,
    );
    let err = run(db.send(&GetItem::new("orders", key(1)))).unwrap_err();
    assert!(matches!(err, Error::Service(_)), "{err:?}");
    assert_eq!(db.transport().take_sent().len(), 1);
    assert!(db.transport().take_sleeps().is_empty());
}

#[test]
fn retries_stop_after_the_policys_attempts_with_growing_pauses() {
    let db = Scripted::client();
    for _ in 0..10 {
        db.transport()
            .fail(TransportError::new(TransportErrorKind::Io, "reset"));
    }
    let err = run(db.send(&GetItem::new("orders", key(1)))).unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(db.transport().take_sent().len(), 10);
    assert_eq!(db.transport().take_sleeps(), backoff(9));
    assert_eq!(db.transport().unused(), 0);
}

#[test]
fn batch_write_chunks_by_25_and_resends_unprocessed_writes_first_after_a_pause() {
    let db = Scripted::client();
    db.transport()
        .ok(r#"{"UnprocessedItems":{"tab":[{"PutRequest":{"Item":{"pk":{"N":"3"}}}}]}}"#)
        .ok(r#"{"UnprocessedItems":{}}"#);
    let writer = BatchWriter::new("tab", (0..30).map(put).collect(), RetryPolicy::default(), 7);
    run(db.batch_write(writer)).unwrap();
    let sent = db.transport().take_sent();
    assert_eq!(sent.len(), 2);
    let first: Vec<String> = (0..25)
        .map(|i| alloc::format!(r#"{{"PutRequest":{{"Item":{{"pk":{{"N":"{i}"}}}}}}}}"#))
        .collect();
    assert_eq!(
        sent[0].1,
        alloc::format!(r#"{{"RequestItems":{{"tab":[{}]}}}}"#, first.join(","))
    );
    let second: Vec<String> = [3, 25, 26, 27, 28, 29]
        .iter()
        .map(|i| alloc::format!(r#"{{"PutRequest":{{"Item":{{"pk":{{"N":"{i}"}}}}}}}}"#))
        .collect();
    assert_eq!(
        sent[1].1,
        alloc::format!(r#"{{"RequestItems":{{"tab":[{}]}}}}"#, second.join(","))
    );
    assert_eq!(db.transport().take_sleeps(), backoff(1));
}

#[test]
fn a_failed_batch_write_returns_every_unwritten_write() {
    let db = Scripted::client().retry_policy(RetryPolicy::none());
    db.transport()
        .ok(r#"{}"#)
        .reply(400, r#"{"__type":"x#ValidationException","message":"no"}"#);
    let writer = BatchWriter::new("tab", (0..30).map(put).collect(), RetryPolicy::default(), 7);
    let Err(Error::BatchIncomplete(incomplete)) = run(db.batch_write(writer)) else {
        panic!("expected BatchIncomplete")
    };
    let unwritten: Vec<WriteRequest> = (25..30).map(put).collect();
    assert_eq!(incomplete.unwritten(), unwritten.as_slice());
    assert!(matches!(incomplete.cause(), Error::Service(_)));
}

#[test]
fn a_batch_write_gives_up_after_too_many_unprocessed_rounds_returning_the_rest() {
    let db = Scripted::client();
    for _ in 0..=MAX_UNPROCESSED_ROUNDS {
        db.transport()
            .ok(r#"{"UnprocessedItems":{"tab":[{"PutRequest":{"Item":{"pk":{"N":"1"}}}}]}}"#);
    }
    let writer = BatchWriter::new("tab", alloc::vec![put(1)], RetryPolicy::default(), 7);
    let Err(Error::BatchIncomplete(incomplete)) = run(db.batch_write(writer)) else {
        panic!("expected BatchIncomplete")
    };
    assert_eq!(incomplete.unwritten(), &[put(1)]);
    assert_eq!(
        db.transport().take_sent().len(),
        MAX_UNPROCESSED_ROUNDS as usize + 1
    );
    assert_eq!(
        db.transport().take_sleeps(),
        backoff(MAX_UNPROCESSED_ROUNDS)
    );
}

#[test]
fn batch_get_asks_again_for_unprocessed_keys_after_a_pause() {
    let db = Scripted::client();
    db.transport()
        .ok(r#"{"Responses":{"tab":[{"pk":{"N":"1"}}]},"UnprocessedKeys":{"tab":{"Keys":[{"pk":{"N":"2"}}]}}}"#)
        .ok(r#"{"Responses":{"tab":[{"pk":{"N":"2"}}]},"UnprocessedKeys":{}}"#);
    let getter = BatchGetter::new(
        "tab",
        alloc::vec![key(1), key(2)],
        RetryPolicy::default(),
        7,
    )
    .consistent_read(true);
    let items = run(db.batch_get(getter)).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["pk"], AttributeValue::N(2u32.into()));
    let sent = db.transport().take_sent();
    assert_eq!(
        sent[0].1,
        r#"{"RequestItems":{"tab":{"Keys":[{"pk":{"N":"1"}},{"pk":{"N":"2"}}],"ConsistentRead":true}}}"#
    );
    assert_eq!(
        sent[1].1,
        r#"{"RequestItems":{"tab":{"Keys":[{"pk":{"N":"2"}}],"ConsistentRead":true}}}"#
    );
    assert_eq!(db.transport().take_sleeps(), backoff(1));
}

#[test]
#[cfg(feature = "hooks")]
fn hooks_see_each_attempt_with_its_table_and_virtual_duration() {
    use alloc::sync::Arc;
    use std::sync::Mutex;

    /// Attempt number, table, consumed capacity and request ID of each
    /// attempt.
    type Attempt = (u32, Option<String>, Option<f64>, Option<String>);
    #[derive(Default)]
    struct Log(Mutex<Vec<Attempt>>);
    impl super::Hook for Log {
        fn after_send(&self, r: &super::ResponseInfo<'_>) {
            self.0.lock().unwrap().push((
                r.request.attempt,
                r.request.table.map(String::from),
                r.consumed_capacity,
                r.request_id.map(String::from),
            ));
        }
    }
    let log = Arc::new(Log::default());
    let db = Scripted::client()
        .hook(log.clone())
        .return_consumed_capacity(true);
    db.transport()
        .reply_with_id(400, THROTTLED, "A")
        .reply_with_id(
            200,
            r#"{"ConsumedCapacity":{"TableName":"orders","CapacityUnits":0.5}}"#,
            "B",
        );
    run(db.send(&GetItem::new("orders", key(1)))).unwrap();
    assert_eq!(
        db.transport().take_sent()[1].1,
        r#"{"TableName":"orders","Key":{"pk":{"N":"1"}},"ReturnConsumedCapacity":"TOTAL"}"#
    );
    assert_eq!(
        *log.0.lock().unwrap(),
        [
            (1, Some("orders".into()), None, Some("A".into())),
            (2, Some("orders".into()), Some(0.5), Some("B".into()))
        ]
    );
}

/// A failed call's error carries the `x-amzn-RequestId` of the reply it
/// decodes: the last attempt's after retries, the failed request's behind
/// an incomplete batch; a 2xx reply's reaches the hooks.
#[test]
fn errors_carry_the_request_id_of_their_reply() {
    let conditional = r#"{"__type":"x#ConditionalCheckFailedException","message":"no"}"#;
    let canceled =
        r#"{"__type":"x#TransactionCanceledException","message":"no","CancellationReasons":[]}"#;
    for (body, kind) in [
        (
            r#"{"__type":"x#ValidationException","message":"bad key"}"#,
            "Service",
        ),
        (conditional, "ConditionalCheckFailed"),
        (canceled, "TransactionCanceled"),
    ] {
        let db = Scripted::client();
        db.transport().reply_with_id(400, body, "REQ-1");
        let err = run(db.send(&GetItem::new("orders", key(1)))).unwrap_err();
        assert!(alloc::format!("{err:?}").starts_with(kind), "{err:?}");
        assert_eq!(err.request_id(), Some("REQ-1"), "{kind}");
    }
    let db = Scripted::client().retry_policy(RetryPolicy {
        max_attempts: 2,
        ..RetryPolicy::default()
    });
    db.transport()
        .reply_with_id(400, THROTTLED, "first")
        .reply_with_id(400, THROTTLED, "last");
    let err = run(db.send(&GetItem::new("orders", key(1)))).unwrap_err();
    assert_eq!(err.request_id(), Some("last"));

    let db = Scripted::client().retry_policy(RetryPolicy::none());
    db.transport().ok(r#"{}"#).reply_with_id(
        400,
        r#"{"__type":"x#ValidationException","message":"no"}"#,
        "REQ-2",
    );
    let writer = BatchWriter::new("tab", (0..30).map(put).collect(), RetryPolicy::default(), 7);
    let err = run(db.batch_write(writer)).unwrap_err();
    assert!(matches!(err, Error::BatchIncomplete(_)), "{err:?}");
    assert_eq!(err.request_id(), Some("REQ-2"));

    let db = Scripted::client();
    db.transport()
        .reply(400, r#"{"__type":"x#ValidationException"}"#);
    let err = run(db.send(&GetItem::new("orders", key(1)))).unwrap_err();
    assert_eq!(err.request_id(), None, "no header, no ID");
}

#[test]
fn a_client_made_with_settings_sends_with_them() {
    let settings = super::Settings {
        table_prefix: "staging-".into(),
        ..super::Settings::default()
    };
    let db = super::Client::with_settings(Scripted::default(), settings);
    db.transport().ok(r#"{}"#);
    assert_eq!(db.table_name("orders"), "staging-orders");
    run(db.send(&GetItem::new(&*db.table_name("orders"), key(1)))).unwrap();
    assert_eq!(
        db.transport().take_sent(),
        [(
            "GetItem",
            String::from(r#"{"TableName":"staging-orders","Key":{"pk":{"N":"1"}}}"#)
        )]
    );
}

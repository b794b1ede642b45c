//! Key values DynamoDB rejects are refused before anything is sent: empty
//! strings on save as on get, hash keys over 2,048 bytes and range keys
//! over 1,024 on save, get, update and delete.

use alloc::string::String;

use crate::Model;
use crate::client::Client;
use crate::client::scripted::{Scripted, run};
use crate::error::{EncodeErrorKind, Error};

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(crate = "crate", table = "events")]
struct Event {
    #[rynamo(hash_key)]
    stream: String,
    #[rynamo(range_key)]
    at: String,
    body: String,
}

fn event(stream: &str, at: &str) -> Event {
    Event {
        stream: stream.into(),
        at: at.into(),
        body: "b".into(),
    }
}

/// The encode error kind of `result`.
fn kind<T: core::fmt::Debug>(result: Result<T, Error>) -> EncodeErrorKind {
    match result {
        Err(Error::Encode(e)) => e.kind().clone(),
        other => panic!("expected an encode error, got {other:?}"),
    }
}

/// Saves, gets, updates and deletes `(hash, range)`; the error kind of each.
fn every_operation(db: &Client<Scripted>, hash: &str, range: &str) -> [EncodeErrorKind; 4] {
    let mut e = event(hash, range);
    [
        kind(run(e.save().send(db))),
        kind(run(Event::get((hash, range)).send(db))),
        kind(run(Event::update((hash, range))
            .set(Event::BODY, String::from("c"))
            .send(db))),
        kind(run(Event::delete_key((hash, range)).send(db))),
    ]
}

#[test]
fn an_empty_key_string_is_refused_on_save_as_on_get() {
    let db = Scripted::client();
    let mut empty_hash = event("", "t1");
    assert_eq!(
        kind(run(empty_hash.save().send(&db))),
        EncodeErrorKind::EmptyKey
    );
    let mut empty_range = event("s", "");
    assert_eq!(
        kind(run(empty_range.save().send(&db))),
        EncodeErrorKind::EmptyKey
    );
    assert_eq!(
        every_operation(&db, "", "t"),
        [(); 4].map(|_| EncodeErrorKind::EmptyKey)
    );
    assert!(db.transport().take_sent().is_empty(), "nothing was sent");
}

#[test]
fn a_hash_key_over_2048_bytes_is_refused_before_sending() {
    let db = Scripted::client();
    // 683 three-byte characters: 2,049 bytes in UTF-8, 683 chars.
    let long = "€".repeat(683);
    let expected = EncodeErrorKind::KeyTooLarge {
        size: 2049,
        limit: 2048,
    };
    assert_eq!(
        every_operation(&db, &long, "t"),
        [(); 4].map(|_| expected.clone())
    );
    assert!(db.transport().take_sent().is_empty(), "nothing was sent");
    db.transport().ok("{}");
    run(event(&"h".repeat(2048), "t").save().send(&db)).unwrap();
    assert_eq!(
        db.transport().take_sent().len(),
        1,
        "2,048 bytes is allowed"
    );
}

#[test]
fn a_range_key_over_1024_bytes_is_refused_before_sending() {
    let db = Scripted::client();
    let long = "r".repeat(1025);
    let expected = EncodeErrorKind::KeyTooLarge {
        size: 1025,
        limit: 1024,
    };
    assert_eq!(
        every_operation(&db, "s", &long),
        [(); 4].map(|_| expected.clone())
    );
    assert!(db.transport().take_sent().is_empty(), "nothing was sent");
    db.transport().ok("{}");
    run(event("s", &"r".repeat(1024)).save().send(&db)).unwrap();
    assert_eq!(
        db.transport().take_sent().len(),
        1,
        "1,024 bytes is allowed"
    );
}

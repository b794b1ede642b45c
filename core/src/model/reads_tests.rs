//! Reads that stay correct as data changes, against a scripted transport:
//! a bad item costs only itself (items and pages), pages report counts
//! and capacity, partial items, typed return values — exact bytes.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::Model;
use crate::client::scripted::{Scripted, run};
use crate::error::{DecodeErrorKind, Error, ItemSource};
use crate::expr::PathExpr;
use crate::model::Partial;
use crate::value::AttributeValue;

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(crate = "crate", table = "entries")]
struct Entry {
    #[rynamo(hash_key)]
    account: String,
    #[rynamo(range_key)]
    n: u32,
    amount: i64,
    note: Option<String>,
}

fn entry(n: u32, amount: &str) -> String {
    alloc::format!(r#"{{"account":{{"S":"a"}},"n":{{"N":"{n}"}},"amount":{amount}}}"#)
}

/// A page of entries 0..5 where entry 2's amount is text.
fn page_with_a_bad_item() -> String {
    let items: Vec<String> = (0..5)
        .map(|n| {
            if n == 2 {
                entry(n, r#"{"S":"lots"}"#)
            } else {
                entry(n, &alloc::format!(r#"{{"N":"{n}"}}"#))
            }
        })
        .collect();
    alloc::format!(
        r#"{{"Items":[{}],"Count":5,"ScannedCount":7,"ConsumedCapacity":{{"TableName":"entries","CapacityUnits":1.5}}}}"#,
        items.join(",")
    )
}

fn is_bad_entry(e: &Error) -> bool {
    let Error::Item(e) = e else { return false };
    e.source() == ItemSource::Read
        && e.attribute() == Some("amount")
        && e.key().get("account") == Some(&AttributeValue::S("a".into()))
        && e.key().get("n") == Some(&AttributeValue::N(2u32.into()))
        && e.key().len() == 2
        && e.item().is_none()
}

#[test]
fn items_hand_back_a_bad_item_as_its_error_and_go_on() {
    let db = Scripted::client();
    db.transport().ok(&page_with_a_bad_item());
    let mut items = Entry::query("a").items(&db);
    let mut seen = Vec::new();
    loop {
        match run(items.next()) {
            Ok(Some(e)) => seen.push(Ok(e.n)),
            Ok(None) => break,
            Err(e) => {
                assert!(is_bad_entry(&e), "{e:?}");
                seen.push(Err(()));
            }
        }
    }
    assert_eq!(seen, [Ok(0), Ok(1), Err(()), Ok(3), Ok(4)]);
}

#[test]
fn pages_hand_back_a_bad_item_first_then_the_page_of_good_ones() {
    let db = Scripted::client();
    db.transport().ok(&page_with_a_bad_item());
    let mut pages = Entry::query("a").pages(&db);
    let err = run(pages.next()).unwrap_err();
    assert!(is_bad_entry(&err), "{err:?}");
    assert_eq!(
        err.to_string(),
        "item {account: \"a\", n: 2} does not read into the model: \
         cannot decode attribute `amount`: expected N, found S"
    );
    let page = run(pages.next()).unwrap().unwrap();
    let ns: Vec<u32> = page.items.iter().map(|e| e.n).collect();
    assert_eq!(ns, [0, 1, 3, 4]);
    assert_eq!((page.count, page.scanned_count), (5, 7));
    assert_eq!(page.consumed_capacity, Some(1.5));
    assert!(run(pages.next()).unwrap().is_none());
}

#[test]
fn parallel_items_hand_back_a_bad_item_as_its_error_and_go_on() {
    let db = Scripted::client();
    db.transport().ok(&page_with_a_bad_item());
    let mut items = Entry::scan().parallel(1).items(&db);
    let mut seen = Vec::new();
    loop {
        match run(items.next()) {
            Ok(Some(e)) => seen.push(Ok(e.n)),
            Ok(None) => break,
            Err(e) => {
                assert!(is_bad_entry(&e), "{e:?}");
                seen.push(Err(()));
            }
        }
    }
    assert_eq!(seen, [Ok(0), Ok(1), Err(()), Ok(3), Ok(4)]);
}

#[test]
fn all_stops_at_a_bad_item() {
    let db = Scripted::client();
    db.transport().ok(&page_with_a_bad_item());
    let err = run(Entry::scan().all(&db)).unwrap_err();
    assert!(is_bad_entry(&err), "{err:?}");
}

#[test]
fn consumed_capacity_is_asked_for_one_read_only() {
    let db = Scripted::client();
    db.transport()
        .ok(&page_with_a_bad_item()
            .replace(&entry(2, r#"{"S":"lots"}"#), &entry(2, r#"{"N":"2"}"#)))
        .ok(r#"{"Items":[],"Count":0,"ScannedCount":0}"#);
    let page = run(Entry::query("a")
        .filter(Entry::AMOUNT.gt(0i64))
        .return_consumed_capacity(true)
        .pages(&db)
        .next())
    .unwrap()
    .unwrap();
    assert_eq!(
        (page.items.len(), page.count, page.scanned_count),
        (5, 5, 7)
    );
    assert_eq!(page.consumed_capacity, Some(1.5));
    let page = run(Entry::query("a").pages(&db).next()).unwrap().unwrap();
    assert_eq!(page.consumed_capacity, None);
    let sent = db.transport().take_sent();
    assert_eq!(
        sent[0].1,
        r##"{"TableName":"entries","KeyConditionExpression":"#n0 = :v0","FilterExpression":"#n1 > :v1","ReturnConsumedCapacity":"TOTAL","ExpressionAttributeNames":{"#n0":"account","#n1":"amount"},"ExpressionAttributeValues":{":v0":{"S":"a"},":v1":{"N":"0"}}}"##
    );
    assert!(
        !sent[1].1.contains("ReturnConsumedCapacity"),
        "{}",
        sent[1].1
    );
}

#[test]
fn a_partial_reads_what_was_returned_typed_by_the_model_fields() {
    let db = Scripted::client();
    db.transport()
        .ok(r#"{"Items":[{"account":{"S":"a"},"n":{"N":"1"}},{"account":{"S":"a"},"n":{"N":"2"},"note":{"NULL":true},"amount":{"S":"x"}}],"Count":2}"#);
    let got = run(Entry::query("a").partial().all(&db)).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].require(Entry::N), Ok(1));
    assert_eq!(got[0].get(Entry::AMOUNT), Ok(None));
    assert!(!got[0].contains(Entry::AMOUNT));
    let missing = got[0].require(Entry::AMOUNT).unwrap_err();
    assert_eq!(
        (missing.kind(), missing.location().to_string().as_str()),
        (&DecodeErrorKind::Missing, "amount")
    );
    assert_eq!(got[1].get(Entry::NOTE), Ok(None));
    let wrong = got[1].get(Entry::AMOUNT).unwrap_err();
    assert_eq!(wrong.location().to_string(), "amount");
    assert!(got[0].clone().into_model().is_err());
    assert_eq!(
        got[0].key().unwrap().into_item(),
        got[0].as_item().clone(),
        "the key is the table's key"
    );
}

#[test]
fn a_partial_is_never_written() {
    let db = Scripted::client();
    let mut partial: Partial<Entry> = Partial::new(
        [
            ("account".into(), AttributeValue::S("a".into())),
            ("n".into(), AttributeValue::N(1u32.into())),
        ]
        .into(),
    );
    let err = run(partial.save().send(&db)).unwrap_err();
    assert!(matches!(err, Error::Encode(_)), "{err:?}");
    let err = run(Partial::<Entry>::batch_write().put(&partial).send(&db)).unwrap_err();
    assert!(
        matches!(&err, Error::Encode(_))
            || matches!(&err, Error::BatchIncomplete(b) if matches!(b.cause(), Error::Encode(_))),
        "{err:?}"
    );
    assert!(db.transport().take_sent().is_empty(), "nothing was sent");
}

#[test]
fn an_update_returns_the_old_item_and_the_changed_attributes_typed() {
    let db = Scripted::client();
    db.transport()
        .ok(&alloc::format!(
            r#"{{"Attributes":{}}}"#,
            entry(1, r#"{"N":"5"}"#)
        ))
        .ok(r#"{"Attributes":{"amount":{"N":"5"}}}"#)
        .ok(r#"{"Attributes":{"amount":{"N":"6"}}}"#)
        .ok(&alloc::format!(
            r#"{{"Attributes":{}}}"#,
            entry(1, r#"{"S":"x"}"#)
        ));
    let old = run(Entry::update(("a", 1u32))
        .add(Entry::AMOUNT, 1i64)
        .send_returning_old(&db))
    .unwrap()
    .unwrap();
    assert_eq!(old.amount, 5);
    let before = run(Entry::update(("a", 1u32))
        .add(Entry::AMOUNT, 1i64)
        .send_returning_updated_old(&db))
    .unwrap();
    assert_eq!(before.get(Entry::AMOUNT), Ok(Some(5)));
    let after = run(Entry::update(("a", 1u32))
        .add(Entry::AMOUNT, 1i64)
        .send_returning_updated_new(&db))
    .unwrap();
    assert_eq!(after.get(Entry::AMOUNT), Ok(Some(6)));
    assert_eq!(after.get(Entry::N), Ok(None));
    // The write happened; the old item it returned does not read.
    let err = run(Entry::delete_key(("a", 1u32)).send_returning_old(&db)).unwrap_err();
    let Error::Item(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.source(), ItemSource::Returned);
    assert_eq!(
        e.item().and_then(|i| i.get("amount")),
        Some(&AttributeValue::S("x".into()))
    );
    let sent: Vec<String> = db
        .transport()
        .take_sent()
        .into_iter()
        .map(|s| s.1)
        .collect();
    let update = |which: &str| {
        alloc::format!(
            r##"{{"TableName":"entries","Key":{{"account":{{"S":"a"}},"n":{{"N":"1"}}}},"UpdateExpression":"ADD #n0 :v0","ReturnValues":"{which}","ExpressionAttributeNames":{{"#n0":"amount"}},"ExpressionAttributeValues":{{":v0":{{"N":"1"}}}}}}"##
        )
    };
    assert_eq!(sent[0], update("ALL_OLD"));
    assert_eq!(sent[1], update("UPDATED_OLD"));
    assert_eq!(sent[2], update("UPDATED_NEW"));
    assert_eq!(
        sent[3],
        r#"{"TableName":"entries","Key":{"account":{"S":"a"},"n":{"N":"1"}},"ReturnValues":"ALL_OLD"}"#
    );
}

#[test]
fn an_updated_item_that_does_not_read_is_an_item_error_after_the_write() {
    // ALL_NEW through send_and_read and through apply(): the update took
    // effect, so the error says so and holds the item as returned.
    let db = Scripted::client();
    let bad = alloc::format!(r#"{{"Attributes":{}}}"#, entry(1, r#"{"S":"x"}"#));
    db.transport().ok(&bad).ok(&bad);
    let err = run(Entry::update(("a", 1u32))
        .add(Entry::AMOUNT, 1i64)
        .send_and_read(&db))
    .unwrap_err();
    let Error::Item(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.source(), ItemSource::Returned);
    assert_eq!(
        e.item().and_then(|i| i.get("amount")),
        Some(&AttributeValue::S("x".into()))
    );
    let mut instance = Entry {
        account: "a".into(),
        n: 1,
        amount: 5,
        note: None,
    };
    let err = run(instance.apply().add(Entry::AMOUNT, 1i64).send(&db)).unwrap_err();
    assert!(
        matches!(&err, Error::Item(e) if e.source() == ItemSource::Returned),
        "{err:?}"
    );
}

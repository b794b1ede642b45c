//! Every attribute codec round-tripped through the real server, and the
//! exact stored encodings PynamoDB expects.

use rynamo_core::Error;
use rynamo_core::error::DecodeErrorKind;
use rynamo_core::op::{GetItem, PutItem};
use rynamo_core::{AttributeValue, IntoKey, Item, Model, Number};

use crate::fixtures::{Kinds, client, create, run};

async fn raw(db: &rynamo_native::Client, id: &str) -> Item {
    let table = db.table_name(Kinds::TABLE);
    let key = IntoKey::<Kinds>::into_key(id).unwrap();
    db.send(&GetItem::new(table.as_ref(), key).consistent_read(true))
        .await
        .unwrap()
        .expect("item")
}

#[test]
fn every_attribute_kind_round_trips_through_dynamodb() {
    run(async {
        let db = client();
        create::<Kinds>(&db).await;
        let mut kinds = Kinds::sample("k1");
        kinds.save().send(&db).await.unwrap();
        let read = Kinds::get("k1")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(read, kinds);
    });
}

#[test]
fn stored_encodings_match_pynamodb() {
    run(async {
        let db = client();
        create::<Kinds>(&db).await;
        Kinds::sample("k2").save().send(&db).await.unwrap();
        let item = raw(&db, "k2").await;
        let s = |v: &str| AttributeValue::S(v.into());
        assert_eq!(item["created"], s("1999-12-31T23:59:59.999999+0000"));
        assert_eq!(item["flag"], AttributeValue::Bool(true));
        assert_eq!(item["bytes"], AttributeValue::B(vec![0, 1, 2, 254, 255]));
        // Legacy binary: base64 text inside B, as PynamoDB 5 wrote it.
        assert_eq!(item["legacy"], AttributeValue::B(b"b2xkIGJ5dGVz".to_vec()));
        assert_eq!(item["status"], s("cancelled"));
        assert_eq!(item["nothing"], AttributeValue::Null);
        assert_eq!(
            item["exact"],
            AttributeValue::N(Number::parse("12345678901234567890.123456789012345678").unwrap())
        );
        assert_eq!(
            item["exact"].as_n().unwrap().as_str(),
            "12345678901234567890.123456789012345678"
        );
        assert_eq!(item["u"].as_n().unwrap().as_str(), "18446744073709551615");
        let AttributeValue::S(doc) = &item["doc"] else {
            panic!("JSON is stored as S")
        };
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(doc).unwrap(),
            serde_json::json!({"a": [1, 2.5, "x", null, true], "b": {"c": "d"}})
        );
        assert!(matches!(&item["ss"], AttributeValue::Ss(v) if v.len() == 2));
        assert!(matches!(&item["ns"], AttributeValue::Ns(v) if v.len() == 3));
        assert!(matches!(&item["bs"], AttributeValue::Bs(v) if v.len() == 2));
        // Empty sets and None are left out; PynamoDB does the same.
        assert!(!item.contains_key("empty_set"));
        assert!(!item.contains_key("absent"));
        // Inside lists, None is NULL.
        assert_eq!(
            item["nested_lists"],
            AttributeValue::L(vec![
                AttributeValue::L(vec![
                    AttributeValue::N(Number::from(1)),
                    AttributeValue::Null
                ]),
                AttributeValue::L(vec![]),
            ])
        );
    });
}

#[test]
fn dates_in_other_iso_spellings_read_back() {
    run(async {
        let db = client();
        create::<Kinds>(&db).await;
        let table = db.table_name(Kinds::TABLE);
        let mut item = Kinds::sample("k3").to_item().unwrap();
        item.insert(
            "created".into(),
            AttributeValue::S("2000-01-01T01:00:00.5+01:00".into()),
        );
        db.send(&PutItem::new(table.as_ref(), &item)).await.unwrap();
        let read = Kinds::get("k3").send(&db).await.unwrap();
        assert_eq!(read.created.to_string(), "2000-01-01T00:00:00.500000+0000");
    });
}

#[test]
fn bad_stored_data_is_a_typed_error_naming_the_attribute() {
    run(async {
        let db = client();
        create::<Kinds>(&db).await;
        let table = db.table_name(Kinds::TABLE);
        let cases: [(&str, AttributeValue, &str); 4] = [
            ("i", AttributeValue::S("not a number".into()), "i"),
            ("small", AttributeValue::N(Number::from(1000)), "small"),
            ("created", AttributeValue::S("yesterday".into()), "created"),
            (
                "lines",
                AttributeValue::L(vec![AttributeValue::N(Number::from(1))]),
                "lines[0]",
            ),
        ];
        for (name, bad, path) in cases {
            let mut item = Kinds::sample("k4").to_item().unwrap();
            item.insert(name.into(), bad);
            db.send(&PutItem::new(table.as_ref(), &item)).await.unwrap();
            let err = Kinds::get("k4")
                .consistent_read(true)
                .send(&db)
                .await
                .unwrap_err();
            let Error::Decode(e) = &err else {
                panic!("{name}: {err:?}")
            };
            assert_eq!(e.location().to_string(), path, "{name}: {err}");
            assert!(
                !matches!(e.kind(), DecodeErrorKind::Missing),
                "{name}: {err}"
            );
        }
    });
}

#[test]
fn nan_is_refused_before_sending() {
    run(async {
        let db = client();
        let mut kinds = Kinds::sample("k5");
        kinds.f = f64::NAN;
        // No table exists: the error must come from encoding, not the server.
        let err = kinds.save().send(&db).await.unwrap_err();
        let Error::Encode(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(e.location().to_string(), "f");
    });
}

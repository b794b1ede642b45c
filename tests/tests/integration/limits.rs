//! DynamoDB's limits as typed errors before anything is sent. Each test
//! uses a table that does not exist: had the request gone out, the error
//! would be `ResourceNotFound` instead.

use rynamo_core::error::EncodeErrorKind;
use rynamo_core::model::Transaction;
use rynamo_core::op::PutItem;
use rynamo_core::{AttributeValue, Error, Item, Model, Number};

use crate::fixtures::{Kinds, Order, client, create, run};

fn encode_kind(err: &Error) -> &EncodeErrorKind {
    match err {
        Error::Encode(e) => e.kind(),
        other => panic!("expected an encode error, got {other:?}"),
    }
}

#[test]
fn items_over_400_kb_are_refused_and_just_under_is_accepted() {
    run(async {
        let db = client();
        let mut big = Kinds::sample("big");
        big.s = "x".repeat(400 * 1024);
        let err = big.save().send(&db).await.unwrap_err();
        assert!(
            matches!(encode_kind(&err), EncodeErrorKind::ItemTooLarge { size } if *size > 400 * 1024),
            "{err}"
        );
        let err = Kinds::batch_write().put(&big).send(&db).await.unwrap_err();
        assert!(
            matches!(encode_kind(&err), EncodeErrorKind::ItemTooLarge { .. }),
            "{err}"
        );
        let err = Transaction::new().put(&big).send(&db).await.unwrap_err();
        assert!(
            matches!(err, Error::Encode(ref e) if matches!(e.kind(), EncodeErrorKind::ItemTooLarge { .. })),
            "{err}"
        );

        // Binary counts raw, not base64: 350 KB of bytes is fine though its JSON is larger.
        create::<Kinds>(&db).await;
        let mut fits = Kinds::sample("fits");
        fits.bytes = vec![7u8; 350 * 1024];
        fits.save().send(&db).await.unwrap();
        assert_eq!(
            Kinds::get("fits").send(&db).await.unwrap().bytes.len(),
            350 * 1024
        );
    });
}

#[test]
fn numbers_beyond_dynamodb_precision_or_range_are_refused() {
    assert!(Number::parse("1234567890123456789012345678901234567890").is_err());
    assert!(Number::parse("1e126").is_err());
    assert!(Number::parse("1e-131").is_err());
    run(async {
        let db = client();
        let mut k = Kinds::sample("n");
        k.f = 1e300;
        let err = k.save().send(&db).await.unwrap_err();
        assert!(
            matches!(encode_kind(&err), EncodeErrorKind::Number(_)),
            "{err}"
        );
    });
}

#[test]
fn empty_keys_empty_sets_and_bad_names_are_refused() {
    run(async {
        let db = client();
        let err = Order::get(("", "o")).send(&db).await.unwrap_err();
        assert_eq!(encode_kind(&err), &EncodeErrorKind::EmptyKey);
        let mut item = Item::new();
        item.insert("id".into(), AttributeValue::S("x".into()));
        item.insert("tags".into(), AttributeValue::Ss(vec![]));
        let table = db.table_name(Kinds::TABLE);
        let err = db
            .send(&PutItem::new(table.as_ref(), &item))
            .await
            .unwrap_err();
        assert_eq!(encode_kind(&err), &EncodeErrorKind::EmptySet);
        let mut item = Item::new();
        item.insert("".into(), AttributeValue::S("x".into()));
        let err = db
            .send(&PutItem::new(table.as_ref(), &item))
            .await
            .unwrap_err();
        assert!(
            matches!(encode_kind(&err), EncodeErrorKind::Invalid(_)),
            "{err}"
        );
        let err = db
            .send(&PutItem::new("bad table name!", &Item::new()))
            .await
            .unwrap_err();
        assert!(
            matches!(encode_kind(&err), EncodeErrorKind::Invalid(m) if m.contains("table name")),
            "{err}"
        );
        let err = db
            .send(&rynamo_core::op::DescribeTable::new("ab"))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Encode(_)), "{err}");
    });
}

#[test]
fn empty_or_oversized_keys_and_duplicate_set_members_write_nothing() {
    run(async {
        let db = client();
        create::<Kinds>(&db).await;
        let err = Kinds::sample("").save().send(&db).await.unwrap_err();
        assert_eq!(encode_kind(&err), &EncodeErrorKind::EmptyKey);
        let err = Kinds::sample(&"k".repeat(2049))
            .save()
            .send(&db)
            .await
            .unwrap_err();
        assert_eq!(
            encode_kind(&err),
            &EncodeErrorKind::KeyTooLarge {
                size: 2049,
                limit: 2048
            }
        );
        let mut dup = Kinds::sample("dup");
        dup.raw.insert(
            "tags".into(),
            AttributeValue::Ss(vec!["a".into(), "b".into(), "a".into()]),
        );
        let err = dup.save().send(&db).await.unwrap_err();
        assert_eq!(encode_kind(&err), &EncodeErrorKind::DuplicateSetMember);
        assert!(Number::parse("0e99999999999999999999").is_err());
        assert_eq!(
            Kinds::scan().count(&db).await.unwrap(),
            0,
            "nothing was written"
        );
        // A hash key of exactly 2,048 bytes is stored.
        Kinds::sample(&"k".repeat(2048))
            .save()
            .send(&db)
            .await
            .unwrap();
        assert_eq!(Kinds::scan().count(&db).await.unwrap(), 1);
    });
}

//! Change-stream records read into models: AWS Lambda event fixtures
//! (`tests/fixtures/streams/`) pinned with exact expected values —
//! binary, sets, nested maps, each view type, an unknown entity type and a
//! malformed image.

use std::collections::BTreeSet;

use rynamo_core::attr::UtcDateTime;
use rynamo_core::error::{DecodeErrorKind, StreamImage};
use rynamo_core::prelude::*;
use rynamo_core::streams::{
    Change, ChangeEvent, EventName, StreamViewType, UnknownType, decode_lambda_event,
    decode_record, lambda_records,
};
use rynamo_core::value::ValueType;

#[derive(Attribute, Debug, Clone, PartialEq)]
struct Geo {
    lat: Number,
    lon: Number,
}

#[derive(Attribute, Debug, Clone, PartialEq)]
struct Address {
    street: String,
    geo: Geo,
    notes: Vec<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "shop",
    discriminator = "type",
    discriminator_value = "customer"
)]
struct Customer {
    #[rynamo(hash_key)]
    pk: String,
    #[rynamo(range_key)]
    sk: String,
    name: String,
    avatar: Option<Vec<u8>>,
    thumbnails: BTreeSet<Vec<u8>>,
    tags: BTreeSet<String>,
    scores: BTreeSet<u32>,
    address: Address,
    active: bool,
    nickname: Option<String>,
}

#[derive(Attribute, Debug, Clone, PartialEq)]
struct Line {
    sku: String,
    qty: u32,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "shop", discriminator = "type", discriminator_value = "order")]
struct Order {
    #[rynamo(hash_key)]
    pk: String,
    #[rynamo(range_key)]
    sk: String,
    total: u32,
    lines: Vec<Line>,
}

/// The table's entities this code knows (the table also holds invoices).
#[allow(clippy::large_enum_variant)] // a test model, matched by value
#[derive(Model, Debug, Clone, PartialEq)]
enum Entity {
    Customer(Customer),
    Order(Order),
}

const ARN_EU: &str =
    "arn:aws:dynamodb:eu-west-1:123456789012:table/shop/stream/2026-01-01T00:00:00.000";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/streams/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn key(pk: &str, sk: &str) -> Item {
    Item::from([
        ("pk".to_string(), AttributeValue::S(pk.into())),
        ("sk".to_string(), AttributeValue::S(sk.into())),
    ])
}

fn order(sk: &str, total: u32, lines: &[(&str, u32)]) -> Order {
    Order {
        pk: "CUSTOMER#c1".into(),
        sk: sk.into(),
        total,
        lines: lines
            .iter()
            .map(|(sku, qty)| Line {
                sku: (*sku).into(),
                qty: *qty,
            })
            .collect(),
    }
}

#[test]
fn lambda_event_with_both_images_reads_into_a_polymorphic_model() {
    let events: Vec<ChangeEvent<Entity>> =
        decode_lambda_event(&fixture("new_and_old_images.json"), UnknownType::Error).unwrap();
    assert_eq!(events.len(), 3);

    // INSERT: binary, binary set, string set, number set, nested maps, a list, NULL.
    let insert = &events[0];
    assert_eq!(insert.event_name(), EventName::Insert);
    assert_eq!(insert.key.as_item(), &key("CUSTOMER#c1", "PROFILE"));
    assert_eq!(
        insert.change,
        Change::Insert {
            new: Some(Entity::Customer(Customer {
                pk: "CUSTOMER#c1".into(),
                sk: "PROFILE".into(),
                name: "Zoë".into(),
                avatar: Some(vec![0, 1, 2, 255]),
                thumbnails: BTreeSet::from([vec![1], vec![2]]),
                tags: BTreeSet::from(["early".into(), "vip".into()]),
                scores: BTreeSet::from([3, 7, 10]),
                address: Address {
                    street: "1 Main St".into(),
                    geo: Geo {
                        lat: Number::parse("52.5").unwrap(),
                        lon: Number::parse("-13.25").unwrap(),
                    },
                    notes: vec!["ring twice".into(), "dog".into()],
                },
                active: true,
                nickname: None,
            }))
        }
    );
    assert_eq!(insert.info.event_id, "c4ca4238a0b923820dcc509a6f75849b");
    assert_eq!(insert.info.sequence_number, "111100000000000000000001");
    assert_eq!(insert.info.size_bytes, Some(214));
    assert_eq!(
        insert.info.stream_view_type,
        Some(StreamViewType::NewAndOldImages)
    );
    assert_eq!(
        insert.info.approximate_creation,
        UtcDateTime::new(2026, 1, 1, 0, 0, 0, 0)
    );
    assert_eq!(insert.info.event_source_arn.as_deref(), Some(ARN_EU));
    assert_eq!(insert.info.aws_region.as_deref(), Some("eu-west-1"));

    // MODIFY: old and new.
    assert_eq!(
        events[1].change,
        Change::Modify {
            old: Some(Entity::Order(order("ORDER#2026-01-01#o1", 5, &[("a", 1)]))),
            new: Some(Entity::Order(order(
                "ORDER#2026-01-01#o1",
                12,
                &[("a", 1), ("b", 2)]
            ))),
        }
    );
    assert_eq!(
        events[1].new_image(),
        Some(&Entity::Order(order(
            "ORDER#2026-01-01#o1",
            12,
            &[("a", 1), ("b", 2)]
        )))
    );

    // REMOVE: only the old image.
    assert_eq!(
        events[2].change,
        Change::Remove {
            old: Some(Entity::Order(order("ORDER#2026-01-01#o1", 12, &[]))),
        }
    );
    assert_eq!(events[2].new_image(), None);
    assert!(!events[2].is_ttl_expiry());
    assert_eq!(
        events[2].key.as_item(),
        &key("CUSTOMER#c1", "ORDER#2026-01-01#o1")
    );
}

#[test]
fn keys_only_records_carry_the_key_and_no_images() {
    let events: Vec<ChangeEvent<Customer>> =
        decode_lambda_event(&fixture("keys_only.json"), UnknownType::Error).unwrap();
    let summary: Vec<(EventName, &str, Option<i64>)> = events
        .iter()
        .map(|e| {
            (
                e.event_name(),
                e.info.sequence_number.as_str(),
                e.info.approximate_creation.map(UtcDateTime::unix_seconds),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                EventName::Insert,
                "222200000000000000000001",
                Some(1767225600)
            ),
            (
                EventName::Modify,
                "222200000000000000000002",
                Some(1767225660)
            ),
            (
                EventName::Remove,
                "222200000000000000000003",
                Some(1767225720)
            ),
        ]
    );
    assert_eq!(events[0].change, Change::Insert { new: None });
    assert_eq!(
        events[1].change,
        Change::Modify {
            old: None,
            new: None
        }
    );
    assert_eq!(events[2].change, Change::Remove { old: None });
    for e in &events {
        assert_eq!(e.key.as_item(), &key("CUSTOMER#c2", "PROFILE"));
        assert_eq!(e.info.stream_view_type, Some(StreamViewType::KeysOnly));
    }
    // The REMOVE was DynamoDB's TTL (userIdentity Service/dynamodb.amazonaws.com).
    assert!(events[2].is_ttl_expiry());
    assert!(!events[0].is_ttl_expiry());
}

#[test]
fn unknown_entity_type_is_skipped_or_refused_by_policy() {
    let event = fixture("unknown_entity_type.json");
    let skipped: Vec<ChangeEvent<Entity>> = decode_lambda_event(&event, UnknownType::Skip).unwrap();
    let sequences: Vec<&str> = skipped
        .iter()
        .map(|e| e.info.sequence_number.as_str())
        .collect();
    assert_eq!(
        sequences,
        ["333300000000000000000001", "333300000000000000000003"]
    );
    assert!(matches!(
        skipped[0].new_image(),
        Some(Entity::Order(o)) if o.total == 40 && o.sk == "ORDER#2026-01-02#o9"
    ));
    assert!(matches!(
        skipped[1].new_image(),
        Some(Entity::Customer(c)) if c.name == "Ana" && c.avatar.is_none() && c.scores.is_empty()
    ));

    let err = decode_lambda_event::<Entity>(&event, UnknownType::Error).unwrap_err();
    let Error::StreamRecord(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.is_unknown_type());
    assert_eq!(e.sequence_number(), "333300000000000000000002");
    assert_eq!(e.event_id(), "11");
    assert_eq!(e.image(), StreamImage::NewImage);
    assert_eq!(e.attribute(), Some("type"));
    assert_eq!(
        e.error().kind(),
        &DecodeErrorKind::UnknownVariant("invoice".into())
    );
    assert_eq!(
        err.to_string(),
        "stream record 333300000000000000000002 (event 11), NewImage: unknown entity type: \
         cannot decode attribute `type`: unknown value `invoice`"
    );

    // A single model sees the other entities of its table as unknown types too.
    let orders: Vec<ChangeEvent<Order>> = decode_lambda_event(&event, UnknownType::Skip).unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].info.sequence_number, "333300000000000000000001");
}

#[test]
fn a_bad_image_is_a_typed_error_naming_the_record_and_attribute() {
    let event = fixture("bad_image.json");
    // Skipping unknown types never hides a malformed item.
    let err = decode_lambda_event::<Entity>(&event, UnknownType::Skip).unwrap_err();
    let Error::StreamRecord(e) = &err else {
        panic!("{err:?}")
    };
    assert!(!e.is_unknown_type());
    assert_eq!(e.sequence_number(), "444400000000000000000001");
    assert_eq!(e.image(), StreamImage::NewImage);
    assert_eq!(e.attribute(), Some("total"));
    assert_eq!(
        e.error().kind(),
        &DecodeErrorKind::Type {
            expected: "N",
            found: ValueType::S
        }
    );
    assert_eq!(
        err.to_string(),
        "stream record 444400000000000000000001 (event 20), NewImage: \
         cannot decode attribute `total`: expected N, found S"
    );

    // Record by record, a handler can go on and report the failure to Lambda.
    let mut failures = Vec::new();
    for record in lambda_records(&event).unwrap() {
        let sequence = record.sequence_number.clone();
        if decode_record::<Order>(record, UnknownType::Error).is_err() {
            failures.push(sequence);
        }
    }
    assert_eq!(
        rynamo_core::streams::batch_item_failures(failures.iter().map(String::as_str)),
        br#"{"batchItemFailures":[{"itemIdentifier":"444400000000000000000001"}]}"#
    );
}

#[test]
fn keys_missing_a_key_attribute_are_an_error_not_a_panic() {
    let event = br#"{"Records":[{"eventID":"30","eventName":"INSERT","dynamodb":{
        "Keys":{"pk":{"S":"CUSTOMER#c5"}},"SequenceNumber":"5"}}]}"#;
    let err = decode_lambda_event::<Customer>(event, UnknownType::Skip).unwrap_err();
    let Error::StreamRecord(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (e.sequence_number(), e.image(), e.attribute()),
        ("5", StreamImage::Keys, Some("sk"))
    );
}

#[test]
fn malformed_event_json_is_a_decode_error_naming_the_record() {
    for (event, path) in [
        (&br#"{"Records":[{"eventName":"INSERT"}]}"#[..], "Records[0].dynamodb"),
        (br#"{"Records":{}}"#, ""),
        (
            br#"{"Records":[{"eventName":"INSERT","dynamodb":{"Keys":{"pk":{"N":"x"}},"SequenceNumber":"1"}}]}"#,
            "Records[0].dynamodb.Keys.pk",
        ),
    ] {
        let err = decode_lambda_event::<Customer>(event, UnknownType::Error).unwrap_err();
        let Error::Decode(d) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(d.location().to_string(), path, "{err}");
    }
    for truncated in [&br#"{"Records":["#[..], br#"{"Records":0}"#, b""] {
        assert!(decode_lambda_event::<Customer>(truncated, UnknownType::Error).is_err());
    }
}

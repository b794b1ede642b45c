//! What the derives generate: exact bytes, round trips, the catch-all
//! field, enums, key schemas and decode errors.

use rynamo_core::error::{DecodeErrorKind, EncodeErrorKind};
use rynamo_core::model::{IndexKind, IndexProjection, KeySchema};
use rynamo_core::prelude::*;
use rynamo_core::value::ScalarAttributeType;
use rynamo_core::{IntoKey, Key};

#[derive(Attribute, Debug, Clone, PartialEq)]
struct Line {
    sku: String,
    qty: u32,
}

#[derive(Attribute, Debug, Clone, Copy, PartialEq)]
enum Status {
    New,
    #[rynamo(rename = "paid!")]
    Paid,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "orders",
    gsi(
        name = "by_status",
        hash_key = "status",
        range_key = "id",
        projection = "keys_only"
    )
)]
struct Order {
    #[rynamo(hash_key)]
    customer: String,
    #[rynamo(range_key)]
    id: u64,
    status: Status,
    lines: Vec<Line>,
    #[rynamo(rename = "n")]
    note: Option<String>,
    #[rynamo(extra)]
    others: Item,
}

fn order() -> Order {
    Order {
        customer: "c1".into(),
        id: 7,
        status: Status::Paid,
        lines: vec![Line {
            sku: "a".into(),
            qty: 2,
        }],
        note: None,
        others: Item::new(),
    }
}

#[test]
fn write_item_writes_exact_bytes_and_leaves_none_out() {
    let mut buf = Vec::new();
    order().write_item(&mut buf).unwrap();
    assert_eq!(
        std::str::from_utf8(&buf).unwrap(),
        r#"{"customer":{"S":"c1"},"id":{"N":"7"},"status":{"S":"paid!"},"lines":{"L":[{"M":{"sku":{"S":"a"},"qty":{"N":"2"}}}]}}"#
    );
}

#[test]
fn write_item_and_to_item_agree() {
    let mut o = order();
    o.note = Some("x".into());
    o.others.insert("zz".into(), AttributeValue::Bool(true));
    let mut buf = Vec::new();
    o.write_item(&mut buf).unwrap();
    let written: serde_json::Value = serde_json::from_slice(&buf).unwrap();
    let mut via_item = Vec::new();
    rynamo_core::json::write_item(&mut via_item, &o.to_item().unwrap()).unwrap();
    assert_eq!(
        written,
        serde_json::from_slice::<serde_json::Value>(&via_item).unwrap()
    );
    assert_eq!(Order::from_item(o.to_item().unwrap()).unwrap(), o);
}

#[test]
fn extra_field_keeps_undeclared_attributes_and_never_overrides_declared_ones() {
    let mut item = order().to_item().unwrap();
    item.insert(
        "written_by_others".into(),
        AttributeValue::S("keep me".into()),
    );
    let mut read = Order::from_item(item).unwrap();
    assert_eq!(read.others.len(), 1);
    assert_eq!(
        read.others["written_by_others"],
        AttributeValue::S("keep me".into())
    );
    // A stray entry named like a declared attribute does not win.
    read.others
        .insert("customer".into(), AttributeValue::S("evil".into()));
    let written = read.to_item().unwrap();
    assert_eq!(written["customer"], AttributeValue::S("c1".into()));
    assert_eq!(
        written["written_by_others"],
        AttributeValue::S("keep me".into())
    );
    let mut buf = Vec::new();
    read.write_item(&mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    assert_eq!(text.matches("\"customer\"").count(), 1);
    assert!(text.contains(r#""written_by_others":{"S":"keep me"}"#));
}

#[test]
fn an_extra_attribute_with_an_empty_name_is_refused_both_ways() {
    // Found by the `model_decode` fuzz target: `to_item` kept what
    // `write_item` refused (DynamoDB rejects empty attribute names).
    let mut read = order();
    read.others
        .insert(String::new(), AttributeValue::S("x".into()));
    assert!(read.to_item().is_err());
    assert!(read.write_item(&mut Vec::new()).is_err());
}

#[test]
fn an_extra_attribute_holding_an_empty_set_is_refused_both_ways() {
    // Found by the `model_decode` fuzz target, like the test above.
    let mut read = order();
    let nested = [("s".to_string(), AttributeValue::Ss(Vec::new()))].into();
    read.others.insert("x".into(), AttributeValue::M(nested));
    assert!(read.to_item().is_err());
    assert!(read.write_item(&mut Vec::new()).is_err());
}

#[test]
fn key_schema_and_indexes_come_from_the_fields() {
    let schema: KeySchema = Order::key_schema();
    assert_eq!(
        (schema.hash.name, schema.hash.attribute_type),
        ("customer", ScalarAttributeType::S)
    );
    let range = schema.range.unwrap();
    assert_eq!(
        (range.name, range.attribute_type),
        ("id", ScalarAttributeType::N)
    );
    assert_eq!(Order::INDEXES.len(), 1);
    let index = &Order::INDEXES[0];
    assert_eq!(
        (index.name, index.kind, &index.projection),
        ("by_status", IndexKind::Global, &IndexProjection::KeysOnly)
    );
    assert_eq!(index.hash.attribute_type, ScalarAttributeType::S);
    assert_eq!(Order::BY_STATUS.name(), "by_status");
}

#[test]
fn keys_are_typed_and_empty_strings_refused() {
    let key = IntoKey::<Order>::into_key(("c1", 7u64)).unwrap();
    assert_eq!(
        key,
        Key::hash("customer", AttributeValue::S("c1".into()))
            .range("id", AttributeValue::N(7u64.into()))
    );
    assert_eq!(order().key().unwrap(), key);
    let err = IntoKey::<Order>::into_key(("", 7u64)).unwrap_err();
    assert_eq!(err.kind(), &EncodeErrorKind::EmptyKey);
    assert_eq!(err.location().to_string(), "customer");
}

#[test]
fn decode_errors_name_the_path() {
    let mut item = order().to_item().unwrap();
    let AttributeValue::L(lines) = item.get_mut("lines").unwrap() else {
        panic!()
    };
    lines.push(AttributeValue::M(
        [("sku".to_string(), AttributeValue::N(1u32.into()))].into(),
    ));
    let err = Order::from_item(item).unwrap_err();
    assert_eq!(err.location().to_string(), "lines[1].sku");
    assert!(matches!(
        err.kind(),
        DecodeErrorKind::Type { expected: "S", .. }
    ));
    assert_eq!(
        err.to_string(),
        "cannot decode attribute `lines[1].sku`: expected S, found N"
    );

    let mut item = order().to_item().unwrap();
    item.remove("status");
    let err = Order::from_item(item).unwrap_err();
    assert_eq!(
        (err.location().to_string(), err.kind()),
        ("status".to_string(), &DecodeErrorKind::Missing)
    );

    let mut item = order().to_item().unwrap();
    item.insert("status".into(), AttributeValue::S("Lost".into()));
    let err = Order::from_item(item).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::UnknownVariant("Lost".into()));
}

/// A model told apart from others in its table by a discriminator.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "animals", discriminator = "cls", discriminator_value = "dog")]
struct Dog {
    #[rynamo(hash_key)]
    owner: String,
    #[rynamo(range_key)]
    name: String,
    barks: bool,
}

#[test]
fn the_discriminator_is_written_as_a_string_attribute() {
    // Found by the `model_decode` fuzz target: write_item wrote `"cls":"dog"`.
    let dog = Dog {
        owner: "o".into(),
        name: "rex".into(),
        barks: true,
    };
    let mut buf = Vec::new();
    dog.write_item(&mut buf).unwrap();
    assert_eq!(
        std::str::from_utf8(&buf).unwrap(),
        r#"{"cls":{"S":"dog"},"owner":{"S":"o"},"name":{"S":"rex"},"barks":{"BOOL":true}}"#
    );
    let mut via_item = Vec::new();
    rynamo_core::json::write_item(&mut via_item, &dog.to_item().unwrap()).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&buf).unwrap(),
        serde_json::from_slice::<serde_json::Value>(&via_item).unwrap()
    );
    assert_eq!(Dog::from_item(dog.to_item().unwrap()).unwrap(), dog);
}

/// Decodes a GetItem reply by the decode rule (`decode_models`: fast,
/// falling back to `Item`) and the slow way (`Item`, then `from_item`); they
/// must agree, errors included.
fn both_ways<M: Model + PartialEq + std::fmt::Debug>(
    item_json: &str,
) -> (Result<Option<M>, Error>, Result<Option<M>, Error>) {
    use rynamo_core::op::{GetItem, Operation};
    use rynamo_core::transport::Response;
    let response = Response {
        status: 200,
        body: format!(r#"{{"Item":{item_json},"ConsumedCapacity":{{"CapacityUnits":0.5}}}}"#)
            .into_bytes(),
        request_id: None,
    };
    let fast = rynamo_core::__private::decode_models::<M, GetItem>(&response);
    let slow = GetItem::decode(&response)
        .and_then(|item| item.map(M::from_item).transpose().map_err(Error::from));
    (fast, slow)
}

#[test]
fn models_read_straight_from_response_bytes_exactly_as_through_items() {
    let cases = [
        // Plain, with lists of nested maps.
        r#"{"customer":{"S":"c1"},"id":{"N":"7"},"status":{"S":"paid!"},"lines":{"L":[{"M":{"sku":{"S":"a"},"qty":{"N":"2"}}},{"M":{"qty":{"N":"3"},"sku":{"S":"b\u00e9"}}}]}}"#,
        // Undeclared attributes go to `extra`; an optional field present.
        r#"{"zz":{"BOOL":true},"customer":{"S":"c1"},"n":{"S":"note"},"id":{"N":"1E+1"},"status":{"S":"New"},"lines":{"L":[]},"m":{"M":{"x":{"NULL":true}}}}"#,
        // NULL read as absent for an optional field.
        r#"{"customer":{"S":"c1"},"id":{"N":"7"},"status":{"S":"New"},"lines":{"L":[]},"n":{"NULL":true}}"#,
    ];
    for case in cases {
        let (fast, slow) = both_ways::<Order>(case);
        assert!(slow.as_ref().unwrap().is_some(), "{case}");
        assert_eq!(fast, slow, "{case}");
        // And the fast path itself read it (no fallback).
        let direct = <Order as rynamo_core::__private::ModelCodec>::read_item_json(
            &mut rynamo_core::json::Reader::new(case.as_bytes()),
        );
        assert_eq!(direct.ok(), slow.unwrap(), "{case}");
    }
    let dog = r#"{"cls":{"S":"dog"},"owner":{"S":"o"},"name":{"S":"rex"},"barks":{"BOOL":true}}"#;
    let (fast, slow) = both_ways::<Dog>(dog);
    assert!(slow.as_ref().unwrap().is_some());
    assert_eq!(fast, slow);
    let direct = <Dog as rynamo_core::__private::ModelCodec>::read_item_json(
        &mut rynamo_core::json::Reader::new(dog.as_bytes()),
    );
    assert_eq!(direct.ok(), slow.unwrap());
}

#[test]
fn when_the_fast_read_refuses_the_error_is_the_typed_one() {
    let cases = [
        // Missing required field.
        r#"{"customer":{"S":"c1"},"status":{"S":"New"},"lines":{"L":[]}}"#,
        // Wrong type deep in a list.
        r#"{"customer":{"S":"c1"},"id":{"N":"7"},"status":{"S":"New"},"lines":{"L":[{"M":{"sku":{"N":"1"},"qty":{"N":"2"}}}]}}"#,
        // Number out of range for u64.
        r#"{"customer":{"S":"c1"},"id":{"N":"-1"},"status":{"S":"New"},"lines":{"L":[]}}"#,
        // Unknown enum value.
        r#"{"customer":{"S":"c1"},"id":{"N":"7"},"status":{"S":"lost"},"lines":{"L":[]}}"#,
    ];
    for case in cases {
        let (fast, slow) = both_ways::<Order>(case);
        assert!(matches!(slow, Err(Error::Decode(_))), "{case}: {slow:?}");
        assert_eq!(fast, slow, "{case}");
    }
    // A cat is not a dog, whichever way it is read.
    let cat = r#"{"cls":{"S":"cat"},"owner":{"S":"o"},"name":{"S":"tom"},"barks":{"BOOL":true}}"#;
    let (fast, slow) = both_ways::<Dog>(cat);
    assert!(slow.is_err());
    assert_eq!(fast, slow);
    // `"Item": null`: no item, both ways.
    let (fast, slow) = both_ways::<Dog>("null");
    assert_eq!(fast.unwrap(), None);
    assert_eq!(slow.unwrap(), None);
}

#[derive(Attribute, Debug, Clone, PartialEq)]
struct Reading {
    at: u32,
    value: f64,
}

/// Floats in every position a plain-JSON view can hold them.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "sensors",
    discriminator = "kind",
    discriminator_value = "probe"
)]
struct Probe {
    #[rynamo(hash_key)]
    id: String,
    level: f64,
    small: f32,
    maybe: Option<f64>,
    series: Vec<f64>,
    named: std::collections::BTreeMap<String, f64>,
    last: Reading,
    big: Number,
    #[rynamo(extra)]
    rest: Item,
}

#[test]
fn plain_json_writes_every_number_exactly_and_values_keep_what_they_can() {
    let mut rest = Item::new();
    rest.insert(
        "legacy".into(),
        AttributeValue::N(Number::parse("0.1000000000000000055").unwrap()),
    );
    let probe = Probe {
        id: "p".into(),
        level: 0.1 + 0.2,
        small: 0.1,
        maybe: None,
        series: vec![1.5, 1e21, -0.000_000_1],
        named: [("a".to_string(), 2.0 / 3.0)].into(),
        last: Reading { at: 7, value: 12.5 },
        big: Number::parse("+012345678901234567890.5").unwrap(),
        rest,
    };
    // Bytes: every number a JSON number with its exact text, as PynamoDB's
    // to_simple_dict writes them (`+012…` rewritten into JSON's syntax).
    let mut buf = Vec::new();
    probe.write_simple_json(&mut buf).unwrap();
    assert_eq!(
        std::str::from_utf8(&buf).unwrap(),
        r#"{"kind":"probe","id":"p","level":0.30000000000000004,"small":0.1,"series":[1.5,1e21,-0.0000001],"named":{"a":0.6666666666666666},"last":{"at":7,"value":12.5},"big":1.23456789012345678905e19,"legacy":0.1000000000000000055}"#
    );
    let read = rynamo_core::json::parse(&buf, Probe::read_simple_json).unwrap();
    assert_eq!(read, probe);
    // A `Value` holds i64, u64 and f64: numbers beyond them become text.
    let value = probe.to_simple_json().unwrap();
    assert_eq!(value["level"], serde_json::json!(0.1 + 0.2));
    assert_eq!(value["last"]["at"], serde_json::json!(7));
    assert_eq!(value["big"], serde_json::json!("1.23456789012345678905e19"));
    assert_eq!(value["legacy"], serde_json::json!("0.1000000000000000055"));
    let mut expected = probe.clone();
    expected.rest.insert(
        "legacy".into(),
        AttributeValue::S("0.1000000000000000055".into()),
    );
    assert_eq!(Probe::from_simple_json(value).unwrap(), expected);
}

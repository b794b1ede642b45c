//! Single-table entities: composite key templates, typed key builders, sort
//! key prefixes, and a collection of several entities read in one query.
//! Request bytes are pinned through `request(&db)`, which builds exactly
//! what `send` sends.

use rynamo_core::error::EncodeErrorKind;
use rynamo_core::model::{KeyTemplate, TemplatePart};
use rynamo_core::prelude::*;
use rynamo_core::transport::{Request, Response, Transport, TransportError};

/// A transport that is never asked to send: these tests only build requests.
struct Unsent;

impl Transport for Unsent {
    async fn send(&self, _: &Request) -> Result<Response, TransportError> {
        unreachable!("requests are built, not sent")
    }
    async fn sleep(&self, _: core::time::Duration) {}
    fn jitter_seed(&self) -> u64 {
        7
    }
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "shop",
    discriminator = "entity",
    discriminator_value = "customer",
    hash_key(name = "pk", template = "CUSTOMER#{id}"),
    range_key(name = "sk", template = "PROFILE")
)]
struct Customer {
    id: String,
    name: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "shop",
    discriminator = "entity",
    discriminator_value = "order",
    hash_key(name = "pk", template = "CUSTOMER#{customer}"),
    range_key(name = "sk", template = "ORDER#{date}#{id}"),
    gsi(
        name = "gsi1",
        hash_key(name = "gsi1pk", template = "STATUS#{status}"),
        range_key(name = "gsi1sk", template = "ORDER#{date}#{id}")
    )
)]
struct Order {
    customer: String,
    date: String,
    id: u32,
    status: String,
    total: u32,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "shop",
    discriminator = "entity",
    discriminator_value = "address",
    hash_key(name = "pk", template = "CUSTOMER#{customer}"),
    range_key(name = "sk", template = "ADDRESS#{label}")
)]
struct Address {
    customer: String,
    label: String,
    city: String,
}

/// A customer's partition: the customer, its orders and its addresses.
#[derive(Model, Debug, Clone, PartialEq)]
enum CustomerItems {
    Customer(Customer),
    Order(Order),
    Address(Address),
}

fn order() -> Order {
    Order {
        customer: "c1".into(),
        date: "2026-01-05".into(),
        id: 7,
        status: "paid".into(),
        total: 30,
    }
}

fn body(request: &Request) -> &str {
    core::str::from_utf8(&request.body).unwrap()
}

fn db() -> Client<Unsent> {
    Client::new(Unsent)
}

#[test]
fn an_entity_writes_its_fields_and_every_templated_key() {
    let mut body = Vec::new();
    order().write_item(&mut body).unwrap();
    assert_eq!(
        core::str::from_utf8(&body).unwrap(),
        concat!(
            r#"{"entity":{"S":"order"},"pk":{"S":"CUSTOMER#c1"},"sk":{"S":"ORDER#2026-01-05#7"},"#,
            r#""gsi1pk":{"S":"STATUS#paid"},"gsi1sk":{"S":"ORDER#2026-01-05#7"},"#,
            r#""customer":{"S":"c1"},"date":{"S":"2026-01-05"},"id":{"N":"7"},"status":{"S":"paid"},"total":{"N":"30"}}"#
        )
    );
    let item = order().to_item().unwrap();
    assert_eq!(
        item.get("pk"),
        Some(&AttributeValue::S("CUSTOMER#c1".into()))
    );
    assert_eq!(
        item.get("gsi1sk"),
        Some(&AttributeValue::S("ORDER#2026-01-05#7".into()))
    );
    assert_eq!(item.len(), 10);
}

#[test]
fn an_entity_reads_its_fields_from_their_own_attributes() {
    let item = order().to_item().unwrap();
    assert_eq!(Order::from_item(item.clone()).unwrap(), order());
    let mut body = Vec::new();
    order().write_item(&mut body).unwrap();
    let mut reader = rynamo_core::json::Reader::new(&body);
    assert_eq!(
        <Order as rynamo_core::__private::ModelCodec>::read_item_json(&mut reader).unwrap(),
        order()
    );
    // Another entity's item is refused by the discriminator.
    assert!(Address::from_item(item).is_err());
}

#[test]
fn the_typed_key_builder_renders_both_templates() {
    let key = Order::key("c1", "2026-01-05", 7u32);
    let key = key.key().unwrap();
    assert_eq!(key, &order().key().unwrap());
    assert_eq!(
        key.clone().into_item().get("sk"),
        Some(&AttributeValue::S("ORDER#2026-01-05#7".into()))
    );
    let request = Order::get(Order::key("c1", "2026-01-05", 7u32))
        .request(&db())
        .unwrap();
    assert_eq!(
        body(&request),
        r#"{"TableName":"shop","Key":{"pk":{"S":"CUSTOMER#c1"},"sk":{"S":"ORDER#2026-01-05#7"}}}"#
    );
    assert_eq!(Customer::partition("c1").text(), Ok("CUSTOMER#c1"));
}

#[test]
fn a_value_holding_the_separator_is_refused_before_sending() {
    let mut bad = order();
    bad.customer = "c#1".into();
    let err = bad.save().request(&db()).unwrap_err();
    let Error::Encode(e) = err else {
        panic!("expected an encode error, got {err:?}")
    };
    assert_eq!(
        e.kind(),
        &EncodeErrorKind::KeySeparator {
            separator: '#',
            template: "pk"
        }
    );
    assert!(
        Order::get(Order::key("c1", "2026#01", 1u32))
            .request(&db())
            .is_err()
    );
    assert!(Order::query("a#b").request(&db()).is_err());
}

#[test]
fn an_entity_query_stays_within_its_sort_key_prefix() {
    let request = Order::query("c1").request(&db()).unwrap();
    assert_eq!(
        body(&request),
        concat!(
            r##"{"TableName":"shop","KeyConditionExpression":"#n0 = :v0 AND begins_with(#n1, :v1)","##,
            r##""FilterExpression":"#n2 = :v2","ExpressionAttributeNames":{"#n0":"pk","#n1":"sk","#n2":"entity"},"##,
            r#""ExpressionAttributeValues":{":v0":{"S":"CUSTOMER#c1"},":v1":{"S":"ORDER#"},":v2":{"S":"order"}}}"#
        )
    );
    let request = Order::query("c1")
        .sort_prefix("2026-01")
        .request(&db())
        .unwrap();
    assert!(
        body(&request).contains(r#"":v1":{"S":"ORDER#2026-01"}"#),
        "{}",
        body(&request)
    );
    let request = Order::query("c1")
        .sort_prefix(("2026-01-05", 7u32))
        .request(&db())
        .unwrap();
    assert!(body(&request).contains(r#"":v1":{"S":"ORDER#2026-01-05#7"}"#));
    // More values than the template holds.
    assert!(
        Order::query("c1")
            .sort_prefix(("a", "b", "c"))
            .request(&db())
            .is_err()
    );
}

#[test]
fn an_index_with_templates_is_queried_by_its_fields() {
    let request = Order::query_gsi1("paid")
        .sort_prefix("2026")
        .request(&db())
        .unwrap();
    assert_eq!(
        body(&request),
        concat!(
            r##"{"TableName":"shop","KeyConditionExpression":"#n0 = :v0 AND begins_with(#n1, :v1)","##,
            r##""FilterExpression":"#n2 = :v2","IndexName":"gsi1","ExpressionAttributeNames":{"#n0":"gsi1pk","#n1":"gsi1sk","#n2":"entity"},"##,
            r#""ExpressionAttributeValues":{":v0":{"S":"STATUS#paid"},":v1":{"S":"ORDER#2026"},":v2":{"S":"order"}}}"#
        )
    );
    assert_eq!(Order::gsi1_partition("new").text(), Ok("STATUS#new"));
    let def = &Order::INDEXES[0];
    assert_eq!((def.name, def.hash.name), ("gsi1", "gsi1pk"));
    assert_eq!(def.range.map(|r| r.name), Some("gsi1sk"));
}

#[test]
fn templates_are_declared_on_the_model() {
    let templates = Order::KEY_TEMPLATES.unwrap();
    assert_eq!(
        templates.range,
        Some(KeyTemplate {
            attribute: "sk",
            parts: &[
                TemplatePart::Text("ORDER#"),
                TemplatePart::Field("date"),
                TemplatePart::Text("#"),
                TemplatePart::Field("id"),
            ]
        })
    );
    assert_eq!(templates.indexes[0].index, "gsi1");
    assert_eq!((Order::HASH_KEY, Order::RANGE_KEY), ("pk", Some("sk")));
    // A key alone (a stream record's `Keys`) parses back into its values.
    assert_eq!(
        templates
            .range
            .unwrap()
            .parse("ORDER#2026-01-05#7")
            .unwrap(),
        ["2026-01-05", "7"]
    );
}

#[test]
fn a_collection_reads_every_entity_of_a_partition_in_one_query() {
    let request = CustomerItems::query(Customer::partition("c1"))
        .request(&db())
        .unwrap();
    assert_eq!(
        body(&request),
        concat!(
            r##"{"TableName":"shop","KeyConditionExpression":"#n0 = :v0","FilterExpression":"#n1 IN (:v1, :v2, :v3)","##,
            r##""ExpressionAttributeNames":{"#n0":"pk","#n1":"entity"},"##,
            r#""ExpressionAttributeValues":{":v0":{"S":"CUSTOMER#c1"},":v1":{"S":"customer"},":v2":{"S":"order"},":v3":{"S":"address"}}}"#
        )
    );
    let address = Address {
        customer: "c1".into(),
        label: "home".into(),
        city: "Lyon".into(),
    };
    assert_eq!(
        CustomerItems::from_item(address.to_item().unwrap()).unwrap(),
        CustomerItems::Address(address)
    );
    assert_eq!(
        CustomerItems::from_item(order().to_item().unwrap()).unwrap(),
        CustomerItems::Order(order())
    );
}

/// A versioned entity whose hash key is a plain field and whose range key
/// is a template.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "ledger",
    range_key(name = "sk", template = "ENTRY#{day}#{seq}")
)]
struct Entry {
    #[rynamo(hash_key)]
    account: String,
    day: String,
    seq: u64,
    amount: i64,
    #[rynamo(version)]
    version: Option<u64>,
}

#[test]
fn a_template_range_key_works_beside_a_field_hash_key_and_a_version() {
    let mut entry = Entry {
        account: "a1".into(),
        day: "2026-03-01".into(),
        seq: 2,
        amount: -5,
        version: None,
    };
    let request = entry.save().request(&db()).unwrap();
    assert_eq!(
        body(&request),
        concat!(
            r#"{"TableName":"ledger","Item":{"sk":{"S":"ENTRY#2026-03-01#2"},"account":{"S":"a1"},"day":{"S":"2026-03-01"},"#,
            r#""seq":{"N":"2"},"amount":{"N":"-5"},"version":{"N":"1"}},"#,
            r##""ConditionExpression":"attribute_not_exists(#n0)","ExpressionAttributeNames":{"#n0":"version"}}"##
        )
    );
    assert_eq!(entry.version, None);
    let key = Entry::key("a1", "2026-03-01", 2u64);
    assert_eq!(key.key().unwrap(), &entry.key().unwrap());
    let request = Entry::query("a1")
        .sort_prefix("2026-03")
        .request(&db())
        .unwrap();
    assert!(body(&request).contains(r#"":v1":{"S":"ENTRY#2026-03"}"#));
    assert_eq!((Entry::HASH_KEY, Entry::RANGE_KEY), ("account", Some("sk")));
}

#[test]
fn the_plain_json_view_carries_the_keys_and_reads_back() {
    let mut simple = Vec::new();
    order().write_simple_json(&mut simple).unwrap();
    let text = core::str::from_utf8(&simple).unwrap();
    assert!(
        text.contains(r#""pk":"CUSTOMER#c1","sk":"ORDER#2026-01-05#7""#),
        "{text}"
    );
    let mut reader = rynamo_core::json::Reader::new(&simple);
    assert_eq!(Order::read_simple_json(&mut reader).unwrap(), order());
}

/// A collection that keeps items of other entities.
#[derive(Model, Debug, Clone, PartialEq)]
enum AnyCustomerItem {
    Order(Order),
    Address(Address),
    #[rynamo(unknown)]
    Other(Item),
}

#[test]
fn items_of_entities_outside_a_collection_follow_its_unknown_type_policy() {
    let customer = Customer {
        id: "c1".into(),
        name: "Ann".into(),
    };
    let item = customer.to_item().unwrap();
    // Kept raw by a collection with an unknown variant…
    assert_eq!(
        AnyCustomerItem::from_item(item.clone()).unwrap(),
        AnyCustomerItem::Other(item.clone())
    );
    // …whose queries then read every entity (no entity filter)…
    let request = AnyCustomerItem::query(Customer::partition("c1"))
        .request(&db())
        .unwrap();
    assert!(!body(&request).contains("FilterExpression"));
    // …and a typed error for a collection without one.
    #[derive(Model, Debug)]
    enum OrdersOnly {
        Order(Order),
    }
    let err = OrdersOnly::from_item(item).unwrap_err();
    assert_eq!(
        err.kind(),
        &rynamo_core::error::DecodeErrorKind::UnknownVariant("customer".into())
    );
}

#[test]
fn lambda_records_of_a_single_table_decode_into_the_collection() {
    use rynamo_core::streams::{Change, UnknownType, decode_record, lambda_records};
    let event = br##"{"Records":[
      {"eventID":"1","eventName":"MODIFY","dynamodb":{
        "Keys":{"pk":{"S":"CUSTOMER#c1"},"sk":{"S":"ORDER#2026-01-05#7"}},
        "OldImage":{"pk":{"S":"CUSTOMER#c1"},"sk":{"S":"ORDER#2026-01-05#7"},"gsi1pk":{"S":"STATUS#new"},
          "gsi1sk":{"S":"ORDER#2026-01-05#7"},"entity":{"S":"order"},"customer":{"S":"c1"},
          "date":{"S":"2026-01-05"},"id":{"N":"7"},"status":{"S":"new"},"total":{"N":"30"}},
        "NewImage":{"pk":{"S":"CUSTOMER#c1"},"sk":{"S":"ORDER#2026-01-05#7"},"gsi1pk":{"S":"STATUS#paid"},
          "gsi1sk":{"S":"ORDER#2026-01-05#7"},"entity":{"S":"order"},"customer":{"S":"c1"},
          "date":{"S":"2026-01-05"},"id":{"N":"7"},"status":{"S":"paid"},"total":{"N":"30"}},
        "SequenceNumber":"100","StreamViewType":"NEW_AND_OLD_IMAGES"}},
      {"eventID":"2","eventName":"REMOVE","dynamodb":{
        "Keys":{"pk":{"S":"CUSTOMER#c1"},"sk":{"S":"ADDRESS#home"}},
        "SequenceNumber":"101","StreamViewType":"KEYS_ONLY"}}
    ]}"##;
    let mut records = lambda_records(event).unwrap().into_iter();
    let modify = decode_record::<CustomerItems>(records.next().unwrap(), UnknownType::Error)
        .unwrap()
        .unwrap();
    let old = Order {
        status: "new".into(),
        ..order()
    };
    assert_eq!(
        modify.change,
        Change::Modify {
            old: Some(CustomerItems::Order(old)),
            new: Some(CustomerItems::Order(order()))
        }
    );
    // A keys-only removal: the key parses back into the address's values.
    let remove = decode_record::<CustomerItems>(records.next().unwrap(), UnknownType::Error)
        .unwrap()
        .unwrap();
    assert_eq!(remove.change, Change::Remove { old: None });
    let templates = Address::KEY_TEMPLATES.unwrap();
    let key = remove.key.into_item();
    let (AttributeValue::S(pk), AttributeValue::S(sk)) = (&key["pk"], &key["sk"]) else {
        panic!("string keys")
    };
    assert_eq!(templates.hash.unwrap().parse(pk).unwrap(), ["c1"]);
    assert_eq!(templates.range.unwrap().parse(sk).unwrap(), ["home"]);
}

//! Shared models and a client for the integration tests.

use std::collections::{BTreeMap, BTreeSet};

use rynamo_core::attr::{Json, LegacyBinary, LegacyBinarySet, Null, UtcDateTime};
use rynamo_core::{Attribute, AttributeValue, Item, Model, Number};
use rynamo_native::{Client, Config, Credentials};

/// A client for the test server, with tables prefixed uniquely so tests
/// running in parallel never share a table.
pub fn client() -> Client {
    let config = Config::from_env()
        .endpoint(rynamo_tests::endpoint())
        .region("us-east-1")
        .credentials(Credentials::new("rynamo", "local", None));
    Client::new(config)
        .expect("client")
        .table_prefix(rynamo_tests::unique_table("t"))
}

/// A line of an order: a nested map.
#[derive(Attribute, Debug, Clone, PartialEq)]
pub struct Line {
    pub sku: String,
    pub qty: u32,
    pub price: Number,
}

/// An address: an optional nested map.
#[derive(Attribute, Debug, Clone, PartialEq)]
pub struct Address {
    pub city: String,
    #[rynamo(rename = "zip-code")]
    pub zip: Option<String>,
}

/// An enum stored as its variant name.
#[derive(Attribute, Debug, Clone, Copy, PartialEq)]
pub enum Status {
    New,
    Paid,
    #[rynamo(rename = "cancelled")]
    Cancelled,
}

/// The order model of the design sketch.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "orders")]
pub struct Order {
    #[rynamo(hash_key)]
    pub customer: String,
    #[rynamo(range_key)]
    pub id: String,
    pub status: Status,
    pub total: Number,
    pub lines: Vec<Line>,
    pub tags: BTreeSet<String>,
    pub created: UtcDateTime,
    #[rynamo(rename = "n")]
    pub note: Option<String>,
    pub address: Option<Address>,
}

impl Order {
    pub fn sample(customer: &str, id: &str) -> Order {
        Order {
            customer: customer.into(),
            id: id.into(),
            status: Status::New,
            total: Number::parse("12.50").unwrap(),
            lines: vec![
                Line {
                    sku: "a-1".into(),
                    qty: 2,
                    price: Number::parse("2.5").unwrap(),
                },
                Line {
                    sku: "b-2".into(),
                    qty: 1,
                    price: Number::parse("7.5").unwrap(),
                },
            ],
            tags: ["gift".to_string(), "rush".to_string()].into(),
            created: UtcDateTime::new(2026, 1, 2, 3, 4, 5, 678_901).unwrap(),
            note: None,
            address: Some(Address {
                city: "Lyon".into(),
                zip: None,
            }),
        }
    }
}

/// Every attribute kind the foundation supports, in one item.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "kinds")]
pub struct Kinds {
    #[rynamo(hash_key)]
    pub id: String,
    pub s: String,
    pub i: i64,
    pub u: u64,
    pub small: i8,
    pub f: f64,
    pub f_single: f32,
    pub exact: Number,
    pub bytes: Vec<u8>,
    pub flag: bool,
    pub created: UtcDateTime,
    pub doc: serde_json::Value,
    pub typed_doc: Json<BTreeMap<String, Vec<u32>>>,
    pub lines: Vec<Line>,
    pub address: Option<Address>,
    pub raw: Item,
    pub counts: BTreeMap<String, u32>,
    pub ss: BTreeSet<String>,
    pub ns: BTreeSet<i64>,
    pub bs: BTreeSet<Vec<u8>>,
    pub empty_set: BTreeSet<String>,
    pub nothing: Null,
    pub absent: Option<String>,
    pub present: Option<String>,
    pub legacy: LegacyBinary,
    pub legacy_set: LegacyBinarySet,
    pub status: Status,
    pub nested_lists: Vec<Vec<Option<u32>>>,
}

impl Kinds {
    pub fn sample(id: &str) -> Kinds {
        let mut raw = Item::new();
        raw.insert(
            "any".into(),
            AttributeValue::L(vec![AttributeValue::Bool(true), AttributeValue::Null]),
        );
        Kinds {
            id: id.into(),
            s: "héllo \"wörld\"\n\t\u{1f600}".into(),
            i: i64::MIN,
            u: u64::MAX,
            small: -128,
            f: 0.1 + 0.2,
            f_single: 1.1,
            exact: Number::parse("12345678901234567890.123456789012345678").unwrap(),
            bytes: vec![0, 1, 2, 254, 255],
            flag: true,
            created: UtcDateTime::new(1999, 12, 31, 23, 59, 59, 999_999).unwrap(),
            doc: serde_json::json!({"a": [1, 2.5, "x", null, true], "b": {"c": "d"}}),
            typed_doc: Json([("k".to_string(), vec![1, 2, 3])].into()),
            lines: vec![Line {
                sku: "x".into(),
                qty: 1,
                price: Number::from(3),
            }],
            address: Some(Address {
                city: "Paris".into(),
                zip: Some("75001".into()),
            }),
            raw,
            counts: [("a".to_string(), 1), ("b".to_string(), 2)].into(),
            ss: ["x".to_string(), "y".to_string()].into(),
            ns: [-5, 0, 7].into(),
            bs: [vec![1u8], vec![2u8, 3]].into(),
            empty_set: BTreeSet::new(),
            nothing: Null,
            absent: None,
            present: Some("here".into()),
            legacy: LegacyBinary(b"old bytes".to_vec()),
            legacy_set: LegacyBinarySet([b"p".to_vec(), b"q".to_vec()].into()),
            status: Status::Cancelled,
            nested_lists: vec![vec![Some(1), None], vec![]],
        }
    }
}

/// Runs an async test body on a fresh current-thread runtime.
pub fn run<F: std::future::Future<Output = ()>>(body: F) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(body)
}

/// Creates the tables for the given models on `db`.
pub async fn create<M: Model>(db: &Client) {
    M::table().create(db).await.expect("create table");
}

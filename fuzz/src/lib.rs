//! Shared pieces of the fuzz targets: models covering every attribute kind,
//! an in-memory [`Transport`] that answers with the fuzz input, and a tiny
//! `block_on` (every future here is ready at once, so no runtime is needed).

pub mod targets;

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use rynamo_core::attr::{Json, LegacyBinary, LegacyBinarySet, Null, Ttl, UtcDateTime};
use rynamo_core::transport::{Request, Response, Transport, TransportError, TransportErrorKind};
use rynamo_core::{Attribute, AttributeValue, Item, Model, Number};

/// A nested map (`M`) with an optional nested map inside.
#[derive(Attribute, Debug, Clone, PartialEq)]
pub struct Line {
    pub sku: String,
    pub qty: u32,
    pub price: Number,
    #[rynamo(rename = "d")]
    pub discount: Option<f64>,
    pub inner: Option<Address>,
}

/// A second nested map, with a renamed optional field.
#[derive(Attribute, Debug, Clone, PartialEq)]
pub struct Address {
    pub city: String,
    #[rynamo(rename = "zip-code")]
    pub zip: Option<String>,
}

/// A fieldless enum stored as its variant name (`S`).
#[derive(Attribute, Debug, Clone, Copy, PartialEq)]
pub enum Status {
    New,
    Paid,
    #[rynamo(rename = "cancelled")]
    Cancelled,
}

/// Every attribute kind in one model, with version, TTL and extra fields.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "fuzz_everything")]
pub struct Everything {
    #[rynamo(hash_key)]
    pub id: String,
    #[rynamo(range_key)]
    pub sort: u64,
    pub s: String,
    pub i: i64,
    pub u: u64,
    pub small: i8,
    pub wide: i128,
    pub uwide: u128,
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
    pub exact_set: BTreeSet<Number>,
    pub bs: BTreeSet<Vec<u8>>,
    pub hs: HashSet<u16>,
    pub nothing: Null,
    pub opt: Option<String>,
    pub legacy: LegacyBinary,
    pub legacy_set: LegacyBinarySet,
    pub status: Status,
    pub nested_lists: Vec<Vec<Option<u32>>>,
    pub any: AttributeValue,
    #[rynamo(ttl)]
    pub expires: Option<Ttl>,
    #[rynamo(version)]
    pub version: Option<u64>,
    #[rynamo(extra)]
    pub extra: Item,
}

/// A model where nearly everything is optional, so more inputs decode
/// (and reach the round trip).
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "fuzz_sparse")]
pub struct Sparse {
    #[rynamo(hash_key)]
    pub id: Vec<u8>,
    pub n: Option<Number>,
    pub i: Option<i32>,
    pub f: Option<f64>,
    pub when: Option<UtcDateTime>,
    pub ttl: Option<Ttl>,
    pub doc: Option<serde_json::Value>,
    pub lines: Option<Vec<Line>>,
    pub ss: BTreeSet<String>,
    pub ns: BTreeSet<u64>,
    pub status: Option<Status>,
    pub legacy: Option<LegacyBinary>,
    // Not `Option<Number>` values: like fields, `None` entries are left out
    // when written, so such a map does not round-trip.
    pub map: Option<BTreeMap<String, Number>>,
    pub shapes: Option<Vec<Shape>>,
}

/// A discriminated map (`cls`), with an alias.
#[derive(Attribute, Debug, Clone, PartialEq)]
#[rynamo(
    discriminator = "cls",
    discriminator_value = "circle",
    discriminator_alias = "round"
)]
pub struct Circle {
    pub radius: Number,
}

/// Another discriminated map.
#[derive(Attribute, Debug, Clone, PartialEq)]
#[rynamo(discriminator = "cls", discriminator_value = "square")]
pub struct Square {
    pub side: u32,
    pub label: Option<String>,
}

/// Maps read into the variant their `cls` names; others kept raw.
#[derive(Attribute, Debug, Clone, PartialEq)]
pub enum Shape {
    Circle(Circle),
    Square(Square),
    #[rynamo(unknown)]
    Other(Item),
}

/// One variant of a polymorphic model (discriminator `cls`).
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "fuzz_animals",
    discriminator = "cls",
    discriminator_value = "dog",
    discriminator_alias = "hound"
)]
pub struct Dog {
    #[rynamo(hash_key)]
    pub owner: String,
    #[rynamo(range_key)]
    pub name: String,
    pub barks: bool,
}

/// The other variant.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "fuzz_animals",
    discriminator = "cls",
    discriminator_value = "cat"
)]
pub struct Cat {
    #[rynamo(hash_key)]
    pub owner: String,
    #[rynamo(range_key)]
    pub name: String,
    pub lives: u32,
}

/// Several models in one table, told apart by `cls`.
#[derive(Model, Debug, Clone, PartialEq)]
pub enum Animal {
    Dog(Dog),
    Cat(Cat),
}

/// Drives a future to completion by polling it with a no-op waker. Every
/// future here (the in-memory transport, a no-op sleep) is ready at once.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// A transport that answers every request with the same fuzzed response,
/// a bounded number of times (then a non-retryable transport error, so
/// loops over pages or unprocessed items always end). Sleeping is a no-op.
pub struct FuzzTransport {
    response: Response,
    remaining: Cell<u32>,
}

impl FuzzTransport {
    /// Answers with `status` and `body` at most `times` times.
    pub fn new(status: u16, body: &[u8], times: u32) -> Self {
        FuzzTransport {
            response: Response {
                status,
                body: body.to_vec(),
                request_id: None,
            },
            remaining: Cell::new(times),
        }
    }
}

impl Transport for FuzzTransport {
    async fn send(&self, _request: &Request) -> Result<Response, TransportError> {
        match self.remaining.get() {
            0 => Err(TransportError::new(
                TransportErrorKind::Request,
                "fuzz transport exhausted",
            )),
            n => {
                self.remaining.set(n - 1);
                Ok(self.response.clone())
            }
        }
    }

    async fn sleep(&self, _duration: Duration) {}

    fn jitter_seed(&self) -> u64 {
        0x5eed
    }

    fn now(&self) -> Option<Duration> {
        Some(Duration::from_millis(1))
    }
}

/// Exercises a decoded error the way a caller would (classify, print).
pub fn touch_error(error: &rynamo_core::Error) {
    let _ = error.is_retryable();
    let _ = error.is_throttling();
    let _ = error.code();
    let _ = format!("{error} {error:?}");
}

impl Everything {
    /// A valid instance (for writes whose reply is fuzzed).
    pub fn sample() -> Everything {
        let mut raw = Item::new();
        raw.insert(
            "any".into(),
            AttributeValue::L(vec![AttributeValue::Bool(true), AttributeValue::Null]),
        );
        Everything {
            id: "e1".into(),
            sort: 7,
            s: "héllo \"wörld\"\n".into(),
            i: i64::MIN,
            u: u64::MAX,
            small: -128,
            wide: -17_014_118_346_046_923_173_168_730_371_588_410_572,
            uwide: 1,
            f: 0.1 + 0.2,
            f_single: 1.1,
            exact: Number::parse("12345678901234567890.123456789012345678").expect("valid number"),
            bytes: vec![0, 1, 254, 255],
            flag: true,
            created: UtcDateTime::new(1999, 12, 31, 23, 59, 59, 999_999).expect("valid date"),
            doc: serde_json::json!({"a": [1, 2.5, "x", null, true]}),
            typed_doc: Json([("k".to_string(), vec![1, 2, 3])].into()),
            lines: vec![Line {
                sku: "x".into(),
                qty: 1,
                price: Number::from(3),
                discount: Some(0.5),
                inner: None,
            }],
            address: Some(Address {
                city: "Paris".into(),
                zip: None,
            }),
            raw,
            counts: [("a".to_string(), 1)].into(),
            ss: ["x".to_string()].into(),
            ns: [-5, 7].into(),
            exact_set: [Number::from(1)].into(),
            bs: [vec![1u8]].into(),
            hs: [1u16, 2].into(),
            nothing: Null,
            opt: None,
            legacy: LegacyBinary(b"old".to_vec()),
            legacy_set: LegacyBinarySet([b"p".to_vec()].into()),
            status: Status::Cancelled,
            nested_lists: vec![vec![Some(1), None], vec![]],
            any: AttributeValue::Ns(vec![Number::from(1)]),
            expires: Some(Ttl::from_unix_seconds(1_800_000_000)),
            version: Some(3),
            extra: Item::new(),
        }
    }
}

impl Sparse {
    /// A valid instance (for writes whose reply is fuzzed).
    pub fn sample() -> Sparse {
        Sparse {
            id: vec![1, 2, 3],
            n: Some(Number::from(5)),
            i: None,
            f: None,
            when: None,
            ttl: None,
            doc: None,
            lines: None,
            ss: BTreeSet::new(),
            ns: [1].into(),
            status: Some(Status::New),
            legacy: None,
            map: None,
            shapes: Some(vec![
                Shape::Circle(Circle {
                    radius: Number::from(2),
                }),
                Shape::Square(Square {
                    side: 1,
                    label: None,
                }),
            ]),
        }
    }
}

//! The benchmark's order: one Rynamo model and its serde twin, the same
//! attributes on the wire, and the generator that fills both.

use std::collections::BTreeSet;

use rynamo_core::attr::UtcDateTime;
use rynamo_core::{Attribute, Model};
use serde::{Deserialize, Serialize};

/// How many partitions (customers) the orders spread over; the query phase
/// reads each of them.
pub const PARTITIONS: usize = 10;

/// The table every client creates (each under its own prefix).
pub const TABLE: &str = "bench-orders";

/// A line of an order, stored as a map.
#[derive(Attribute, Debug, Clone, PartialEq)]
pub struct Line {
    /// Stock-keeping unit.
    pub sku: String,
    /// Quantity.
    pub qty: u32,
}

/// An order-like item: two string keys, a string, a number, a list of
/// three small maps, a string set, a date-time, a bool, an optional string
/// and a version.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "bench-orders")]
pub struct Order {
    /// Partition key.
    #[rynamo(hash_key)]
    pub customer: String,
    /// Sort key.
    #[rynamo(range_key)]
    pub id: String,
    /// `new`, then `shipped` after the update phase.
    pub status: String,
    /// A number the update phase adds to.
    pub total: f64,
    /// Three lines.
    pub lines: Vec<Line>,
    /// A string set.
    pub tags: BTreeSet<String>,
    /// When the order was placed.
    pub created: UtcDateTime,
    /// Whether it is paid.
    pub paid: bool,
    /// Present on every other order.
    pub note: Option<String>,
    /// Optimistic-locking version.
    #[rynamo(version)]
    pub version: Option<u64>,
}

/// [`Line`] for serde (and so serde_dynamo and serde_json).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PlainLine {
    /// Stock-keeping unit.
    pub sku: String,
    /// Quantity.
    pub qty: u32,
}

/// [`Order`] for serde: the same attributes with the same DynamoDB types
/// (the set as `SS`, the date-time as the same string).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PlainOrder {
    /// Partition key.
    pub customer: String,
    /// Sort key.
    pub id: String,
    /// Status.
    pub status: String,
    /// Total.
    pub total: f64,
    /// Lines.
    pub lines: Vec<PlainLine>,
    /// Tags, written as a string set.
    #[serde(with = "serde_dynamo::string_set")]
    pub tags: BTreeSet<String>,
    /// Created, through Rynamo's own date-time type so both sides format
    /// and parse the same way.
    #[serde(with = "datetime")]
    pub created: UtcDateTime,
    /// Paid.
    pub paid: bool,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
}

/// The `n`th order; ids sort in `n` order within a partition.
pub fn order(n: usize) -> Order {
    let lines = (0..3)
        .map(|l| Line {
            sku: format!("sku-{:03}", (n + l) % 1000),
            qty: 1 + l as u32,
        })
        .collect();
    Order {
        customer: customer(n % PARTITIONS),
        id: format!("o{n:08}"),
        status: "new".into(),
        total: 12.5 + (n % 100) as f64,
        lines,
        tags: ["gift".to_string(), format!("t{}", n % 7)].into(),
        created: UtcDateTime::from_unix_micros(1_767_225_600_000_000 + n as i64 * 1_000_123)
            .expect("in range"),
        paid: n.is_multiple_of(2),
        note: (n % 2 == 1).then(|| format!("leave at door {n}")),
        version: None,
    }
}

/// The name of partition `p`.
pub fn customer(p: usize) -> String {
    format!("customer-{p:02}")
}

impl From<&Order> for PlainOrder {
    fn from(o: &Order) -> Self {
        PlainOrder {
            customer: o.customer.clone(),
            id: o.id.clone(),
            status: o.status.clone(),
            total: o.total,
            lines: o
                .lines
                .iter()
                .map(|l| PlainLine {
                    sku: l.sku.clone(),
                    qty: l.qty,
                })
                .collect(),
            tags: o.tags.clone(),
            created: o.created,
            paid: o.paid,
            note: o.note.clone(),
            version: o.version,
        }
    }
}

/// serde for [`UtcDateTime`] as Rynamo stores it (its `Display` / `parse`).
mod datetime {
    use rynamo_core::attr::UtcDateTime;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(value: &UtcDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<UtcDateTime, D::Error> {
        let text = String::deserialize(d)?;
        UtcDateTime::parse(&text).map_err(D::Error::custom)
    }
}

//! Saves an order and reads it back through Rynamo, configured from the
//! environment (`AWS_REGION`, `AWS_ENDPOINT_URL`, credentials).

use std::collections::BTreeSet;

use rynamo_core::prelude::*;
use rynamo_native::Client;

#[derive(Attribute, Debug, Clone, PartialEq)]
struct Line {
    sku: String,
    qty: u32,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "orders")]
struct Order {
    #[rynamo(hash_key)]
    customer: String,
    #[rynamo(range_key)]
    id: String,
    total: f64,
    lines: Vec<Line>,
    tags: BTreeSet<String>,
    created: UtcDateTime,
    note: Option<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = Client::from_env()?;
    let mut order = Order {
        customer: "c1".into(),
        id: "o1".into(),
        total: 12.5,
        lines: vec![Line {
            sku: "a-1".into(),
            qty: 2,
        }],
        tags: BTreeSet::from(["gift".to_string()]),
        created: UtcDateTime::parse("2026-01-02T03:04:05Z")?,
        note: None,
    };
    order.save().send(&db).await?;
    let read = Order::get(("c1", "o1")).send(&db).await?;
    println!("{read:?}");
    Ok(())
}

//! Saves an order and reads it back through aws-sdk-dynamodb and
//! serde_dynamo, configured from the environment (`AWS_REGION`,
//! `AWS_ENDPOINT_URL`, credentials).

use std::collections::{BTreeSet, HashMap};

use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Line {
    sku: String,
    qty: u32,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order {
    customer: String,
    id: String,
    total: f64,
    lines: Vec<Line>,
    #[serde(with = "serde_dynamo::string_set")]
    tags: BTreeSet<String>,
    created: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_from_env().await;
    let db = aws_sdk_dynamodb::Client::new(&config);
    let order = Order {
        customer: "c1".into(),
        id: "o1".into(),
        total: 12.5,
        lines: vec![Line {
            sku: "a-1".into(),
            qty: 2,
        }],
        tags: BTreeSet::from(["gift".to_string()]),
        created: "2026-01-02T03:04:05Z".into(),
        note: None,
    };
    db.put_item()
        .table_name("orders")
        .set_item(Some(serde_dynamo::to_item(&order)?))
        .send()
        .await?;
    let key = HashMap::from([
        ("customer".to_string(), AttributeValue::S("c1".into())),
        ("id".to_string(), AttributeValue::S("o1".into())),
    ]);
    let out = db
        .get_item()
        .table_name("orders")
        .set_key(Some(key))
        .send()
        .await?;
    let read: Order = serde_dynamo::from_item(out.item.ok_or("no item")?)?;
    println!("{read:?}");
    Ok(())
}

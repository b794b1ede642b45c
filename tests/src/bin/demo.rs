//! The main demo: starts DynamoDB Local (unless `DYNAMODB_ENDPOINT` is set),
//! then creates a table and saves, reads, updates, queries and deletes
//! orders through the native adapter, printing each step.

use std::collections::BTreeSet;

use rynamo_core::attr::UtcDateTime;
use rynamo_core::prelude::*;
use rynamo_native::{Client, Config, Credentials};

#[derive(Attribute, Debug, Clone, PartialEq)]
struct Line {
    sku: String,
    qty: u32,
}

#[derive(Attribute, Debug, Clone, Copy, PartialEq)]
enum Status {
    New,
    Paid,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "demo-orders")]
struct Order {
    #[rynamo(hash_key)]
    customer: String,
    #[rynamo(range_key)]
    id: String,
    status: Status,
    total: Number,
    lines: Vec<Line>,
    tags: BTreeSet<String>,
    created: UtcDateTime,
    note: Option<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = rynamo_tests::endpoint();
    println!("DynamoDB at {endpoint}");
    let config = Config::from_env()
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(Credentials::new("demo", "demo", None));
    let db = Client::new(config)?.table_prefix(rynamo_tests::unique_table("demo"));

    let table = Order::table().create(&db).await?;
    println!("created table {} ({:?})", table.name, table.status);

    for (i, day) in ["2026-01-05", "2026-02-11", "2026-02-20"]
        .iter()
        .enumerate()
    {
        let mut order = Order {
            customer: "c1".into(),
            id: format!("{day}#{i}"),
            status: Status::New,
            total: Number::parse(&format!("{}.50", 10 * (i + 1)))?,
            lines: vec![Line {
                sku: format!("sku-{i}"),
                qty: 1 + i as u32,
            }],
            tags: BTreeSet::from(["web".to_string()]),
            created: UtcDateTime::parse(&format!("{day}T09:30:00Z"))?,
            note: None,
        };
        order
            .save()
            .condition(Order::CUSTOMER.not_exists())
            .send(&db)
            .await?;
        println!(
            "saved   {} / {}  total {}",
            order.customer, order.id, order.total
        );
    }

    let order = Order::get(("c1", "2026-01-05#0"))
        .consistent_read(true)
        .send(&db)
        .await?;
    println!("got     {order:?}");

    let paid = Order::update(("c1", "2026-01-05#0"))
        .set(Order::STATUS, Status::Paid)
        .add(Order::TOTAL, Number::parse("5")?)
        .set(Order::NOTE, "paid by card")
        .condition(Order::STATUS.eq(Status::New))
        .send_and_read(&db)
        .await?;
    println!(
        "updated status {:?}, total {}, note {:?}",
        paid.status, paid.total, paid.note
    );

    match Order::update(("c1", "2026-01-05#0"))
        .set(Order::STATUS, Status::Paid)
        .condition(Order::STATUS.eq(Status::New))
        .send(&db)
        .await
    {
        Err(Error::ConditionalCheckFailed(e)) => println!("second update refused: {}", e.message()),
        other => println!("unexpected: {other:?}"),
    }

    let february = Order::query("c1")
        .range(Order::ID.begins_with("2026-02"))
        .filter(Order::TOTAL.gt(Number::parse("20")?))
        .all(&db)
        .await?;
    println!(
        "query   February orders over 20: {:?}",
        february.iter().map(|o| &o.id).collect::<Vec<_>>()
    );

    order.delete().send(&db).await?;
    match Order::get(("c1", "2026-01-05#0")).send(&db).await {
        Err(Error::DoesNotExist(_)) => println!("deleted 2026-01-05#0 (get now says DoesNotExist)"),
        other => println!("unexpected: {other:?}"),
    }
    println!("left    {} orders", Order::scan().count(&db).await?);
    Order::table().delete(&db).await?;
    println!("done");
    Ok(())
}

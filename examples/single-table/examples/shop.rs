//! The shop example against DynamoDB Local (or AWS): creates the table with
//! its index and stream, writes a customer through its entities, reads the
//! partition in one query, shows a request without sending it, and prints
//! the table's stream as typed events.
//!
//! `AWS_ENDPOINT_URL=http://localhost:8000 cargo run -p rynamo-single-table-example --example shop`

use std::time::Duration;

use rynamo_core::Model;
use rynamo_core::op::StreamViewType;
use rynamo_core::streams::{Change, ChangeReader};
use rynamo_native::Client;
use rynamo_single_table_example::{
    Customer, CustomerItems, Order, customer_view, orders_of_month, sample, save_customer,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = Client::from_env()?.table_prefix("example-");
    if !Order::table().exists(&db).await? {
        Order::table()
            .stream(StreamViewType::NewAndOldImages)
            .create(&db)
            .await?;
    }
    let (customer, orders, addresses) = sample("c1");
    save_customer(&db, &customer, &orders, &addresses).await?;

    let view = customer_view(&db, "c1", 100).await?;
    println!(
        "{}: {} orders, {} addresses",
        view.customer.map(|c| c.name).unwrap_or_default(),
        view.orders.len(),
        view.addresses.len()
    );
    println!(
        "January: {:?}",
        orders_of_month(&db, "c1", "2026-01").await?
    );

    // The request a collection query sends, without sending it.
    let request = CustomerItems::query(Customer::partition("c1")).request(&db)?;
    println!(
        "{} {}",
        request.action.name(),
        String::from_utf8_lossy(&request.body)
    );

    let mut changes =
        ChangeReader::<CustomerItems>::new().poll_interval(Duration::from_millis(100));
    while let Some(event) = changes.next(&db).await? {
        match event.change {
            Change::Insert { new: Some(item) } => println!("inserted {item:?}"),
            Change::Modify {
                new: Some(item), ..
            } => println!("modified {item:?}"),
            Change::Remove { old, .. } => println!("removed {old:?}"),
            other => println!("{other:?}"),
        }
    }
    Ok(())
}

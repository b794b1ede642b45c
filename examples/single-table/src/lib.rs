//! A shop in one DynamoDB table, the single-table design ElectroDB users
//! know, typed end to end: the models are in [`shop`]; the flows here are
//! generic over the transport, so the native example and integration test
//! (`rynamo-native`) and the browser test (`rynamo-wasm`) run the same
//! code.
//!
//! Run the example against DynamoDB Local with
//! `AWS_ENDPOINT_URL=http://localhost:8000 cargo run -p rynamo-single-table-example --example shop`.

pub mod shop;

pub use shop::{Address, Customer, CustomerItems, CustomerView, Order, Status};

use rynamo_core::model::Transaction;
use rynamo_core::transport::Transport;
use rynamo_core::{Client, Error, Model};

/// A customer with three orders over two months and two addresses.
pub fn sample(customer: &str) -> (Customer, Vec<Order>, Vec<Address>) {
    let order = |date: &str, id: &str, status, total| Order {
        customer: customer.into(),
        date: date.into(),
        id: id.into(),
        status,
        total,
    };
    let address = |label: &str, city: &str| Address {
        customer: customer.into(),
        label: label.into(),
        city: city.into(),
    };
    (
        Customer {
            id: customer.into(),
            name: format!("Customer {customer}"),
            email: format!("{customer}@example.com"),
        },
        vec![
            order("2026-01-05", "o1", Status::Paid, 3000),
            order("2026-01-20", "o2", Status::Placed, 1250),
            order("2026-02-02", "o3", Status::Paid, 990),
        ],
        vec![address("home", "Lyon"), address("work", "Paris")],
    )
}

/// Writes a customer, its orders and its addresses through their
/// entities, all or nothing (one TransactWriteItems: up to 100 items).
pub async fn save_customer<T: Transport>(
    db: &Client<T>,
    customer: &Customer,
    orders: &[Order],
    addresses: &[Address],
) -> Result<(), Error> {
    let mut transaction = Transaction::new().put(customer);
    for order in orders {
        transaction = transaction.put(order);
    }
    for address in addresses {
        transaction = transaction.put(address);
    }
    transaction.send(db).await
}

/// A customer's whole partition in one query (one request per page of
/// `page_size` items), as a struct of vectors.
pub async fn customer_view<T: Transport>(
    db: &Client<T>,
    customer: &str,
    page_size: u32,
) -> Result<CustomerView, Error> {
    let items = CustomerItems::query(Customer::partition(customer))
        .page_size(page_size)
        .all(db)
        .await?;
    Ok(items.into_iter().collect())
}

/// A customer's orders of one month (`2026-01`): the entity's own query,
/// narrowed by its sort-key prefix (`begins_with(sk, "ORDER#2026-01")`).
pub async fn orders_of_month<T: Transport>(
    db: &Client<T>,
    customer: &str,
    month: &str,
) -> Result<Vec<Order>, Error> {
    Order::query(customer).sort_prefix(month).all(db).await
}

/// Every customer's orders with `status`, through the `gsi1` index.
pub async fn orders_with_status<T: Transport>(
    db: &Client<T>,
    status: Status,
) -> Result<Vec<Order>, Error> {
    Order::query_gsi1(status).all(db).await
}

//! A shop in one table (single-table design): customers, their orders and
//! their addresses share the table `shop`, told apart by the `entity`
//! attribute, with composite keys in the generic `pk`/`sk` attributes and
//! one global index `gsi1` (orders by status).
//!
//! | entity   | pk               | sk                   | gsi1pk        | gsi1sk               |
//! |----------|------------------|----------------------|---------------|----------------------|
//! | customer | `CUSTOMER#{id}`  | `PROFILE`            |               |                      |
//! | order    | `CUSTOMER#{customer}` | `ORDER#{date}#{id}` | `STATUS#{status}` | `ORDER#{date}#{id}` |
//! | address  | `CUSTOMER#{customer}` | `ADDRESS#{label}` |               |                      |
//!
//! The same file is the model of the native example (`main.rs`), the
//! integration test against DynamoDB Local and the browser (wasm) test.

use rynamo_core::prelude::*;

/// Where an order is.
#[derive(Attribute, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Placed, not paid.
    Placed,
    /// Paid, not shipped.
    Paid,
    /// On its way.
    Shipped,
}

/// A customer: the `PROFILE` item of its partition.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "shop",
    discriminator = "entity",
    discriminator_value = "customer",
    hash_key(name = "pk", template = "CUSTOMER#{id}"),
    range_key(name = "sk", template = "PROFILE")
)]
pub struct Customer {
    /// The customer's id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Contact address.
    pub email: String,
}

/// An order, in its customer's partition, sorted by date.
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
pub struct Order {
    /// The customer's id.
    pub customer: String,
    /// `YYYY-MM-DD`, so keys sort by date.
    pub date: String,
    /// The order's id.
    pub id: String,
    /// Where it is (also its `gsi1` partition).
    pub status: Status,
    /// Total in cents.
    pub total: u32,
}

/// A customer's address, by label (`home`, `work`).
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "shop",
    discriminator = "entity",
    discriminator_value = "address",
    hash_key(name = "pk", template = "CUSTOMER#{customer}"),
    range_key(name = "sk", template = "ADDRESS#{label}")
)]
pub struct Address {
    /// The customer's id.
    pub customer: String,
    /// `home`, `work`…
    pub label: String,
    /// The city.
    pub city: String,
}

/// The collection of a customer's partition: one query reads the customer,
/// its orders and its addresses, each decoded as its entity.
#[derive(Model, Debug, Clone, PartialEq)]
pub enum CustomerItems {
    /// The profile.
    Customer(Customer),
    /// An order.
    Order(Order),
    /// An address.
    Address(Address),
}

/// A customer's partition as a struct of vectors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerView {
    /// The profile, if saved.
    pub customer: Option<Customer>,
    /// Orders, oldest first.
    pub orders: Vec<Order>,
    /// Addresses, by label.
    pub addresses: Vec<Address>,
}

impl FromIterator<CustomerItems> for CustomerView {
    fn from_iter<I: IntoIterator<Item = CustomerItems>>(items: I) -> Self {
        let mut view = CustomerView::default();
        for item in items {
            match item {
                CustomerItems::Customer(c) => view.customer = Some(c),
                CustomerItems::Order(o) => view.orders.push(o),
                CustomerItems::Address(a) => view.addresses.push(a),
            }
        }
        view
    }
}

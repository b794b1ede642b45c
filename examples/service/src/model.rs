//! The service's two tables: customers, and their orders.

use rynamo_core::Model;

/// A customer, with running totals that each order's transaction moves.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "customers")]
pub struct Customer {
    /// The customer's id.
    #[rynamo(hash_key)]
    pub id: String,
    /// Display name.
    pub name: String,
    /// How many orders were placed.
    pub orders: u64,
    /// The sum of their totals, in cents.
    pub spent_cents: u64,
}

/// One order of one customer.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "orders")]
pub struct Order {
    /// The customer's id.
    #[rynamo(hash_key)]
    pub customer: String,
    /// The order's id, unique per customer.
    #[rynamo(range_key)]
    pub id: String,
    /// The total, in cents.
    pub total_cents: u64,
    /// `placed`, then `shipped`.
    pub status: String,
}

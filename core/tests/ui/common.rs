// Shared by the ui tests (included with `include!`).
use rynamo_core::prelude::*;

#[derive(Attribute)]
pub struct Line {
    pub sku: String,
    pub qty: u32,
}

#[derive(Attribute)]
pub struct Address {
    pub city: String,
}

#[derive(Model)]
#[rynamo(table = "orders")]
pub struct Order {
    #[rynamo(hash_key)]
    pub customer: String,
    #[rynamo(range_key)]
    pub id: String,
    pub total: u32,
    pub note: Option<String>,
    pub lines: Vec<Line>,
    pub address: Option<Address>,
}

#[derive(Model)]
#[rynamo(table = "users")]
pub struct User {
    #[rynamo(hash_key)]
    pub name: String,
}

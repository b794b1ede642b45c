#[derive(rynamo_core::Model)]
#[rynamo(table = "shop", hash_key(name = "pk", template = "CUSTOMER#{customer_id}"))]
struct Order {
    customer: String,
    total: u32,
}
fn main() {}

#[derive(rynamo_core::Model)]
#[rynamo(table = "shop", hash_key(name = "pk", template = "CUSTOMER#{customer}"))]
struct Order {
    customer: Option<String>,
}
fn main() {}

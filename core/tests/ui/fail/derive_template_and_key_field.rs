#[derive(rynamo_core::Model)]
#[rynamo(table = "shop", hash_key(name = "pk", template = "CUSTOMER#{customer}"))]
struct Order {
    #[rynamo(hash_key)]
    customer: String,
}
fn main() {}

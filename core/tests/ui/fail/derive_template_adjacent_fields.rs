#[derive(rynamo_core::Model)]
#[rynamo(table = "shop", hash_key(name = "pk", template = "ORDER#{date}{id}"))]
struct Order {
    date: String,
    id: String,
}
fn main() {}

use rynamo_core::Model;

#[derive(Model)]
#[rynamo(
    table = "shop",
    discriminator = "entity",
    discriminator_value = "order",
    hash_key(name = "pk", template = "CUSTOMER#{customer}"),
    range_key(name = "sk", template = "ORDER#{id}")
)]
struct Order {
    customer: String,
    id: String,
}

#[derive(Model)]
#[rynamo(
    table = "shop",
    discriminator = "entity",
    discriminator_value = "order",
    hash_key(name = "pk", template = "CUSTOMER#{customer}"),
    range_key(name = "sk", template = "ADDRESS#{id}")
)]
struct Address {
    customer: String,
    id: String,
}

#[derive(Model)]
enum Partition {
    Order(Order),
    Address(Address),
}
fn main() {}

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
    discriminator_value = "line",
    hash_key(name = "pk", template = "CUSTOMER#{customer}"),
    range_key(name = "sk", template = "ORDER#LINE#{id}")
)]
struct Line {
    customer: String,
    id: String,
}

#[derive(Model)]
enum Partition {
    Order(Order),
    Line(Line),
}
fn main() {}

include!("../common.rs");
use rynamo_core::model::Partial;
fn main() {
    // `total` is a u32: it does not read as a string.
    let order: Partial<Order> = Partial::new(Item::new());
    let _: Option<String> = order.get(Order::TOTAL).unwrap();
}

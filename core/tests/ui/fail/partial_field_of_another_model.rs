include!("../common.rs");
use rynamo_core::model::Partial;
fn main() {
    // A partial order reads only the order's own fields.
    let order: Partial<Order> = Partial::new(Item::new());
    let _ = order.get(User::NAME);
}

include!("../common.rs");
fn main() {
    let _ = Order::update(("c1", "o1")).add(Order::NOTE, "more");
}

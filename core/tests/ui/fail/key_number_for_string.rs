include!("../common.rs");
fn main() {
    let _ = Order::get((1, "o1"));
}

include!("../common.rs");
fn main() {
    let _ = Order::get("c1");
}

include!("../common.rs");
fn main() {
    let _ = Order::TOTAL.eq("ten");
}

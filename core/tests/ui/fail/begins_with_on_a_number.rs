include!("../common.rs");
fn main() {
    let _ = Order::TOTAL.begins_with(1u32);
}

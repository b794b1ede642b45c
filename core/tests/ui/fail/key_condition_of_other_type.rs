include!("../common.rs");
fn main() {
    let _ = Order::query("c1").range(Order::TOTAL.eq(3u32));
}

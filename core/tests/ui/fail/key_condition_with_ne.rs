include!("../common.rs");
fn main() {
    let _ = Order::query("c1").range(Order::ID.ne("x"));
}

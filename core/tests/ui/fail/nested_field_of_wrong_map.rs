include!("../common.rs");
fn main() {
    let _ = Order::LINES.index(0).field(Address::CITY);
}

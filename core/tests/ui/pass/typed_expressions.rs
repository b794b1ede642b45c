include!("../common.rs");
fn main() {
    let _ = Order::get(("c1", "o1"));
    let _ = Order::get((String::from("c1"), &String::from("o1")));
    let _ = User::get("u1");
    let _ = User::get(("u1",));
    let _: Condition = Order::TOTAL.eq(10u32) & Order::NOTE.begins_with("gift") | !Order::ADDRESS.exists();
    let _ = Order::LINES.index(0).field(Line::SKU).eq("a-1");
    let _ = Order::ADDRESS.field(Address::CITY).contains("Ly");
    let _ = Order::query("c1").range(Order::ID.begins_with("2026-")).filter(Order::TOTAL.gt(5u32));
    let _ = Order::update(("c1", "o1")).add(Order::TOTAL, 1u32).set(Order::NOTE, "x").remove(Order::ADDRESS);
}

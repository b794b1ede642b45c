include!("../common.rs");
fn main() {
    let _ = User::get(("u1", "x"));
}

#[derive(rynamo_core::Attribute)]
struct Generic<T> {
    value: T,
}
fn main() {}

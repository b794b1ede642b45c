#[derive(rynamo_core::Attribute)]
enum Shape {
    Circle(f64),
    Square,
}
fn main() {}

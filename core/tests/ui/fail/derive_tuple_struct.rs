#[derive(rynamo_core::Model)]
#[rynamo(table = "t")]
struct Tuple(String);
fn main() {}

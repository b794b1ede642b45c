#[derive(rynamo_core::Model)]
#[rynamo(table = "t")]
struct NoHash {
    id: String,
}
fn main() {}

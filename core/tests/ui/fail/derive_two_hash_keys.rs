#[derive(rynamo_core::Model)]
#[rynamo(table = "t")]
struct TwoHash {
    #[rynamo(hash_key)]
    a: String,
    #[rynamo(hash_key)]
    b: String,
}
fn main() {}

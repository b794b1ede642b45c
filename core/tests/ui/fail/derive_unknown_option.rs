#[derive(rynamo_core::Model)]
#[rynamo(table = "t")]
struct Unknown {
    #[rynamo(hash_key, sparse)]
    id: String,
}
fn main() {}

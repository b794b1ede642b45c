#[derive(rynamo_core::Model)]
#[rynamo(table = "t")]
struct Dup {
    #[rynamo(hash_key)]
    id: String,
    #[rynamo(rename = "id")]
    other: String,
}
fn main() {}

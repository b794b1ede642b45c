#[derive(rynamo_core::Model)]
#[rynamo(table = "t")]
struct DefaultKey {
    #[rynamo(hash_key, default)]
    id: String,
}
fn main() {}

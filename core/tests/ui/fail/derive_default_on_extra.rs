#[derive(rynamo_core::Model)]
#[rynamo(table = "t")]
struct DefaultExtra {
    #[rynamo(hash_key)]
    id: String,
    #[rynamo(extra, default)]
    rest: rynamo_core::Item,
}
fn main() {}

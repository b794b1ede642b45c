#[derive(rynamo_core::Model)]
struct NoTable {
    #[rynamo(hash_key)]
    id: String,
}
fn main() {}

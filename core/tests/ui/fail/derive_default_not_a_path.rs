#[derive(rynamo_core::Model)]
#[rynamo(table = "t")]
struct DefaultNotAPath {
    #[rynamo(hash_key)]
    id: String,
    #[rynamo(default = "not a path")]
    n: u32,
}
fn main() {}

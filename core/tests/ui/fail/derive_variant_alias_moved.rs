use rynamo_core::prelude::*;

#[derive(Model)]
#[rynamo(table = "animals", discriminator = "cls", discriminator_value = "dog")]
struct Dog {
    #[rynamo(hash_key)]
    owner: String,
}

#[derive(Model)]
enum Animal {
    #[rynamo(alias = "hound")]
    Dog(Dog),
}

fn main() {}

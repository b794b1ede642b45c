use rynamo_core::prelude::*;

#[derive(Attribute)]
#[rynamo(discriminator_alias = "round")]
struct Circle {
    radius: u32,
}

fn main() {}

use rynamo_core::prelude::*;

#[derive(Attribute)]
#[rynamo(discriminator = "cls", discriminator_value = "circle", discriminator_alias = "round")]
struct Circle {
    radius: u32,
}

#[derive(Attribute)]
#[rynamo(discriminator = "cls", discriminator_value = "round")]
struct Disc {
    radius: u32,
}

#[derive(Attribute)]
enum Shape {
    Circle(Circle),
    Disc(Disc),
}

fn main() {}

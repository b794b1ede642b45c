use rynamo_core::prelude::*;

#[derive(Attribute)]
#[rynamo(discriminator = "cls", discriminator_value = "circle")]
struct Circle {
    radius: u32,
}

#[derive(Attribute)]
struct Plain {
    side: u32,
}

#[derive(Attribute)]
enum Shape {
    Circle(Circle),
    Plain(Plain),
}

fn main() {}

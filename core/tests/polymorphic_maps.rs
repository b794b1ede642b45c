//! Discriminated maps (PynamoDB's `MapAttribute` subclasses with a
//! `DiscriminatorAttribute`) and discriminator aliases: exact bytes, the
//! three readers (from `Item`, the fast path, plain JSON) agreeing, aliases
//! read and written back with the type's own value, unknown and missing
//! discriminators as typed errors naming the attribute.

use rynamo_core::error::DecodeErrorKind;
use rynamo_core::json::Reader;
use rynamo_core::prelude::*;

#[derive(Attribute, Debug, Clone, PartialEq)]
#[rynamo(
    discriminator = "cls",
    discriminator_value = "circle",
    discriminator_alias = "round",
    discriminator_alias = "disc"
)]
struct Circle {
    radius: u32,
}

#[derive(Attribute, Debug, Clone, PartialEq)]
#[rynamo(discriminator = "cls", discriminator_value = "square")]
struct Square {
    side: u32,
    label: Option<String>,
}

#[derive(Attribute, Debug, Clone, PartialEq)]
enum Shape {
    Circle(Circle),
    Square(Square),
}

/// The same shapes, keeping maps of other values unchanged.
#[derive(Attribute, Debug, Clone, PartialEq)]
enum AnyShape {
    Circle(Circle),
    Square(Square),
    #[rynamo(unknown)]
    Other(Item),
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "drawings")]
struct Drawing {
    #[rynamo(hash_key)]
    id: String,
    main: Shape,
    shapes: Vec<Shape>,
    spare: Option<Shape>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "sketches")]
struct Sketch {
    #[rynamo(hash_key)]
    id: String,
    shapes: Vec<AnyShape>,
}

/// A model with a second discriminator value, read directly.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "animals",
    discriminator = "cls",
    discriminator_value = "dog",
    discriminator_alias = "hound"
)]
struct Dog {
    #[rynamo(hash_key)]
    owner: String,
    #[rynamo(range_key)]
    name: String,
}

fn drawing() -> Drawing {
    Drawing {
        id: "d1".into(),
        main: Shape::Circle(Circle { radius: 3 }),
        shapes: vec![
            Shape::Square(Square {
                side: 2,
                label: Some("a".into()),
            }),
            Shape::Circle(Circle { radius: 1 }),
        ],
        spare: None,
    }
}

/// Reads `json` (DynamoDB JSON of an item) through all three paths that
/// must agree: `from_item`, the fast path, and (for plain JSON) the
/// plain-JSON view written from the result.
fn read_all<M: Model + PartialEq + std::fmt::Debug>(
    json: &str,
) -> Result<M, rynamo_core::error::DecodeError> {
    let item = rynamo_core::json::item_from_slice(json.as_bytes()).unwrap();
    let slow = M::from_item(item);
    let fast = M::read_item_json(&mut Reader::new(json.as_bytes()));
    match (&slow, fast) {
        (Ok(slow), Ok(fast)) => assert_eq!(slow, &fast, "fast path differs"),
        (Ok(slow), Err(e)) => panic!("fast path refused what from_item read as {slow:?}: {e}"),
        (Err(_), Ok(fast)) => panic!("fast path read {fast:?} where from_item refused"),
        (Err(_), Err(_)) => {}
    }
    if let Ok(model) = &slow {
        let mut plain = Vec::new();
        model.write_simple_json(&mut plain).unwrap();
        let back = M::read_simple_json(&mut Reader::new(&plain)).unwrap();
        assert_eq!(&back, model, "plain JSON round trip");
    }
    slow
}

#[test]
fn a_discriminated_map_is_written_with_its_value_first() {
    let mut buf = Vec::new();
    Shape::Circle(Circle { radius: 3 })
        .write_value(&mut buf)
        .unwrap();
    assert_eq!(
        std::str::from_utf8(&buf).unwrap(),
        r#"{"M":{"cls":{"S":"circle"},"radius":{"N":"3"}}}"#
    );
    let value = Shape::Square(Square {
        side: 2,
        label: None,
    })
    .to_value()
    .unwrap();
    let mut via_value = Vec::new();
    rynamo_core::json::write_value(&mut via_value, &value).unwrap();
    assert_eq!(
        std::str::from_utf8(&via_value).unwrap(),
        r#"{"M":{"cls":{"S":"square"},"side":{"N":"2"}}}"#
    );
    let mut plain = Vec::new();
    Shape::Circle(Circle { radius: 3 })
        .write_simple(&mut plain)
        .unwrap();
    assert_eq!(
        std::str::from_utf8(&plain).unwrap(),
        r#"{"cls":"circle","radius":3}"#
    );
}

#[test]
fn nested_and_listed_discriminated_maps_read_into_their_variants() {
    let drawing = drawing();
    let mut json = Vec::new();
    drawing.write_item(&mut json).unwrap();
    let back: Drawing = read_all(std::str::from_utf8(&json).unwrap()).unwrap();
    assert_eq!(back, drawing);
    assert_eq!(
        Drawing::from_item(drawing.to_item().unwrap()).unwrap(),
        drawing
    );
}

#[test]
fn every_alias_reads_as_its_type_and_is_written_back_with_the_own_value() {
    for alias in ["round", "disc", "circle"] {
        let json = format!(
            r#"{{"id":{{"S":"d"}},"main":{{"M":{{"radius":{{"N":"5"}},"cls":{{"S":"{alias}"}}}}}},"shapes":{{"L":[{{"M":{{"cls":{{"S":"{alias}"}},"radius":{{"N":"6"}}}}}}]}}}}"#
        );
        let drawing: Drawing = read_all(&json).unwrap();
        assert_eq!(drawing.main, Shape::Circle(Circle { radius: 5 }), "{alias}");
        assert_eq!(drawing.shapes, [Shape::Circle(Circle { radius: 6 })]);
        let item = drawing.to_item().unwrap();
        let Some(AttributeValue::M(main)) = item.get("main") else {
            panic!()
        };
        assert_eq!(main.get("cls"), Some(&AttributeValue::S("circle".into())));
    }
    // The struct alone accepts its aliases too.
    let round =
        rynamo_core::json::item_from_slice(br#"{"cls":{"S":"round"},"radius":{"N":"1"}}"#).unwrap();
    assert_eq!(
        Circle::from_value(AttributeValue::M(round)).unwrap(),
        Circle { radius: 1 }
    );
}

#[test]
fn an_unknown_or_missing_discriminator_is_an_error_naming_it() {
    let unknown = r#"{"id":{"S":"d"},"main":{"M":{"cls":{"S":"circle"},"radius":{"N":"1"}}},"shapes":{"L":[{"M":{"cls":{"S":"hexagon"},"side":{"N":"1"}}}]}}"#;
    let err = read_all::<Drawing>(unknown).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownVariant("hexagon".into())
    );
    assert_eq!(err.location().to_string(), "shapes[0].cls");

    let missing = r#"{"id":{"S":"d"},"main":{"M":{"radius":{"N":"1"}}},"shapes":{"L":[]}}"#;
    let err = read_all::<Drawing>(missing).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::Missing);
    assert_eq!(err.location().to_string(), "main.cls");

    let wrong_type =
        r#"{"id":{"S":"d"},"main":{"M":{"cls":{"N":"1"},"radius":{"N":"1"}}},"shapes":{"L":[]}}"#;
    let err = read_all::<Drawing>(wrong_type).unwrap_err();
    assert!(matches!(err.kind(), DecodeErrorKind::Type { .. }), "{err}");
    assert_eq!(err.location().to_string(), "main.cls");

    // A struct read directly refuses another type's value.
    let square =
        rynamo_core::json::item_from_slice(br#"{"cls":{"S":"square"},"radius":{"N":"1"}}"#)
            .unwrap();
    let err = Circle::from_value(AttributeValue::M(square)).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownVariant("square".into())
    );

    // The plain-JSON view names the same problems.
    let err = Shape::read_simple(&mut Reader::new(br#"{"cls":"hexagon"}"#)).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownVariant("hexagon".into())
    );
    let err = Shape::read_simple(&mut Reader::new(br#"{"radius":1}"#)).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::Missing);
}

#[test]
fn an_unknown_variant_keeps_maps_of_other_values_unchanged() {
    let json = r#"{"id":{"S":"s"},"shapes":{"L":[{"M":{"cls":{"S":"hexagon"},"sides":{"N":"6"}}},{"M":{"sides":{"N":"0"}}},{"M":{"cls":{"S":"disc"},"radius":{"N":"2"}}}]}}"#;
    let sketch: Sketch = read_all(json).unwrap();
    let AnyShape::Other(hexagon) = &sketch.shapes[0] else {
        panic!("{sketch:?}")
    };
    assert_eq!(
        hexagon.get("cls"),
        Some(&AttributeValue::S("hexagon".into()))
    );
    assert!(matches!(&sketch.shapes[1], AnyShape::Other(m) if !m.contains_key("cls")));
    assert_eq!(sketch.shapes[2], AnyShape::Circle(Circle { radius: 2 }));
    let mut written = Vec::new();
    sketch.write_item(&mut written).unwrap();
    assert_eq!(
        std::str::from_utf8(&written).unwrap(),
        r#"{"id":{"S":"s"},"shapes":{"L":[{"M":{"cls":{"S":"hexagon"},"sides":{"N":"6"}}},{"M":{"sides":{"N":"0"}}},{"M":{"cls":{"S":"circle"},"radius":{"N":"2"}}}]}}"#
    );
}

#[test]
fn a_model_alias_reads_when_the_model_is_read_directly() {
    for value in ["dog", "hound"] {
        let json =
            format!(r#"{{"owner":{{"S":"o"}},"name":{{"S":"rex"}},"cls":{{"S":"{value}"}}}}"#);
        let dog: Dog = read_all(&json).unwrap();
        assert_eq!(dog.name, "rex");
        assert_eq!(
            dog.to_item().unwrap().get("cls"),
            Some(&AttributeValue::S("dog".into())),
            "written back with its own value"
        );
    }
    let err =
        read_all::<Dog>(r#"{"owner":{"S":"o"},"name":{"S":"rex"},"cls":{"S":"cat"}}"#).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::UnknownVariant("cat".into()));
    let plain = Dog::read_simple_json(&mut Reader::new(
        br#"{"owner":"o","name":"n","cls":"hound"}"#,
    ))
    .unwrap();
    assert_eq!(plain.name, "n");
    assert_eq!(Dog::DISCRIMINATOR_ALIASES, ["hound"]);
}

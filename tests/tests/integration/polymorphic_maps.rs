//! Nested polymorphic maps against real PynamoDB (`tests/interop/pynamo_shapes.py`):
//! `MapAttribute` subclasses told apart by a `DiscriminatorAttribute`, in
//! a map, a list and an optional map, with a second value (`round`)
//! registered for one class. PynamoDB writes, Rynamo reads into the enum's
//! variants and saves back byte for byte (only the alias turns into the
//! class's own value, as PynamoDB itself writes it); Rynamo writes,
//! PynamoDB reads the classes and its save changes nothing.

use std::process::Command;

use rynamo_core::op::GetItem;
use rynamo_core::{Attribute, AttributeValue, IntoKey, Item, Model, Number};

use crate::fixtures::{client, create, run};

#[derive(Attribute, Debug, Clone, PartialEq)]
#[rynamo(
    discriminator = "cls",
    discriminator_value = "circle",
    discriminator_alias = "round"
)]
pub struct Circle {
    pub name: String,
    pub radius: Number,
}

#[derive(Attribute, Debug, Clone, PartialEq)]
#[rynamo(discriminator = "cls", discriminator_value = "square")]
pub struct Square {
    pub name: String,
    pub side: u32,
    pub label: Option<String>,
}

/// PynamoDB's `Shape(MapAttribute)` with `cls = DiscriminatorAttribute()`.
#[derive(Attribute, Debug, Clone, PartialEq)]
pub enum Shape {
    Circle(Circle),
    Square(Square),
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "drawings")]
pub struct Drawing {
    #[rynamo(hash_key)]
    pub id: String,
    pub main: Shape,
    pub shapes: Vec<Shape>,
    pub spare: Option<Shape>,
}

fn circle(name: &str, radius: &str) -> Shape {
    Shape::Circle(Circle {
        name: name.into(),
        radius: Number::parse(radius).unwrap(),
    })
}

fn square(name: &str, side: u32, label: Option<&str>) -> Shape {
    Shape::Square(Square {
        name: name.into(),
        side,
        label: label.map(Into::into),
    })
}

fn pynamodb(action: &str, table: &str) {
    let script = rynamo_tests::repo_root().join("tests/interop/pynamo_shapes.py");
    let out = Command::new("python3")
        .arg(script)
        .args([action, rynamo_tests::endpoint(), table])
        .output()
        .expect("python3 runs (scripts/setup.sh installs pynamodb)");
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("as expected"),
        "PynamoDB side of `{action}` failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn raw(db: &rynamo_native::Client, id: &str) -> Item {
    let table = db.table_name(Drawing::TABLE);
    let key = IntoKey::<Drawing>::into_key(id).unwrap();
    db.send(&GetItem::new(table.as_ref(), key).consistent_read(true))
        .await
        .unwrap()
        .expect("item")
}

/// The item as DynamoDB JSON text (attributes and map keys in name order).
fn text(item: &Item) -> String {
    let mut buf = Vec::new();
    rynamo_core::json::write_item(&mut buf, item).unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn nested_polymorphic_maps_cross_between_pynamodb_and_rynamo() {
    run(async {
        let db = client();
        create::<Drawing>(&db).await;
        let table = db.table_name(Drawing::TABLE).into_owned();
        pynamodb("write", &table);

        // PynamoDB's maps read into the variants their `cls` names.
        let mut py = Drawing::get("py")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(py.main, circle("c", "1.5"));
        assert_eq!(py.shapes, [square("s", 2, Some("a")), circle("c2", "3")]);
        assert_eq!(py.spare, None);
        let mut old = Drawing::get("py-old")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(old.main, circle("o", "5"), "`round` reads as a circle");
        assert_eq!(old.shapes, [circle("o2", "6")]);
        assert_eq!(old.spare, Some(square("q", 1, None)));
        // Also in a query page read straight from the bytes.
        let scanned = Drawing::scan().all(&db).await.unwrap();
        assert_eq!(scanned.len(), 2);

        // Saved unchanged, PynamoDB's item is byte for byte what it was.
        let before = raw(&db, "py").await;
        py.save().send(&db).await.unwrap();
        assert_eq!(text(&raw(&db, "py").await), text(&before));
        // The older value is written back as the class's own, and only that changes.
        let mut before = raw(&db, "py-old").await;
        old.save().send(&db).await.unwrap();
        for path in [&["main"][..], &["shapes"]] {
            let value = match path {
                ["main"] => before.get_mut("main"),
                _ => match before.get_mut("shapes") {
                    Some(AttributeValue::L(list)) => list.first_mut(),
                    _ => None,
                },
            };
            let Some(AttributeValue::M(map)) = value else {
                panic!("{before:?}")
            };
            assert_eq!(
                map.insert("cls".into(), AttributeValue::S("circle".into())),
                Some(AttributeValue::S("round".into()))
            );
        }
        assert_eq!(text(&raw(&db, "py-old").await), text(&before));

        // What Rynamo writes, PynamoDB reads as its classes and saves unchanged.
        Drawing {
            id: "rs".into(),
            main: square("r1", 4, Some("big")),
            shapes: vec![circle("r2", "0.25"), square("r3", 5, None)],
            spare: Some(circle("r4", "7")),
        }
        .save()
        .send(&db)
        .await
        .unwrap();
        let ours = raw(&db, "rs").await;
        pynamodb("read", &table);
        assert_eq!(text(&raw(&db, "rs").await), text(&ours));
    });
}

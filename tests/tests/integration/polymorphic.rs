//! Polymorphic reads: a query or scan through an enum of models sends a
//! filter on the registered discriminator values (as PynamoDB does), so an
//! item of an unregistered class does not sink the read; older values map
//! to a model with `discriminator_alias`, through the enum and when the
//! model is read directly; `#[rynamo(unknown)]` keeps unregistered items
//! as raw `Item`s instead of an error.

use std::sync::{Arc, Mutex};

use rynamo_core::client::{Hook, RequestInfo};
use rynamo_core::error::DecodeErrorKind;
use rynamo_core::transport::Action;
use rynamo_core::{AttributeValue, Error, Item, Model};

use crate::evolution::pynamodb;
use crate::fixtures::{client, create, run};
use crate::semantics::{Cat, Dog};

/// A dog that also reads items stored as `hound` (an older name).
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "animals",
    discriminator = "cls",
    discriminator_value = "dog",
    discriminator_alias = "hound"
)]
pub struct PetDog {
    #[rynamo(hash_key)]
    pub owner: String,
    #[rynamo(range_key)]
    pub name: String,
    pub barks: bool,
}

/// Dogs (also those stored as `hound`) and cats.
#[derive(Model, Debug, Clone, PartialEq)]
pub enum Pet {
    Dog(PetDog),
    Cat(Cat),
}

/// Every animal, unregistered classes kept as raw items.
#[derive(Model, Debug, Clone, PartialEq)]
pub enum AnyPet {
    Dog(Dog),
    Cat(Cat),
    #[rynamo(unknown)]
    Other(Item),
}

/// Keeps query and scan bodies.
#[derive(Default)]
struct Reads(Mutex<Vec<String>>);

impl Hook for Reads {
    fn before_send(&self, request: &RequestInfo<'_>) {
        if matches!(request.action, Action::Query | Action::Scan) {
            self.0
                .lock()
                .unwrap()
                .push(String::from_utf8_lossy(request.body).into_owned());
        }
    }
}

fn dog(name: &str) -> Dog {
    Dog {
        owner: "o".into(),
        name: name.into(),
        barks: true,
    }
}

/// A dog, a cat, a dog stored as `hound` and a `bird` no enum registers.
async fn mixed_table(db: &rynamo_native::Client) {
    create::<Pet>(db).await;
    let table = db.table_name(Pet::TABLE);
    dog("rex").save().send(db).await.unwrap();
    let mut cat = Cat {
        owner: "o".into(),
        name: "tom".into(),
        lives: 9,
    };
    cat.save().send(db).await.unwrap();
    for (name, cls) in [("old-rex", "hound"), ("tweety", "bird")] {
        let mut item = dog(name).to_item().unwrap();
        item.insert("cls".into(), AttributeValue::S(cls.into()));
        db.send(&rynamo_core::op::PutItem::new(table.as_ref(), &item))
            .await
            .unwrap();
    }
}

fn names(pets: &[Pet]) -> Vec<(&'static str, String)> {
    pets.iter()
        .map(|p| match p {
            Pet::Dog(d) => ("dog", d.name.clone()),
            Pet::Cat(c) => ("cat", c.name.clone()),
        })
        .collect()
}

#[test]
fn a_polymorphic_query_filters_on_registered_values_and_reads_aliases() {
    run(async {
        let reads = Arc::new(Reads::default());
        let db: rynamo_native::Client = client().into_core().hook(reads.clone()).into();
        mixed_table(&db).await;
        let want = vec![
            ("dog", "old-rex".to_string()),
            ("dog", "rex".to_string()),
            ("cat", "tom".to_string()),
        ];
        let queried = Pet::query("o").all(&db).await.unwrap();
        assert_eq!(names(&queried), want);
        let mut scanned = Pet::scan().all(&db).await.unwrap();
        scanned.sort_by_key(|p| match p {
            Pet::Dog(d) => d.name.clone(),
            Pet::Cat(c) => c.name.clone(),
        });
        assert_eq!(names(&scanned), want);
        let bodies = reads.0.lock().unwrap().clone();
        assert!(
            bodies[0].contains(r##""FilterExpression":"#n1 IN (:v1, :v2, :v3)""##)
                && bodies[0].contains(r#"":v1":{"S":"dog"},":v2":{"S":"hound"},":v3":{"S":"cat"}"#),
            "{}",
            bodies[0]
        );
        // An alias reads as its variant and is written back with its value.
        let Pet::Dog(mut old) = queried[0].clone() else {
            panic!()
        };
        old.save().send(&db).await.unwrap();
        let again = Pet::get(("o", "old-rex")).send(&db).await.unwrap();
        assert!(matches!(again, Pet::Dog(ref d) if d.name == "old-rex"));
        // Read by key, the unregistered class is a typed error.
        let err = Pet::get(("o", "tweety")).send(&db).await.unwrap_err();
        assert!(
            matches!(err, Error::Decode(ref e) if *e.kind() == DecodeErrorKind::UnknownVariant("bird".into())),
            "{err}"
        );
    });
}

#[test]
fn an_unknown_variant_keeps_unregistered_items_and_writes_them_back_unchanged() {
    run(async {
        let db = client();
        mixed_table(&db).await;
        let all = AnyPet::query("o").all(&db).await.unwrap();
        assert_eq!(all.len(), 4);
        let others: Vec<&Item> = all
            .iter()
            .filter_map(|p| match p {
                AnyPet::Other(item) => Some(item),
                _ => None,
            })
            .collect();
        let classes: Vec<&AttributeValue> = others.iter().map(|i| &i["cls"]).collect();
        assert_eq!(
            classes,
            [
                &AttributeValue::S("hound".into()),
                &AttributeValue::S("bird".into())
            ]
        );
        let mut bird = AnyPet::Other(others[1].clone());
        assert_eq!(
            bird.key().unwrap().as_item()["name"],
            AttributeValue::S("tweety".into())
        );
        bird.save().send(&db).await.unwrap();
        let back = AnyPet::get(("o", "tweety")).send(&db).await.unwrap();
        assert_eq!(back, bird);
    });
}

#[test]
fn polymorphic_reads_of_pynamodb_items_skip_unregistered_classes() {
    run(async {
        let db = client();
        create::<Pet>(&db).await;
        let table = db.table_name(Pet::TABLE);
        pynamodb("animals_write", &table, "py");
        let found = Pet::query("py").all(&db).await.unwrap();
        let got: Vec<(&str, String)> = found
            .iter()
            .map(|p| match p {
                Pet::Dog(d) => ("dog", d.name.clone()),
                Pet::Cat(c) => ("cat", c.name.clone()),
            })
            .collect();
        assert_eq!(
            got,
            [
                ("dog", "old-rex".into()),
                ("dog", "rex".into()),
                ("cat", "tom".into())
            ]
        );
        pynamodb("animals_read", &table, "py");
    });
}

#[test]
fn a_model_alias_is_read_when_the_model_is_read_directly() {
    run(async {
        let reads = Arc::new(Reads::default());
        let db: rynamo_native::Client = client().into_core().hook(reads.clone()).into();
        mixed_table(&db).await;
        // By key: the `hound` item reads as the model that lists the alias,
        // and not as the model that does not.
        let mut old = PetDog::get(("o", "old-rex")).send(&db).await.unwrap();
        assert_eq!((old.name.as_str(), old.barks), ("old-rex", true));
        let err = Dog::get(("o", "old-rex")).send(&db).await.unwrap_err();
        assert!(
            matches!(err, Error::Decode(ref e) if *e.kind() == DecodeErrorKind::UnknownVariant("hound".into())),
            "{err}"
        );
        let both = PetDog::batch_get([("o", "old-rex"), ("o", "rex")])
            .send(&db)
            .await
            .unwrap();
        assert_eq!(both.len(), 2, "{both:?}");
        assert_eq!(PetDog::scan().count(&db).await.unwrap(), 2);
        reads.0.lock().unwrap().clear();
        // Queries and scans of the model filter on its value and aliases.
        let mut names: Vec<String> = PetDog::query("o")
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(names, ["old-rex", "rex"]);
        names = PetDog::scan()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.name)
            .collect();
        names.sort();
        assert_eq!(names, ["old-rex", "rex"]);
        let bodies = reads.0.lock().unwrap().clone();
        assert!(
            bodies[0].contains(r##""FilterExpression":"#n1 IN (:v1, :v2)""##)
                && bodies[0].contains(r#"":v1":{"S":"dog"},":v2":{"S":"hound"}"#),
            "{}",
            bodies[0]
        );
        // Saved, it is written with the model's own value: the model
        // without the alias now reads it.
        old.barks = false;
        old.save().send(&db).await.unwrap();
        let now = Dog::get(("o", "old-rex")).send(&db).await.unwrap();
        assert!(!now.barks);
    });
}

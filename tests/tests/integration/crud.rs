//! Save, get, update and delete through the native adapter.

use rynamo_core::expr::PathExpr;
use rynamo_core::op::{GetItem, PutItem, ReturnValues};
use rynamo_core::{AttributeValue, Error, Item, Model, Number};

use crate::fixtures::{Address, Order, Status, client, create, run};

#[test]
fn saved_order_reads_back_equal() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let mut order = Order::sample("c1", "o1");
        order.save().send(&db).await.unwrap();
        let read = Order::get(("c1", "o1"))
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(read, order);
    });
}

#[test]
fn missing_item_is_does_not_exist() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let err = Order::get(("c1", "nope")).send(&db).await.unwrap_err();
        let Error::DoesNotExist(e) = err else {
            panic!("{err:?}")
        };
        assert!(e.table().ends_with("orders"), "{}", e.table());
    });
}

#[test]
fn update_sets_and_removes_whole_attributes() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let mut order = Order::sample("c1", "o2");
        order.note = Some("leave at door".into());
        order.save().send(&db).await.unwrap();

        let new_address = Address {
            city: "Nice".into(),
            zip: Some("06000".into()),
        };
        let updated = Order::update(("c1", "o2"))
            .set(Order::STATUS, Status::Paid)
            .set(Order::ADDRESS, &new_address)
            .remove(Order::NOTE)
            .send_and_read(&db)
            .await
            .unwrap();
        assert_eq!(updated.status, Status::Paid);
        assert_eq!(updated.address, Some(new_address));
        assert_eq!(updated.note, None);
        assert_eq!(updated.lines, order.lines, "untouched attributes stay");
        let read = Order::get(("c1", "o2"))
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(read, updated);
    });
}

#[test]
fn delete_removes_the_item_and_can_return_it() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let mut order = Order::sample("c2", "o1");
        order.save().send(&db).await.unwrap();
        let old = order
            .delete()
            .return_values(ReturnValues::AllOld)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(Order::from_item(old.expect("old item")).unwrap(), order);
        assert!(matches!(
            Order::get(("c2", "o1")).send(&db).await,
            Err(Error::DoesNotExist(_))
        ));
        // Deleting what is not there is not an error, as in DynamoDB.
        Order::delete_key(("c2", "o1")).send(&db).await.unwrap();
    });
}

#[test]
fn projection_returns_only_the_named_attributes() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        Order::sample("c3", "o1").save().send(&db).await.unwrap();
        let table = db.table_name(Order::TABLE);
        let key = rynamo_core::IntoKey::<Order>::into_key(("c3", "o1")).unwrap();
        let projection = rynamo_core::expr::Projection::new()
            .path(Order::STATUS)
            .path(Order::LINES.index(1).field(crate::fixtures::Line::SKU));
        let item = db
            .send(&GetItem::new(table.as_ref(), key).projection(projection))
            .await
            .unwrap()
            .unwrap();
        let mut want = Item::new();
        want.insert("status".into(), AttributeValue::S("New".into()));
        let mut line = Item::new();
        line.insert("sku".into(), AttributeValue::S("b-2".into()));
        want.insert(
            "lines".into(),
            AttributeValue::L(vec![AttributeValue::M(line)]),
        );
        assert_eq!(item, want);
    });
}

#[test]
fn table_prefix_keeps_clients_apart() {
    run(async {
        let a = client();
        let b = client();
        create::<Order>(&a).await;
        create::<Order>(&b).await;
        Order::sample("c", "1").save().send(&a).await.unwrap();
        assert!(matches!(
            Order::get(("c", "1")).send(&b).await,
            Err(Error::DoesNotExist(_))
        ));
        assert!(Order::get(("c", "1")).send(&a).await.is_ok());
    });
}

#[test]
fn attributes_the_model_does_not_declare_are_dropped_without_extra_field() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let table = db.table_name(Order::TABLE);
        let mut item = Order::sample("c4", "o1").to_item().unwrap();
        item.insert(
            "written_by_others".into(),
            AttributeValue::N(Number::from(1)),
        );
        db.send(&PutItem::new(table.as_ref(), &item)).await.unwrap();
        let order = Order::get(("c4", "o1")).send(&db).await.unwrap();
        assert_eq!(order, Order::sample("c4", "o1"));
    });
}

#[test]
fn conditional_update_applies_only_when_the_condition_holds() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        Order::sample("c5", "o1").save().send(&db).await.unwrap();
        let err = Order::update(("c5", "o1"))
            .set(Order::STATUS, Status::Cancelled)
            .condition(Order::STATUS.eq(Status::Paid))
            .send(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::ConditionalCheckFailed(_)), "{err:?}");
        Order::update(("c5", "o1"))
            .set(Order::STATUS, Status::Paid)
            .condition(Order::STATUS.eq(Status::New))
            .send(&db)
            .await
            .unwrap();
        let read = Order::get(("c5", "o1"))
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(read.status, Status::Paid);
    });
}

/// The order model with a catch-all field.
#[derive(rynamo_core::Model, Debug, Clone, PartialEq)]
#[rynamo(table = "orders")]
pub struct OrderWithExtra {
    #[rynamo(hash_key)]
    pub customer: String,
    #[rynamo(range_key)]
    pub id: String,
    pub status: Status,
    #[rynamo(extra)]
    pub others: Item,
}

#[test]
fn read_modify_save_keeps_attributes_written_by_others() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        // Someone else writes the full order, with attributes this model lacks.
        let mut full = Order::sample("c6", "o1");
        full.save().send(&db).await.unwrap();

        let mut partial = OrderWithExtra::get(("c6", "o1"))
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert!(partial.others.contains_key("lines") && partial.others.contains_key("tags"));
        partial.status = Status::Paid;
        partial.save().send(&db).await.unwrap();

        let read = Order::get(("c6", "o1"))
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(read.status, Status::Paid);
        full.status = Status::Paid;
        assert_eq!(read, full, "nothing else was erased");
    });
}

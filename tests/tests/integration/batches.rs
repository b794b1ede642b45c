//! Batch writes and gets of any size, every item verified.

use rynamo_core::error::EncodeErrorKind;
use rynamo_core::{Error, Model};

use crate::fixtures::{Order, client, create, run};

fn order(i: usize) -> Order {
    let mut o = Order::sample(&format!("c{}", i % 7), &format!("o{i:04}"));
    o.note = Some(format!("note {i}"));
    o
}

#[test]
fn a_thousand_writes_and_gets_arrive_exactly() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let orders: Vec<Order> = (0..1000).map(order).collect();
        let mut batch = Order::batch_write();
        for o in &orders {
            batch = batch.put(o);
        }
        assert_eq!(batch.len(), 1000);
        batch.send(&db).await.unwrap();

        let keys: Vec<(String, String)> = orders
            .iter()
            .map(|o| (o.customer.clone(), o.id.clone()))
            .collect();
        let mut got = Order::batch_get(keys.iter().map(|(c, i)| (c.as_str(), i.as_str())))
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        got.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(got, orders);
        assert_eq!(Order::scan().count(&db).await.unwrap(), 1000);

        // Deletes in a batch, mixed with puts.
        let mut batch = Order::batch_write();
        for o in &orders[..500] {
            batch = batch.delete((o.customer.as_str(), o.id.as_str()));
        }
        let extra = order(5000);
        batch.put(&extra).send(&db).await.unwrap();
        assert_eq!(Order::scan().count(&db).await.unwrap(), 501);
        let left = Order::batch_get(orders.iter().map(|o| (o.customer.as_str(), o.id.as_str())))
            .send(&db)
            .await
            .unwrap();
        assert_eq!(left.len(), 500);
        assert!(left.iter().all(|o| o.id.as_str() >= "o0500"));
    });
}

#[test]
fn duplicate_keys_in_a_batch_are_refused_before_sending() {
    run(async {
        let db = client();
        // No table: a server error would be ResourceNotFound instead.
        let err = Order::batch_write()
            .put(&order(1))
            .put(&order(2))
            .put(&order(1))
            .send(&db)
            .await
            .unwrap_err();
        let Error::Encode(e) = &err else {
            panic!("{err:?}")
        };
        assert!(
            matches!(e.kind(), EncodeErrorKind::DuplicateKey(_)),
            "{err}"
        );
        let err = Order::batch_get([("c1", "o1"), ("c1", "o1")])
            .send(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Encode(_)), "{err:?}");
    });
}

#[test]
fn a_failed_batch_hands_back_what_it_did_not_write() {
    run(async {
        let db = client();
        // The table does not exist: nothing can be written, and all 30
        // writes come back in the error.
        let mut batch = Order::batch_write();
        for i in 0..30 {
            batch = batch.put(&order(i));
        }
        let err = batch.send(&db).await.unwrap_err();
        let Error::BatchIncomplete(b) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(b.unwritten().len(), 30);
        assert!(matches!(b.cause(), Error::Service(_)));
        let first = Order::from_item(b.unwritten()[0].item().unwrap()).unwrap();
        assert_eq!(first, order(0));
    });
}

#[test]
fn a_batch_get_meeting_bad_data_is_a_typed_error_naming_the_attribute() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let mut batch = Order::batch_write();
        let orders: Vec<Order> = (0..3).map(order).collect();
        for o in &orders {
            batch = batch.put(o);
        }
        batch.send(&db).await.unwrap();
        // Someone else stores a number where the model wants a string.
        let mut bad = orders[1].to_item().unwrap();
        bad.insert(
            "n".into(),
            rynamo_core::AttributeValue::N(rynamo_core::Number::from(7)),
        );
        let table = db.table_name(Order::TABLE);
        db.send(&rynamo_core::op::PutItem::new(table.as_ref(), &bad))
            .await
            .unwrap();
        let err = Order::batch_get(orders.iter().map(|o| (o.customer.as_str(), o.id.as_str())))
            .send(&db)
            .await
            .unwrap_err();
        let Error::BatchIncomplete(incomplete) = &err else {
            panic!("expected BatchIncomplete, got {err:?}");
        };
        assert!(
            matches!(incomplete.cause(), Error::Decode(e) if e.location().to_string() == "n"),
            "{err:?}"
        );
        assert_eq!(
            incomplete.unread().len(),
            3,
            "the failed chunk is handed back"
        );
    });
}

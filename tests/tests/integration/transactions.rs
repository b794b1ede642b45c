//! Transactions that commit and that cancel, with reasons in the order the
//! items were added.

use rynamo_core::error::CancellationCode;
use rynamo_core::expr::PathExpr;
use rynamo_core::model::{Transaction, TransactionRead};
use rynamo_core::{Error, Model, Number};

use crate::fixtures::{Kinds, Order, Status, client, create, run};

#[test]
fn a_transaction_commits_all_its_writes() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        create::<Kinds>(&db).await;
        let mut existing = Order::sample("c", "existing");
        existing.save().send(&db).await.unwrap();
        let mut doomed = Order::sample("c", "doomed");
        doomed.save().send(&db).await.unwrap();
        Order::sample("c", "checked")
            .save()
            .send(&db)
            .await
            .unwrap();

        Transaction::new()
            .put_with_condition(&Order::sample("c", "new"), Order::ID.not_exists())
            .update(
                Order::update(("c", "existing"))
                    .set(Order::STATUS, Status::Paid)
                    .condition(Order::STATUS.eq(Status::New)),
            )
            .delete(Order::delete_key(("c", "doomed")))
            .check::<Order>(("c", "checked"), Order::TOTAL.gt(Number::from(1)))
            .put(&Kinds::sample("k"))
            .token("token-commit-1")
            .send(&db)
            .await
            .unwrap();

        let read = TransactionRead::new()
            .get::<Order>(("c", "new"))
            .get::<Order>(("c", "existing"))
            .get::<Order>(("c", "doomed"))
            .get::<Kinds>("k")
            .send(&db)
            .await
            .unwrap();
        assert_eq!(
            read.get::<Order>(0).unwrap(),
            Some(Order::sample("c", "new"))
        );
        assert_eq!(read.get::<Order>(1).unwrap().unwrap().status, Status::Paid);
        assert_eq!(read.get::<Order>(2).unwrap(), None);
        assert_eq!(read.get::<Kinds>(3).unwrap(), Some(Kinds::sample("k")));
    });
}

#[test]
fn a_cancelled_transaction_reports_reasons_in_caller_order() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        Order::sample("c", "a").save().send(&db).await.unwrap();
        Order::sample("c", "b").save().send(&db).await.unwrap();

        let err = Transaction::new()
            .update(Order::update(("c", "a")).set(Order::STATUS, Status::Paid))
            .put_with_condition(&Order::sample("c", "a2"), Order::ID.not_exists())
            .update(
                Order::update(("c", "b"))
                    .set(Order::STATUS, Status::Cancelled)
                    .condition(Order::STATUS.eq(Status::Paid))
                    .return_item_on_condition_failure(true),
            )
            .send(&db)
            .await
            .unwrap_err();
        let Error::TransactionCanceled(t) = &err else {
            panic!("{err:?}")
        };
        let codes: Vec<&CancellationCode> = t.reasons().iter().map(|r| r.code()).collect();
        assert_eq!(
            codes,
            [
                &CancellationCode::None,
                &CancellationCode::None,
                &CancellationCode::ConditionalCheckFailed
            ]
        );
        let stored =
            Order::from_item(t.reasons()[2].item().expect("item returned").clone()).unwrap();
        assert_eq!(stored, Order::sample("c", "b"));
        // Nothing was written.
        assert_eq!(
            Order::get(("c", "a"))
                .consistent_read(true)
                .send(&db)
                .await
                .unwrap()
                .status,
            Status::New
        );
        assert!(matches!(
            Order::get(("c", "a2")).send(&db).await,
            Err(Error::DoesNotExist(_))
        ));
    });
}

#[test]
fn two_operations_on_one_item_are_a_validation_error() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        Order::sample("c", "b").save().send(&db).await.unwrap();
        let err = Transaction::new()
            .check::<Order>(("c", "b"), Order::STATUS.eq(Status::New))
            .update(Order::update(("c", "b")).set(Order::STATUS, Status::Paid))
            .send(&db)
            .await
            .unwrap_err();
        assert_eq!(
            err.code(),
            Some(rynamo_core::error::ErrorCode::Validation),
            "{err:?}"
        );
    });
}

#[test]
fn more_than_100_items_is_a_typed_error_before_sending() {
    run(async {
        let db = client();
        let mut t = Transaction::new();
        for i in 0..101 {
            t = t.delete(Order::delete_key(("c", format!("o{i}").as_str())));
        }
        let err = t.send(&db).await.unwrap_err();
        assert!(matches!(err, Error::Encode(_)), "{err:?}");
    });
}

//! DynamoDB's own errors, decoded from real server responses.

use rynamo_core::error::ErrorCode;
use rynamo_core::expr::PathExpr;
use rynamo_core::op::DescribeTable;
use rynamo_core::{Error, Model};

use crate::fixtures::{Order, client, create, run};

#[test]
fn put_if_absent_fails_with_conditional_check_failed_and_the_stored_item() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let mut first = Order::sample("c1", "o1");
        first
            .save()
            .condition(Order::CUSTOMER.not_exists())
            .send(&db)
            .await
            .unwrap();
        let mut second = Order::sample("c1", "o1");
        second.note = Some("second".into());
        let err = second
            .save()
            .condition(Order::CUSTOMER.not_exists())
            .return_item_on_condition_failure(true)
            .send(&db)
            .await
            .unwrap_err();
        assert!(!err.is_retryable());
        let Error::ConditionalCheckFailed(e) = err else {
            panic!("{err:?}")
        };
        assert!(!e.message().is_empty());
        let stored = Order::from_item(e.item().expect("stored item returned").clone()).unwrap();
        assert_eq!(stored, first);
    });
}

#[test]
fn missing_table_is_resource_not_found() {
    run(async {
        let db = client();
        let err = Order::get(("c", "o")).send(&db).await.unwrap_err();
        assert_eq!(err.code(), Some(ErrorCode::ResourceNotFound), "{err:?}");
        assert!(!err.is_retryable());
        let Error::Service(e) = &err else {
            panic!("{err:?}")
        };
        assert!(!e.message().is_empty());
        assert_eq!(e.status(), 400);
        let err = db
            .send(&DescribeTable::new("no-such-table-anywhere"))
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some(ErrorCode::ResourceNotFound));
    });
}

#[test]
fn creating_an_existing_table_is_resource_in_use() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let err = Order::table().create(&db).await.unwrap_err();
        assert_eq!(err.code(), Some(ErrorCode::ResourceInUse), "{err:?}");
    });
}

#[test]
fn invalid_requests_are_validation_errors() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        // A key attribute of the wrong type: DynamoDB rejects it.
        let table = db.table_name(Order::TABLE);
        let mut key = rynamo_core::Item::new();
        key.insert(
            "customer".into(),
            rynamo_core::AttributeValue::N(1u32.into()),
        );
        key.insert("id".into(), rynamo_core::AttributeValue::S("o".into()));
        let op = rynamo_core::op::GetItem::new(
            table.as_ref(),
            rynamo_core::Key::hash("customer", key["customer"].clone())
                .range("id", key["id"].clone()),
        );
        let err = db.send(&op).await.unwrap_err();
        assert_eq!(err.code(), Some(ErrorCode::Validation), "{err:?}");
    });
}

#[test]
fn unreachable_endpoint_is_a_transport_error_after_retries() {
    run(async {
        let config = rynamo_native::Config::from_env()
            .endpoint("http://127.0.0.1:9")
            .region("us-east-1")
            .credentials(rynamo_native::Credentials::new("x", "y", None));
        let db = rynamo_native::Client::new(config).unwrap().retry_policy(
            rynamo_core::retry::RetryPolicy {
                max_attempts: 2,
                base_delay: std::time::Duration::from_millis(1),
                max_delay: std::time::Duration::from_millis(2),
            },
        );
        let err = Order::get(("c", "o")).send(&db).await.unwrap_err();
        let Error::Transport(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            e.kind(),
            rynamo_core::transport::TransportErrorKind::Connect
        );
    });
}

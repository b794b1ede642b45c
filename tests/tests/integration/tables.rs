//! Create, describe and delete tables from a model's key schema.

use rynamo_core::op::{BillingMode, TableStatus};
use rynamo_core::value::ScalarAttributeType;
use rynamo_core::{Error, Model};

use crate::fixtures::{Kinds, Order, client, run};

#[test]
fn create_table_uses_the_model_key_schema_and_waits_until_active() {
    run(async {
        let db = client();
        let created = Order::table().create(&db).await.unwrap();
        assert_eq!(created.status, TableStatus::Active);
        assert_eq!(created.name, db.table_name(Order::TABLE));
        let described = Order::table().describe(&db).await.unwrap();
        let keys: Vec<(&str, bool)> = described
            .key_schema
            .iter()
            .map(|k| (k.name.as_str(), k.is_hash))
            .collect();
        assert_eq!(keys, [("customer", true), ("id", false)]);
        assert!(
            described
                .attribute_types
                .contains(&("customer".into(), ScalarAttributeType::S))
        );
        assert!(described.on_demand);
        Order::table().delete(&db).await.unwrap();
        let err = Order::table().describe(&db).await.unwrap_err();
        assert!(matches!(err, Error::Service(_)), "{err:?}");
    });
}

#[test]
fn provisioned_billing_is_accepted() {
    run(async {
        let db = client();
        let created = Kinds::table()
            .billing(BillingMode::Provisioned { read: 3, write: 4 })
            .create(&db)
            .await
            .unwrap();
        assert!(!created.on_demand);
        assert_eq!(created.key_schema.len(), 1);
    });
}

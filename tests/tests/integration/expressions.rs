//! Every condition operator and update action against the real server: an
//! item that should match does, one that should not does not.

use std::collections::BTreeSet;

use rynamo_core::expr::{Condition, PathExpr};
use rynamo_core::value::ValueType;
use rynamo_core::{Error, Model, Number};

use crate::fixtures::{Line, Order, Status, client, create, run};

/// Checks `condition` as a condition on a no-op update of the sample order:
/// true when DynamoDB accepts it.
async fn holds(db: &rynamo_native::Client, condition: impl Into<Condition>) -> bool {
    match Order::update(("c", "o"))
        .set(Order::STATUS, Status::New)
        .condition(condition)
        .send(db)
        .await
    {
        Ok(_) => true,
        Err(Error::ConditionalCheckFailed(_)) => false,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

#[test]
fn each_condition_operator_matches_and_mismatches() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let mut order = Order::sample("c", "o");
        order.save().send(&db).await.unwrap();
        let n = |s: &str| Number::parse(s).unwrap();

        let cases: Vec<(&str, Condition, bool)> = vec![
            ("eq", Order::STATUS.eq(Status::New).into(), true),
            ("eq-miss", Order::STATUS.eq(Status::Paid).into(), false),
            ("ne", Order::STATUS.ne(Status::Paid), true),
            ("ne-miss", Order::STATUS.ne(Status::New), false),
            ("lt", Order::TOTAL.lt(n("13")).into(), true),
            ("lt-miss", Order::TOTAL.lt(n("12.5")).into(), false),
            ("le", Order::TOTAL.le(n("12.5")).into(), true),
            ("le-miss", Order::TOTAL.le(n("12.49")).into(), false),
            ("gt", Order::TOTAL.gt(n("12")).into(), true),
            ("gt-miss", Order::TOTAL.gt(n("12.5")).into(), false),
            ("ge", Order::TOTAL.ge(n("12.5")).into(), true),
            ("ge-miss", Order::TOTAL.ge(n("12.51")).into(), false),
            (
                "between",
                Order::TOTAL.between(n("12"), n("13")).into(),
                true,
            ),
            (
                "between-miss",
                Order::TOTAL.between(n("1"), n("2")).into(),
                false,
            ),
            ("in", Order::STATUS.is_in([Status::Paid, Status::New]), true),
            (
                "in-miss",
                Order::STATUS.is_in([Status::Paid, Status::Cancelled]),
                false,
            ),
            ("exists", Order::ADDRESS.exists(), true),
            ("exists-miss", Order::NOTE.exists(), false),
            ("not-exists", Order::NOTE.not_exists(), true),
            ("not-exists-miss", Order::TAGS.not_exists(), false),
            ("type", Order::TAGS.is_type(ValueType::Ss), true),
            ("type-miss", Order::TAGS.is_type(ValueType::L), false),
            ("begins-with", Order::ID.begins_with("o").into(), true),
            ("begins-with-miss", Order::ID.begins_with("x").into(), false),
            (
                "begins-with-date",
                Order::CREATED.begins_with("2026-01").into(),
                true,
            ),
            ("contains-set", Order::TAGS.contains("gift"), true),
            ("contains-set-miss", Order::TAGS.contains("fragile"), false),
            ("contains-string", Order::CUSTOMER.contains("c"), true),
            (
                "contains-string-miss",
                Order::CUSTOMER.contains("zz"),
                false,
            ),
            (
                "contains-list",
                Order::LINES.contains(Line {
                    sku: "a-1".into(),
                    qty: 2,
                    price: n("2.5"),
                }),
                true,
            ),
            ("size-set", Order::TAGS.size().eq(2u32), true),
            ("size-list", Order::LINES.size().gt(5u32), false),
            ("size-string", Order::ID.size().between(1u32, 1u32), true),
            (
                "nested",
                Order::LINES.index(1).field(Line::SKU).eq("b-2").into(),
                true,
            ),
            (
                "nested-miss",
                Order::LINES.index(5).field(Line::SKU).exists(),
                false,
            ),
            (
                "map-field",
                Order::ADDRESS
                    .field(crate::fixtures::Address::CITY)
                    .eq("Lyon")
                    .into(),
                true,
            ),
            (
                "and",
                Order::STATUS.eq(Status::New) & Order::TOTAL.gt(n("1")),
                true,
            ),
            (
                "and-miss",
                Order::STATUS.eq(Status::New) & Order::TOTAL.gt(n("100")),
                false,
            ),
            (
                "or",
                Order::STATUS.eq(Status::Paid) | Order::TOTAL.gt(n("1")),
                true,
            ),
            (
                "or-miss",
                Order::STATUS.eq(Status::Paid) | Order::TOTAL.gt(n("100")),
                false,
            ),
            ("not", !Order::STATUS.eq(Status::Paid), true),
            ("not-miss", !Order::STATUS.eq(Status::New), false),
            (
                "nested-junction",
                (Order::STATUS.eq(Status::Paid) | Order::TOTAL.gt(n("1"))) & !Order::NOTE.exists(),
                true,
            ),
        ];
        for (name, condition, expected) in cases {
            assert_eq!(holds(&db, condition).await, expected, "{name}");
        }
    });
}

#[test]
fn each_update_action_changes_the_stored_item() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        Order::sample("c", "u").save().send(&db).await.unwrap();
        let n = |s: &str| Number::parse(s).unwrap();
        let extra = Line {
            sku: "c-3".into(),
            qty: 9,
            price: n("1"),
        };
        let first = Line {
            sku: "z-0".into(),
            qty: 1,
            price: n("0.5"),
        };

        let read = Order::update(("c", "u"))
            .set_expr(Order::TOTAL, Order::TOTAL.plus(n("2.5")))
            .set_expr(Order::LINES, Order::LINES.append(vec![extra.clone()]))
            .add(Order::TAGS, BTreeSet::from(["new".to_string()]))
            .set_expr(
                Order::NOTE,
                Order::NOTE.if_not_exists("first note".to_string()),
            )
            .set(Order::ADDRESS.field(crate::fixtures::Address::ZIP), "69001")
            .send_and_read(&db)
            .await
            .unwrap();
        assert_eq!(read.total, n("15"));
        assert_eq!(read.lines.last(), Some(&extra));
        assert!(read.tags.contains("new") && read.tags.contains("gift"));
        assert_eq!(read.note.as_deref(), Some("first note"));
        assert_eq!(read.address.as_ref().unwrap().zip.as_deref(), Some("69001"));

        let read = Order::update(("c", "u"))
            .set_expr(Order::TOTAL, Order::TOTAL.minus(n("5")))
            .set_expr(Order::LINES, Order::LINES.prepend(vec![first.clone()]))
            .delete(
                Order::TAGS,
                BTreeSet::from(["gift".to_string(), "rush".to_string()]),
            )
            .set_expr(Order::NOTE, Order::NOTE.if_not_exists("second".to_string()))
            .remove(Order::ADDRESS.field(crate::fixtures::Address::ZIP))
            .send_and_read(&db)
            .await
            .unwrap();
        assert_eq!(read.total, n("10"));
        assert_eq!(read.lines.first(), Some(&first));
        assert_eq!(read.lines.len(), 4);
        assert_eq!(read.tags, BTreeSet::from(["new".to_string()]));
        assert_eq!(
            read.note.as_deref(),
            Some("first note"),
            "if_not_exists keeps the stored value"
        );
        assert_eq!(
            read.address.as_ref().unwrap().zip,
            None,
            "nested field removed"
        );
        assert_eq!(
            read.address.as_ref().unwrap().city,
            "Lyon",
            "its sibling stays"
        );

        let read = Order::update(("c", "u"))
            .remove(Order::LINES.index(0))
            .add(Order::TOTAL, n("1"))
            .send_and_read(&db)
            .await
            .unwrap();
        assert_eq!(read.lines.len(), 3);
        assert_eq!(read.total, n("11"));
    });
}

#[test]
fn overlapping_update_paths_are_refused_before_sending() {
    run(async {
        let db = client();
        // No table: an error from the server would be ResourceNotFound.
        let err = Order::update(("c", "o"))
            .set(Order::STATUS, Status::Paid)
            .remove(Order::STATUS)
            .send(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Encode(_)), "{err:?}");
    });
}

#[test]
fn reserved_words_and_odd_names_are_safe_as_placeholders() {
    run(async {
        let db = client();
        create::<Order>(&db).await;
        let mut order = Order::sample("c", "odd");
        order.address = Some(crate::fixtures::Address {
            city: "x".into(),
            zip: Some("z".into()),
        });
        order.save().send(&db).await.unwrap();
        // `zip-code` has a dash, `status` is a reserved word.
        let read = Order::update(("c", "odd"))
            .set(
                Order::ADDRESS.field(crate::fixtures::Address::ZIP),
                "new-zip",
            )
            .condition(Order::STATUS.eq(Status::New))
            .send_and_read(&db)
            .await
            .unwrap();
        assert_eq!(read.address.unwrap().zip.as_deref(), Some("new-zip"));
    });
}

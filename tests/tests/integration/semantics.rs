//! Model semantics against the real server: optimistic locking (with a
//! race), TTL, polymorphic tables, refresh, hooks, settings and JSON views.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use rynamo_core::attr::{Ttl, UtcDateTime};
use rynamo_core::client::{Hook, RequestInfo, ResponseInfo};
use rynamo_core::expr::PathExpr;
use rynamo_core::retry::RetryPolicy;
use rynamo_core::transport::Action;
use rynamo_core::{AttributeValue, Error, Item, Model};

use crate::fixtures::{Kinds, Order, client, create, run};

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "accounts")]
pub struct Account {
    #[rynamo(hash_key)]
    pub id: String,
    pub balance: i64,
    #[rynamo(version)]
    pub version: Option<u64>,
    #[rynamo(ttl)]
    pub expires: Option<Ttl>,
}

fn account(id: &str) -> Account {
    Account {
        id: id.into(),
        balance: 100,
        version: None,
        expires: None,
    }
}

#[test]
fn first_save_requires_absence_and_later_saves_the_same_version() {
    run(async {
        let db = client();
        create::<Account>(&db).await;
        let mut a = account("a");
        a.save().send(&db).await.unwrap();
        assert_eq!(a.version, Some(1));
        // A second "new" instance may not overwrite it.
        let err = account("a").save().send(&db).await.unwrap_err();
        assert!(matches!(err, Error::ConditionalCheckFailed(_)), "{err:?}");

        a.balance = 50;
        a.save().send(&db).await.unwrap();
        assert_eq!(a.version, Some(2));
        let stored = Account::get("a")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!((stored.balance, stored.version), (50, Some(2)));
        // The stored version is an N, as PynamoDB's VersionAttribute.
        let item = stored.to_item().unwrap();
        assert_eq!(item["version"], AttributeValue::N(2u32.into()));

        // A stale copy loses, and keeps its own version.
        let mut stale = stored.clone();
        stale.version = Some(1);
        let err = stale.save().send(&db).await.unwrap_err();
        assert!(matches!(err, Error::ConditionalCheckFailed(_)));
        assert_eq!(stale.version, Some(1));
        let err = stale.delete().send(&db).await.unwrap_err();
        assert!(matches!(err, Error::ConditionalCheckFailed(_)));

        // apply() checks the version, increments it and refreshes the instance.
        a.apply()
            .add(Account::BALANCE, 25i64)
            .send(&db)
            .await
            .unwrap();
        assert_eq!((a.balance, a.version), (75, Some(3)));
        // A key-based update checks the version it is given and bumps it, so
        // stale instances notice.
        Account::update("a")
            .expected_version(3)
            .set(Account::BALANCE, 0i64)
            .send(&db)
            .await
            .unwrap();
        let err = a
            .apply()
            .add(Account::BALANCE, 1i64)
            .send(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::ConditionalCheckFailed(_)));
        a.refresh().send(&db).await.unwrap();
        assert_eq!((a.balance, a.version), (0, Some(4)));
        a.delete().send(&db).await.unwrap();
        assert!(matches!(
            a.refresh().send(&db).await,
            Err(Error::DoesNotExist(_))
        ));
    });
}

#[test]
fn two_writers_racing_on_one_version_exactly_one_wins() {
    run(async {
        let db = client();
        create::<Account>(&db).await;
        for round in 0..20 {
            let id = format!("race-{round}");
            let mut base = account(&id);
            base.save().send(&db).await.unwrap();
            let (mut left, mut right) = (base.clone(), base.clone());
            left.balance = 1;
            right.balance = 2;
            let (l, r) = tokio::join!(left.save().send(&db), right.save().send(&db));
            let wins = [l.is_ok(), r.is_ok()].iter().filter(|w| **w).count();
            assert_eq!(wins, 1, "round {round}: {l:?} {r:?}");
            let loser = if l.is_ok() { r } else { l };
            assert!(matches!(loser, Err(Error::ConditionalCheckFailed(_))));
            let stored = Account::get(id.as_str())
                .consistent_read(true)
                .send(&db)
                .await
                .unwrap();
            assert_eq!(stored.version, Some(2));
            assert_eq!(stored.balance, if left.version == Some(2) { 1 } else { 2 });
        }
    });
}

#[test]
fn ttl_is_stored_as_epoch_seconds_and_table_ttl_can_be_enabled() {
    run(async {
        let db = client();
        create::<Account>(&db).await;
        let now = UtcDateTime::new(2026, 11, 24, 12, 0, 0, 500_000).unwrap();
        let mut a = account("t");
        a.expires = Some(Ttl::after(now, std::time::Duration::from_secs(3600)));
        a.save().send(&db).await.unwrap();
        let stored = Account::get("t")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(
            stored.expires.unwrap().unix_seconds(),
            now.unix_seconds() + 3600
        );
        assert_eq!(
            stored.to_item().unwrap()["expires"],
            AttributeValue::N((now.unix_seconds() + 3600).into())
        );
        assert_eq!(Account::TTL, Some("expires"));
        Account::table().enable_ttl(&db).await.unwrap();
        let ttl = Account::table().ttl(&db).await.unwrap();
        assert_eq!(ttl.status, "ENABLED");
        assert_eq!(ttl.attribute.as_deref(), Some("expires"));
    });
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "animals", discriminator = "cls", discriminator_value = "dog")]
pub struct Dog {
    #[rynamo(hash_key)]
    pub owner: String,
    #[rynamo(range_key)]
    pub name: String,
    pub barks: bool,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "animals", discriminator = "cls", discriminator_value = "cat")]
pub struct Cat {
    #[rynamo(hash_key)]
    pub owner: String,
    #[rynamo(range_key)]
    pub name: String,
    pub lives: u32,
}

#[derive(Model, Debug, Clone, PartialEq)]
pub enum Animal {
    Dog(Dog),
    Cat(Cat),
}

#[test]
fn one_table_holds_several_models_told_apart_by_a_discriminator() {
    run(async {
        let db = client();
        create::<Animal>(&db).await;
        Dog {
            owner: "o".into(),
            name: "rex".into(),
            barks: true,
        }
        .save()
        .send(&db)
        .await
        .unwrap();
        Cat {
            owner: "o".into(),
            name: "tom".into(),
            lives: 9,
        }
        .save()
        .send(&db)
        .await
        .unwrap();
        Dog {
            owner: "o".into(),
            name: "fido".into(),
            barks: false,
        }
        .save()
        .send(&db)
        .await
        .unwrap();

        let all = Animal::query("o").all(&db).await.unwrap();
        assert_eq!(all.len(), 3);
        assert!(matches!(&all[0], Animal::Dog(d) if d.name == "fido"));
        assert!(matches!(&all[1], Animal::Dog(d) if d.name == "rex"));
        assert!(matches!(&all[2], Animal::Cat(c) if c.lives == 9));
        // A variant's own reads see only its items.
        let dogs = Dog::query("o").all(&db).await.unwrap();
        assert_eq!(dogs.len(), 2);
        assert_eq!(Cat::scan().count(&db).await.unwrap(), 1);
        // Reading a cat as a dog is a typed error, not a wrong value.
        let err = Dog::get(("o", "tom")).send(&db).await.unwrap_err();
        assert!(
            matches!(err, Error::Decode(ref e) if e.location().to_string() == "cls"),
            "{err:?}"
        );
        assert!(matches!(
            Animal::get(("o", "tom")).send(&db).await.unwrap(),
            Animal::Cat(_)
        ));
        // Stored as PynamoDB stores it: a string attribute.
        let table = db.table_name(Animal::TABLE);
        let key = rynamo_core::IntoKey::<Dog>::into_key(("o", "rex")).unwrap();
        let raw = db
            .send(&rynamo_core::op::GetItem::new(table.as_ref(), key))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(raw["cls"], AttributeValue::S("dog".into()));
        // An unknown discriminator is a typed error too.
        let mut bird: Item = Cat {
            owner: "o".into(),
            name: "tweety".into(),
            lives: 1,
        }
        .to_item()
        .unwrap();
        bird.insert("cls".into(), AttributeValue::S("bird".into()));
        db.send(&rynamo_core::op::PutItem::new(table.as_ref(), &bird))
            .await
            .unwrap();
        let err = Animal::get(("o", "tweety")).send(&db).await.unwrap_err();
        assert!(
            matches!(err, Error::Decode(ref e) if *e.kind() == rynamo_core::error::DecodeErrorKind::UnknownVariant("bird".into())),
            "{err:?}"
        );
        assert!(Animal::table().exists(&db).await.unwrap());
    });
}

/// What a hook saw after an attempt: action, status or error, timed, capacity.
type Seen = (Action, Result<u16, String>, bool, Option<f64>);

#[derive(Default)]
struct Recorder {
    before: Mutex<Vec<(Action, Option<String>, u32)>>,
    after: Mutex<Vec<Seen>>,
}

impl Hook for Recorder {
    fn before_send(&self, r: &RequestInfo<'_>) {
        self.before
            .lock()
            .unwrap()
            .push((r.action, r.table.map(String::from), r.attempt));
    }

    fn after_send(&self, r: &ResponseInfo<'_>) {
        let outcome = r.outcome.map_err(|e| e.to_string());
        self.after.lock().unwrap().push((
            r.request.action,
            outcome,
            r.duration.is_some(),
            r.consumed_capacity,
        ));
    }
}

#[test]
fn hooks_see_every_request_with_table_outcome_duration_and_capacity() {
    run(async {
        let recorder = Arc::new(Recorder::default());
        let db = rynamo_native::Client::from(
            client()
                .into_core()
                .hook(recorder.clone())
                .return_consumed_capacity(true),
        );
        create::<Order>(&db).await;
        recorder.before.lock().unwrap().clear();
        recorder.after.lock().unwrap().clear();
        Order::sample("c", "o").save().send(&db).await.unwrap();
        let _ = Order::get(("c", "missing")).send(&db).await;
        let table = db.table_name(Order::TABLE).into_owned();
        let before = recorder.before.lock().unwrap().clone();
        assert_eq!(
            before,
            [
                (Action::PutItem, Some(table.clone()), 1),
                (Action::GetItem, Some(table), 1)
            ]
        );
        let after = recorder.after.lock().unwrap().clone();
        assert_eq!(after.len(), 2);
        for (action, outcome, timed, capacity) in &after {
            assert_eq!(outcome, &Ok(200), "{action}");
            assert!(timed, "{action}: the native transport has a clock");
            assert!(capacity.is_some_and(|c| c > 0.0), "{action}: {capacity:?}");
        }
        // Failures reach the hook too.
        let _ = Kinds::get("x").send(&db).await;
        let last = recorder.after.lock().unwrap().last().cloned().unwrap();
        assert!(
            matches!(last.1, Err(ref e) if e.contains("ResourceNotFound")),
            "{last:?}"
        );
    });
}

#[test]
fn retry_policy_can_differ_per_model() {
    run(async {
        struct Attempts(AtomicU32);
        impl Hook for Attempts {
            fn before_send(&self, _: &RequestInfo<'_>) {
                self.0.fetch_add(1, Ordering::Relaxed);
            }
        }
        let attempts = Arc::new(Attempts(AtomicU32::new(0)));
        let quick = |n| RetryPolicy {
            max_attempts: n,
            base_delay: std::time::Duration::from_millis(1),
            max_delay: std::time::Duration::from_millis(2),
        };
        let config = rynamo_native::Config::from_env()
            .endpoint("http://127.0.0.1:9")
            .region("us-east-1")
            .credentials(rynamo_native::Credentials::new("x", "y", None));
        let core = rynamo_native::Client::new(config)
            .unwrap()
            .into_core()
            .retry_policy(quick(5))
            .hook(attempts.clone());
        let db = rynamo_native::Client::from(core.model_retry_policy::<Order>(quick(2)));
        assert!(Order::get(("c", "o")).send(&db).await.is_err());
        assert_eq!(attempts.0.swap(0, Ordering::Relaxed), 2);
        assert!(Kinds::get("k").send(&db).await.is_err());
        assert_eq!(attempts.0.load(Ordering::Relaxed), 5);
    });
}

#[test]
fn plain_and_dynamodb_json_views_round_trip() {
    let kinds = Kinds::sample("j");
    let simple = kinds.to_simple_json().unwrap();
    assert_eq!(simple["bytes"], serde_json::json!("AAEC/v8="));
    assert_eq!(simple["i"], serde_json::json!(i64::MIN));
    assert_eq!(simple["u"], serde_json::json!(u64::MAX));
    assert_eq!(
        simple["exact"],
        serde_json::json!("12345678901234567890.123456789012345678"),
        "38 digits stay exact as text"
    );
    assert_eq!(simple["ns"], serde_json::json!([-5, 0, 7]));
    assert_eq!(
        simple["created"],
        serde_json::json!("1999-12-31T23:59:59.999999+0000")
    );
    assert_eq!(Kinds::from_simple_json(simple).unwrap(), kinds);
    let dynamo = kinds.to_dynamodb_json().unwrap();
    assert_eq!(dynamo["flag"], serde_json::json!({"BOOL": true}));
    assert_eq!(Kinds::from_dynamodb_json(dynamo).unwrap(), kinds);
    let order = Order::sample("c", "o");
    assert_eq!(
        Order::from_simple_json(order.to_simple_json().unwrap()).unwrap(),
        order
    );
}

#[test]
fn conditions_combine_with_the_version_condition() {
    run(async {
        let db = client();
        create::<Account>(&db).await;
        let mut a = account("c");
        a.save().send(&db).await.unwrap();
        let err = a
            .save()
            .condition(Account::BALANCE.gt(1000i64))
            .send(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::ConditionalCheckFailed(_)));
        assert_eq!(a.version, Some(1), "a failed save leaves the version");
        a.save()
            .condition(Account::BALANCE.gt(10i64))
            .send(&db)
            .await
            .unwrap();
        assert_eq!(a.version, Some(2));
        let err = a
            .delete()
            .condition(Account::BALANCE.lt(0i64))
            .send(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::ConditionalCheckFailed(_)));
        a.delete()
            .condition(Account::BALANCE.ge(0i64))
            .send(&db)
            .await
            .unwrap();
    });
}

//! Versioned writes as PynamoDB makes them: a key-based update carries the
//! version condition and increments the version, and save, update and
//! delete can opt out of the condition (`add_version_condition(false)`)
//! while still incrementing. Request bytes pinned; behaviour on DynamoDB
//! Local and against real PynamoDB (`tests/interop/pynamo_evolution.py`).

use std::sync::{Arc, Mutex};

use rynamo_core::client::{Hook, RequestInfo};
use rynamo_core::{Error, Model};
use rynamo_native::Client;

use crate::evolution::pynamodb;
use crate::fixtures::{client, create, run};
use crate::semantics::Account;

/// Keeps the body of every attempt.
#[derive(Default)]
struct Bodies(Mutex<Vec<String>>);

impl Hook for Bodies {
    fn before_send(&self, request: &RequestInfo<'_>) {
        self.0
            .lock()
            .unwrap()
            .push(String::from_utf8_lossy(request.body).into_owned());
    }
}

impl Bodies {
    fn last(&self) -> String {
        self.0.lock().unwrap().last().cloned().unwrap()
    }
}

fn recording() -> (Client, Arc<Bodies>) {
    let bodies = Arc::new(Bodies::default());
    let db = client().into_core().hook(bodies.clone()).into();
    (db, bodies)
}

fn account(id: &str) -> Account {
    Account {
        id: id.into(),
        balance: 1,
        version: None,
        expires: None,
    }
}

fn conditional_failed<T: std::fmt::Debug>(result: Result<T, Error>) -> bool {
    matches!(result, Err(Error::ConditionalCheckFailed(_)))
}

#[test]
fn a_key_based_update_of_a_versioned_model_checks_and_increments_the_version() {
    run(async {
        let (db, bodies) = recording();
        create::<Account>(&db).await;
        let table = db.table_name(Account::TABLE).into_owned();
        account("a").save().send(&db).await.unwrap(); // version 1
        // Without an expected version, like PynamoDB's `Account("a").update(...)`:
        // the stored item must have no version yet.
        let result = Account::update("a")
            .set(Account::BALANCE, 5i64)
            .send(&db)
            .await;
        assert!(conditional_failed(result));
        assert_eq!(
            bodies.last(),
            format!(
                r##"{{"TableName":"{table}","Key":{{"id":{{"S":"a"}}}},"UpdateExpression":"SET #n0 = :v0 ADD #n1 :v1","ConditionExpression":"attribute_not_exists(#n1)","ExpressionAttributeNames":{{"#n0":"balance","#n1":"version"}},"ExpressionAttributeValues":{{":v0":{{"N":"5"}},":v1":{{"N":"1"}}}}}}"##
            )
        );
        // A stale expected version loses; the current one wins and increments.
        let stale = Account::update("a")
            .expected_version(7)
            .set(Account::BALANCE, 5i64);
        assert!(conditional_failed(stale.send(&db).await));
        Account::update("a")
            .expected_version(1)
            .set(Account::BALANCE, 5i64)
            .send(&db)
            .await
            .unwrap();
        assert!(
            bodies
                .last()
                .contains(r##""ConditionExpression":"#n1 = :v2""##),
            "{}",
            bodies.last()
        );
        let stored = Account::get("a")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!((stored.balance, stored.version), (5, Some(2)));
        // A key-based update of a new item creates it at version 1.
        Account::update("new")
            .set(Account::BALANCE, 3i64)
            .send(&db)
            .await
            .unwrap();
        let created = Account::get("new")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!((created.balance, created.version), (3, Some(1)));
    });
}

#[test]
fn add_version_condition_false_skips_the_check_but_still_increments() {
    run(async {
        let (db, bodies) = recording();
        create::<Account>(&db).await;
        let table = db.table_name(Account::TABLE).into_owned();
        let mut a = account("a");
        a.save().send(&db).await.unwrap(); // version 1
        let mut stale = a.clone();
        a.save().send(&db).await.unwrap(); // version 2

        // Update by key, no version given: no condition at all, ADD 1.
        Account::update("a")
            .add_version_condition(false)
            .set(Account::BALANCE, 9i64)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(
            bodies.last(),
            format!(
                r##"{{"TableName":"{table}","Key":{{"id":{{"S":"a"}}}},"UpdateExpression":"SET #n0 = :v0 ADD #n1 :v1","ExpressionAttributeNames":{{"#n0":"balance","#n1":"version"}},"ExpressionAttributeValues":{{":v0":{{"N":"9"}},":v1":{{"N":"1"}}}}}}"##
            )
        );
        let stored = Account::get("a")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!((stored.balance, stored.version), (9, Some(3)));

        // A stale instance saves over it without the check, at its own version + 1.
        assert!(conditional_failed(stale.clone().save().send(&db).await));
        stale.balance = 4;
        stale
            .save()
            .add_version_condition(false)
            .send(&db)
            .await
            .unwrap();
        assert!(
            !bodies.last().contains("ConditionExpression"),
            "{}",
            bodies.last()
        );
        assert_eq!(stale.version, Some(2));

        // apply() on a stale instance, opted out.
        let mut old = stale.clone();
        old.version = Some(1);
        assert!(conditional_failed(
            old.clone()
                .apply()
                .add(Account::BALANCE, 1i64)
                .send(&db)
                .await
        ));
        old.apply()
            .add_version_condition(false)
            .add(Account::BALANCE, 1i64)
            .send(&db)
            .await
            .unwrap();
        assert_eq!((old.balance, old.version), (5, Some(3)));

        // And a stale delete.
        let mut gone = old.clone();
        gone.version = Some(1);
        assert!(conditional_failed(gone.delete().send(&db).await));
        gone.delete()
            .add_version_condition(false)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(
            bodies.last(),
            format!(r#"{{"TableName":"{table}","Key":{{"id":{{"S":"a"}}}}}}"#)
        );
        assert!(matches!(
            Account::get("a").consistent_read(true).send(&db).await,
            Err(Error::DoesNotExist(_))
        ));
    });
}

#[test]
fn versioned_updates_agree_with_pynamodb_both_ways() {
    run(async {
        let db = client();
        create::<Account>(&db).await;
        let table = db.table_name(Account::TABLE);
        // PynamoDB saves twice (version 2); a key-based update without the
        // version fails as PynamoDB's own `Account("py").update(...)` does.
        pynamodb("version_write", &table, "py");
        let result = Account::update("py")
            .set(Account::BALANCE, 5i64)
            .send(&db)
            .await;
        assert!(conditional_failed(result));
        Account::update("py")
            .expected_version(2)
            .set(Account::BALANCE, 5i64)
            .send(&db)
            .await
            .unwrap();
        // PynamoDB sees version 3: its stale instance (version 2) fails to
        // update, its fresh one succeeds (version 4), and with
        // add_version_condition=False the stale one succeeds too (version 5).
        pynamodb("version_check", &table, "py");
        let stored = Account::get("py")
            .consistent_read(true)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(stored.version, Some(5));
    });
}

//! Lost replies of versioned writes against a scripted transport: the
//! exact bytes of each attempt, and which conflicts are confirmed as this
//! call's own write.

use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::Model;
use crate::client::scripted::{Scripted, run};
use crate::op::ReturnValues;
use crate::transport::{TransportError, TransportErrorKind};

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(crate = "crate", table = "accounts")]
struct Account {
    #[rynamo(hash_key)]
    id: String,
    balance: u32,
    tags: alloc::collections::BTreeSet<String>,
    #[rynamo(version)]
    version: Option<u64>,
}

fn account(balance: u32, version: Option<u64>) -> Account {
    Account {
        id: "a1".into(),
        balance,
        tags: ["x", "y"].into_iter().map(String::from).collect(),
        version,
    }
}

fn reset() -> TransportError {
    TransportError::new(TransportErrorKind::Io, "connection reset")
}

/// A failed condition carrying `item` as the stored item.
fn conflict(item: &str) -> String {
    alloc::format!(
        r#"{{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{item}}}"#
    )
}

const THROTTLED: &str = r#"{"__type":"x#ProvisionedThroughputExceededException","message":"slow"}"#;

const SAVE: &str = r##"{"TableName":"accounts","Item":{"id":{"S":"a1"},"balance":{"N":"5"},"tags":{"SS":["x","y"]},"version":{"N":"4"}},"ConditionExpression":"#n0 = :v0","ExpressionAttributeNames":{"#n0":"version"},"ExpressionAttributeValues":{":v0":{"N":"3"}}}"##;
const SAVE_RETRIED: &str = r##"{"TableName":"accounts","Item":{"id":{"S":"a1"},"balance":{"N":"5"},"tags":{"SS":["x","y"]},"version":{"N":"4"}},"ConditionExpression":"#n0 = :v0","ReturnValuesOnConditionCheckFailure":"ALL_OLD","ExpressionAttributeNames":{"#n0":"version"},"ExpressionAttributeValues":{":v0":{"N":"3"}}}"##;

fn bodies(db: &crate::Client<Scripted>) -> Vec<String> {
    db.transport()
        .take_sent()
        .into_iter()
        .map(|(_, body)| body)
        .collect()
}

#[test]
fn a_save_whose_reply_was_lost_is_confirmed_by_the_stored_item_and_keeps_its_version() {
    let db = Scripted::client();
    // The stored item as DynamoDB returns it: set members in another
    // order, the same number spelled differently.
    db.transport().fail(reset()).reply(
        400,
        &conflict(r#"{"version":{"N":"4.0"},"tags":{"SS":["y","x"]},"balance":{"N":"5"},"id":{"S":"a1"}}"#),
    );
    let mut saved = account(5, Some(3));
    assert_eq!(run(saved.save().send(&db)), Ok(None));
    assert_eq!(saved.version, Some(4), "the new version is kept");
    // Only the retry asks for the stored item.
    assert_eq!(bodies(&db), [SAVE, SAVE_RETRIED]);
    assert_eq!(db.transport().unused(), 0);
}

#[test]
fn a_save_meeting_another_writers_item_at_the_same_version_is_a_conflict() {
    let db = Scripted::client();
    db.transport().fail(reset()).reply(
        400,
        &conflict(
            r#"{"id":{"S":"a1"},"balance":{"N":"6"},"tags":{"SS":["x","y"]},"version":{"N":"4"}}"#,
        ),
    );
    let mut saved = account(5, Some(3));
    let error = run(saved.save().send(&db)).unwrap_err();
    let Error::ConditionalCheckFailed(c) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        c.item().and_then(|i| i.get("balance")),
        Some(&AttributeValue::N(6u32.into()))
    );
    assert_eq!(saved.version, Some(3), "rolled back");
    assert_eq!(bodies(&db), [SAVE, SAVE_RETRIED]);
}

#[test]
fn a_save_meeting_its_item_with_an_extra_attribute_or_another_version_is_a_conflict() {
    for stored in [
        r#"{"id":{"S":"a1"},"balance":{"N":"5"},"tags":{"SS":["x","y"]},"version":{"N":"4"},"note":{"S":"theirs"}}"#,
        r#"{"id":{"S":"a1"},"balance":{"N":"5"},"tags":{"SS":["x","y"]},"version":{"N":"5"}}"#,
        r#"{"id":{"S":"a1"},"balance":{"N":"5"},"tags":{"SS":["x"]},"version":{"N":"4"}}"#,
    ] {
        let db = Scripted::client();
        db.transport().fail(reset()).reply(400, &conflict(stored));
        let mut saved = account(5, Some(3));
        assert!(
            matches!(
                run(saved.save().send(&db)),
                Err(Error::ConditionalCheckFailed(_))
            ),
            "{stored}"
        );
        assert_eq!(saved.version, Some(3));
    }
}

#[test]
fn a_conflict_on_a_first_attempt_or_after_a_throttle_is_a_conflict_and_sends_no_extra_field() {
    let ours =
        r#"{"id":{"S":"a1"},"balance":{"N":"5"},"tags":{"SS":["x","y"]},"version":{"N":"4"}}"#;
    // First attempt: nothing of ours can be stored, whatever the reply says.
    let db = Scripted::client();
    db.transport().reply(400, &conflict(ours));
    let mut saved = account(5, Some(3));
    assert!(run(saved.save().send(&db)).is_err());
    assert_eq!(bodies(&db), [SAVE]);
    // A throttled attempt was not applied: its retry is sent unchanged.
    let db = Scripted::client();
    db.transport()
        .reply(400, THROTTLED)
        .reply(400, &conflict(ours));
    assert!(run(saved.save().send(&db)).is_err());
    assert_eq!(saved.version, Some(3));
    assert_eq!(bodies(&db), [SAVE, SAVE]);
}

#[test]
fn a_500_may_have_been_applied_so_its_retry_asks_and_confirms() {
    let db = Scripted::client();
    db.transport()
        .reply(500, r#"{"__type":"x#InternalServerError","message":"oops"}"#)
        .reply(400, THROTTLED)
        .reply(
            400,
            &conflict(r#"{"id":{"S":"a1"},"balance":{"N":"5"},"tags":{"SS":["x","y"]},"version":{"N":"4"}}"#),
        );
    let mut saved = account(5, Some(3));
    assert_eq!(run(saved.save().send(&db)), Ok(None));
    assert_eq!(saved.version, Some(4));
    assert_eq!(bodies(&db), [SAVE, SAVE_RETRIED, SAVE_RETRIED]);
}

#[test]
fn a_save_asking_for_the_old_item_cannot_be_confirmed() {
    let db = Scripted::client();
    db.transport().fail(reset()).reply(
        400,
        &conflict(
            r#"{"id":{"S":"a1"},"balance":{"N":"5"},"tags":{"SS":["x","y"]},"version":{"N":"4"}}"#,
        ),
    );
    let mut saved = account(5, Some(3));
    let result = run(saved.save().return_values(ReturnValues::AllOld).send(&db));
    assert!(matches!(result, Err(Error::ConditionalCheckFailed(_))));
    let sent = bodies(&db);
    assert_eq!(
        sent[0], sent[1],
        "no extra field when nothing can be confirmed"
    );
}

const UPDATE: &str = r##"{"TableName":"accounts","Key":{"id":{"S":"a1"}},"UpdateExpression":"SET #n0 = :v0 ADD #n1 :v1","ConditionExpression":"#n1 = :v2","ExpressionAttributeNames":{"#n0":"balance","#n1":"version"},"ExpressionAttributeValues":{":v0":{"N":"7"},":v1":{"N":"1"},":v2":{"N":"3"}}}"##;
const UPDATE_RETRIED: &str = r##"{"TableName":"accounts","Key":{"id":{"S":"a1"}},"UpdateExpression":"SET #n0 = :v0 ADD #n1 :v1","ConditionExpression":"#n1 = :v2","ReturnValuesOnConditionCheckFailure":"ALL_OLD","ExpressionAttributeNames":{"#n0":"balance","#n1":"version"},"ExpressionAttributeValues":{":v0":{"N":"7"},":v1":{"N":"1"},":v2":{"N":"3"}}}"##;

#[test]
fn an_update_setting_values_whose_reply_was_lost_is_confirmed_and_refreshes_the_instance() {
    let stored =
        r#"{"id":{"S":"a1"},"balance":{"N":"7"},"tags":{"SS":["x","y"]},"version":{"N":"4"}}"#;
    let db = Scripted::client();
    db.transport().fail(reset()).reply(400, &conflict(stored));
    let updated = Account::update("a1")
        .set(Account::BALANCE, 7u32)
        .expected_version(3)
        .send(&db);
    assert_eq!(run(updated), Ok(None));
    assert_eq!(bodies(&db), [UPDATE, UPDATE_RETRIED]);

    let db = Scripted::client();
    db.transport().fail(reset()).reply(400, &conflict(stored));
    let mut instance = account(5, Some(3));
    run(instance.apply().set(Account::BALANCE, 7u32).send(&db)).unwrap();
    assert_eq!(instance, account(7, Some(4)));
}

#[test]
fn an_update_meeting_another_writers_values_or_version_is_a_conflict() {
    for stored in [
        r#"{"id":{"S":"a1"},"balance":{"N":"8"},"version":{"N":"4"}}"#,
        r#"{"id":{"S":"a1"},"balance":{"N":"7"},"version":{"N":"5"}}"#,
        r#"{"id":{"S":"a1"},"version":{"N":"4"}}"#,
    ] {
        let db = Scripted::client();
        db.transport().fail(reset()).reply(400, &conflict(stored));
        let updated = Account::update("a1")
            .set(Account::BALANCE, 7u32)
            .expected_version(3)
            .send(&db);
        assert!(
            matches!(run(updated), Err(Error::ConditionalCheckFailed(_))),
            "{stored}"
        );
    }
}

#[test]
fn an_update_adding_to_a_number_cannot_be_confirmed_and_stays_a_conflict() {
    // Even a stored item that is exactly "3 + 2 at version 4": the value
    // before is not known, so another writer's SET cannot be ruled out.
    let db = Scripted::client();
    db.transport().fail(reset()).reply(
        400,
        &conflict(r#"{"id":{"S":"a1"},"balance":{"N":"5"},"version":{"N":"4"}}"#),
    );
    let updated = Account::update("a1")
        .add(Account::BALANCE, 2u32)
        .expected_version(3)
        .send(&db);
    assert!(matches!(
        run(updated),
        Err(Error::ConditionalCheckFailed(_))
    ));
}

#[test]
fn a_versioned_delete_whose_reply_was_lost_stays_a_conflict() {
    let db = Scripted::client();
    db.transport().fail(reset()).reply(
        400,
        r#"{"__type":"x#ConditionalCheckFailedException","message":"The conditional request failed"}"#,
    );
    let result = run(account(5, Some(3)).delete().send(&db));
    assert!(matches!(result, Err(Error::ConditionalCheckFailed(_))));
    let sent = bodies(&db);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0], sent[1]);
}

#[test]
fn what_an_update_proves() {
    let item = |json: &str| crate::json::parse(json.as_bytes(), crate::json::read_item).unwrap();
    let stored = item(r#"{"id":{"S":"a1"},"m":{"M":{"k":{"L":[{"N":"1"}]}}},"version":{"N":"1"}}"#);
    let version_up = UpdateAction::Add(
        AttributePath::new("version"),
        AttributeValue::N(1u32.into()),
    );
    let with = |action: UpdateAction| Update::new().action(action).action(version_up.clone());
    let nested = AttributePath::new("m").field("k").index(0);
    // A nested SET to a value, from no version to 1.
    let set = UpdateAction::Set(
        nested.clone(),
        SetValue::Operand(UpdateOperand::Value(AttributeValue::N(1u32.into()))),
    );
    assert!(update_is_ours(&with(set.clone()), "version", None, &stored));
    assert!(
        !update_is_ours(&with(set), "version", Some(1), &stored),
        "the version must move"
    );
    // A REMOVE of an attribute that is not stored proves; of a list element never.
    assert!(update_is_ours(
        &with(UpdateAction::Remove(AttributePath::new("gone"))),
        "version",
        None,
        &stored
    ));
    assert!(!update_is_ours(
        &with(UpdateAction::Remove(nested)),
        "version",
        None,
        &stored
    ));
    // Without the version action nothing is proven.
    assert!(!update_is_ours(&Update::new(), "version", None, &stored));
}

#[test]
fn a_save_whose_first_attempt_passed_its_deadline_asks_for_the_stored_item_on_the_retry() {
    // An attempt abandoned at its deadline may have reached DynamoDB, like
    // a reset: the retry asks for the stored item and confirms our write.
    let db = Scripted::client().attempt_timeout(Some(core::time::Duration::from_millis(300)));
    db.transport().silent().reply(
        400,
        &conflict(
            r#"{"id":{"S":"a1"},"balance":{"N":"5"},"tags":{"SS":["x","y"]},"version":{"N":"4"}}"#,
        ),
    );
    let mut saved = account(5, Some(3));
    assert_eq!(run(saved.save().send(&db)), Ok(None));
    assert_eq!(saved.version, Some(4));
    assert_eq!(bodies(&db), [SAVE, SAVE_RETRIED]);
}

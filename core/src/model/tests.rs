//! The model layer against a scripted transport: exact request bytes,
//! limits and pauses of parallel scans, resume keys, version conditions,
//! conditions added up.

use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use crate::Model;
use crate::client::scripted::{Scripted, run};
use crate::expr::PathExpr;

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(crate = "crate", table = "things")]
struct Thing {
    #[rynamo(hash_key)]
    id: u32,
    name: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(crate = "crate", table = "accounts")]
struct Account {
    #[rynamo(hash_key)]
    id: String,
    balance: u32,
    #[rynamo(version)]
    version: Option<u64>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(crate = "crate", table = "pairs")]
struct Pair {
    #[rynamo(hash_key)]
    user: String,
    #[rynamo(range_key)]
    id: String,
}

#[test]
fn a_models_key_names_are_its_hash_key_then_its_range_key() {
    assert_eq!(Thing::key_names(), ["id"]);
    assert_eq!(Pair::key_names(), ["user", "id"]);
}

/// A Scan reply with items `ids`, continuing after the last one if `more`,
/// reporting `units` of consumed capacity.
fn page(ids: &[u32], more: bool, units: Option<f64>) -> String {
    let items: Vec<String> = ids
        .iter()
        .map(|i| alloc::format!(r#"{{"id":{{"N":"{i}"}},"name":{{"S":"n{i}"}}}}"#))
        .collect();
    let mut body = alloc::format!(r#"{{"Items":[{}],"Count":{}"#, items.join(","), ids.len());
    if let (true, Some(last)) = (more, ids.last()) {
        body.push_str(&alloc::format!(
            r#","LastEvaluatedKey":{{"id":{{"N":"{last}"}}}}"#
        ));
    }
    if let Some(units) = units {
        body.push_str(&alloc::format!(
            r#","ConsumedCapacity":{{"TableName":"things","CapacityUnits":{units}}}"#
        ));
    }
    body.push('}');
    body
}

#[test]
fn a_limited_parallel_scan_returns_only_the_limit() {
    let db = Scripted::client();
    db.transport()
        .ok(&page(&[1, 2], true, None))
        .ok(&page(&[3, 4], true, None));
    let got = run(Thing::scan().limit(3).parallel(2).all(&db)).unwrap();
    assert_eq!(got.len(), 3);
    let sent = db.transport().take_sent();
    assert_eq!(
        sent,
        [
            (
                "Scan",
                String::from(r#"{"TableName":"things","Segment":0,"TotalSegments":2}"#)
            ),
            (
                "Scan",
                String::from(r#"{"TableName":"things","Segment":1,"TotalSegments":2}"#)
            ),
        ],
        "no request after the limit is reached"
    );
}

#[test]
fn a_rate_limited_parallel_scan_pauses_for_the_capacity_of_all_segments() {
    let db = Scripted::client();
    db.transport()
        .ok(&page(&[1], true, Some(1.0)))
        .ok(&page(&[2], true, Some(3.0)))
        .ok(&page(&[3], false, Some(1.0)))
        .ok(&page(&[4], false, Some(1.0)));
    let got = run(Thing::scan().rate_limit(2.0).parallel(2).all(&db)).unwrap();
    assert_eq!(got.len(), 4);
    // (1 + 3) units at 2 units/s before the second round; none after the last.
    assert_eq!(db.transport().take_sleeps(), [Duration::from_secs(2)]);
    let sent = db.transport().take_sent();
    assert_eq!(
        sent[2].1,
        r#"{"TableName":"things","Segment":0,"TotalSegments":2,"ExclusiveStartKey":{"id":{"N":"1"}},"ReturnConsumedCapacity":"TOTAL"}"#
    );
}

#[test]
fn items_resume_right_after_the_last_item_returned_mid_page() {
    let db = Scripted::client();
    db.transport().ok(&page(&[1, 2, 3], true, None));
    let mut items = Thing::scan().page_size(3).items(&db);
    let first = run(items.next()).unwrap().unwrap();
    assert_eq!(first.id, 1);
    let resume = items.resume_key().unwrap();
    db.transport().ok(&page(&[2, 3], false, None));
    let rest = run(Thing::scan().start_from(resume).all(&db)).unwrap();
    assert_eq!(rest.iter().map(|t| t.id).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(
        db.transport().take_sent()[1].1,
        r#"{"TableName":"things","ExclusiveStartKey":{"id":{"N":"1"}}}"#
    );
}

#[test]
fn a_bad_item_is_named_after_the_good_ones_before_it() {
    let db = Scripted::client();
    db.transport()
        .ok(r#"{"Items":[{"id":{"N":"1"},"name":{"S":"a"}},{"id":{"N":"2"}}],"Count":2}"#);
    let mut items = Thing::scan().items(&db);
    assert_eq!(run(items.next()).unwrap().unwrap().id, 1);
    let err = run(items.next()).unwrap_err();
    assert!(alloc::format!("{err}").contains("name"), "{err}");
}

#[test]
fn a_versioned_save_requires_the_stored_version_and_the_callers_condition() {
    let db = Scripted::client();
    db.transport().ok("{}");
    let mut account = Account {
        id: "a1".into(),
        balance: 5,
        version: Some(3),
    };
    run(account
        .save()
        .condition(Account::BALANCE.lt(10u32))
        .send(&db))
    .unwrap();
    assert_eq!(account.version, Some(4));
    assert_eq!(
        db.transport().take_sent()[0].1,
        r##"{"TableName":"accounts","Item":{"id":{"S":"a1"},"balance":{"N":"5"},"version":{"N":"4"}},"ConditionExpression":"#n0 = :v0 AND #n1 < :v1","ExpressionAttributeNames":{"#n0":"version","#n1":"balance"},"ExpressionAttributeValues":{":v0":{"N":"3"},":v1":{"N":"10"}}}"##
    );
}

#[test]
fn a_failed_versioned_save_keeps_the_old_version() {
    let db = Scripted::client();
    db.transport().reply(
        400,
        r#"{"__type":"x#ConditionalCheckFailedException","message":"no"}"#,
    );
    let mut account = Account {
        id: "a1".into(),
        balance: 5,
        version: None,
    };
    assert!(run(account.save().send(&db)).is_err());
    assert_eq!(account.version, None);
    assert_eq!(
        db.transport().take_sent()[0].1,
        r##"{"TableName":"accounts","Item":{"id":{"S":"a1"},"balance":{"N":"5"},"version":{"N":"1"}},"ConditionExpression":"attribute_not_exists(#n0)","ExpressionAttributeNames":{"#n0":"version"}}"##
    );
}

#[test]
fn a_versioned_delete_and_update_require_the_stored_version() {
    let db = Scripted::client();
    db.transport().ok("{}").ok("{}");
    let account = Account {
        id: "a1".into(),
        balance: 5,
        version: Some(2),
    };
    run(account.delete().send(&db)).unwrap();
    run(Account::update("a1")
        .set(Account::BALANCE, 6u32)
        .condition(Account::VERSION.eq(2u64))
        .send(&db))
    .unwrap();
    let sent = db.transport().take_sent();
    assert_eq!(
        sent[0].1,
        r##"{"TableName":"accounts","Key":{"id":{"S":"a1"}},"ConditionExpression":"#n0 = :v0","ExpressionAttributeNames":{"#n0":"version"},"ExpressionAttributeValues":{":v0":{"N":"2"}}}"##
    );
    assert_eq!(sent[1].0, "UpdateItem");
}

#[test]
fn a_second_condition_is_added_to_the_first_on_save_delete_and_update() {
    let db = Scripted::client();
    db.transport().ok("{}").ok("{}").ok("{}");
    let mut account = Account {
        id: "a1".into(),
        balance: 5,
        version: Some(3),
    };
    run(account
        .save()
        .condition(Account::BALANCE.lt(10u32))
        .condition(Account::BALANCE.gt(1u32))
        .send(&db))
    .unwrap();
    run(account
        .delete()
        .condition(Account::BALANCE.lt(10u32))
        .condition(Account::BALANCE.gt(1u32))
        .send(&db))
    .unwrap();
    run(Account::update("a1")
        .expected_version(4)
        .set(Account::BALANCE, 6u32)
        .condition(Account::BALANCE.lt(10u32))
        .condition(Account::BALANCE.gt(1u32))
        .send(&db))
    .unwrap();
    let sent = db.transport().take_sent();
    assert_eq!(
        sent[0].1,
        r##"{"TableName":"accounts","Item":{"id":{"S":"a1"},"balance":{"N":"5"},"version":{"N":"4"}},"ConditionExpression":"#n0 = :v0 AND (#n1 < :v1 AND #n1 > :v2)","ExpressionAttributeNames":{"#n0":"version","#n1":"balance"},"ExpressionAttributeValues":{":v0":{"N":"3"},":v1":{"N":"10"},":v2":{"N":"1"}}}"##
    );
    assert_eq!(
        sent[1].1,
        r##"{"TableName":"accounts","Key":{"id":{"S":"a1"}},"ConditionExpression":"#n0 = :v0 AND (#n1 < :v1 AND #n1 > :v2)","ExpressionAttributeNames":{"#n0":"version","#n1":"balance"},"ExpressionAttributeValues":{":v0":{"N":"4"},":v1":{"N":"10"},":v2":{"N":"1"}}}"##
    );
    assert_eq!(
        sent[2].1,
        r##"{"TableName":"accounts","Key":{"id":{"S":"a1"}},"UpdateExpression":"SET #n0 = :v0 ADD #n1 :v1","ConditionExpression":"#n1 = :v2 AND (#n0 < :v3 AND #n0 > :v4)","ExpressionAttributeNames":{"#n0":"balance","#n1":"version"},"ExpressionAttributeValues":{":v0":{"N":"6"},":v1":{"N":"1"},":v2":{"N":"4"},":v3":{"N":"10"},":v4":{"N":"1"}}}"##
    );
}

/// A server that answers every page with the same `LastEvaluatedKey`.
fn stuck(db: &crate::Client<Scripted>) {
    for _ in 0..3 {
        db.transport().ok(&page(&[1], true, None));
    }
}

#[test]
fn a_repeated_resume_key_ends_all_count_and_pages_with_a_typed_error() {
    let db = Scripted::client();
    stuck(&db);
    let err = run(Thing::scan().all(&db)).unwrap_err();
    assert_eq!(err, crate::Error::ResumeKeyRepeated);
    assert_eq!(db.transport().take_sent().len(), 2);

    let db = Scripted::client();
    stuck(&db);
    let err = run(Thing::scan().count(&db)).unwrap_err();
    assert_eq!(err, crate::Error::ResumeKeyRepeated);
    assert_eq!(db.transport().take_sent().len(), 2);

    let db = Scripted::client();
    stuck(&db);
    let mut pages = Thing::scan().pages(&db);
    assert_eq!(run(pages.next()).unwrap().unwrap().items.len(), 1);
    assert_eq!(
        run(pages.next()).unwrap_err(),
        crate::Error::ResumeKeyRepeated
    );
    assert!(
        matches!(run(pages.next()), Ok(None)),
        "ends after the error"
    );
    assert_eq!(db.transport().take_sent().len(), 2);
}

/// A server that answers `pages` pages, each empty, each with a fresh
/// `LastEvaluatedKey`.
fn endless(db: &crate::Client<Scripted>, pages: u32) {
    for i in 0..pages {
        db.transport().ok(&alloc::format!(
            r#"{{"Items":[],"Count":0,"LastEvaluatedKey":{{"id":{{"N":"{i}"}}}}}}"#
        ));
    }
}

#[test]
fn fresh_resume_keys_forever_end_count_and_all_at_the_page_budget() {
    let budget = crate::Error::PageBudgetExceeded { pages: 5 };
    let db = Scripted::client();
    endless(&db, 10);
    assert_eq!(
        run(Thing::scan().max_pages(5).count(&db)).unwrap_err(),
        budget
    );
    assert_eq!(db.transport().take_sent().len(), 5, "no sixth request");

    let db = Scripted::client();
    endless(&db, 10);
    assert_eq!(
        run(Thing::scan().max_pages(5).all(&db)).unwrap_err(),
        budget
    );
    assert_eq!(db.transport().take_sent().len(), 5);

    let db = Scripted::client();
    endless(&db, 10);
    let mut pages = Thing::scan().max_pages(5).pages(&db);
    for _ in 0..5 {
        assert!(run(pages.next()).unwrap().is_some());
    }
    assert_eq!(run(pages.next()).unwrap_err(), budget);

    // A read that ends within its budget is not refused.
    let db = Scripted::client();
    db.transport()
        .ok(&page(&[1], true, None))
        .ok(&page(&[2], false, None));
    assert_eq!(run(Thing::scan().max_pages(2).count(&db)).unwrap(), 2);
}

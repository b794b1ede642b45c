//! Requests without sending: every typed builder returns the request(s) it
//! would send — action, table and exact body — and sends nothing.

use rynamo_core::model::{Transaction, TransactionRead};
use rynamo_core::prelude::*;
use rynamo_core::transport::{Action, Request, Response, Transport, TransportError};

/// A transport that refuses to be used: building a request sends nothing.
struct Unsent;

impl Transport for Unsent {
    async fn send(&self, _: &Request) -> Result<Response, TransportError> {
        unreachable!("requests are built, not sent")
    }
    async fn sleep(&self, _: core::time::Duration) {}
    fn jitter_seed(&self) -> u64 {
        7
    }
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "orders")]
struct Order {
    #[rynamo(hash_key)]
    customer: String,
    #[rynamo(range_key)]
    id: String,
    total: u32,
    #[rynamo(version)]
    version: Option<u64>,
}

fn db() -> Client<Unsent> {
    Client::new(Unsent).table_prefix("test-")
}

fn order(id: &str) -> Order {
    Order {
        customer: "c1".into(),
        id: id.into(),
        total: 5,
        version: None,
    }
}

fn parts(request: &Request) -> (Action, Option<&str>, &str) {
    (
        request.action,
        request.table.as_deref(),
        core::str::from_utf8(&request.body).unwrap(),
    )
}

#[test]
fn get_returns_its_get_item() {
    let request = Order::get(("c1", "o1"))
        .consistent_read(true)
        .request(&db())
        .unwrap();
    assert_eq!(
        parts(&request),
        (
            Action::GetItem,
            Some("test-orders"),
            r#"{"TableName":"test-orders","Key":{"customer":{"S":"c1"},"id":{"S":"o1"}},"ConsistentRead":true}"#
        )
    );
}

#[test]
fn save_returns_its_put_item_and_leaves_the_version_alone() {
    let mut o = order("o1");
    let request = o.save().request(&db()).unwrap();
    assert_eq!(
        parts(&request),
        (
            Action::PutItem,
            Some("test-orders"),
            concat!(
                r#"{"TableName":"test-orders","Item":{"customer":{"S":"c1"},"id":{"S":"o1"},"total":{"N":"5"},"version":{"N":"1"}},"#,
                r##""ConditionExpression":"attribute_not_exists(#n0)","ExpressionAttributeNames":{"#n0":"version"}}"##
            )
        )
    );
    assert_eq!(o.version, None);
}

#[test]
fn update_returns_its_update_item() {
    let request = Order::update(("c1", "o1"))
        .add(Order::TOTAL, 2u32)
        .add_version_condition(false)
        .request(&db())
        .unwrap();
    assert_eq!(
        parts(&request),
        (
            Action::UpdateItem,
            Some("test-orders"),
            concat!(
                r#"{"TableName":"test-orders","Key":{"customer":{"S":"c1"},"id":{"S":"o1"}},"#,
                r##""UpdateExpression":"ADD #n0 :v0, #n1 :v1","ExpressionAttributeNames":{"#n0":"total","#n1":"version"},"##,
                r#""ExpressionAttributeValues":{":v0":{"N":"2"},":v1":{"N":"1"}}}"#
            )
        )
    );
}

#[test]
fn delete_returns_its_delete_item() {
    let request = Order::delete_key(("c1", "o1")).request(&db()).unwrap();
    assert_eq!(
        parts(&request),
        (
            Action::DeleteItem,
            Some("test-orders"),
            r#"{"TableName":"test-orders","Key":{"customer":{"S":"c1"},"id":{"S":"o1"}}}"#
        )
    );
}

#[test]
fn query_and_scan_return_their_first_page() {
    let request = Order::query("c1")
        .range(Order::ID.begins_with("o"))
        .page_size(10)
        .request(&db())
        .unwrap();
    assert_eq!(
        parts(&request),
        (
            Action::Query,
            Some("test-orders"),
            concat!(
                r##"{"TableName":"test-orders","KeyConditionExpression":"#n0 = :v0 AND begins_with(#n1, :v1)","Limit":10,"##,
                r##""ExpressionAttributeNames":{"#n0":"customer","#n1":"id"},"ExpressionAttributeValues":{":v0":{"S":"c1"},":v1":{"S":"o"}}}"##
            )
        )
    );
    let request = Order::scan().request(&db()).unwrap();
    assert_eq!(
        parts(&request),
        (
            Action::Scan,
            Some("test-orders"),
            r#"{"TableName":"test-orders"}"#
        )
    );
}

#[test]
fn a_parallel_scan_returns_the_first_page_of_every_segment() {
    let requests = Order::scan()
        .page_size(50)
        .parallel(3)
        .requests(&db())
        .unwrap();
    let scans: Vec<String> = (0..3)
        .map(|segment| {
            format!(
                r#"{{"TableName":"test-orders","Segment":{segment},"TotalSegments":3,"Limit":50}}"#
            )
        })
        .collect();
    let expected: Vec<_> = scans
        .iter()
        .map(|body| (Action::Scan, Some("test-orders"), body.as_str()))
        .collect();
    assert_eq!(requests.iter().map(parts).collect::<Vec<_>>(), expected);
}

#[test]
fn a_batch_returns_every_request_of_its_plan() {
    let orders: Vec<Order> = (0..30).map(|i| order(&format!("o{i}"))).collect();
    let mut batch = Order::batch_write();
    for o in &orders {
        batch = batch.put(o);
    }
    let requests = batch.requests(&db()).unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].action, Action::BatchWriteItem);
    let first = core::str::from_utf8(&requests[0].body).unwrap();
    assert!(first.starts_with(r#"{"RequestItems":{"test-orders":[{"PutRequest":{"Item":{"customer":{"S":"c1"},"id":{"S":"o0"}"#));
    assert_eq!(first.matches("PutRequest").count(), 25);
    let second = core::str::from_utf8(&requests[1].body).unwrap();
    assert_eq!(second.matches("PutRequest").count(), 5);

    let keys: Vec<(String, String)> = (0..3).map(|i| ("c1".into(), format!("o{i}"))).collect();
    let requests = Order::batch_get(keys).requests(&db()).unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        parts(&requests[0]),
        (
            Action::BatchGetItem,
            Some("test-orders"),
            concat!(
                r#"{"RequestItems":{"test-orders":{"Keys":[{"customer":{"S":"c1"},"id":{"S":"o0"}},"#,
                r#"{"customer":{"S":"c1"},"id":{"S":"o1"}},{"customer":{"S":"c1"},"id":{"S":"o2"}}]}}}"#
            )
        )
    );
}

#[test]
fn transactions_return_their_request() {
    let request = Transaction::new()
        .delete(Order::delete_key(("c1", "o2")))
        .token("t1")
        .request(&db())
        .unwrap();
    assert_eq!(
        parts(&request),
        (
            Action::TransactWriteItems,
            Some("test-orders"),
            r#"{"TransactItems":[{"Delete":{"TableName":"test-orders","Key":{"customer":{"S":"c1"},"id":{"S":"o2"}}}}],"ClientRequestToken":"t1"}"#
        )
    );
    let request = TransactionRead::new()
        .get::<Order>(("c1", "o1"))
        .request(&db())
        .unwrap();
    assert_eq!(
        parts(&request),
        (
            Action::TransactGetItems,
            Some("test-orders"),
            r#"{"TransactItems":[{"Get":{"TableName":"test-orders","Key":{"customer":{"S":"c1"},"id":{"S":"o1"}}}}]}"#
        )
    );
}

#[test]
fn a_bad_key_is_the_same_error_as_when_sending() {
    let err = Order::get(("", "o1")).request(&db()).unwrap_err();
    assert!(matches!(err, Error::Encode(_)), "{err:?}");
}

//! One segment of a scan against a scripted transport: the exact requests
//! of a segment read, its token mid-page and at the end, a resumed read
//! starting at the token's key, and tokens refused before any request.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::Model;
use crate::client::scripted::{Scripted, run};
use crate::error::{Error, ScanTokenError};

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(crate = "crate", table = "things")]
struct Thing {
    #[rynamo(hash_key)]
    id: u32,
    name: String,
}

/// A Scan reply with items `ids`, continuing after the last one if `more`.
fn page(ids: &[u32], more: bool) -> String {
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
    body.push('}');
    body
}

/// `{"id":{"N":"<id>"}}` in base64, as a token's key.
fn key_text(id: u32) -> String {
    crate::base64::encode(alloc::format!(r#"{{"id":{{"N":"{id}"}}}}"#).as_bytes())
}

#[test]
fn a_segment_token_taken_mid_page_resumes_after_the_last_item_returned() {
    let db = Scripted::client();
    db.transport().ok(&page(&[1, 2, 3], true));
    let mut items = Thing::scan().segment(2, 4).limit(2).items(&db);
    let token = items.token().unwrap();
    assert_eq!(
        token.to_string(),
        "rynamo-scan:1:things::2:4:",
        "not started"
    );
    let mut got = Vec::new();
    while let Some(thing) = run(items.next()).unwrap() {
        got.push(thing.id);
    }
    assert_eq!(got, [1, 2]);
    let token = items.token().unwrap().to_string();
    assert_eq!(
        token,
        alloc::format!("rynamo-scan:1:things::2:4:{}", key_text(2))
    );
    assert_eq!(
        db.transport().take_sent(),
        [(
            "Scan",
            String::from(r#"{"TableName":"things","Segment":2,"TotalSegments":4,"Limit":2}"#)
        )]
    );

    // Another process continues the same segment from the text.
    db.transport().ok(&page(&[3, 4], false));
    let mut rest = Thing::scan().segment(2, 4).resume(&token).items(&db);
    let mut got = Vec::new();
    while let Some(thing) = run(rest.next()).unwrap() {
        got.push(thing.id);
    }
    assert_eq!(got, [3, 4]);
    assert_eq!(rest.token(), None, "the segment is finished");
    assert_eq!(
        db.transport().take_sent(),
        [(
            "Scan",
            String::from(
                r#"{"TableName":"things","Segment":2,"TotalSegments":4,"ExclusiveStartKey":{"id":{"N":"2"}}}"#
            )
        )]
    );
}

#[test]
fn segment_pages_hand_on_the_page_resume_key() {
    let db = Scripted::client();
    db.transport().ok(&page(&[5, 6], true));
    let mut pages = Thing::scan().segment(0, 1).page_size(2).pages(&db);
    let first = run(pages.next()).unwrap().unwrap();
    assert_eq!(first.items.len(), 2);
    let token = pages.token().unwrap();
    assert_eq!(
        (token.segment(), token.total(), token.table()),
        (0, 1, "things")
    );
    assert_eq!(token.key(), first.last_evaluated_key.as_ref());
}

#[test]
fn a_token_of_another_segment_is_refused_before_any_request() {
    let db = Scripted::client();
    let token = alloc::format!("rynamo-scan:1:things::1:4:{}", key_text(7));
    let cases: [(u32, u32, &str); 4] = [
        (2, 4, token.as_str()),
        (1, 8, token.as_str()),
        (1, 4, "rynamo-scan:1:others::1:4:"),
        (1, 4, "rynamo-scan:9:anything"),
    ];
    for (segment, total, text) in cases {
        let err = run(Thing::scan().segment(segment, total).resume(text).all(&db)).unwrap_err();
        assert!(matches!(err, Error::ScanToken(_)), "{text}: {err:?}");
    }
    let err = run(Thing::scan().segment(2, 4).resume(&token).all(&db)).unwrap_err();
    assert_eq!(
        err,
        Error::ScanToken(ScanTokenError::OtherSegment {
            expected: (2, 4),
            found: (1, 4)
        })
    );
    let other_key = alloc::format!(
        "rynamo-scan:1:things::1:4:{}",
        crate::base64::encode(br#"{"sku":{"S":"a"}}"#)
    );
    let err = run(Thing::scan().segment(1, 4).resume(&other_key).all(&db)).unwrap_err();
    assert!(
        matches!(err, Error::ScanToken(ScanTokenError::OtherKey { .. })),
        "{err:?}"
    );
    assert!(db.transport().take_sent().is_empty());
}

#[test]
fn an_impossible_segment_is_refused_before_any_request() {
    let db = Scripted::client();
    for (segment, total) in [(0, 0), (4, 4), (5, 4), (0, 1_000_001)] {
        let err = run(Thing::scan().segment(segment, total).all(&db)).unwrap_err();
        assert!(
            matches!(err, Error::InvalidRequest(_)),
            "{segment}/{total}: {err:?}"
        );
    }
    assert!(db.transport().take_sent().is_empty());
    assert_eq!(
        Thing::scan()
            .segment(0, 1)
            .limit(0)
            .items(&db)
            .token()
            .map(|t| t.to_string()),
        Some("rynamo-scan:1:things::0:1:".to_string())
    );
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    crate = "crate",
    table = "orders",
    gsi(name = "by_sku", hash_key = "sku")
)]
struct Order {
    #[rynamo(hash_key)]
    id: u32,
    sku: String,
}

#[test]
fn an_index_segment_token_names_the_index_and_holds_its_keys() {
    let db = Scripted::client();
    db.transport().ok(
        r#"{"Items":[{"id":{"N":"1"},"sku":{"S":"a"}}],"Count":1,"LastEvaluatedKey":{"id":{"N":"1"},"sku":{"S":"a"}}}"#,
    );
    let mut items = Order::BY_SKU.scan().segment(1, 2).items(&db);
    assert_eq!(run(items.next()).unwrap().map(|o| o.id), Some(1));
    let token = items.token().unwrap();
    assert_eq!(token.index(), Some("by_sku"));
    assert_eq!(
        token.key().map(|k| k.len()),
        Some(2),
        "index and table keys"
    );
    let text = token.to_string();
    assert!(
        text.starts_with("rynamo-scan:1:orders:by_sku:1:2:"),
        "{text}"
    );
    // The table's own scan refuses the index's token.
    let err = run(Order::scan().segment(1, 2).resume(&text).all(&db)).unwrap_err();
    assert!(
        matches!(err, Error::ScanToken(ScanTokenError::OtherIndex { .. })),
        "{err:?}"
    );
    // The index scan continues from it.
    db.transport().ok(r#"{"Items":[],"Count":0}"#);
    let rest = run(Order::BY_SKU.scan().segment(1, 2).resume(&text).all(&db)).unwrap();
    assert!(rest.is_empty());
    let sent = db.transport().take_sent();
    assert_eq!(
        sent.last().map(|(_, body)| body.as_str()),
        Some(
            r#"{"TableName":"orders","Segment":1,"TotalSegments":2,"IndexName":"by_sku","ExclusiveStartKey":{"id":{"N":"1"},"sku":{"S":"a"}}}"#
        )
    );
}

//! Query and Scan against the real server: pages, resume keys, order,
//! indexes, parallel scan, counts.

use std::collections::BTreeSet;

use rynamo_core::attr::UtcDateTime;
use rynamo_core::expr::PathExpr;
use rynamo_core::{Attribute, Model};

use crate::fixtures::{client, create, run};

#[derive(Attribute, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    Open,
    Shipped,
}

/// A model with a global and a local secondary index.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "events",
    gsi(name = "by_state", hash_key = "state", range_key = "at"),
    gsi(name = "by_kind", hash_key = "kind", projection = "keys_only"),
    lsi(
        name = "by_score",
        range_key = "score",
        projection = "include",
        include = "kind"
    )
)]
pub struct Event {
    #[rynamo(hash_key)]
    pub stream: String,
    #[rynamo(range_key)]
    pub seq: u32,
    pub state: State,
    pub at: UtcDateTime,
    pub kind: String,
    pub score: u32,
    pub payload: Option<String>,
}

fn event(stream: &str, seq: u32) -> Event {
    Event {
        stream: stream.into(),
        seq,
        state: if seq.is_multiple_of(3) {
            State::Shipped
        } else {
            State::Open
        },
        at: UtcDateTime::from_unix_seconds(1_700_000_000 + i64::from(seq) * 60).unwrap(),
        kind: format!("k{}", seq % 4),
        score: (seq * 7) % 50,
        payload: Some("x".repeat(100)),
    }
}

async fn seed(db: &rynamo_native::Client, streams: &[&str], per_stream: u32) -> Vec<Event> {
    create::<Event>(db).await;
    let mut all = Vec::new();
    let mut batch = Event::batch_write();
    for s in streams {
        for seq in 0..per_stream {
            let e = event(s, seq);
            batch = batch.put(&e);
            all.push(e);
        }
    }
    batch.send(db).await.unwrap();
    all
}

#[test]
fn multi_page_query_returns_every_item_in_range_key_order() {
    run(async {
        let db = client();
        let all = seed(&db, &["a", "b"], 23).await;
        let mut pages = Event::query("a")
            .page_size(5)
            .consistent_read(true)
            .pages(&db);
        let mut seen = Vec::new();
        let mut page_count = 0;
        while let Some(page) = pages.next().await.unwrap() {
            assert!(page.items.len() <= 5);
            page_count += 1;
            seen.extend(page.items);
        }
        assert!(page_count >= 5, "{page_count} pages");
        let want: Vec<Event> = all.iter().filter(|e| e.stream == "a").cloned().collect();
        assert_eq!(seen, want);
    });
}

#[test]
fn reverse_query_returns_descending_order() {
    run(async {
        let db = client();
        seed(&db, &["a"], 12).await;
        let seqs: Vec<u32> = Event::query("a")
            .reverse()
            .page_size(4)
            .all(&db)
            .await
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(seqs, (0..12).rev().collect::<Vec<_>>());
    });
}

#[test]
fn range_conditions_select_the_right_items() {
    run(async {
        let db = client();
        seed(&db, &["a"], 20).await;
        let seqs = |v: Vec<Event>| v.iter().map(|e| e.seq).collect::<Vec<_>>();
        assert_eq!(
            seqs(
                Event::query("a")
                    .range(Event::SEQ.eq(4u32))
                    .all(&db)
                    .await
                    .unwrap()
            ),
            [4]
        );
        assert_eq!(
            seqs(
                Event::query("a")
                    .range(Event::SEQ.lt(3u32))
                    .all(&db)
                    .await
                    .unwrap()
            ),
            [0, 1, 2]
        );
        assert_eq!(
            seqs(
                Event::query("a")
                    .range(Event::SEQ.le(1u32))
                    .all(&db)
                    .await
                    .unwrap()
            ),
            [0, 1]
        );
        assert_eq!(
            seqs(
                Event::query("a")
                    .range(Event::SEQ.gt(17u32))
                    .all(&db)
                    .await
                    .unwrap()
            ),
            [18, 19]
        );
        assert_eq!(
            seqs(
                Event::query("a")
                    .range(Event::SEQ.ge(18u32))
                    .all(&db)
                    .await
                    .unwrap()
            ),
            [18, 19]
        );
        assert_eq!(
            seqs(
                Event::query("a")
                    .range(Event::SEQ.between(5u32, 7u32))
                    .all(&db)
                    .await
                    .unwrap()
            ),
            [5, 6, 7]
        );
        // A range condition on an attribute that is not the range key is refused.
        let err = Event::query("a")
            .range(Event::SCORE.eq(4u32))
            .all(&db)
            .await
            .unwrap_err();
        assert!(
            matches!(err, rynamo_core::Error::InvalidRequest(_)),
            "{err:?}"
        );
    });
}

#[test]
fn filter_and_limit_stop_mid_page_and_resume_exactly_after() {
    run(async {
        let db = client();
        seed(&db, &["a"], 30).await;
        let open = |v: &Event| v.state == State::Open;
        let want: Vec<u32> = (0..30)
            .map(|s| event("a", s))
            .filter(open)
            .map(|e| e.seq)
            .collect();
        // Pages of 8 evaluated items; stop after 7 matching ones: in the middle of a page.
        let mut items = Event::query("a")
            .filter(Event::STATE.eq(State::Open))
            .page_size(8)
            .limit(7)
            .items(&db);
        let mut first = Vec::new();
        while let Some(e) = items.next().await.unwrap() {
            first.push(e.seq);
        }
        assert_eq!(first, want[..7]);
        let resume = items.resume_key().expect("more to read");
        let rest: Vec<u32> = Event::query("a")
            .filter(Event::STATE.eq(State::Open))
            .page_size(8)
            .start_from(resume)
            .all(&db)
            .await
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(rest, want[7..]);
    });
}

#[test]
fn global_index_query_uses_its_own_keys() {
    run(async {
        let db = client();
        let all = seed(&db, &["a", "b", "c"], 10).await;
        let shipped = Event::BY_STATE
            .query(State::Shipped)
            .page_size(2)
            .all(&db)
            .await
            .unwrap();
        let mut want: Vec<&Event> = all.iter().filter(|e| e.state == State::Shipped).collect();
        want.sort_by_key(|e| e.at);
        assert_eq!(
            shipped.iter().map(|e| e.at).collect::<Vec<_>>(),
            want.iter().map(|e| e.at).collect::<Vec<_>>()
        );
        let after = UtcDateTime::from_unix_seconds(1_700_000_000 + 6 * 60).unwrap();
        let recent = Event::BY_STATE
            .query(State::Open)
            .range(Event::AT.gt(after))
            .all(&db)
            .await
            .unwrap();
        assert!(recent.iter().all(|e| e.seq > 6 && e.state == State::Open));
        assert_eq!(
            recent.len(),
            6,
            "seq 7 and 8 are open (9 is shipped) in each of 3 streams"
        );
    });
}

#[test]
fn keys_only_index_returns_keys_only() {
    run(async {
        let db = client();
        seed(&db, &["a"], 8).await;
        let table = db.table_name(Event::TABLE);
        let op = rynamo_core::op::Query::new(
            table.as_ref(),
            rynamo_core::expr::KeyCondition::new(
                "kind",
                rynamo_core::AttributeValue::S("k1".into()),
            ),
        )
        .index("by_kind");
        let page = db.send(&op).await.unwrap();
        assert_eq!(page.items.len(), 2);
        for item in &page.items {
            let names: BTreeSet<&str> = item.keys().map(String::as_str).collect();
            assert_eq!(names, BTreeSet::from(["stream", "seq", "kind"]));
        }
    });
}

#[test]
fn local_index_query_orders_by_its_range_key() {
    run(async {
        let db = client();
        seed(&db, &["a"], 10).await;
        let table = db.table_name(Event::TABLE);
        let key = rynamo_core::expr::KeyCondition::new(
            "stream",
            rynamo_core::AttributeValue::S("a".into()),
        );
        let page = db
            .send(&rynamo_core::op::Query::new(table.as_ref(), key).index("by_score"))
            .await
            .unwrap();
        let scores: Vec<u32> = page
            .items
            .iter()
            .map(|i| u32::from_value(i["score"].clone()).unwrap())
            .collect();
        let mut sorted = scores.clone();
        sorted.sort();
        assert_eq!(scores, sorted);
        assert!(
            page.items
                .iter()
                .all(|i| i.contains_key("kind") && !i.contains_key("payload"))
        );
    });
}

#[test]
fn scan_pages_through_everything_and_counts() {
    run(async {
        let db = client();
        let all = seed(&db, &["a", "b", "c"], 15).await;
        let mut got = Event::scan().page_size(7).all(&db).await.unwrap();
        got.sort_by(|x, y| (&x.stream, x.seq).cmp(&(&y.stream, y.seq)));
        assert_eq!(got, all);
        assert_eq!(Event::scan().count(&db).await.unwrap(), 45);
        assert_eq!(
            Event::scan()
                .filter(Event::STATE.eq(State::Shipped))
                .page_size(10)
                .count(&db)
                .await
                .unwrap(),
            15
        );
        assert_eq!(Event::query("b").count(&db).await.unwrap(), 15);
    });
}

#[test]
fn parallel_scan_returns_each_item_exactly_once() {
    run(async {
        let db = client();
        let all = seed(&db, &["a", "b", "c", "d"], 25).await;
        let got = Event::scan()
            .page_size(9)
            .parallel(4)
            .all(&db)
            .await
            .unwrap();
        assert_eq!(got.len(), all.len());
        let keys: BTreeSet<(String, u32)> = got.iter().map(|e| (e.stream.clone(), e.seq)).collect();
        assert_eq!(keys.len(), all.len(), "no duplicates");
        let want: BTreeSet<(String, u32)> = all.iter().map(|e| (e.stream.clone(), e.seq)).collect();
        assert_eq!(keys, want);
    });
}

#[test]
fn rate_limited_scan_still_reads_everything() {
    run(async {
        let db = client();
        seed(&db, &["a"], 10).await;
        let got = Event::scan()
            .page_size(5)
            .rate_limit(1000.0)
            .all(&db)
            .await
            .unwrap();
        assert_eq!(got.len(), 10);
    });
}

#[test]
fn items_and_pages_are_streams_fetching_pages_on_demand() {
    use futures_core::Stream;
    use std::pin::Pin;

    async fn next<S: Stream + Unpin>(s: &mut S) -> Option<S::Item> {
        std::future::poll_fn(|cx| Pin::new(&mut *s).poll_next(cx)).await
    }

    run(async {
        let db = client();
        seed(&db, &["a"], 12).await;
        let mut stream = Event::query("a").page_size(5).items(&db).into_stream();
        let mut seqs = Vec::new();
        while let Some(e) = next(&mut stream).await {
            seqs.push(e.unwrap().seq);
        }
        assert_eq!(seqs, (0..12).collect::<Vec<_>>());
        let mut pages = Event::query("a").page_size(5).pages(&db).into_stream();
        let mut sizes = Vec::new();
        while let Some(p) = next(&mut pages).await {
            sizes.push(p.unwrap().items.len());
        }
        assert_eq!(sizes, [5, 5, 2]);
    });
}

#[test]
fn pages_stopped_by_a_limit_mid_page_resume_exactly_on_tables_and_indexes() {
    run(async {
        let db = client();
        let all = seed(&db, &["a", "b", "c"], 10).await;

        // A table query read as pages: 3 matching items out of a page of 8.
        let want: Vec<Event> = all
            .iter()
            .filter(|e| e.stream == "a" && e.state == State::Open)
            .cloned()
            .collect();
        let mut pages = Event::query("a")
            .filter(Event::STATE.eq(State::Open))
            .page_size(8)
            .limit(3)
            .pages(&db);
        let mut got = Vec::new();
        while let Some(page) = pages.next().await.unwrap() {
            got.extend(page.items);
        }
        assert_eq!(got.len(), 3);
        let resume = pages.resume_key().cloned().expect("more to read");
        got.extend(
            Event::query("a")
                .filter(Event::STATE.eq(State::Open))
                .page_size(8)
                .start_from(resume)
                .all(&db)
                .await
                .unwrap(),
        );
        assert_eq!(got, want);

        // A global index: the resume key carries the index's keys too.
        let want = Event::BY_STATE
            .query(State::Shipped)
            .all(&db)
            .await
            .unwrap();
        assert!(want.len() > 5);
        let mut pages = Event::BY_STATE
            .query(State::Shipped)
            .page_size(4)
            .limit(5)
            .pages(&db);
        let mut got = Vec::new();
        while let Some(page) = pages.next().await.unwrap() {
            got.extend(page.items);
        }
        assert_eq!(got.len(), 5);
        let resume = pages.resume_key().cloned().expect("more to read");
        assert!(resume.contains_key("state"), "{resume:?}");
        got.extend(
            Event::BY_STATE
                .query(State::Shipped)
                .start_from(resume)
                .all(&db)
                .await
                .unwrap(),
        );
        assert_eq!(got, want);
    });
}

#[test]
fn one_bad_item_in_a_page_costs_only_itself_when_reading_item_by_item() {
    run(async {
        let db = client();
        let all = seed(&db, &["a"], 6).await;
        // Someone else stores a number where the model reads a string
        // (`payload`, an attribute no index keys on).
        let mut bad = all[2].to_item().unwrap();
        bad.insert(
            "payload".into(),
            rynamo_core::AttributeValue::N(rynamo_core::Number::from(5)),
        );
        let table = db.table_name(Event::TABLE);
        db.send(&rynamo_core::op::PutItem::new(table.as_ref(), &bad))
            .await
            .unwrap();

        let mut items = Event::query("a").consistent_read(true).items(&db);
        let mut got = Vec::new();
        let mut errors = Vec::new();
        for _ in 0..all.len() {
            match items.next().await {
                Ok(Some(e)) => got.push(e),
                Ok(None) => break,
                Err(e) => errors.push(e),
            }
        }
        assert!(items.next().await.unwrap().is_none());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            matches!(&errors[0], rynamo_core::Error::Item(e) if e.attribute() == Some("payload")
                && e.key().get("seq") == Some(&rynamo_core::AttributeValue::N(all[2].seq.into()))),
            "{errors:?}"
        );
        let want: Vec<Event> = all
            .iter()
            .filter(|e| e.seq != all[2].seq)
            .cloned()
            .collect();
        assert_eq!(
            got, want,
            "the good items before and after the bad one all arrive"
        );
    });
}

//! Projected reads against the real server: a KEYS_ONLY GSI, an INCLUDE
//! LSI and a projection read into `Partial`s, where the model itself fails
//! with a missing attribute; partial items are never written.

use rynamo_core::attr::UtcDateTime;
use rynamo_core::error::{DecodeErrorKind, ItemSource};
use rynamo_core::expr::Projection;
use rynamo_core::model::Partial;
use rynamo_core::{Error, Model};

use crate::fixtures::{client, create, run};
use crate::reads::{Event, State};

fn event(seq: u32) -> Event {
    Event {
        stream: "s".into(),
        seq,
        state: State::Open,
        at: UtcDateTime::from_unix_seconds(1_700_000_000 + i64::from(seq)).unwrap(),
        kind: format!("k{}", seq % 2),
        score: 100 - seq,
        payload: Some(format!("p{seq}")),
    }
}

async fn seed(db: &rynamo_native::Client) -> Vec<Event> {
    create::<Event>(db).await;
    let all: Vec<Event> = (0..6).map(event).collect();
    let mut batch = Event::batch_write();
    for e in &all {
        batch = batch.put(e);
    }
    batch.send(db).await.unwrap();
    all
}

/// The model read of a projected reply fails on an attribute the index
/// does not store, naming the item and the attribute.
fn is_missing(err: &Error, attribute: &str) -> bool {
    matches!(err, Error::Item(e)
        if e.source() == ItemSource::Read
            && e.attribute() == Some(attribute)
            && *e.error().kind() == DecodeErrorKind::Missing
            && e.key().contains_key("stream") && e.key().contains_key("seq"))
}

#[test]
fn a_keys_only_gsi_reads_into_partials_holding_the_keys() {
    run(async {
        let db = client();
        let all = seed(&db).await;
        let err = Event::BY_KIND.query("k1").all(&db).await.unwrap_err();
        assert!(is_missing(&err, "state"), "{err:?}");

        let mut got: Vec<Partial<Event>> =
            Event::BY_KIND.query("k1").partial().all(&db).await.unwrap();
        got.sort_by_key(|p| p.require(Event::SEQ).unwrap());
        let want: Vec<u32> = all
            .iter()
            .filter(|e| e.kind == "k1")
            .map(|e| e.seq)
            .collect();
        let seqs: Vec<u32> = got.iter().map(|p| p.require(Event::SEQ).unwrap()).collect();
        assert_eq!(seqs, want);
        for p in &got {
            assert_eq!(p.require(Event::STREAM).unwrap(), "s");
            assert_eq!(p.require(Event::KIND).unwrap(), "k1");
            assert_eq!(p.get(Event::STATE).unwrap(), None);
            assert_eq!(p.get(Event::PAYLOAD).unwrap(), None);
            assert_eq!(p.as_item().len(), 3, "{p:?}");
            let missing = p.clone().into_model().unwrap_err();
            assert_eq!(*missing.kind(), DecodeErrorKind::Missing);
        }
        // Item by item and page by page too.
        let mut items = Event::BY_KIND.query("k1").partial().items(&db);
        let mut n = 0;
        while let Some(p) = items.next().await.unwrap() {
            assert!(p.contains(Event::SEQ));
            n += 1;
        }
        assert_eq!(n, want.len());
        let mut pages = Event::BY_KIND.scan().partial().page_size(2).pages(&db);
        let mut n = 0;
        while let Some(page) = pages.next().await.unwrap() {
            n += page.items.len();
        }
        assert_eq!(n, all.len());
    });
}

#[test]
fn an_include_lsi_reads_the_keys_and_the_included_attributes() {
    run(async {
        let db = client();
        let all = seed(&db).await;
        let err = Event::BY_SCORE.query("s").all(&db).await.unwrap_err();
        assert!(is_missing(&err, "state"), "{err:?}");

        let got = Event::BY_SCORE.query("s").partial().all(&db).await.unwrap();
        // Ordered by the LSI's range key, the score, which falls as seq rises.
        let want: Vec<(u32, u32, String)> = all
            .iter()
            .rev()
            .map(|e| (e.seq, e.score, e.kind.clone()))
            .collect();
        let read: Vec<(u32, u32, String)> = got
            .iter()
            .map(|p| {
                (
                    p.require(Event::SEQ).unwrap(),
                    p.require(Event::SCORE).unwrap(),
                    p.require(Event::KIND).unwrap(),
                )
            })
            .collect();
        assert_eq!(read, want);
        for p in &got {
            assert!(!p.contains(Event::STATE) && !p.contains(Event::AT));
            assert_eq!(p.get(Event::PAYLOAD).unwrap(), None);
        }
    });
}

#[test]
fn a_projection_reads_into_partials_and_a_complete_one_into_the_model() {
    run(async {
        let db = client();
        let all = seed(&db).await;
        let projection = Projection::new()
            .path(Event::STREAM)
            .path(Event::SEQ)
            .path(Event::PAYLOAD);
        let err = Event::query("s")
            .projection(projection.clone())
            .all(&db)
            .await
            .unwrap_err();
        assert!(is_missing(&err, "state"), "{err:?}");
        let got = Event::query("s")
            .projection(projection.clone())
            .partial()
            .all(&db)
            .await
            .unwrap();
        let payloads: Vec<Option<String>> =
            got.iter().map(|p| p.get(Event::PAYLOAD).unwrap()).collect();
        let want: Vec<Option<String>> = all.iter().map(|e| e.payload.clone()).collect();
        assert_eq!(payloads, want);
        // A GetItem with a projection reads into a partial as well
        // (`Partial::get` is the field reader, hence the trait's name).
        let one = <Partial<Event> as Model>::get(("s", 3u32))
            .projection(projection)
            .send(&db)
            .await
            .unwrap();
        assert_eq!(one.get(Event::PAYLOAD).unwrap(), Some("p3".into()));
        assert!(!one.contains(Event::KIND));
        // With every attribute projected, a partial is the whole model.
        let whole = Event::BY_STATE
            .query(State::Open)
            .partial()
            .all(&db)
            .await
            .unwrap();
        let mut models: Vec<Event> = whole.into_iter().map(|p| p.into_model().unwrap()).collect();
        models.sort_by_key(|e| e.seq);
        assert_eq!(models, all);
    });
}

#[test]
fn a_partial_item_is_never_written_over_the_whole_one() {
    run(async {
        let db = client();
        let all = seed(&db).await;
        let mut got = Event::BY_KIND.query("k0").partial().all(&db).await.unwrap();
        let err = got[0].save().send(&db).await.unwrap_err();
        assert!(matches!(err, Error::Encode(_)), "{err:?}");
        let seq = got[0].require(Event::SEQ).unwrap();
        let stored = Event::get(("s", seq)).send(&db).await.unwrap();
        assert_eq!(stored, all[seq as usize], "the stored item is unchanged");
        // Deleting by the partial's key works as on the model.
        got[0].delete().send(&db).await.unwrap();
        assert!(matches!(
            Event::get(("s", seq)).send(&db).await,
            Err(Error::DoesNotExist(_))
        ));
    });
}

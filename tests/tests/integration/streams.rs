//! A table's change stream read back as typed events from DynamoDB Local:
//! inserts, updates and deletes in order per item with their exact old and
//! new images, polymorphic dispatch with an unknown entity type skipped,
//! KEYS_ONLY streams, and a follower that picks up later writes.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use rynamo_core::op::{DescribeStream, ListStreams, PutItem, StreamStatus, StreamViewType};
use rynamo_core::streams::{Change, ChangeEvent, ChangeReader, UnknownType};
use rynamo_core::{AttributeValue, Item, Model};

use crate::fixtures::{client, run};

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "stream_counters")]
struct Counter {
    #[rynamo(hash_key)]
    id: String,
    count: u32,
    tags: BTreeSet<String>,
    blob: Option<Vec<u8>>,
}

fn counter(id: &str, count: u32, tags: &[&str]) -> Counter {
    Counter {
        id: id.into(),
        count,
        tags: tags.iter().map(|t| (*t).to_string()).collect(),
        blob: Some(vec![0, 255, count as u8]),
    }
}

/// Every event until the reader is caught up, grouped by item in the
/// order they came.
async fn read_all<M: Model>(
    db: &rynamo_native::Client,
    reader: ChangeReader<M>,
) -> Vec<ChangeEvent<M>> {
    let mut reader = reader.poll_interval(Duration::from_millis(50));
    let mut events = Vec::new();
    while let Some(event) = reader.next(db).await.expect("stream read") {
        events.push(event);
    }
    events
}

fn id_of(event: &ChangeEvent<impl Model>) -> String {
    match event.key.as_item().get("id") {
        Some(AttributeValue::S(id)) => id.clone(),
        other => panic!("key without id: {other:?}"),
    }
}

#[test]
fn inserts_updates_and_deletes_read_back_in_order_per_item_with_exact_images() {
    run(async {
        let db = client();
        let created = Counter::table()
            .stream(StreamViewType::NewAndOldImages)
            .create(&db)
            .await
            .unwrap();
        let arn = created.latest_stream_arn.clone().expect("LatestStreamArn");

        // The Streams API knows the stream.
        let listed = db
            .send(&ListStreams::new().table(db.table_name(Counter::TABLE)))
            .await
            .unwrap();
        assert_eq!(listed.streams.len(), 1);
        assert_eq!(listed.streams[0].arn, arn);
        let described = db.send(&DescribeStream::new(arn.as_str())).await.unwrap();
        assert_eq!(described.status, StreamStatus::Enabled);
        assert_eq!(described.view_type, Some(StreamViewType::NewAndOldImages));
        assert!(!described.shards.is_empty());

        counter("a", 1, &["x"]).save().send(&db).await.unwrap();
        counter("b", 10, &[]).save().send(&db).await.unwrap();
        Counter::update(("a",))
            .add(Counter::COUNT, 1u32)
            .send(&db)
            .await
            .unwrap();
        counter("b", 11, &["y", "z"])
            .save()
            .send(&db)
            .await
            .unwrap();
        Counter::delete_key(("a",)).send(&db).await.unwrap();
        counter("c", 7, &[]).save().send(&db).await.unwrap();
        Counter::delete_key(("c",)).send(&db).await.unwrap();

        let events = read_all(&db, ChangeReader::<Counter>::new()).await;
        let mut by_item: BTreeMap<String, Vec<Change<Counter>>> = BTreeMap::new();
        for event in &events {
            assert_eq!(
                event.info.stream_view_type,
                Some(StreamViewType::NewAndOldImages)
            );
            by_item
                .entry(id_of(event))
                .or_default()
                .push(event.change.clone());
        }
        let a_updated = Counter {
            count: 2,
            ..counter("a", 1, &["x"])
        };
        assert_eq!(
            by_item["a"],
            [
                Change::Insert {
                    new: Some(counter("a", 1, &["x"]))
                },
                Change::Modify {
                    old: Some(counter("a", 1, &["x"])),
                    new: Some(a_updated.clone())
                },
                Change::Remove {
                    old: Some(a_updated)
                },
            ]
        );
        assert_eq!(
            by_item["b"],
            [
                Change::Insert {
                    new: Some(counter("b", 10, &[]))
                },
                Change::Modify {
                    old: Some(counter("b", 10, &[])),
                    new: Some(counter("b", 11, &["y", "z"]))
                },
            ]
        );
        assert_eq!(
            by_item["c"],
            [
                Change::Insert {
                    new: Some(counter("c", 7, &[]))
                },
                Change::Remove {
                    old: Some(counter("c", 7, &[]))
                },
            ]
        );
        assert_eq!(events.len(), 7);
        // Sequence numbers grow within the shard.
        let sequences: Vec<u128> = events
            .iter()
            .map(|e| e.info.sequence_number.parse().unwrap())
            .collect();
        assert!(sequences.windows(2).all(|w| w[0] < w[1]), "{sequences:?}");
    });
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "stream_pets",
    discriminator = "cls",
    discriminator_value = "dog"
)]
struct Dog {
    #[rynamo(hash_key)]
    name: String,
    barks: bool,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(
    table = "stream_pets",
    discriminator = "cls",
    discriminator_value = "cat"
)]
struct Cat {
    #[rynamo(hash_key)]
    name: String,
    lives: u32,
}

#[derive(Model, Debug, Clone, PartialEq)]
enum Pet {
    Dog(Dog),
    Cat(Cat),
}

#[test]
fn polymorphic_streams_dispatch_by_type_and_skip_unknown_types_by_policy() {
    run(async {
        let db = client();
        Pet::table()
            .stream(StreamViewType::NewImage)
            .create(&db)
            .await
            .unwrap();
        Dog {
            name: "rex".into(),
            barks: true,
        }
        .save()
        .send(&db)
        .await
        .unwrap();
        let bird = Item::from([
            ("name".to_string(), AttributeValue::S("tweety".into())),
            ("cls".to_string(), AttributeValue::S("bird".into())),
        ]);
        db.send(&PutItem::new(db.table_name(Pet::TABLE), &bird))
            .await
            .unwrap();
        Cat {
            name: "tom".into(),
            lives: 9,
        }
        .save()
        .send(&db)
        .await
        .unwrap();

        let events = read_all(
            &db,
            ChangeReader::<Pet>::new().unknown_types(UnknownType::Skip),
        )
        .await;
        let changes: Vec<Change<Pet>> = events.into_iter().map(|e| e.change).collect();
        assert_eq!(
            changes,
            [
                Change::Insert {
                    new: Some(Pet::Dog(Dog {
                        name: "rex".into(),
                        barks: true
                    }))
                },
                Change::Insert {
                    new: Some(Pet::Cat(Cat {
                        name: "tom".into(),
                        lives: 9
                    }))
                },
            ]
        );

        // The default policy refuses the bird, naming the record.
        let mut reader = ChangeReader::<Pet>::new();
        assert!(reader.next(&db).await.unwrap().is_some());
        let err = reader.next(&db).await.unwrap_err();
        let rynamo_core::Error::StreamRecord(e) = &err else {
            panic!("{err:?}")
        };
        assert!(e.is_unknown_type());
        assert_eq!(e.attribute(), Some("cls"));
        // Reading goes on after the refused record.
        assert!(matches!(
            reader.next(&db).await.unwrap().map(|e| e.change),
            Some(Change::Insert {
                new: Some(Pet::Cat(_))
            })
        ));
    });
}

#[test]
fn keys_only_streams_give_keys_without_images() {
    run(async {
        let db = client();
        Counter::table()
            .stream(StreamViewType::KeysOnly)
            .create(&db)
            .await
            .unwrap();
        counter("k", 1, &[]).save().send(&db).await.unwrap();
        Counter::delete_key(("k",)).send(&db).await.unwrap();
        let events = read_all(&db, ChangeReader::<Counter>::new()).await;
        let changes: Vec<(String, Change<Counter>)> = events
            .iter()
            .map(|e| (id_of(e), e.change.clone()))
            .collect();
        assert_eq!(
            changes,
            [
                ("k".to_string(), Change::Insert { new: None }),
                ("k".to_string(), Change::Remove { old: None }),
            ]
        );
    });
}

#[test]
fn a_following_reader_picks_up_writes_made_after_it_caught_up() {
    run(async {
        let db = client();
        Counter::table()
            .stream(StreamViewType::NewImage)
            .create(&db)
            .await
            .unwrap();
        counter("f1", 1, &[]).save().send(&db).await.unwrap();
        let mut reader = ChangeReader::<Counter>::new()
            .follow(true)
            .poll_interval(Duration::from_millis(100));
        let first = tokio::time::timeout(Duration::from_secs(30), reader.next(&db))
            .await
            .expect("first event in time")
            .unwrap()
            .unwrap();
        assert_eq!(first.new_image(), Some(&counter("f1", 1, &[])));
        // Nothing new yet: the follower pauses between polls instead of
        // returning, until the next write arrives.
        let writer = async {
            tokio::time::sleep(Duration::from_millis(400)).await;
            counter("f2", 2, &[]).save().send(&db).await.unwrap();
        };
        let (next, ()) = tokio::join!(
            tokio::time::timeout(Duration::from_secs(30), reader.next(&db)),
            writer
        );
        let next = next.expect("second event in time").unwrap().unwrap();
        assert_eq!(next.new_image(), Some(&counter("f2", 2, &[])));
    });
}

#[test]
fn reading_the_stream_of_a_table_without_one_is_a_clear_error() {
    run(async {
        let db = client();
        Dog::table().create(&db).await.unwrap();
        let err = ChangeReader::<Dog>::new().next(&db).await.unwrap_err();
        assert!(err.to_string().contains("has no stream"), "{err}");
    });
}

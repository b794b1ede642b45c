//! What a page says besides its items, against the real server: `count`
//! and `scanned_count` around a filter, and consumed capacity asked for
//! one read only.

use rynamo_core::Model;
use rynamo_core::expr::PathExpr;

use crate::fixtures::{client, create, run};

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "readings")]
struct Reading {
    #[rynamo(hash_key)]
    sensor: String,
    #[rynamo(range_key)]
    at: u32,
    value: i64,
}

#[test]
fn pages_report_count_scanned_count_and_capacity_of_their_own_read() {
    run(async {
        let db = client();
        create::<Reading>(&db).await;
        let mut batch = Reading::batch_write();
        for at in 0..10u32 {
            batch = batch.put(&Reading {
                sensor: "s".into(),
                at,
                value: i64::from(at % 2),
            });
        }
        batch.send(&db).await.unwrap();

        let mut pages = Reading::query("s")
            .filter(Reading::VALUE.eq(1i64))
            .page_size(4)
            .return_consumed_capacity(true)
            .pages(&db);
        let mut seen = Vec::new();
        while let Some(page) = pages.next().await.unwrap() {
            assert_eq!(page.count, page.items.len() as u64);
            let units = page.consumed_capacity.expect("asked for this read");
            assert!(units > 0.0, "{units}");
            seen.push((page.count, page.scanned_count));
        }
        assert_eq!(seen, [(2, 4), (2, 4), (1, 2)]);

        // Not asked for (and not by the client): none reported.
        let page = Reading::scan().pages(&db).next().await.unwrap().unwrap();
        assert_eq!(page.consumed_capacity, None);
        assert_eq!((page.count, page.scanned_count), (10, 10));
    });
}

#[test]
fn one_call_reports_the_capacity_it_consumed() {
    run(async {
        let db = client();
        create::<Reading>(&db).await;
        let mut r = Reading {
            sensor: "s".into(),
            at: 1,
            value: 7,
        };
        let (saved, units) = db
            .measure_capacity(async |db| r.save().send(db).await)
            .await;
        saved.unwrap();
        assert_eq!(units, Some(1.0), "one write unit for a small item");
        let (got, units) = db
            .measure_capacity(async |db| {
                Reading::get(("s", 1u32))
                    .consistent_read(true)
                    .send(db)
                    .await
            })
            .await;
        assert_eq!(got.unwrap(), r);
        assert_eq!(units, Some(1.0), "a strongly consistent read");
        let (got, units) = db
            .measure_capacity(async |db| Reading::get(("s", 1u32)).send(db).await)
            .await;
        got.unwrap();
        assert_eq!(units, Some(0.5), "an eventually consistent read");
        // The client itself still asks for nothing.
        let page = Reading::query("s")
            .pages(&db)
            .next()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(page.consumed_capacity, None);
    });
}

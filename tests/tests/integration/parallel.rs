//! Parallel scans against the real server: a limit bounds all segments
//! together, and a rate limit pauses between rounds.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rynamo_core::Model;
use rynamo_core::client::{Hook, ResponseInfo};

use crate::fixtures::{client, create, run};

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "segments")]
pub struct Row {
    #[rynamo(hash_key)]
    pub id: u32,
    pub payload: String,
}

async fn seed(db: &rynamo_native::Client, rows: u32) {
    create::<Row>(db).await;
    let mut batch = Row::batch_write();
    for id in 0..rows {
        batch = batch.put(&Row {
            id,
            payload: "x".repeat(300),
        });
    }
    batch.send(db).await.unwrap();
}

#[test]
fn a_limited_parallel_scan_returns_only_the_limit() {
    run(async {
        let db = client();
        seed(&db, 40).await;
        for (limit, segments) in [(5, 4), (1, 2), (39, 3), (40, 4), (100, 4)] {
            let got = Row::scan()
                .page_size(7)
                .limit(limit)
                .parallel(segments)
                .all(&db)
                .await
                .unwrap();
            assert_eq!(
                got.len(),
                limit.min(40) as usize,
                "limit {limit} over {segments} segments"
            );
        }
    });
}

/// Records each attempt's consumed capacity.
#[derive(Default)]
struct Capacity(Mutex<Vec<f64>>);

impl Hook for Capacity {
    fn after_send(&self, response: &ResponseInfo<'_>) {
        self.0
            .lock()
            .unwrap()
            .push(response.consumed_capacity.unwrap_or(0.0));
    }
}

#[test]
fn a_rate_limited_parallel_scan_pauses_between_rounds() {
    run(async {
        let capacity = Arc::new(Capacity::default());
        let db = client().into_core().hook(capacity.clone());
        let plain = rynamo_native::Client::from(db.clone());
        seed(&plain, 40).await;
        capacity.0.lock().unwrap().clear();
        let rate = 4.0;
        let started = Instant::now();
        let got = Row::scan()
            .page_size(4)
            .rate_limit(rate)
            .parallel(2)
            .all(&db)
            .await
            .unwrap();
        let elapsed = started.elapsed();
        assert_eq!(got.len(), 40);
        let units = capacity.0.lock().unwrap().clone();
        assert!(units.len() >= 10, "{} requests", units.len());
        assert!(
            units.iter().all(|u| *u > 0.0),
            "capacity reported: {units:?}"
        );
        // Every round but the last is followed by a pause of its capacity
        // at the rate; the last round is at most one request per segment.
        let mut sorted = units.clone();
        sorted.sort_by(f64::total_cmp);
        let last_round: f64 = sorted.iter().rev().take(2).sum();
        let paused = (units.iter().sum::<f64>() - last_round) / rate;
        assert!(
            elapsed >= Duration::from_secs_f64(paused),
            "took {elapsed:?}, expected at least {paused}s of pauses for {units:?}"
        );
    });
}

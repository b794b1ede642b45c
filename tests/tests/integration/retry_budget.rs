//! The retry quota, adaptive rate limiting and the deadlines against real
//! servers: a fault proxy that fails everything (the quota caps the storm
//! of retries, counted at the proxy; adaptive mode spaces throttled
//! retries) and a silent loopback server (a get fails by the total
//! deadline, not attempts × the per-attempt deadline).

use std::time::{Duration, Instant};

use rynamo_core::error::{Deadline, ErrorCode};
use rynamo_core::retry::{QUOTA_CAPACITY, RETRY_COST, RetryMode, RetryPolicy};
use rynamo_core::{Error, Model};
use rynamo_native::{Client, Config, Credentials};
use rynamo_tests::faults::{Fault, FaultProxy, Plan};
use rynamo_tests::loopback::SilentServer;

use crate::fixtures::{Order, create, run};

fn config(endpoint: &str) -> Config {
    Config::from_env()
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(Credentials::new("rynamo", "local", None))
}

#[test]
fn a_silent_server_fails_a_get_by_the_total_deadline_not_attempts_times_the_attempt_deadline() {
    run(async {
        let silent = SilentServer::start();
        let db = Client::new(
            config(silent.url())
                .timeout(Duration::from_millis(300))
                .total_timeout(Duration::from_secs(1)),
        )
        .expect("client");
        // Ten attempts of 300 ms would take three seconds and more.
        assert_eq!(db.current_settings().retry.max_attempts, 10);
        let started = Instant::now();
        let err = Order::get(("c1", "o1")).send(&db).await.unwrap_err();
        let elapsed = started.elapsed();
        let Error::DeadlineExceeded(e) = &err else {
            panic!("expected a deadline, got {err:?}");
        };
        assert_eq!(e.deadline(), Deadline::Total, "{err}");
        assert_eq!(e.limit(), Duration::from_secs(1));
        assert!((2..=4).contains(&e.attempts()), "{err}");
        assert!(
            matches!(e.last_error(), Some(Error::DeadlineExceeded(a)) if a.deadline() == Deadline::Attempt),
            "{err}"
        );
        assert!(!err.is_retryable());
        assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(2000), "{elapsed:?}");
    });
}

#[test]
fn the_retry_quota_stops_a_retry_storm_and_refills_on_success() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
        let prefix = rynamo_tests::unique_table("quota");
        let direct = Client::new(config(rynamo_tests::endpoint()))
            .expect("client")
            .table_prefix(prefix.clone());
        create::<Order>(&direct).await;
        // Quick backoffs so the test is fast; the quota does not depend on them.
        let db = Client::new(config(proxy.endpoint()))
            .expect("client")
            .table_prefix(prefix)
            .retry_policy(RetryPolicy {
                max_attempts: 10,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(2),
            });

        // An outage: every request fails. 200 gets, eight at a time.
        proxy.set_plan(Plan::always(Fault::ServerErrorBefore));
        let calls = 200;
        let mut running = tokio::task::JoinSet::new();
        for k in 0..8 {
            let db = db.clone();
            running.spawn(async move {
                let mut failed = 0;
                for i in (k..calls).step_by(8) {
                    let err = Order::get(("c1", format!("o{i}").as_str()))
                        .send(&db)
                        .await
                        .unwrap_err();
                    assert_eq!(err.code(), Some(ErrorCode::InternalServerError), "{err}");
                    failed += 1;
                }
                failed
            });
        }
        let failed: usize = running.join_all().await.into_iter().sum();
        assert_eq!(failed, calls);
        // Without the quota: 200 × 10 = 2,000 requests. With it: each call's
        // first attempt, plus the 100 retries 500 tokens pay for.
        let retries = u64::from(QUOTA_CAPACITY / RETRY_COST);
        assert_eq!(proxy.requests(), calls as u64 + retries);
        assert_eq!(db.retry_budget().quota(), 0);

        // Service is back: each success that needed no retry adds a token.
        proxy.set_plan(Plan::none());
        for i in 0..50 {
            let got = Order::get(("c1", format!("o{i}").as_str())).send(&db).await;
            assert!(matches!(got, Err(Error::DoesNotExist(_))), "{got:?}");
        }
        assert_eq!(db.retry_budget().quota(), 50);
        // Enough for nine retries (45 tokens): the policy's ten attempts again.
        proxy.set_plan(Plan::always(Fault::ServerErrorBefore));
        let before = proxy.requests();
        Order::get(("c1", "o1")).send(&db).await.unwrap_err();
        assert_eq!(proxy.requests() - before, 10);
        assert_eq!(db.retry_budget().quota(), 5);
    });
}

#[test]
fn adaptive_mode_slows_retries_after_throttling_and_standard_mode_does_not() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::always(Fault::Throttle));
        let quick = RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        };
        let mut elapsed = Vec::new();
        for mode in [RetryMode::Standard, RetryMode::Adaptive] {
            let db = Client::new(config(proxy.endpoint()))
                .expect("client")
                .into_core()
                .retry_policy(quick)
                .retry_mode(mode);
            let before = proxy.requests();
            let started = Instant::now();
            let err = Order::get(("c1", "o1")).send(&db).await.unwrap_err();
            elapsed.push(started.elapsed());
            assert!(err.is_throttling(), "{err}");
            assert_eq!(proxy.requests() - before, 3);
            assert_eq!(
                db.retry_budget().is_rate_limiting(),
                mode == RetryMode::Adaptive
            );
        }
        // Standard: two millisecond backoffs. Adaptive: after the first
        // throttle each attempt waits for a token at the floor rate of half a
        // send per second.
        assert!(elapsed[0] < Duration::from_millis(1500), "{elapsed:?}");
        assert!(elapsed[1] >= Duration::from_millis(3500), "{elapsed:?}");
    });
}

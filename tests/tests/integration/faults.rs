//! Through a proxy that injects throttling, 500s, resets, slow answers and
//! partial batches: nothing written is lost or duplicated, retries stay
//! within the policy, final errors are not retried, and a timeout is a
//! typed error.

use std::time::Duration;

use rynamo_core::error::{Deadline, ErrorCode};
use rynamo_core::expr::PathExpr;
use rynamo_core::retry::RetryPolicy;
use rynamo_core::{Error, Model};
use rynamo_native::{Client, Config, Credentials};
use rynamo_tests::faults::{Fault, FaultProxy, Plan};

use crate::fixtures::{Order, create, run};

/// A client through `proxy` and one straight to the server, on the same
/// tables; the direct one checks what really got written.
fn clients(proxy: &FaultProxy, policy: RetryPolicy, timeout: Duration) -> (Client, Client) {
    let prefix = rynamo_tests::unique_table("f");
    let build = |endpoint: &str, timeout: Duration| {
        let config = Config::from_env()
            .endpoint(endpoint)
            .region("us-east-1")
            .credentials(Credentials::new("rynamo", "local", None))
            .timeout(timeout);
        Client::new(config)
            .expect("client")
            .table_prefix(prefix.clone())
    };
    (
        build(proxy.endpoint(), timeout).retry_policy(policy),
        build(rynamo_tests::endpoint(), Duration::from_secs(60)),
    )
}

fn attempts(n: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts: n,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    }
}

fn order(i: usize) -> Order {
    let mut o = Order::sample(&format!("c{}", i % 50), &format!("o{i:05}"));
    o.note = Some(format!("written once, {i}"));
    o
}

const EVERY_FAULT: [Fault; 8] = [
    Fault::Throttle,
    Fault::ServerErrorBefore,
    Fault::ServerErrorAfter,
    Fault::ResetBefore,
    Fault::ResetAfter,
    Fault::Slow(Duration::from_millis(20)),
    Fault::Unavailable,
    Fault::PartialBatch,
];

#[test]
fn ten_thousand_writes_through_faults_arrive_exactly_once() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
        let (db, direct) = clients(&proxy, RetryPolicy::default(), Duration::from_secs(10));
        create::<Order>(&direct).await;
        proxy.set_plan(Plan::mixed(&EVERY_FAULT, 20, 0x5eed));

        let orders: Vec<Order> = (0..10_000).map(order).collect();
        // 2,000 single puts, eight at a time.
        let (single, batched) = orders.split_at(2_000);
        let lane = |k: usize| {
            let db = &db;
            async move {
                for o in single.iter().skip(k).step_by(8) {
                    o.clone().save().send(db).await.expect("put through faults");
                }
            }
        };
        tokio::join!(
            lane(0),
            lane(1),
            lane(2),
            lane(3),
            lane(4),
            lane(5),
            lane(6),
            lane(7)
        );
        // 8,000 in batches of any size (chunked by 25 underneath).
        for chunk in batched.chunks(2_000) {
            let mut batch = Order::batch_write();
            for o in chunk {
                batch = batch.put(o);
            }
            batch.send(&db).await.expect("batch through faults");
        }

        // Every fault really happened, many times.
        let injected = proxy.injected();
        for fault in EVERY_FAULT {
            assert!(
                injected.get(&fault).copied().unwrap_or(0) >= 5,
                "{fault:?}: {injected:?}"
            );
        }
        assert!(injected.values().sum::<u64>() >= 300, "{injected:?}");

        // What the server holds, read directly: each item once, intact.
        let mut stored = Order::scan()
            .consistent_read(true)
            .all(&direct)
            .await
            .unwrap();
        stored.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(stored.len(), 10_000);
        assert!(stored == orders, "stored items differ from those written");

        // And reading them back through the faults finds all of them.
        let mut got = Order::batch_get(orders.iter().map(|o| (o.customer.as_str(), o.id.as_str())))
            .send(&db)
            .await
            .expect("batch get through faults");
        got.sort_by(|a, b| a.id.cmp(&b.id));
        assert!(
            got == orders,
            "batch get through faults lost or changed items"
        );
    });
}

/// Throttles, 500s before and after the write, resets before and after.
const LINK_FAULTS: [Fault; 5] = [
    Fault::Throttle,
    Fault::ServerErrorBefore,
    Fault::ServerErrorAfter,
    Fault::ResetBefore,
    Fault::ResetAfter,
];

#[test]
fn ten_thousand_puts_through_ten_percent_faults_surface_no_error() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
        let (db, direct) = clients(&proxy, RetryPolicy::default(), Duration::from_secs(10));
        assert_eq!(db.current_settings().retry, RetryPolicy::default());
        create::<Order>(&direct).await;
        proxy.set_plan(Plan::mixed(&LINK_FAULTS, 10, 0x10_0000));

        let orders: std::sync::Arc<Vec<Order>> = (0..10_000).map(order).collect::<Vec<_>>().into();
        let lanes = 16;
        let mut running = tokio::task::JoinSet::new();
        for k in 0..lanes {
            let (db, orders) = (db.clone(), orders.clone());
            running.spawn(async move {
                let mut errors = Vec::new();
                for o in orders.iter().skip(k).step_by(lanes) {
                    if let Err(e) = o.clone().save().send(&db).await {
                        errors.push(format!("{}: {e}", o.id));
                    }
                }
                errors
            });
        }
        let errors: Vec<String> = running.join_all().await.into_iter().flatten().collect();
        let injected = proxy.injected();
        assert!(injected.values().sum::<u64>() >= 900, "{injected:?}");
        assert_eq!(
            errors,
            Vec::<String>::new(),
            "surfaced errors; injected {injected:?}"
        );

        let mut stored = Order::scan()
            .consistent_read(true)
            .all(&direct)
            .await
            .unwrap();
        stored.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(stored.len(), 10_000);
        assert!(stored == *orders, "stored items differ from those written");
    });
}

#[test]
fn retryable_faults_are_retried_exactly_as_the_policy_allows() {
    run(async {
        for (fault, retryable) in [
            (Fault::Throttle, "throttling"),
            (Fault::ServerErrorBefore, "500"),
            (Fault::Unavailable, "503 without a DynamoDB body"),
            (Fault::ResetBefore, "reset"),
        ] {
            let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
            let (db, direct) = clients(&proxy, attempts(3), Duration::from_secs(10));
            create::<Order>(&direct).await;
            proxy.set_plan(Plan::always(fault));
            let before = proxy.requests();
            let err = Order::get(("c1", "o1")).send(&db).await.unwrap_err();
            assert_eq!(proxy.requests() - before, 3, "{retryable}: {err}");
            assert!(err.is_retryable(), "{retryable}: {err}");
            match fault {
                Fault::Throttle => assert!(err.is_throttling(), "{err}"),
                Fault::ResetBefore => assert!(matches!(err, Error::Transport(_)), "{err}"),
                _ => assert!(
                    matches!(err, Error::Service(ref e) if e.status() >= 500),
                    "{err}"
                ),
            }
        }
    });
}

#[test]
fn final_errors_are_not_retried() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
        let (db, direct) = clients(&proxy, attempts(5), Duration::from_secs(10));
        create::<Order>(&direct).await;
        let mut o = order(1);
        o.save().send(&db).await.unwrap();

        // A condition that fails, from the real server: one request.
        let before = proxy.requests();
        let err = o
            .save()
            .condition(Order::ID.not_exists())
            .send(&db)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::ConditionalCheckFailed(_)), "{err}");
        assert_eq!(proxy.requests() - before, 1);

        // A validation error: one request.
        proxy.set_plan(Plan::always(Fault::Validation));
        let before = proxy.requests();
        let err = Order::get(("c1", "o1")).send(&db).await.unwrap_err();
        assert_eq!(err.code(), Some(ErrorCode::Validation), "{err}");
        assert_eq!(proxy.requests() - before, 1);
    });
}

#[test]
fn a_timeout_is_a_typed_error_after_bounded_attempts() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
        let (db, direct) = clients(&proxy, attempts(2), Duration::from_millis(300));
        create::<Order>(&direct).await;
        proxy.set_plan(Plan::always(Fault::Slow(Duration::from_secs(3))));
        let before = proxy.requests();
        let err = Order::get(("c1", "o1")).send(&db).await.unwrap_err();
        match &err {
            Error::DeadlineExceeded(e) => {
                assert_eq!(e.deadline(), Deadline::Attempt, "{err}");
                assert_eq!(e.attempts(), 2, "{err}");
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
        assert!(err.is_retryable());
        assert_eq!(proxy.requests() - before, 2);
    });
}

#[test]
fn a_batch_that_never_finishes_hands_back_what_is_unwritten() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
        let (db, direct) = clients(&proxy, attempts(3), Duration::from_secs(10));
        create::<Order>(&direct).await;
        proxy.set_plan(Plan::always(Fault::PartialBatch));
        // Four writes: halves go through (2, then 1), the last one never does.
        let orders: Vec<Order> = (0..4).map(order).collect();
        let mut batch = Order::batch_write();
        for o in &orders {
            batch = batch.put(o);
        }
        let err = batch.send(&db).await.unwrap_err();
        let Error::BatchIncomplete(incomplete) = &err else {
            panic!("expected BatchIncomplete, got {err:?}");
        };
        assert_eq!(incomplete.unwritten().len(), 1, "{err}");
        // Exactly the other three are stored.
        let stored = Order::scan()
            .consistent_read(true)
            .all(&direct)
            .await
            .unwrap();
        assert_eq!(stored.len(), 3);
        assert!(stored.iter().all(|o| orders.contains(o)));
    });
}

#[test]
fn a_clock_twenty_minutes_off_the_servers_costs_one_refused_request_then_none() {
    run(async {
        for ahead in [20 * 60, -20 * 60] {
            let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
            // One attempt: the correction is the transport's, not a retry.
            let (db, direct) = clients(&proxy, attempts(1), Duration::from_secs(10));
            create::<Order>(&direct).await;
            proxy.set_plan(Plan::always(Fault::ClockOff(ahead)));
            let before = proxy.requests();
            let o = order(7);
            o.clone()
                .save()
                .send(&db)
                .await
                .expect("saved once the clock is corrected");
            assert_eq!(
                proxy.requests() - before,
                2,
                "refused once for its signing time, then signed at the server's"
            );
            // Later requests are signed at the server's time from the start.
            let read = Order::get((o.customer.as_str(), o.id.as_str()))
                .send(&db)
                .await
                .expect("read");
            assert_eq!(read, o);
            assert_eq!(proxy.requests() - before, 3, "clock {ahead:+} s");
            // Written once.
            let stored = Order::get((o.customer.as_str(), o.id.as_str()))
                .send(&direct)
                .await
                .expect("direct read");
            assert_eq!(stored, o);
        }
    });
}

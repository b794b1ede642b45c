//! The retry quota, adaptive rate limiting and deadlines, driven through
//! the one driver against the scripted transport in virtual time.

use alloc::vec::Vec;
use core::time::Duration;

use super::scripted::{Scripted, run};
use crate::error::{Deadline, Error};
use crate::op::GetItem;
use crate::retry::{Jitter, QUOTA_CAPACITY, RetryMode, RetryPolicy};
use crate::value::{AttributeValue, Key};

const THROTTLED: &str = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}"#;
const BROKEN: &str =
    r#"{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"oops"}"#;
const FOUND: &str = r#"{"Item":{"pk":{"N":"1"}}}"#;

fn get() -> GetItem {
    GetItem::new("orders", Key::hash("pk", AttributeValue::N(1u32.into())))
}

/// Runs one get; returns how many attempts it sent and its outcome.
fn call(db: &crate::Client<Scripted>) -> (usize, Result<(), Error>) {
    let outcome = run(db.send(&get())).map(|_| ());
    (db.transport().take_sent().len(), outcome)
}

fn failing(db: &crate::Client<Scripted>, times: usize) {
    for _ in 0..times {
        db.transport().reply(500, BROKEN);
    }
}

#[test]
fn the_quota_drains_under_a_run_of_failures_then_errors_surface_without_retrying() {
    let db = Scripted::client();
    assert_eq!(db.retry_budget().quota(), QUOTA_CAPACITY);
    // Ten attempts a call, nine retries at 5 tokens: eleven calls take 495.
    for _ in 0..11 {
        failing(&db, 10);
        let (sent, outcome) = call(&db);
        assert_eq!(sent, 10);
        assert!(outcome.unwrap_err().is_retryable());
    }
    assert_eq!(db.retry_budget().quota(), 5);
    // One retry is left in the bucket, then none.
    failing(&db, 2);
    assert_eq!(call(&db).0, 2);
    assert_eq!(db.retry_budget().quota(), 0);
    failing(&db, 1);
    let (sent, outcome) = call(&db);
    assert_eq!(sent, 1, "an empty quota must not retry");
    assert_eq!(
        outcome.unwrap_err().code(),
        Some(crate::error::ErrorCode::InternalServerError)
    );
    assert_eq!(db.transport().unused(), 0);
}

#[test]
fn successes_refill_the_quota_and_a_retried_success_pays_its_retry_back() {
    let db = Scripted::client();
    db.retry_budget().with_quota(|q| while q.take(5) {});
    for _ in 0..5 {
        db.transport().ok(FOUND);
        assert_eq!(call(&db), (1, Ok(())));
    }
    assert_eq!(db.retry_budget().quota(), 5);
    db.transport().reply(500, BROKEN).ok(FOUND);
    assert_eq!(call(&db), (2, Ok(())));
    assert_eq!(db.retry_budget().quota(), 5);
}

#[test]
fn clones_and_per_call_transports_share_one_quota() {
    let db = Scripted::client();
    let clone = db.clone().table_prefix("p-");
    let other = db.with_transport(Scripted::default());
    clone.transport().reply(500, BROKEN).ok(FOUND);
    assert_eq!(call(&clone), (2, Ok(())));
    other.retry_budget().with_quota(|q| assert!(q.take(5)));
    assert_eq!(db.retry_budget().quota(), QUOTA_CAPACITY - 5);
    assert!(core::ptr::eq(db.retry_budget(), other.retry_budget()));
}

#[test]
#[cfg(feature = "adaptive-retry")]
fn adaptive_mode_delays_sends_after_throttles_and_standard_mode_does_not() {
    let backoff = Jitter::new(7).below(RetryPolicy::default().ceiling(0));
    for mode in [RetryMode::Standard, RetryMode::Adaptive] {
        let db = Scripted::client().retry_mode(mode);
        db.transport().ok(FOUND).reply(400, THROTTLED).ok(FOUND);
        assert_eq!(call(&db), (1, Ok(())));
        assert_eq!(db.transport().take_sleeps(), []);
        assert_eq!(call(&db), (2, Ok(())));
        let sleeps = db.transport().take_sleeps();
        match mode {
            RetryMode::Standard => assert_eq!(sleeps, [backoff]),
            _ => {
                // The backoff, then the wait for a token at the floor rate
                // (half a send per second): two seconds in all.
                assert_eq!(sleeps.len(), 2, "{sleeps:?}");
                assert_eq!(sleeps[0], backoff);
                let total: Duration = sleeps.iter().sum();
                assert!(
                    total.abs_diff(Duration::from_secs(2)) < Duration::from_micros(1),
                    "{sleeps:?}"
                );
                assert!(db.retry_budget().is_rate_limiting());
            }
        }
        // And the next send waits for its token too, only in adaptive mode.
        db.transport().ok(FOUND);
        assert_eq!(call(&db), (1, Ok(())));
        let waited = !db.transport().take_sleeps().is_empty();
        assert_eq!(waited, mode == RetryMode::Adaptive);
    }
}

#[test]
fn a_silent_server_fails_by_the_total_deadline_not_attempts_times_the_attempt_deadline() {
    let db = Scripted::client()
        .attempt_timeout(Some(Duration::from_secs(1)))
        .total_timeout(Some(Duration::from_millis(2500)));
    for _ in 0..10 {
        db.transport().silent();
    }
    let (sent, outcome) = call(&db);
    let Err(Error::DeadlineExceeded(e)) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(e.deadline(), Deadline::Total);
    assert_eq!(e.limit(), Duration::from_millis(2500));
    assert_eq!(e.attempts(), 3);
    assert!(
        matches!(e.last_error(), Some(Error::DeadlineExceeded(a)) if a.deadline() == Deadline::Attempt)
    );
    assert!(!Error::DeadlineExceeded(e.clone()).is_retryable());
    assert_eq!(sent, 3);
    // Two whole attempts, their backoffs, and what was left for the third.
    assert_eq!(db.transport().clock(), Duration::from_millis(2500));
    assert!(
        alloc::format!("{e}").starts_with("the call's total deadline of 2500 ms passed after 3 attempts; last error: no reply within the per-attempt deadline of 1000 ms"),
        "{e}"
    );
}

#[test]
fn an_attempt_past_its_deadline_is_retried_and_the_next_reply_is_used() {
    let db = Scripted::client().attempt_timeout(Some(Duration::from_millis(300)));
    db.transport().silent().ok(FOUND);
    assert_eq!(call(&db), (2, Ok(())));
    let sleeps: Vec<_> = db.transport().take_sleeps();
    assert_eq!(sleeps[0], Duration::from_millis(300));
    // The retry took 10 tokens (a timeout) and its success gave them back.
    assert_eq!(db.retry_budget().quota(), QUOTA_CAPACITY);
}

#[test]
fn the_last_attempt_past_its_deadline_is_a_typed_retryable_error() {
    let db = Scripted::client()
        .retry_policy(RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::default()
        })
        .attempt_timeout(Some(Duration::from_millis(300)))
        .total_timeout(None);
    db.transport().silent().silent();
    let (sent, outcome) = call(&db);
    assert_eq!(sent, 2);
    let Err(Error::DeadlineExceeded(e)) = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!((e.deadline(), e.attempts()), (Deadline::Attempt, 2));
    assert!(outcome.unwrap_err().is_retryable());
    assert_eq!(
        db.retry_budget().quota(),
        QUOTA_CAPACITY - crate::retry::TIMEOUT_RETRY_COST
    );
}

#[test]
fn a_backoff_that_would_end_past_the_total_deadline_is_not_waited() {
    let db = Scripted::client().total_timeout(Some(Duration::from_millis(60)));
    for _ in 0..10 {
        db.transport().reply(400, THROTTLED);
    }
    let (sent, outcome) = call(&db);
    assert!(
        matches!(&outcome, Err(Error::DeadlineExceeded(e)) if e.deadline() == Deadline::Total
            && e.last_error().is_some_and(Error::is_throttling)),
        "{outcome:?}"
    );
    assert!(sent < 10);
    assert!(db.transport().clock() < Duration::from_millis(60));
}

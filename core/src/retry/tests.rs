use super::*;
use crate::transport::{TransportError, TransportErrorKind};

fn throttled() -> Error {
    Error::from_response(
        400,
        br#"{"__type":"x#ThrottlingException","message":"slow"}"#,
    )
}

#[test]
fn retries_retryable_errors_up_to_the_limit_with_growing_ceilings() {
    let policy = RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(25),
    };
    let mut state = RetryState::new(policy, 7);
    let delays: alloc::vec::Vec<_> =
        core::iter::from_fn(|| state.on_failure(&throttled())).collect();
    assert_eq!(delays.len(), 3);
    assert!(delays[0] <= Duration::from_millis(10));
    assert!(delays[1] <= Duration::from_millis(20));
    assert!(delays[2] <= Duration::from_millis(25));
    assert_eq!(state.attempts(), 4);
}

#[test]
fn final_errors_are_not_retried() {
    let mut state = RetryState::new(RetryPolicy::default(), 1);
    let validation = Error::from_response(
        400,
        br#"{"__type":"x#ValidationException","message":"bad"}"#,
    );
    assert_eq!(state.on_failure(&validation), None);
    let mut state = RetryState::new(RetryPolicy::default(), 1);
    assert!(
        state
            .on_failure(&Error::Transport(TransportError::new(
                TransportErrorKind::Io,
                "reset"
            )))
            .is_some()
    );
}

#[test]
fn jitter_is_spread_and_bounded() {
    let mut jitter = Jitter::new(42);
    let ceiling = Duration::from_millis(100);
    let samples: alloc::vec::Vec<_> = (0..1000).map(|_| jitter.below(ceiling)).collect();
    assert!(samples.iter().all(|d| *d <= ceiling));
    assert!(samples.iter().any(|d| *d < Duration::from_millis(10)));
    assert!(samples.iter().any(|d| *d > Duration::from_millis(90)));
}

fn request(body: &[u8]) -> Request {
    Request {
        action: crate::transport::Action::PutItem,
        table: Some("t".into()),
        body: body.to_vec(),
    }
}

fn sent_body(retry: &mut Retry<'_>) -> alloc::vec::Vec<u8> {
    loop {
        match retry.poll(&EncodeOptions::default()).unwrap() {
            Step::Send([request]) => return request.body.clone(),
            Step::Pause(_) => continue,
            _ => panic!("expected a request"),
        }
    }
}

#[test]
fn after_an_attempt_that_may_have_been_applied_the_retried_form_is_sent() {
    let (first, retried) = (request(b"first"), request(b"retried"));
    let mut retry = Retry::new(&first, RetryPolicy::default(), 1).retried_as(&retried);
    assert_eq!(sent_body(&mut retry), b"first");
    // A throttle was certainly not applied: the same request again.
    retry.handle(0, Err(throttled())).unwrap();
    assert!(!retry.may_have_been_applied());
    assert_eq!(sent_body(&mut retry), b"first");
    // A reset after the request went out: maybe applied.
    let reset = Error::Transport(TransportError::new(TransportErrorKind::Io, "reset"));
    retry.handle(0, Err(reset)).unwrap();
    assert!(retry.may_have_been_applied());
    assert_eq!(sent_body(&mut retry), b"retried");
    // It stays so, whatever follows.
    retry.handle(0, Err(throttled())).unwrap();
    assert_eq!(sent_body(&mut retry), b"retried");
    let conflict = Error::from_response(
        400,
        br#"{"__type":"x#ConditionalCheckFailedException","message":"no"}"#,
    );
    assert!(retry.handle(0, Err(conflict)).is_err());
    assert!(retry.may_have_been_applied());
}

#[test]
fn which_failures_may_have_been_applied() {
    let transport = |kind| Error::Transport(TransportError::new(kind, "x"));
    assert!(transport(TransportErrorKind::Io).may_have_been_applied());
    assert!(transport(TransportErrorKind::Timeout).may_have_been_applied());
    assert!(transport(TransportErrorKind::ReplyTooLarge).may_have_been_applied());
    assert!(!transport(TransportErrorKind::Connect).may_have_been_applied());
    assert!(!transport(TransportErrorKind::Request).may_have_been_applied());
    assert!(
        Error::from_response(500, br#"{"__type":"x#InternalServerError","message":"x"}"#)
            .may_have_been_applied()
    );
    assert!(Error::from_response(503, b"<html>busy</html>").may_have_been_applied());
    assert!(!throttled().may_have_been_applied());
    let deadline = |d| {
        Error::DeadlineExceeded(crate::error::DeadlineExceeded::new(
            d,
            Duration::from_secs(1),
            1,
            None,
        ))
    };
    assert!(deadline(crate::error::Deadline::Attempt).may_have_been_applied());
    assert!(deadline(crate::error::Deadline::Total).may_have_been_applied());
}

#[test]
fn ceiling_saturates_instead_of_overflowing() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.ceiling(1000), policy.max_delay);
}

//! Hooks around every attempt (PynamoDB's `pre_dynamodb_send` /
//! `post_dynamodb_send` signals): the types a hook sees.

use core::time::Duration;

use crate::error::Error;
use crate::transport::Action;

/// What a hook learns before an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestInfo<'a> {
    /// The action.
    pub action: Action,
    /// The table, when the request names one (batches and transactions name
    /// their first).
    pub table: Option<&'a str>,
    /// 1 for the first attempt, 2 for the first retry, …
    pub attempt: u32,
    /// The exact JSON body sent (a debugging aid; it holds the data).
    pub body: &'a [u8],
}

/// What a hook learns after an attempt.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ResponseInfo<'a> {
    /// The request.
    pub request: RequestInfo<'a>,
    /// The HTTP status of a 2xx reply, or the error.
    pub outcome: Result<u16, &'a Error>,
    /// DynamoDB's ID of the request (`x-amzn-RequestId`), when there was a
    /// reply and the adapter read it.
    pub request_id: Option<&'a str>,
    /// How long the attempt took, when the transport has a clock.
    pub duration: Option<Duration>,
    /// Capacity units consumed, when DynamoDB reported them
    /// ([`Settings::return_consumed_capacity`](super::Settings::return_consumed_capacity)).
    pub consumed_capacity: Option<f64>,
}

/// Callbacks around every attempt. Both default to doing nothing.
pub trait Hook: Send + Sync {
    /// Called before each attempt is sent.
    fn before_send(&self, request: &RequestInfo<'_>) {
        let _ = request;
    }

    /// Called after each attempt, with its outcome.
    fn after_send(&self, response: &ResponseInfo<'_>) {
        let _ = response;
    }
}

//! The retry quota of the AWS SDKs' standard retry mode: a token bucket per
//! client that every retry draws from and every success pays back, so a
//! client whose requests mostly fail stops retrying (and stops multiplying
//! the load on a struggling service) instead of sending each request
//! `max_attempts` times.
//!
//! The numbers are the SDKs' (botocore, the JS and Rust SDKs): the bucket
//! holds 500 tokens and starts full; a retry after a timeout costs 10, any
//! other retry 5; a call that succeeds on its first attempt adds 1, one that
//! succeeds after retries gives back what its last retry cost. When a retry
//! would cost more than is left, the error is returned without retrying.
//! With about one request in ten failing the bucket stays full; it drains
//! when most recent attempts fail, and refills as successes come back.

use crate::error::{Deadline, Error};
use crate::transport::TransportErrorKind;

/// Tokens in a full bucket (and at the start).
pub const QUOTA_CAPACITY: u32 = 500;
/// Tokens a retry costs.
pub const RETRY_COST: u32 = 5;
/// Tokens a retry after a timeout costs.
pub const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens a call that succeeds at its first attempt adds back.
pub const NO_RETRY_INCREMENT: u32 = 1;

/// The standard mode's retry quota: plain counting, no clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryQuota {
    available: u32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota {
            available: QUOTA_CAPACITY,
        }
    }
}

impl RetryQuota {
    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.available
    }

    /// What retrying after `error` costs: timeouts cost double, since a
    /// timed-out attempt may still be loading the server.
    pub fn cost(error: &Error) -> u32 {
        match error {
            Error::Transport(e) if e.kind() == TransportErrorKind::Timeout => TIMEOUT_RETRY_COST,
            Error::DeadlineExceeded(e) if e.deadline() == Deadline::Attempt => TIMEOUT_RETRY_COST,
            _ => RETRY_COST,
        }
    }

    /// Takes `cost` tokens for a retry; `false` (and nothing taken) when
    /// fewer are left, and then the caller must not retry.
    pub fn take(&mut self, cost: u32) -> bool {
        match self.available.checked_sub(cost) {
            Some(left) => {
                self.available = left;
                true
            }
            None => false,
        }
    }

    /// A call succeeded: `last_retry_cost` is what its last retry took
    /// (given back), `None` if it needed no retry (one token added).
    pub fn on_success(&mut self, last_retry_cost: Option<u32>) {
        let amount = last_retry_cost.unwrap_or(NO_RETRY_INCREMENT);
        self.available = (self.available + amount).min(QUOTA_CAPACITY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::TransportError;

    #[test]
    fn a_run_of_failed_retries_empties_the_bucket_then_successes_refill_it() {
        let mut quota = RetryQuota::default();
        let mut retries = 0;
        while quota.take(RETRY_COST) {
            retries += 1;
        }
        assert_eq!(retries, 100);
        assert_eq!(quota.available(), 0);
        quota.on_success(None);
        assert_eq!(quota.available(), 1);
        quota.on_success(Some(RETRY_COST));
        assert_eq!(quota.available(), 6);
        assert!(quota.take(RETRY_COST));
        for _ in 0..1000 {
            quota.on_success(None);
        }
        assert_eq!(quota.available(), QUOTA_CAPACITY);
    }

    #[test]
    fn timeouts_cost_double() {
        let timeout = Error::Transport(TransportError::new(TransportErrorKind::Timeout, "slow"));
        let reset = Error::Transport(TransportError::new(TransportErrorKind::Io, "reset"));
        assert_eq!(RetryQuota::cost(&timeout), TIMEOUT_RETRY_COST);
        assert_eq!(RetryQuota::cost(&reset), RETRY_COST);
        let mut quota = RetryQuota { available: 9 };
        assert!(!quota.take(TIMEOUT_RETRY_COST));
        assert_eq!(quota.available(), 9);
        assert!(quota.take(RETRY_COST));
    }
}

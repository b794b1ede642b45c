//! What a client shares between its calls to limit retries: the retry
//! mode and the [`RetryBudget`] (the standard mode's quota, the adaptive
//! mode's rate limiter).

use super::RetryQuota;
use super::lock::Lock;

/// The adaptive mode's rate limiter (nothing without feature
/// `adaptive-retry`).
#[cfg(feature = "adaptive-retry")]
pub(super) type Limiter = super::RateLimiter;
#[cfg(not(feature = "adaptive-retry"))]
pub(super) type Limiter = ();

/// How a client limits its retries beyond [`RetryPolicy`](super::RetryPolicy): the AWS SDKs'
/// retry modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RetryMode {
    /// The SDKs' standard mode (the default): a retry quota shared by all
    /// calls of one client ([`RetryQuota`]: 500 tokens, 5 per retry, 10 per
    /// retry after a timeout, paid back by successes). When most recent
    /// attempts fail the quota runs dry and errors are returned without
    /// retrying, instead of every call retrying `max_attempts` times into
    /// an outage.
    #[default]
    Standard,
    /// Standard mode plus the SDKs' client-side rate limiting
    /// ([`RateLimiter`](super::RateLimiter)): after DynamoDB throttles, each attempt waits for a
    /// token from a bucket whose rate follows CUBIC — cut on every throttle,
    /// grown back while requests succeed. Opt in for clients that share a
    /// table's capacity with others and would rather queue than be
    /// throttled. Needs the host's clock
    /// ([`Transport::now`](crate::transport::Transport::now)); without one
    /// it behaves as `Standard`. Waits for a token count against the
    /// request's total deadline. Feature `adaptive-retry` (default).
    #[cfg(feature = "adaptive-retry")]
    Adaptive,
}

/// The retry state one client shares between all its calls (and clones):
/// the retry quota and the adaptive mode's rate limiter.
pub struct RetryBudget {
    pub(super) state: Lock<(RetryQuota, Limiter)>,
}

impl RetryBudget {
    /// A full quota and a rate limiter that delays nothing yet.
    pub fn new() -> Self {
        RetryBudget {
            state: Lock::new((RetryQuota::default(), Limiter::default())),
        }
    }

    /// Tokens left in the retry quota.
    pub fn quota(&self) -> u32 {
        self.state.with(|(quota, _)| quota.available())
    }

    /// Whether the adaptive rate limiter is delaying sends (after a throttle).
    /// Never without feature `adaptive-retry`.
    pub fn is_rate_limiting(&self) -> bool {
        #[cfg(feature = "adaptive-retry")]
        return self.state.with(|(_, limiter)| limiter.is_limiting());
        #[cfg(not(feature = "adaptive-retry"))]
        false
    }

    /// Runs `f` on the quota (for tests and metrics).
    pub fn with_quota<R>(&self, f: impl FnOnce(&mut RetryQuota) -> R) -> R {
        self.state.with(|(quota, _)| f(quota))
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget::new()
    }
}

impl core::fmt::Debug for RetryBudget {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RetryBudget")
            .field("quota", &self.quota())
            .field("rate_limiting", &self.is_rate_limiting())
            .finish()
    }
}

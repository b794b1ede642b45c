//! Retry policy and backoff: exponential, capped, with full jitter; the AWS
//! SDKs' retry quota (standard mode) and client-side rate limiting
//! (adaptive mode). Pure data and arithmetic; the host supplies randomness
//! and its clock, and does the sleeping.
//!
//! A retried write whose first attempt reached DynamoDB (the reply was
//! lost) is applied again. Puts, deletes and `SET`s land in the same state
//! twice; `ADD` to a number and list appends do not — guard those with a
//! condition or a transaction's `client_request_token`.

#[cfg(feature = "adaptive-retry")]
mod adaptive;
mod budget;
mod lock;
mod quota;

use core::time::Duration;

#[cfg(feature = "adaptive-retry")]
pub use adaptive::RateLimiter;
pub use budget::{RetryBudget, RetryMode};
pub use quota::{NO_RETRY_INCREMENT, QUOTA_CAPACITY, RETRY_COST, RetryQuota, TIMEOUT_RETRY_COST};

use crate::error::Error;
use crate::machine::{Machine, Step};
use crate::op::EncodeOptions;
use crate::transport::{Request, Response};

/// How often and how patiently to retry retryable errors
/// ([`Error::is_retryable`]).
///
/// The default is botocore's for DynamoDB: 10 attempts, a 50 ms base
/// doubling per retry, each backoff capped at 20 s and drawn uniformly below
/// its ceiling ("full jitter"). Through a link where one request in ten
/// fails (throttles, 500s, resets) a call then fails only if ten attempts in
/// a row do, about once in 10^10 calls: 10,000 puts through such a link
/// surface no error (the fault-proxy test
/// `ten_thousand_puts_through_ten_percent_faults_surface_no_error` checks
/// it). Retries are further bounded by the client's retry quota
/// ([`RetryMode`]) and the call's deadlines
/// ([`Settings::total_timeout`](crate::client::Settings::total_timeout)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Backoff before the first retry; doubles after each retry.
    pub base_delay: Duration,
    /// Longest single backoff.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Ten attempts, 50 ms base, 20 s cap: botocore's DynamoDB defaults.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The largest backoff before retry number `retry` (0-based):
    /// `base × 2^retry`, capped.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }
}

/// A small deterministic generator (SplitMix64) for jitter; the seed comes
/// from the host, so the core stays free of randomness sources.
#[derive(Debug, Clone)]
pub struct Jitter {
    state: u64,
}

impl Jitter {
    /// A generator from a host-supplied seed.
    pub fn new(seed: u64) -> Self {
        Jitter { state: seed }
    }

    /// The next pseudo-random number.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A duration uniformly in `[0, ceiling]` ("full jitter").
    pub fn below(&mut self, ceiling: Duration) -> Duration {
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(if nanos == 0 {
            0
        } else {
            self.next_u64() % (nanos + 1)
        })
    }
}

/// The retry state of one request: counts attempts and decides, after each
/// failure, whether to wait and try again.
#[derive(Debug, Clone)]
pub struct RetryState {
    policy: RetryPolicy,
    jitter: Jitter,
    attempts: u32,
}

impl RetryState {
    /// The state before the first attempt.
    pub fn new(policy: RetryPolicy, seed: u64) -> Self {
        RetryState {
            policy,
            jitter: Jitter::new(seed),
            attempts: 0,
        }
    }

    /// Records a failed attempt; returns how long to wait before the next
    /// one, or `None` when the error is final (not retryable, or attempts
    /// used up).
    pub fn on_failure(&mut self, error: &Error) -> Option<Duration> {
        self.attempts += 1;
        if !error.is_retryable() || self.attempts >= self.policy.max_attempts {
            return None;
        }
        Some(self.jitter.below(self.policy.ceiling(self.attempts - 1)))
    }

    /// Attempts made so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// One request and its retries as a [`Machine`]: it asks for the request to
/// be sent, and after a retryable failure for a backoff pause and the same
/// request again; its output is the first 2xx response.
///
/// With a client's [`RetryBudget`] (see [`Retry::budget`]) each retry also
/// draws on the shared quota, and in [`RetryMode::Adaptive`] each attempt
/// first waits for the rate limiter. Time comes from the driver through
/// [`Retry::at`], read from the host before each `poll` and `handle`.
///
/// It also remembers whether a failed attempt may have been applied
/// ([`Error::may_have_been_applied`]: the reply, not the request, was
/// lost). From then on it sends the [`Retry::retried_as`] form of the
/// request when there is one: a versioned write asks there for the stored
/// item on a failed condition, to tell its own earlier write from another
/// writer's.
#[derive(Debug)]
pub struct Retry<'r> {
    request: &'r Request,
    retried: Option<&'r Request>,
    maybe_applied: bool,
    state: RetryState,
    budget: Option<(&'r RetryBudget, RetryMode)>,
    #[cfg_attr(not(feature = "adaptive-retry"), allow(dead_code))]
    now: Option<Duration>,
    /// The adaptive token for the next attempt is taken.
    #[cfg_attr(not(feature = "adaptive-retry"), allow(dead_code))]
    admitted: bool,
    /// What the last retry took from the quota (given back on success).
    last_retry_cost: Option<u32>,
    pause: Option<Duration>,
    response: Option<Response>,
    finished: bool,
    /// The failure a retry was scheduled after, for the error that ends
    /// the request at a deadline (kept here, not cloned by the driver).
    last_error: Option<Error>,
}

impl<'r> Retry<'r> {
    /// Sends `request`, retrying per `policy` with jitter from `seed`.
    pub fn new(request: &'r Request, policy: RetryPolicy, seed: u64) -> Self {
        Retry {
            request,
            retried: None,
            maybe_applied: false,
            state: RetryState::new(policy, seed),
            budget: None,
            now: None,
            admitted: false,
            last_retry_cost: None,
            pause: None,
            response: None,
            finished: false,
            last_error: None,
        }
    }

    /// Draws retries from `budget` (a client's, shared by its calls) in
    /// `mode`.
    pub fn budget(mut self, budget: &'r RetryBudget, mode: RetryMode) -> Self {
        self.budget = Some((budget, mode));
        self
    }

    /// The host's monotonic clock now (`None` without one), for the
    /// adaptive rate limiter.
    pub fn at(&mut self, now: Option<Duration>) {
        self.now = now;
    }

    /// Attempts made so far.
    pub fn attempts(&self) -> u32 {
        self.state.attempts()
    }

    #[cfg(feature = "adaptive-retry")]
    fn limiter(&self) -> Option<(&'r RetryBudget, Duration)> {
        match (self.budget, self.now) {
            (Some((budget, RetryMode::Adaptive)), Some(now)) => Some((budget, now)),
            _ => None,
        }
    }

    /// Before an attempt in adaptive mode: takes the rate limiter's token
    /// (once per attempt); the wait for it when there is one.
    #[cfg(feature = "adaptive-retry")]
    fn admit(&mut self) -> Option<Duration> {
        if self.admitted {
            return None;
        }
        self.admitted = true;
        let (budget, now) = self.limiter()?;
        let wait = budget.state.with(|(_, limiter)| limiter.acquire(now));
        (!wait.is_zero()).then_some(wait)
    }

    /// Without adaptive mode nothing waits for a token.
    #[cfg(not(feature = "adaptive-retry"))]
    fn admit(&mut self) -> Option<Duration> {
        None
    }

    /// After an attempt in adaptive mode: the rate limiter learns whether
    /// it was throttled.
    #[cfg(feature = "adaptive-retry")]
    fn observe(&mut self, reply: &Result<Response, Error>) {
        self.admitted = false;
        if let Some((budget, now)) = self.limiter() {
            let throttled = reply.as_ref().err().is_some_and(Error::is_throttling);
            budget
                .state
                .with(|(_, limiter)| limiter.on_reply(now, throttled));
        }
    }

    /// Without adaptive mode there is no limiter to tell.
    #[cfg(not(feature = "adaptive-retry"))]
    fn observe(&mut self, _reply: &Result<Response, Error>) {}

    /// Sends `retried` instead of the request for every attempt after one
    /// that may have been applied; attempts after failures that were
    /// certainly not applied (throttles, refused connections) send the
    /// request unchanged.
    pub fn retried_as(mut self, retried: &'r Request) -> Self {
        self.retried = Some(retried);
        self
    }

    /// The request the next attempt sends: `retried` once an attempt may
    /// have been applied, else the request.
    pub(crate) fn request(&self) -> &'r Request {
        match self.retried {
            Some(retried) if self.maybe_applied => retried,
            _ => self.request,
        }
    }

    /// The failure of the last attempt that was retried (taken: the
    /// request ends with it at a deadline).
    pub(crate) fn take_last_error(&mut self) -> Option<Error> {
        self.last_error.take()
    }

    /// Whether a failed attempt may have been applied. Once the machine
    /// has ended with an error that was itself certainly not applied (a
    /// failed condition), this says whether an *earlier* attempt may have
    /// been: the error may then be the request meeting its own effect.
    pub fn may_have_been_applied(&self) -> bool {
        self.maybe_applied
    }

    /// What comes before the next attempt: the backoff after a failure,
    /// else, in adaptive mode, the rate limiter's wait for a token; `None`:
    /// the attempt is sent now. (The client's retry loop asks this and
    /// [`Retry::on_reply`] directly; [`Machine::poll`] and
    /// [`Machine::handle`] are the same steps.)
    pub(crate) fn wait(&mut self) -> Option<Duration> {
        match self.pause.take() {
            Some(pause) => Some(pause),
            None => self.admit(),
        }
    }

    /// Takes an attempt's reply: the response when it succeeded, `None`
    /// when a retry follows (after [`Retry::wait`]'s backoff), or the error
    /// the request ends with.
    pub(crate) fn on_reply(
        &mut self,
        reply: Result<Response, Error>,
    ) -> Result<Option<Response>, Error> {
        self.observe(&reply);
        match reply {
            Ok(response) => {
                self.state.attempts += 1;
                if let Some((budget, _)) = self.budget {
                    let cost = self.last_retry_cost;
                    budget.state.with(|(quota, _)| quota.on_success(cost));
                }
                Ok(Some(response))
            }
            Err(error) => {
                self.maybe_applied |= error.may_have_been_applied();
                let pause = self.state.on_failure(&error).filter(|_| {
                    let Some((budget, _)) = self.budget else {
                        return true;
                    };
                    let cost = RetryQuota::cost(&error);
                    let taken = budget.state.with(|(quota, _)| quota.take(cost));
                    if taken {
                        self.last_retry_cost = Some(cost);
                    }
                    taken
                });
                match pause {
                    Some(pause) => {
                        self.pause = Some(pause);
                        self.last_error = Some(error);
                        Ok(None)
                    }
                    None => {
                        self.finished = true;
                        Err(error)
                    }
                }
            }
        }
    }
}

impl Machine for Retry<'_> {
    type Output = Response;

    fn poll(&mut self, _options: &EncodeOptions) -> Result<Step<'_, Response>, Error> {
        if let Some(response) = self.response.take() {
            self.finished = true;
            return Ok(Step::Output(response));
        }
        if self.finished {
            return Ok(Step::Done);
        }
        if let Some(wait) = self.wait() {
            return Ok(Step::Pause(wait));
        }
        Ok(Step::Send(core::slice::from_ref(self.request())))
    }

    fn handle(&mut self, _index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        if let Some(response) = self.on_reply(reply)? {
            self.response = Some(response);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

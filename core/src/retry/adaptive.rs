//! The client-side rate limiter of the AWS SDKs' adaptive retry mode: once
//! DynamoDB throttles, every attempt first takes a token from a bucket whose
//! fill rate follows CUBIC (TCP's congestion control): cut to 70 % of the
//! measured sending rate on each throttle, then grown back along a cubic
//! curve through the rate at which throttling began. Until the first
//! throttle the bucket is off and sends are not delayed.
//!
//! Sans-IO: times come in as the host's monotonic clock reading
//! ([`Transport::now`](crate::transport::Transport::now)); what goes out is
//! how long to wait before sending. The constants are the SDKs'.

use core::time::Duration;

/// The fraction of the rate kept after a throttle (CUBIC's β).
const BETA: f64 = 0.7;
/// CUBIC's scaling constant C.
const SCALE: f64 = 0.4;
/// Weight of the newest half-second in the measured sending rate.
const SMOOTH: f64 = 0.8;
/// The slowest fill rate, in sends per second.
const MIN_FILL_RATE: f64 = 0.5;
/// The smallest bucket.
const MIN_CAPACITY: f64 = 1.0;

/// The adaptive mode's token bucket and its CUBIC rate.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    enabled: bool,
    /// Tokens per second.
    fill_rate: f64,
    max_capacity: f64,
    /// Below zero when sends are already queued for tokens not yet there.
    capacity: f64,
    last_refill: Option<f64>,
    measured_rate: f64,
    request_count: f64,
    last_rate_bucket: Option<f64>,
    last_max_rate: f64,
    last_throttle: f64,
}

impl RateLimiter {
    /// A limiter that delays nothing until the first throttle.
    pub fn new() -> Self {
        RateLimiter {
            enabled: false,
            fill_rate: MIN_FILL_RATE,
            max_capacity: MIN_CAPACITY,
            capacity: 0.0,
            last_refill: None,
            measured_rate: 0.0,
            request_count: 0.0,
            last_rate_bucket: None,
            last_max_rate: 0.0,
            last_throttle: 0.0,
        }
    }

    /// Whether a throttle has switched the bucket on.
    pub fn is_limiting(&self) -> bool {
        self.enabled
    }

    /// The current sending rate allowed, in sends per second.
    pub fn fill_rate(&self) -> f64 {
        self.fill_rate
    }

    /// Takes a token for one attempt at `now`; returns how long to wait
    /// before sending it (zero while the bucket is off or has a token).
    pub fn acquire(&mut self, now: Duration) -> Duration {
        if !self.enabled {
            return Duration::ZERO;
        }
        let now = now.as_secs_f64();
        self.refill(now);
        let wait = if self.capacity >= 1.0 {
            0.0
        } else {
            (1.0 - self.capacity) / self.fill_rate
        };
        // Reserve the token now, so concurrent sends queue behind each other.
        self.capacity -= 1.0;
        Duration::try_from_secs_f64(wait).unwrap_or(Duration::MAX)
    }

    /// Records a reply at `now`: a throttle cuts the rate (and switches the
    /// bucket on); anything else lets it grow back.
    pub fn on_reply(&mut self, now: Duration, throttled: bool) {
        let now = now.as_secs_f64();
        self.measure(now);
        let rate = if throttled {
            let rate = if self.enabled {
                self.measured_rate.min(self.fill_rate)
            } else {
                self.measured_rate
            };
            self.last_max_rate = rate;
            self.last_throttle = now;
            self.enabled = true;
            rate * BETA
        } else {
            let window = cube_root(self.last_max_rate * (1.0 - BETA) / SCALE);
            let t = now - self.last_throttle - window;
            SCALE * t * t * t + self.last_max_rate
        };
        self.set_rate(now, rate.min(2.0 * self.measured_rate));
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            let gained = (now - last).max(0.0) * self.fill_rate;
            self.capacity = (self.capacity + gained).min(self.max_capacity);
        }
        self.last_refill = Some(now);
    }

    fn set_rate(&mut self, now: f64, rate: f64) {
        self.refill(now);
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = rate.max(MIN_CAPACITY);
        self.capacity = self.capacity.min(self.max_capacity);
    }

    /// The sending rate, measured per half second and smoothed.
    fn measure(&mut self, now: f64) {
        // Half-second buckets; the clock is never negative, so truncating
        // is flooring.
        let bucket = ((now * 2.0) as u64) as f64 / 2.0;
        self.request_count += 1.0;
        match self.last_rate_bucket {
            None => self.last_rate_bucket = Some(bucket),
            Some(last) if bucket > last => {
                let current = self.request_count / (bucket - last);
                self.measured_rate = current * SMOOTH + self.measured_rate * (1.0 - SMOOTH);
                self.request_count = 0.0;
                self.last_rate_bucket = Some(bucket);
            }
            Some(_) => {}
        }
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::new()
    }
}

/// The real cube root of `x ≥ 0` by Newton's method (`f64::cbrt` needs std).
fn cube_root(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 0.0;
    }
    let mut y = if x > 1.0 { x / 3.0 } else { 1.0 };
    for _ in 0..100 {
        let next = (2.0 * y + x / (y * y)) / 3.0;
        if (next - y).abs() <= f64::EPSILON * next {
            return next;
        }
        y = next;
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: u64) -> Duration {
        Duration::from_millis(ms)
    }

    #[test]
    fn sends_are_not_delayed_before_the_first_throttle() {
        let mut limiter = RateLimiter::new();
        for i in 0..100 {
            assert_eq!(limiter.acquire(at(i * 10)), Duration::ZERO);
            limiter.on_reply(at(i * 10 + 5), false);
        }
        assert!(!limiter.is_limiting());
    }

    #[test]
    fn a_throttle_cuts_the_rate_to_seventy_percent_of_what_was_sent_and_sends_then_wait() {
        let mut limiter = RateLimiter::new();
        // 100 sends per second for two seconds, all accepted.
        for i in 0..200 {
            limiter.acquire(at(i * 10));
            limiter.on_reply(at(i * 10), false);
        }
        limiter.on_reply(at(2000), true);
        assert!(limiter.is_limiting());
        let rate = limiter.fill_rate();
        assert!((60.0..=80.0).contains(&rate), "{rate}");
        // Back-to-back sends at one instant: once the bucket is empty, each
        // waits one token longer than the one before.
        let waits: alloc::vec::Vec<_> = (0..5).map(|_| limiter.acquire(at(2000))).collect();
        for pair in waits[1..].windows(2) {
            let step = (pair[1] - pair[0]).as_secs_f64();
            assert!((step - 1.0 / rate).abs() < 1e-6, "{waits:?}");
        }
    }

    #[test]
    fn the_rate_grows_back_along_the_cubic_after_throttling_stops() {
        let mut limiter = RateLimiter::new();
        for i in 0..200 {
            limiter.on_reply(at(i * 10), false);
        }
        limiter.on_reply(at(2000), true);
        let cut = limiter.fill_rate();
        let mut t = 2000;
        for _ in 0..400 {
            t += 10;
            limiter.on_reply(at(t), false);
        }
        assert!(
            limiter.fill_rate() > cut,
            "{} vs {cut}",
            limiter.fill_rate()
        );
    }

    #[test]
    fn repeated_throttles_slow_down_to_the_floor() {
        let mut limiter = RateLimiter::new();
        for i in 0..50 {
            limiter.on_reply(at(i * 100), true);
        }
        assert_eq!(limiter.fill_rate(), MIN_FILL_RATE);
        limiter.acquire(at(5000));
        // The next token is two seconds away at half a send per second.
        let wait = limiter.acquire(at(5000));
        assert!(wait >= Duration::from_secs(2), "{wait:?}");
    }

    #[test]
    fn cube_root_is_exact_enough() {
        for x in [0.001, 0.5, 1.0, 8.0, 27.0, 1e6] {
            let y = cube_root(x);
            assert!((y * y * y - x).abs() <= 1e-9 * x.max(1.0), "{x}: {y}");
        }
        assert_eq!(cube_root(0.0), 0.0);
    }
}

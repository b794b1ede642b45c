//! The error when a call runs out of time: which deadline passed, how long
//! it was, how many attempts were made and the last error before it.

use alloc::boxed::Box;
use core::fmt;
use core::time::Duration;

use super::Error;
use crate::text::{self, Arg};

/// Which of a call's two deadlines passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Deadline {
    /// One attempt got no full reply in time; retried like a timeout
    /// while attempts, retry quota and the total deadline allow.
    Attempt,
    /// The whole call (every attempt and backoff) ran out of time; final.
    Total,
}

impl Deadline {
    /// `"attempt"` or `"total"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Deadline::Attempt => "attempt",
            Deadline::Total => "total",
        }
    }
}

/// A deadline passed before DynamoDB answered (see
/// [`Settings::attempt_timeout`](crate::client::Settings::attempt_timeout)
/// and [`Settings::total_timeout`](crate::client::Settings::total_timeout)).
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineExceeded {
    deadline: Deadline,
    limit: Duration,
    attempts: u32,
    last_error: Option<Box<Error>>,
}

impl DeadlineExceeded {
    /// `deadline` of `limit` passed after `attempts` attempts; `last_error`
    /// is the failure of the attempt before, if any.
    pub fn new(
        deadline: Deadline,
        limit: Duration,
        attempts: u32,
        last_error: Option<Error>,
    ) -> Self {
        DeadlineExceeded {
            deadline,
            limit,
            attempts,
            last_error: last_error.map(Box::new),
        }
    }

    /// Which deadline passed.
    pub fn deadline(&self) -> Deadline {
        self.deadline
    }

    /// How long that deadline was.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Attempts started before it passed (the timed-out one included).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The error of the last attempt that failed before the deadline.
    pub fn last_error(&self) -> Option<&Error> {
        self.last_error.as_deref()
    }
}

impl fmt::Display for DeadlineExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (secs, millis) = (self.limit.as_secs(), self.limit.subsec_millis());
        // The whole milliseconds as `as_millis()` gives them, without its
        // u128 (whose arithmetic and `Display` cost wasm builds over a
        // kilobyte): the seconds, then the milliseconds as three digits
        // (`{:03}`: one more than 1000, its first digit dropped).
        let mut three = crate::number::IntegerBuffer::new();
        let (secs, millis) = match secs {
            0 => (Arg::Text(""), Arg::Int(millis.into())),
            _ => (
                Arg::Int(secs),
                Arg::Text(three.format(millis + 1000).get(1..).unwrap_or_default()),
            ),
        };
        let attempts = self.attempts.into();
        match self.deadline {
            Deadline::Attempt => text::write(
                f,
                "no reply within the per-attempt deadline of {}{} ms (attempt {})",
                &[secs, millis, attempts],
            ),
            Deadline::Total => {
                let plural = Arg::Text(if self.attempts == 1 { "" } else { "s" });
                text::write(
                    f,
                    "the call's total deadline of {}{} ms passed after {} attempt{}",
                    &[secs, millis, attempts, plural],
                )?;
                match &self.last_error {
                    Some(last) => {
                        f.write_str("; last error: ")?;
                        fmt::Display::fmt(last, f)
                    }
                    None => Ok(()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn the_message_gives_the_deadline_in_whole_milliseconds() {
        let attempt =
            DeadlineExceeded::new(Deadline::Attempt, Duration::from_micros(1_500_900), 2, None);
        assert_eq!(
            attempt.to_string(),
            "no reply within the per-attempt deadline of 1500 ms (attempt 2)"
        );
        for d in [0, 1, 999, 1_000, 1_001, 10_050, 86_400_000] {
            let d = Duration::from_millis(d) + Duration::from_nanos(999_999);
            assert_eq!(
                DeadlineExceeded::new(Deadline::Attempt, d, 1, None).to_string(),
                alloc::format!(
                    "no reply within the per-attempt deadline of {} ms (attempt 1)",
                    d.as_millis()
                )
            );
        }
        let total = DeadlineExceeded::new(Deadline::Total, Duration::MAX, 1, None);
        assert_eq!(
            total.to_string(),
            alloc::format!(
                "the call's total deadline of {} ms passed after 1 attempt",
                Duration::MAX.as_millis()
            )
        );
    }
}

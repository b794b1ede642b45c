//! The error when a call runs out of time: which deadline passed, how long
//! it was, how many attempts were made and the last error before it.

use alloc::boxed::Box;
use core::fmt;
use core::time::Duration;

use super::Error;

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
        match self.deadline {
            Deadline::Attempt => write!(
                f,
                "no reply within the per-attempt deadline of {} ms (attempt {})",
                self.limit.as_millis(),
                self.attempts
            ),
            Deadline::Total => write!(
                f,
                "the call's total deadline of {} ms passed after {} attempt{}",
                self.limit.as_millis(),
                self.attempts,
                if self.attempts == 1 { "" } else { "s" }
            )
            .and_then(|()| match &self.last_error {
                Some(last) => write!(f, "; last error: {last}"),
                None => Ok(()),
            }),
        }
    }
}

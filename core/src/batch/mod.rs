//! Batch state machines: any number of keys or writes, chunked to
//! DynamoDB's limits, with unprocessed keys and items re-sent after a
//! backoff until done. Plain structs driven by [`Client`](crate::Client).

mod get;
mod write;

pub use get::{BatchGetAs, BatchGetter};
pub use write::BatchWriter;

use core::time::Duration;

use crate::retry::{Jitter, RetryPolicy};

/// Rounds in a row that may leave work unprocessed before a batch gives up
/// (returning what is left in [`Error::BatchIncomplete`](crate::Error::BatchIncomplete)).
pub const MAX_UNPROCESSED_ROUNDS: u32 = 12;

/// Backoff between rounds that left work unprocessed.
#[derive(Debug, Clone)]
struct Backoff {
    policy: RetryPolicy,
    jitter: Jitter,
    rounds: u32,
}

impl Backoff {
    fn new(policy: RetryPolicy, seed: u64) -> Self {
        Backoff {
            policy,
            jitter: Jitter::new(seed),
            rounds: 0,
        }
    }

    /// Records a round; `Some(delay)` when it left work, `None` when it
    /// did not. `Err(())` once too many rounds in a row left work.
    fn round(&mut self, left_work: bool) -> Result<Option<Duration>, ()> {
        if !left_work {
            self.rounds = 0;
            return Ok(None);
        }
        self.rounds += 1;
        if self.rounds > MAX_UNPROCESSED_ROUNDS {
            return Err(());
        }
        Ok(Some(
            self.jitter.below(self.policy.ceiling(self.rounds - 1)),
        ))
    }
}

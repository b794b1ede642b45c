//! The one protocol every multi-request state machine speaks: retry,
//! [`Paginator`], [`BatchWriter`](crate::batch::BatchWriter),
//! [`BatchGetter`](crate::batch::BatchGetter), [`WaitUntilActive`], the model
//! layer's readers and parallel scan.
//!
//! quinn-proto's `poll_transmit`/`handle_event`/`poll_timeout` is the
//! model. A machine never does IO: [`Machine::poll`] says what to do next —
//! send requests, pause, hand out a result, or nothing more — and
//! [`Machine::handle`] takes each reply. A pause (a backoff, a rate limit)
//! is data the machine returns from `poll` before its next request, so a
//! driver cannot send the next request without having been told to wait
//! first. The one driver is [`Client::drive_next`](crate::Client::drive_next);
//! tests drive machines with canned replies and no runtime.

use core::time::Duration;

use crate::error::Error;
use crate::op::EncodeOptions;
use crate::transport::{Request, Response};

/// What a [`Machine`] wants next.
#[derive(Debug, PartialEq)]
#[must_use = "a step is what the driver must do next"]
pub enum Step<'a, T> {
    /// Send these requests (all at once when there are several) and hand
    /// each reply to [`Machine::handle`] with its index in this slice.
    Send(&'a [Request]),
    /// Wait this long, then poll again (a backoff or a rate limit).
    Pause(Duration),
    /// A result is ready (a page, the items of a batch round…).
    Output(T),
    /// Nothing more to do.
    Done,
}

impl<'a, T> Step<'a, T> {
    /// The same step for a machine with another output type; `None` for
    /// [`Step::Output`].
    pub fn without_output<U>(self) -> Option<Step<'a, U>> {
        match self {
            Step::Send(requests) => Some(Step::Send(requests)),
            Step::Pause(pause) => Some(Step::Pause(pause)),
            Step::Done => Some(Step::Done),
            Step::Output(_) => None,
        }
    }
}

/// A sans-IO state machine that needs one or more requests to finish.
pub trait Machine {
    /// What the machine hands out, possibly several times.
    type Output;

    /// What to do next; requests are encoded with `options`. Polling
    /// again without handling the replies to a [`Step::Send`] returns the
    /// same requests.
    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, Self::Output>, Error>;

    /// Takes the reply to request `index` of the last [`Step::Send`]: a
    /// 2xx response, or the error the request ended with (after retries).
    /// An `Err` ends the machine's work with that error.
    fn handle(&mut self, index: usize, reply: Result<Response, Error>) -> Result<(), Error>;
}

mod paginator;
mod table_names;
mod table_wait;

pub(crate) use paginator::RateLimit;
pub use paginator::{DEFAULT_MAX_PAGES, Paginator, pick_key};
pub use table_names::TableNamePages;
pub use table_wait::WaitUntilActive;

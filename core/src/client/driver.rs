//! The one driver: runs any [`Machine`] over any [`Transport`] — the retry
//! loop of a single request, pages, batches, parallel scans — for every
//! caller, native and wasm. It only sends what a machine asks for, sleeps
//! the pauses it returns, and hands back replies; every decision is the
//! machine's.

use alloc::vec::Vec;

use super::Client;
use super::hooks::RequestInfo;
#[cfg(feature = "hooks")]
use super::hooks::ResponseInfo;
use super::trace;
use core::future::{Future, poll_fn};
use core::pin::pin;
use core::time::Duration;

use crate::error::{Deadline, DeadlineExceeded, Error};
use crate::join::{Either, poll_race};
use crate::machine::{Machine, Step};
use crate::op::{EncodeOptions, Operation};
use crate::retry::Retry;
use crate::transport::{Request, Response, Transport};

/// What the retry loop does next.
enum Move {
    /// Sleep (a backoff, the rate limiter).
    Pause(Duration),
    /// Make an attempt, bounded by this limit and the deadline it is.
    Attempt(Option<(Duration, Deadline)>),
}

impl<T: Transport> Client<T> {
    /// Encodes, sends (retrying what is retryable) and decodes an operation.
    pub async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        let request = operation.request(&self.encode_options())?;
        let response = self.execute(&request).await?;
        O::decode(&response)
    }

    /// The options every request is encoded with.
    pub fn encode_options(&self) -> EncodeOptions {
        EncodeOptions {
            return_consumed_capacity: self.settings.return_consumed_capacity,
        }
    }

    /// Runs `machine` until it hands out its next output (`None` once it is
    /// done): sends what it asks for, sleeps every pause it returns.
    ///
    /// Several requests of one step are sent concurrently, each through
    /// [`Client::execute`]; replies go to the machine in the requests'
    /// order. Awaited here, not in a future of their own per step: the
    /// requests' futures ([`Client::execute`], in `join_all`'s slots) and
    /// the transport's sleep are compiled once per transport, and only
    /// their polling is per machine type.
    pub async fn drive_next<M: Machine>(
        &self,
        machine: &mut M,
    ) -> Result<Option<M::Output>, Error> {
        let options = self.encode_options();
        loop {
            let replies = match machine.poll(&options)? {
                Step::Output(output) => return Ok(Some(output)),
                Step::Done => return Ok(None),
                Step::Pause(pause) => {
                    self.transport.sleep(pause).await;
                    continue;
                }
                Step::Send([]) => {
                    return Err(Error::InvalidRequest(
                        "a request machine asked to send nothing".into(),
                    ));
                }
                Step::Send(requests) => {
                    crate::join::join_all(requests.iter().map(|r| self.execute(r))).await
                }
            };
            for (index, reply) in replies.into_iter().enumerate() {
                machine.handle(index, reply)?;
            }
        }
    }

    /// Runs `machine` to the end, handing each output to `each`.
    pub async fn drive<M: Machine>(
        &self,
        machine: &mut M,
        mut each: impl FnMut(M::Output),
    ) -> Result<(), Error> {
        while let Some(output) = self.drive_next(machine).await? {
            each(output);
        }
        Ok(())
    }

    /// Sends a prepared request through the one retry loop (the [`Retry`]
    /// machine, drawing on the client's retry quota and, in adaptive mode,
    /// its rate limiter). Returns the first 2xx response, or the final
    /// error once it is not retryable, the policy's attempts or the quota
    /// are used up, or a deadline passed ([`Error::DeadlineExceeded`]).
    ///
    /// The retry loop's own future, not an `async fn` around it: one state
    /// machine per request.
    pub fn execute<'a>(
        &'a self,
        request: &'a Request,
    ) -> impl Future<Output = Result<Response, Error>> + 'a {
        self.run_retry(request, None, None)
    }

    /// The [`Retry`] machine for `request` under the client's retry policy
    /// (or its table's), drawing on the client's retry quota.
    pub(crate) fn retry_for<'r>(&'r self, request: &'r Request) -> Retry<'r> {
        let settings = &*self.settings;
        let policy = request
            .table
            .as_deref()
            .and_then(|t| settings.table_retry.get(t))
            .copied()
            .unwrap_or(settings.retry);
        Retry::new(request, policy, self.transport.jitter_seed())
            .budget(&self.budget, settings.retry_mode)
    }

    /// Runs `request`'s [`Retry`] machine ([`Client::retry_for`]; retries
    /// after an attempt that may have been applied send `retried` when
    /// there is one): sends each attempt it asks for, sleeps its backoffs,
    /// keeps the deadlines. `applied` learns, whatever the outcome, whether
    /// an attempt may have been applied. The one async loop every request
    /// goes through, holding its machine itself; its decisions are plain
    /// functions ([`Client::next_move`], [`Client::after_attempt`]) so the
    /// state machine holds only the machine, the start time and the
    /// futures awaited.
    pub(crate) async fn run_retry(
        &self,
        request: &Request,
        retried: Option<&Request>,
        applied: Option<&mut bool>,
    ) -> Result<Response, Error> {
        let mut retry = self.retry_for(request);
        if let Some(retried) = retried {
            retry = retry.retried_as(retried);
        }
        let retry = &mut retry;
        let started = self.transport.now();
        let outcome = loop {
            let limit = match self.next_move(retry, started) {
                Ok(Move::Pause(pause)) => {
                    self.transport.sleep(pause).await;
                    continue;
                }
                Ok(Move::Attempt(limit)) => limit,
                Err(e) => break Err(e),
            };
            // One attempt, in this loop rather than an `async fn` of its own
            // (a second state machine around the exchange): hooks and
            // tracing around one exchange with the transport, abandoned
            // (dropped, which cancels it) when `limit` passes first.
            let attempt = retry.attempts() + 1;
            let request = retry.request();
            let info = RequestInfo {
                action: request.action,
                table: request.table.as_deref(),
                attempt,
                body: &request.body,
            };
            #[cfg(feature = "hooks")]
            let sent_at = self.before_attempt(&info);
            let won = {
                // One race whether or not there is a limit (no timer: never
                // ready), so the transport's future is polled in one place.
                let mut exchange = pin!(trace::traced(&info, self.transport.send(request)));
                let mut timer = pin!(limit.map(|(duration, _)| self.transport.sleep(duration)));
                poll_fn(|cx| poll_race(exchange.as_mut(), timer.as_mut(), cx)).await
            };
            let outcome = self.attempted(
                &info,
                #[cfg(feature = "hooks")]
                sent_at,
                sent(won, limit, attempt),
            );
            match self.after_attempt(retry, attempt, outcome) {
                Ok(Some(response)) => break Ok(response),
                Ok(None) => {}
                Err(e) => break Err(e),
            }
        };
        if let Some(applied) = applied {
            *applied = retry.may_have_been_applied();
        }
        outcome
    }

    /// What the retry loop does next: the machine's step, with the total
    /// deadline applied (a backoff that would end past it, or no time left
    /// for an attempt, ends the request) and each attempt's limit worked
    /// out.
    fn next_move(&self, retry: &mut Retry<'_>, started: Option<Duration>) -> Result<Move, Error> {
        let settings = &*self.settings;
        let now = self.transport.now();
        retry.at(now);
        // Time left of the total deadline (unknown without a clock).
        let left = settings
            .total_timeout
            .zip(started.zip(now))
            .map(|(total, (started, now))| total.saturating_sub(now.saturating_sub(started)));
        match retry.wait() {
            Some(pause) if left.is_some_and(|left| pause >= left) => {
                Err(self.total_passed(retry, retry.attempts()))
            }
            Some(pause) => Ok(Move::Pause(pause)),
            None if left == Some(Duration::ZERO) => Err(self.total_passed(retry, retry.attempts())),
            None => Ok(Move::Attempt(match (settings.attempt_timeout, left) {
                (Some(a), Some(t)) if t < a => Some((t, Deadline::Total)),
                (Some(a), _) => Some((a, Deadline::Attempt)),
                (None, t) => t.map(|t| (t, Deadline::Total)),
            })),
        }
    }

    /// Hands an attempt's outcome to the retry machine: the response when
    /// the request is done, `None` when a retry follows; an attempt cut
    /// short by the total deadline ends the request.
    fn after_attempt(
        &self,
        retry: &mut Retry<'_>,
        attempt: u32,
        outcome: Result<Response, Error>,
    ) -> Result<Option<Response>, Error> {
        if let Err(Error::DeadlineExceeded(e)) = &outcome
            && e.deadline() == Deadline::Total
        {
            return Err(self.total_passed(retry, attempt));
        }
        // The reply's time, for the adaptive rate limiter only (without
        // it the machine has no use for the clock).
        #[cfg(feature = "adaptive-retry")]
        retry.at(self.transport.now());
        retry.on_reply(outcome)
    }

    /// The total deadline passed after `attempts` attempts; the error
    /// carries the last attempt's failure, which the machine kept.
    fn total_passed(&self, retry: &mut Retry<'_>, attempts: u32) -> Error {
        Error::DeadlineExceeded(DeadlineExceeded::new(
            Deadline::Total,
            self.settings.total_timeout.unwrap_or_default(),
            attempts,
            retry.take_last_error(),
        ))
    }

    /// Before an attempt is sent: the hooks' `before_send`; the time it
    /// starts, for their `after_send`.
    #[cfg(feature = "hooks")]
    fn before_attempt(&self, info: &RequestInfo<'_>) -> Option<Duration> {
        for hook in &self.settings.hooks {
            hook.before_send(info);
        }
        self.transport.now()
    }

    /// What an attempt's exchange came to: a non-2xx status becomes the
    /// error it names; traced and handed to the hooks.
    #[cfg_attr(
        not(any(feature = "hooks", feature = "tracing")),
        allow(unused_variables)
    )]
    fn attempted(
        &self,
        info: &RequestInfo<'_>,
        #[cfg(feature = "hooks")] started: Option<Duration>,
        sent: Result<Response, Error>,
    ) -> Result<Response, Error> {
        #[cfg(feature = "hooks")]
        let duration = started
            .zip(self.transport.now())
            .and_then(|(a, b)| b.checked_sub(a));
        let outcome = match sent {
            Ok(response) if (200..300).contains(&response.status) => Ok(response),
            Ok(response) => Err(Error::from_response(response.status, &response.body)
                .with_request_id(response.request_id)),
            Err(e) => Err(e),
        };
        #[cfg(feature = "tracing")]
        tracing::debug!(
            action = info.action.name(),
            table = info.table,
            attempt = info.attempt,
            status = outcome.as_ref().ok().map(|r| r.status),
            request_id = match &outcome {
                Ok(response) => response.request_id.as_deref(),
                Err(e) => e.request_id(),
            },
            error = outcome
                .as_ref()
                .err()
                .map(alloc::string::ToString::to_string),
            consumed_capacity = outcome
                .as_ref()
                .ok()
                .and_then(|r| trace::consumed_capacity(&r.body)),
            "dynamodb attempt"
        );
        #[cfg(feature = "hooks")]
        if !self.settings.hooks.is_empty() {
            let consumed_capacity = outcome
                .as_ref()
                .ok()
                .and_then(|r| trace::consumed_capacity(&r.body));
            let response = ResponseInfo {
                request: *info,
                outcome: outcome.as_ref().map(|r| r.status),
                request_id: match &outcome {
                    Ok(response) => response.request_id.as_deref(),
                    Err(e) => e.request_id(),
                },
                duration,
                consumed_capacity,
            };
            for hook in &self.settings.hooks {
                hook.after_send(&response);
            }
        }
        outcome
    }

    /// Runs a batch write to the end: every write is done, or the error
    /// carries the ones that are not.
    pub async fn batch_write(&self, mut writer: crate::batch::BatchWriter) -> Result<(), Error> {
        self.drive(&mut writer, |()| ()).await
    }

    /// Runs a batch get to the end; returns every item found.
    pub async fn batch_get(
        &self,
        getter: crate::batch::BatchGetter,
    ) -> Result<Vec<crate::value::Item>, Error> {
        self.batch_get_as(getter, crate::op::BatchGetItem::decode)
            .await
    }

    /// [`Client::batch_get`] with each reply decoded by `decode` (into
    /// models, say).
    pub async fn batch_get_as<I>(
        &self,
        getter: crate::batch::BatchGetter,
        decode: impl Fn(&Response) -> Result<crate::op::BatchGetOutput<I>, Error>,
    ) -> Result<Vec<I>, Error> {
        let mut machine = crate::batch::BatchGetAs::new(getter, decode);
        let mut items = Vec::new();
        self.drive(&mut machine, |found| items.extend(found))
            .await?;
        Ok(items)
    }
}

/// What attempt `attempt`'s race came to: the exchange's outcome, or
/// [`Error::DeadlineExceeded`] when the timer of `limit` won.
fn sent(
    won: Either<Result<Response, crate::transport::TransportError>, ()>,
    limit: Option<(Duration, Deadline)>,
    attempt: u32,
) -> Result<Response, Error> {
    match (won, limit) {
        (Either::Left(sent), _) => sent.map_err(Error::Transport),
        // Only a timer beats the exchange: `limit` is set.
        (Either::Right(()), limit) => {
            let (limit, deadline) = limit.unwrap_or((Duration::MAX, Deadline::Attempt));
            Err(Error::DeadlineExceeded(DeadlineExceeded::new(
                deadline, limit, attempt, None,
            )))
        }
    }
}

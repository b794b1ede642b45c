//! The one driver: runs any [`Machine`] over any [`Transport`] — the retry
//! loop of a single request, pages, batches, parallel scans — for every
//! caller, native and wasm. It only sends what a machine asks for, sleeps
//! the pauses it returns, and hands back replies; every decision is the
//! machine's.

use alloc::vec::Vec;

use super::Client;
use super::hooks::{RequestInfo, ResponseInfo};
use super::trace;
use core::time::Duration;

use crate::error::{Deadline, DeadlineExceeded, Error};
use crate::join::{Either, race};
use crate::machine::{Machine, Step};
use crate::op::{EncodeOptions, Operation};
use crate::retry::Retry;
use crate::transport::{Request, Response, Transport};

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
                Step::Send([request]) => {
                    let reply = self.execute(request).await;
                    machine.handle(0, reply)?;
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
    pub async fn execute(&self, request: &Request) -> Result<Response, Error> {
        self.run_retry(&mut self.retry_for(request)).await
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

    /// Runs a [`Retry`] machine: sends each attempt it asks for, sleeps its
    /// backoffs, keeps the deadlines. The machine stays readable afterwards
    /// (whether an attempt may have been applied).
    pub(crate) async fn run_retry(&self, retry: &mut Retry<'_>) -> Result<Response, Error> {
        let settings = &*self.settings;
        let started = self.transport.now();
        let mut last_error = None;
        loop {
            let now = self.transport.now();
            retry.at(now);
            // Time left of the total deadline (unknown without a clock).
            let left = settings
                .total_timeout
                .zip(started.zip(now))
                .map(|(total, (started, now))| total.saturating_sub(now.saturating_sub(started)));
            let total_passed = |attempts, last_error| {
                Error::DeadlineExceeded(DeadlineExceeded::new(
                    Deadline::Total,
                    settings.total_timeout.unwrap_or_default(),
                    attempts,
                    last_error,
                ))
            };
            let attempt = retry.attempts() + 1;
            match retry.poll(&EncodeOptions::default())? {
                Step::Output(response) => return Ok(response),
                Step::Pause(pause) => {
                    if left.is_some_and(|left| pause >= left) {
                        return Err(total_passed(retry.attempts(), last_error));
                    }
                    self.transport.sleep(pause).await;
                }
                Step::Send([request]) => {
                    if left == Some(Duration::ZERO) {
                        return Err(total_passed(retry.attempts(), last_error));
                    }
                    let limit = match (settings.attempt_timeout, left) {
                        (Some(a), Some(t)) if t < a => Some((t, Deadline::Total)),
                        (Some(a), _) => Some((a, Deadline::Attempt)),
                        (None, t) => t.map(|t| (t, Deadline::Total)),
                    };
                    let outcome = self
                        .attempt(request, request.table.as_deref(), attempt, limit)
                        .await;
                    if let Err(error) = &outcome {
                        if let Error::DeadlineExceeded(e) = error
                            && e.deadline() == Deadline::Total
                        {
                            return Err(total_passed(attempt, last_error));
                        }
                        last_error = Some(error.clone());
                    }
                    retry.at(self.transport.now());
                    retry.handle(0, outcome)?;
                }
                Step::Send(_) | Step::Done => {
                    return Err(Error::InvalidRequest(
                        "the retry machine ended without a reply".into(),
                    ));
                }
            }
        }
    }

    /// One attempt: hooks and tracing around one exchange with the
    /// transport, abandoned (dropped, which cancels it) when `limit` passes
    /// first; a non-2xx status becomes the error it names.
    async fn attempt(
        &self,
        request: &Request,
        table: Option<&str>,
        attempt: u32,
        limit: Option<(Duration, Deadline)>,
    ) -> Result<Response, Error> {
        let info = RequestInfo {
            action: request.action,
            table,
            attempt,
            body: &request.body,
        };
        for hook in &self.settings.hooks {
            hook.before_send(&info);
        }
        let started = self.transport.now();
        let exchange = trace::traced(&info, self.transport.send(request));
        let sent = match limit {
            None => exchange.await.map_err(Error::Transport),
            Some((limit, deadline)) => match race(exchange, self.transport.sleep(limit)).await {
                Either::Left(sent) => sent.map_err(Error::Transport),
                Either::Right(()) => Err(Error::DeadlineExceeded(DeadlineExceeded::new(
                    deadline, limit, attempt, None,
                ))),
            },
        };
        let duration = started
            .zip(self.transport.now())
            .and_then(|(a, b)| b.checked_sub(a));
        let outcome = match sent {
            Ok(response) if (200..300).contains(&response.status) => Ok(response),
            Ok(response) => Err(Error::from_response(response.status, &response.body)),
            Err(e) => Err(e),
        };
        #[cfg(feature = "tracing")]
        tracing::debug!(
            action = info.action.name(),
            table = info.table,
            attempt = info.attempt,
            status = outcome.as_ref().ok().map(|r| r.status),
            error = outcome.as_ref().err().map(|e| alloc::format!("{e}")),
            consumed_capacity = outcome
                .as_ref()
                .ok()
                .and_then(|r| trace::consumed_capacity(&r.body)),
            "dynamodb attempt"
        );
        if !self.settings.hooks.is_empty() {
            let consumed_capacity = outcome
                .as_ref()
                .ok()
                .and_then(|r| trace::consumed_capacity(&r.body));
            let response = ResponseInfo {
                request: info,
                outcome: outcome.as_ref().map(|r| r.status),
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

//! [`Client`]: the one generic driver. It encodes operations, sends them
//! through any [`Transport`] with the one retry loop, and decodes replies.

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

mod hooks;
mod pages;

use alloc::sync::Arc;

pub use hooks::{Hook, RequestInfo, ResponseInfo};
pub use pages::Pages;

use crate::error::Error;
use crate::op::Operation;
use crate::retry::{RetryPolicy, RetryState};
use crate::transport::{Request, Response, Transport};

/// Per-client settings.
#[derive(Clone, Default)]
pub struct Settings {
    /// Prepended to every model's table name (e.g. `"staging-"`).
    pub table_prefix: String,
    /// Explicit table names by model table name, applied before the prefix.
    pub table_names: BTreeMap<String, String>,
    /// Retry policy for retryable errors.
    pub retry: RetryPolicy,
    /// Retry policies for particular tables (as sent, prefix included),
    /// overriding `retry`: per-model settings.
    pub table_retry: BTreeMap<String, RetryPolicy>,
    /// Ask DynamoDB for `ReturnConsumedCapacity: TOTAL` on every request, so
    /// hooks and traces see consumed capacity.
    pub return_consumed_capacity: bool,
    /// Callbacks around every attempt (PynamoDB's send signals).
    pub hooks: Vec<Arc<dyn Hook>>,
}

impl core::fmt::Debug for Settings {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Settings")
            .field("table_prefix", &self.table_prefix)
            .field("table_names", &self.table_names)
            .field("retry", &self.retry)
            .field("table_retry", &self.table_retry)
            .field("return_consumed_capacity", &self.return_consumed_capacity)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

/// A DynamoDB client over any transport. Adapters build one
/// (`rynamo_native::Client`, `rynamo_wasm::Client`); model operations take
/// `&Client<T>`.
#[derive(Debug, Clone)]
pub struct Client<T> {
    transport: T,
    settings: Settings,
}

impl<T: Transport> Client<T> {
    /// A client with default settings.
    pub fn new(transport: T) -> Self {
        Client {
            transport,
            settings: Settings::default(),
        }
    }

    /// Replaces the settings.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Prefixes every table name, e.g. per environment.
    pub fn table_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.settings.table_prefix = prefix.into();
        self
    }

    /// Uses `actual` wherever a model names table `declared`.
    pub fn table_name_override(
        mut self,
        declared: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        self.settings
            .table_names
            .insert(declared.into(), actual.into());
        self
    }

    /// Sets the retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// Uses `policy` for requests to model `M`'s table (per-model settings).
    pub fn model_retry_policy<M: crate::Model>(mut self, policy: RetryPolicy) -> Self {
        let table = self.table_name(M::TABLE).into_owned();
        self.settings.table_retry.insert(table, policy);
        self
    }

    /// Asks for consumed capacity on every request.
    pub fn return_consumed_capacity(mut self, yes: bool) -> Self {
        self.settings.return_consumed_capacity = yes;
        self
    }

    /// Adds a hook called before and after every attempt.
    pub fn hook(mut self, hook: Arc<dyn Hook>) -> Self {
        self.settings.hooks.push(hook);
        self
    }

    /// The current settings.
    pub fn current_settings(&self) -> &Settings {
        &self.settings
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The table name to send for a model's declared table name.
    pub fn table_name<'a>(&self, declared: &'a str) -> Cow<'a, str> {
        let name = match self.settings.table_names.get(declared) {
            Some(actual) => Cow::Owned(actual.clone()),
            None => Cow::Borrowed(declared),
        };
        if self.settings.table_prefix.is_empty() {
            name
        } else {
            let mut prefixed = self.settings.table_prefix.clone();
            prefixed.push_str(&name);
            Cow::Owned(prefixed)
        }
    }

    /// Encodes, sends (retrying what is retryable) and decodes an operation.
    pub async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        let mut body = Vec::with_capacity(256);
        operation.encode(&mut body)?;
        let response = self
            .execute(&Request {
                action: O::ACTION,
                body,
            })
            .await?;
        O::decode(&response)
    }

    /// Sends a prepared request: the one retry loop. Returns the first 2xx
    /// response, or the final error once it is not retryable or the
    /// policy's attempts are used up.
    pub async fn execute(&self, request: &Request) -> Result<Response, Error> {
        let with_capacity;
        let request = if self.settings.return_consumed_capacity {
            with_capacity = hooks::with_consumed_capacity(request);
            &with_capacity
        } else {
            request
        };
        let table = hooks::table_of(&request.body);
        if let Some(name) = table {
            hooks::check_table_name(name)?;
        }
        let policy = table
            .and_then(|t| self.settings.table_retry.get(t))
            .copied()
            .unwrap_or(self.settings.retry);
        let mut retry = RetryState::new(policy, self.transport.jitter_seed());
        loop {
            let info = RequestInfo {
                action: request.action,
                table,
                attempt: retry.attempts() + 1,
                body: &request.body,
            };
            for hook in &self.settings.hooks {
                hook.before_send(&info);
            }
            let started = self.transport.now();
            let sent = hooks::traced(&info, self.transport.send(request)).await;
            let duration = started
                .zip(self.transport.now())
                .and_then(|(a, b)| b.checked_sub(a));
            let outcome = match sent {
                Ok(response) if (200..300).contains(&response.status) => Ok(response),
                Ok(response) => Err(Error::from_response(response.status, &response.body)),
                Err(e) => Err(Error::Transport(e)),
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
                    .and_then(|r| hooks::consumed_capacity(&r.body)),
                "dynamodb attempt"
            );
            if !self.settings.hooks.is_empty() {
                let consumed_capacity = outcome
                    .as_ref()
                    .ok()
                    .and_then(|r| hooks::consumed_capacity(&r.body));
                let status = outcome.as_ref().map(|r| r.status);
                let response = ResponseInfo {
                    request: info,
                    outcome: status,
                    duration,
                    consumed_capacity,
                };
                for hook in &self.settings.hooks {
                    hook.after_send(&response);
                }
            }
            let error = match outcome {
                Ok(response) => return Ok(response),
                Err(e) => e,
            };
            match retry.on_failure(&error) {
                Some(delay) => self.transport.sleep(delay).await,
                None => return Err(error),
            }
        }
    }
}

impl<T: Transport> Client<T> {
    /// Polls DescribeTable every `interval` until the table is `ACTIVE`, at
    /// most `max_polls` times; then fails with a `ResourceInUse`-style
    /// [`Error::InvalidRequest`] naming the last status.
    pub async fn wait_until_active(
        &self,
        table: &str,
        interval: core::time::Duration,
        max_polls: u32,
    ) -> Result<crate::op::TableDescription, Error> {
        let mut last = None;
        for _ in 0..max_polls {
            let description = self.send(&crate::op::DescribeTable::new(table)).await?;
            if description.status == crate::op::TableStatus::Active {
                return Ok(description);
            }
            last = Some(description.status);
            self.transport.sleep(interval).await;
        }
        Err(Error::InvalidRequest(alloc::format!(
            "table `{table}` not ACTIVE after {max_polls} polls (last status {})",
            last.as_ref().map_or("none", crate::op::TableStatus::as_str)
        )))
    }
}

impl<T: Transport> Client<T> {
    /// Runs a batch write to the end: every write is done, or the error
    /// carries the ones that are not.
    pub async fn write_batch(&self, mut writer: crate::batch::BatchWriter) -> Result<(), Error> {
        while let Some(request) = writer.next_request()? {
            match self.execute(&request).await {
                Ok(response) => {
                    if let Some(delay) = writer.on_response(&response)? {
                        self.transport.sleep(delay).await;
                    }
                }
                Err(e) => return Err(writer.on_failure(e)),
            }
        }
        Ok(())
    }

    /// Runs a batch get to the end; returns every item found.
    pub async fn get_batch(
        &self,
        getter: crate::batch::BatchGetter,
    ) -> Result<Vec<crate::value::Item>, Error> {
        self.get_batch_as(getter, crate::op::BatchGetItem::decode)
            .await
    }

    /// [`Client::get_batch`] with each reply decoded by `decode` (into
    /// models, say).
    pub async fn get_batch_as<I>(
        &self,
        mut getter: crate::batch::BatchGetter,
        decode: impl Fn(&crate::transport::Response) -> Result<crate::op::BatchGetOutput<I>, Error>,
    ) -> Result<Vec<I>, Error> {
        let mut items = Vec::new();
        while let Some(request) = getter.next_request()? {
            match self.execute(&request).await {
                Ok(response) => {
                    let (found, delay) = getter.on_output(decode(&response))?;
                    items.extend(found);
                    if let Some(delay) = delay {
                        self.transport.sleep(delay).await;
                    }
                }
                Err(e) => return Err(getter.on_failure(e)),
            }
        }
        Ok(items)
    }
}

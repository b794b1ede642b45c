//! [`Client`]: the one generic driver. It encodes operations, sends them
//! through any [`Transport`] with the one retry loop, and decodes replies.

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::string::String;

#[cfg(feature = "hooks")]
mod capacity;
mod driver;
mod hooks;
mod pages;
#[cfg(test)]
mod retry_tests;
#[cfg(test)]
pub(crate) mod scripted;
#[cfg(test)]
mod tests;
mod trace;

use alloc::sync::Arc;

pub use hooks::{Hook, RequestInfo, ResponseInfo};
pub use pages::Pages;

use core::time::Duration;

use crate::error::Error;
use crate::retry::{RetryBudget, RetryMode, RetryPolicy};
use crate::transport::Transport;

/// The default [`Settings::attempt_timeout`]: 10 s.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default [`Settings::total_timeout`]: 30 s.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(30);

/// Per-client settings.
#[derive(Clone)]
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
    /// The retry quota and rate limiting shared by the client's calls
    /// (standard by default; see [`RetryMode`]).
    pub retry_mode: RetryMode,
    /// How long one attempt may wait for its whole reply before it is
    /// abandoned (and retried, as a timeout): default 10 s, far above
    /// DynamoDB's usual milliseconds and enough for a 16 MB batch-get reply
    /// on a slow link. `None`: no per-attempt limit.
    pub attempt_timeout: Option<Duration>,
    /// How long one request may take with all its attempts and backoffs
    /// (for paged and batched calls, each request): default 30 s, so a
    /// silent server costs at most that, not attempts × the attempt
    /// timeout. A backoff that would end past it is not waited: the call
    /// fails at once. `None`: no total limit.
    pub total_timeout: Option<Duration>,
    /// Ask DynamoDB for `ReturnConsumedCapacity: TOTAL` on every request, so
    /// hooks and traces see consumed capacity.
    pub return_consumed_capacity: bool,
    /// Callbacks around every attempt (PynamoDB's send signals). Feature
    /// `hooks` (default).
    #[cfg(feature = "hooks")]
    pub hooks: alloc::vec::Vec<Arc<dyn Hook>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            table_prefix: String::new(),
            table_names: BTreeMap::new(),
            retry: RetryPolicy::default(),
            table_retry: BTreeMap::new(),
            retry_mode: RetryMode::default(),
            attempt_timeout: Some(DEFAULT_ATTEMPT_TIMEOUT),
            total_timeout: Some(DEFAULT_TOTAL_TIMEOUT),
            return_consumed_capacity: false,
            #[cfg(feature = "hooks")]
            hooks: alloc::vec::Vec::new(),
        }
    }
}

impl core::fmt::Debug for Settings {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut f = f.debug_struct("Settings");
        f.field("table_prefix", &self.table_prefix)
            .field("table_names", &self.table_names)
            .field("retry", &self.retry)
            .field("table_retry", &self.table_retry)
            .field("retry_mode", &self.retry_mode)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("return_consumed_capacity", &self.return_consumed_capacity);
        #[cfg(feature = "hooks")]
        f.field("hooks", &self.hooks.len());
        f.finish()
    }
}

/// A DynamoDB client over any transport. Adapters build one
/// (`rynamo_native::Client`, `rynamo_wasm::Client`); model operations take
/// `&Client<T>`.
///
/// Cloning is cheap (reference counts, as with reqwest's and the AWS
/// SDK's clients): clones share the transport and its connection pool, and
/// the retry quota and rate limiter ([`RetryBudget`]). Changing a clone's
/// settings leaves the others' alone.
#[derive(Debug)]
pub struct Client<T> {
    transport: Arc<T>,
    settings: Arc<Settings>,
    budget: Arc<RetryBudget>,
}

impl<T> Clone for Client<T> {
    fn clone(&self) -> Self {
        Client {
            transport: Arc::clone(&self.transport),
            settings: Arc::clone(&self.settings),
            budget: Arc::clone(&self.budget),
        }
    }
}

impl<T: Transport> Client<T> {
    /// A client with default settings.
    pub fn new(transport: T) -> Self {
        Client::with_settings(transport, Settings::default())
    }

    /// A client with `settings` from the start: the same as
    /// `Client::new(transport).settings(settings)`, without first making
    /// (and dropping) the default settings.
    pub fn with_settings(transport: T, settings: Settings) -> Self {
        Client {
            transport: Arc::new(transport),
            settings: Arc::new(settings),
            budget: Arc::new(RetryBudget::new()),
        }
    }

    /// The same client (settings, retry quota and rate limiter shared) over
    /// another transport: a per-call transport of the same connection, say.
    pub fn with_transport<U: Transport>(&self, transport: U) -> Client<U> {
        Client {
            transport: Arc::new(transport),
            settings: Arc::clone(&self.settings),
            budget: Arc::clone(&self.budget),
        }
    }

    /// The retry quota and rate limiter this client and its clones share.
    pub fn retry_budget(&self) -> &RetryBudget {
        &self.budget
    }

    /// Replaces the settings.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = Arc::new(settings);
        self
    }

    /// The settings, to change (copied first when a clone shares them).
    fn settings_mut(&mut self) -> &mut Settings {
        Arc::make_mut(&mut self.settings)
    }

    /// Prefixes every table name, e.g. per environment.
    pub fn table_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.settings_mut().table_prefix = prefix.into();
        self
    }

    /// Uses `actual` wherever a model names table `declared`.
    pub fn table_name_override(
        mut self,
        declared: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        self.settings_mut()
            .table_names
            .insert(declared.into(), actual.into());
        self
    }

    /// Sets the retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings_mut().retry = policy;
        self
    }

    /// Sets the retry mode: standard (the default, with the shared retry
    /// quota) or adaptive (plus client-side rate limiting on throttles).
    pub fn retry_mode(mut self, mode: RetryMode) -> Self {
        self.settings_mut().retry_mode = mode;
        self
    }

    /// Bounds each attempt (default 10 s; `None`: unbounded). An attempt
    /// that passes it is abandoned and retried as a timeout.
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.settings_mut().attempt_timeout = timeout;
        self
    }

    /// Bounds each request with all its retries (default 30 s; `None`:
    /// unbounded); past it the call fails with
    /// [`Error::DeadlineExceeded`].
    pub fn total_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.settings_mut().total_timeout = timeout;
        self
    }

    /// Uses `policy` for requests to model `M`'s table (per-model settings).
    pub fn model_retry_policy<M: crate::Model>(mut self, policy: RetryPolicy) -> Self {
        let table = self.table_name(M::TABLE).into_owned();
        self.settings_mut().table_retry.insert(table, policy);
        self
    }

    /// Asks for consumed capacity on every request.
    pub fn return_consumed_capacity(mut self, yes: bool) -> Self {
        self.settings_mut().return_consumed_capacity = yes;
        self
    }

    /// Adds a hook called before and after every attempt. Feature `hooks`
    /// (default).
    #[cfg(feature = "hooks")]
    pub fn hook(mut self, hook: Arc<dyn Hook>) -> Self {
        self.settings_mut().hooks.push(hook);
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
        let mut machine = crate::machine::WaitUntilActive::new(table, interval, max_polls);
        // The machine hands out the description or fails; it is never done
        // without either.
        self.drive_next(&mut machine)
            .await?
            .ok_or_else(|| Error::InvalidRequest("table wait ended without a status".into()))
    }
}

//! [`Client`]: the one generic driver. It encodes operations, sends them
//! through any [`Transport`] with the one retry loop, and decodes replies.

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

mod capacity;
mod driver;
mod hooks;
mod pages;
#[cfg(test)]
pub(crate) mod scripted;
#[cfg(test)]
mod tests;
mod trace;

use alloc::sync::Arc;

pub use hooks::{Hook, RequestInfo, ResponseInfo};
pub use pages::Pages;

use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::transport::Transport;

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
///
/// Cloning is cheap (two reference counts, as with reqwest's and the AWS
/// SDK's clients): clones share the transport and its connection pool.
/// Changing a clone's settings leaves the others' alone.
#[derive(Debug)]
pub struct Client<T> {
    transport: Arc<T>,
    settings: Arc<Settings>,
}

impl<T> Clone for Client<T> {
    fn clone(&self) -> Self {
        Client {
            transport: Arc::clone(&self.transport),
            settings: Arc::clone(&self.settings),
        }
    }
}

impl<T: Transport> Client<T> {
    /// A client with default settings.
    pub fn new(transport: T) -> Self {
        Client {
            transport: Arc::new(transport),
            settings: Arc::new(Settings::default()),
        }
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

    /// Adds a hook called before and after every attempt.
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

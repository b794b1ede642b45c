//! [`Client`]: the core's client over [`HttpTransport`], built the way the
//! AWS SDKs find their configuration.

use core::ops::Deref;
use std::sync::Arc;

use rynamo_core::retry::RetryPolicy;

use crate::config::Config;
use crate::error::Error;
use crate::transport::HttpTransport;

/// A native DynamoDB client. Model operations take `&client`:
/// `order.save().send(&client).await?`.
///
/// It dereferences to [`rynamo_core::Client`], which holds the settings
/// and the retry loop. Cloning is cheap (one reference count) and every
/// clone shares one connection pool, as with reqwest or the AWS SDK: build
/// one at start-up and hand clones to tasks and request handlers. Its
/// futures are `Send`, so they run inside `tokio::spawn`.
///
/// ```no_run
/// # use rynamo_native::Client;
/// # async fn handler(_: Client) {}
/// # async fn service() -> Result<(), rynamo_native::Error> {
/// let db = Client::from_env()?;
/// for _ in 0..4 {
///     tokio::spawn(handler(db.clone()));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<rynamo_core::Client<HttpTransport>>,
}

impl Client {
    /// A client configured from `AWS_*` environment variables and the shared
    /// AWS config files (see [`Config::from_env`]).
    pub fn from_env() -> Result<Client, Error> {
        Client::new(Config::from_env())
    }

    /// A client from an explicit configuration, with its per-attempt and
    /// total deadlines ([`Config::timeout`], [`Config::total_timeout`]).
    pub fn new(config: Config) -> Result<Client, Error> {
        let (attempt, total) = (config.timeout, config.total_timeout);
        Ok(rynamo_core::Client::new(HttpTransport::new(config)?)
            .attempt_timeout(attempt)
            .total_timeout(total)
            .into())
    }

    /// Applies a core builder method; a client already shared with clones
    /// gets its own copy of the settings (the transport stays shared).
    fn edit(
        self,
        f: impl FnOnce(rynamo_core::Client<HttpTransport>) -> rynamo_core::Client<HttpTransport>,
    ) -> Self {
        f(Arc::unwrap_or_clone(self.inner)).into()
    }

    /// Prefixes every model's table name, e.g. per environment.
    pub fn table_prefix(self, prefix: impl Into<String>) -> Self {
        self.edit(|inner| inner.table_prefix(prefix))
    }

    /// Uses table `actual` wherever a model names table `declared`.
    pub fn table_name_override(
        self,
        declared: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        self.edit(|inner| inner.table_name_override(declared, actual))
    }

    /// Sets the retry policy.
    pub fn retry_policy(self, policy: RetryPolicy) -> Self {
        self.edit(|inner| inner.retry_policy(policy))
    }

    /// The core client, for its full settings.
    pub fn into_core(self) -> rynamo_core::Client<HttpTransport> {
        Arc::unwrap_or_clone(self.inner)
    }
}

impl From<rynamo_core::Client<HttpTransport>> for Client {
    fn from(inner: rynamo_core::Client<HttpTransport>) -> Self {
        Client {
            inner: Arc::new(inner),
        }
    }
}

impl Deref for Client {
    type Target = rynamo_core::Client<HttpTransport>;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

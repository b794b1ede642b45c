//! [`Client`]: the core's client over [`HttpTransport`], built the way the
//! AWS SDKs find their configuration.

use core::ops::Deref;

use rynamo_core::retry::RetryPolicy;

use crate::config::Config;
use crate::error::Error;
use crate::transport::HttpTransport;

/// A native DynamoDB client. Model operations take `&client`:
/// `order.save().send(&client).await?`.
///
/// It dereferences to [`rynamo_core::Client`], which holds the settings
/// and the retry loop.
/// Share one client (behind an `Arc` across tasks): it pools connections.
#[derive(Debug)]
pub struct Client {
    inner: rynamo_core::Client<HttpTransport>,
}

impl Client {
    /// A client configured from `AWS_*` environment variables and the shared
    /// AWS config files (see [`Config::from_env`]).
    pub fn from_env() -> Result<Client, Error> {
        Client::new(Config::from_env())
    }

    /// A client from an explicit configuration.
    pub fn new(config: Config) -> Result<Client, Error> {
        Ok(Client {
            inner: rynamo_core::Client::new(HttpTransport::new(config)?),
        })
    }

    /// Prefixes every model's table name, e.g. per environment.
    pub fn table_prefix(self, prefix: impl Into<String>) -> Self {
        Client {
            inner: self.inner.table_prefix(prefix),
        }
    }

    /// Uses table `actual` wherever a model names table `declared`.
    pub fn table_name_override(
        self,
        declared: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        Client {
            inner: self.inner.table_name_override(declared, actual),
        }
    }

    /// Sets the retry policy.
    pub fn retry_policy(self, policy: RetryPolicy) -> Self {
        Client {
            inner: self.inner.retry_policy(policy),
        }
    }

    /// The core client, for its full settings.
    pub fn into_core(self) -> rynamo_core::Client<HttpTransport> {
        self.inner
    }
}

impl From<rynamo_core::Client<HttpTransport>> for Client {
    fn from(inner: rynamo_core::Client<HttpTransport>) -> Self {
        Client { inner }
    }
}

impl Deref for Client {
    type Target = rynamo_core::Client<HttpTransport>;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

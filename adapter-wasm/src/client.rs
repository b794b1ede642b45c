//! [`Client`]: the core's client over [`FetchTransport`].

use core::ops::Deref;

use alloc::string::String;

use crate::Credentials;
use crate::fetch::FetchTransport;

/// A DynamoDB client for wasm hosts. Model operations take `&client`,
/// exactly as with `rynamo_native::Client`; it dereferences to
/// [`rynamo_core::Client`] for settings.
#[derive(Debug)]
pub struct Client {
    inner: rynamo_core::Client<FetchTransport>,
}

impl Client {
    /// A client to `endpoint`, signing for `region` with `credentials`.
    pub fn new(endpoint: &str, region: &str, credentials: Credentials) -> Client {
        Client {
            inner: rynamo_core::Client::new(FetchTransport::new(endpoint, region, credentials)),
        }
    }

    /// Prefixes every model's table name.
    pub fn table_prefix(self, prefix: impl Into<String>) -> Self {
        Client {
            inner: self.inner.table_prefix(prefix),
        }
    }

    /// The core client, for its full settings.
    pub fn into_core(self) -> rynamo_core::Client<FetchTransport> {
        self.inner
    }
}

impl From<rynamo_core::Client<FetchTransport>> for Client {
    fn from(inner: rynamo_core::Client<FetchTransport>) -> Self {
        Client { inner }
    }
}

impl Deref for Client {
    type Target = rynamo_core::Client<FetchTransport>;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

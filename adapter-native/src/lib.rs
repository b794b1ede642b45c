//! Native transport for Rynamo, a DynamoDB object mapper.
//!
//! [`rynamo-core`](rynamo_core) builds every DynamoDB request and parses every
//! response without touching the network. This crate is the thin native layer
//! around it: [`HttpTransport`] implements
//! [`rynamo_core::transport::Transport`] by POSTing each request over HTTPS
//! (reqwest with rustls), signed with AWS Signature Version 4, and sleeps
//! between retries with Tokio. Retries, pagination and every other DynamoDB
//! decision stay in the core. For browsers and edge runtimes, `rynamo-wasm`
//! plays the same part over `fetch`.
//!
//! [`Config`] finds the region, endpoint and [`Credentials`] the way the AWS
//! CLI and SDKs do, from `AWS_*` environment variables and the shared
//! `~/.aws/config` and `~/.aws/credentials` files. Credentials come from the
//! AWS SDKs' default chain — environment, web identity token (EKS), profile
//! (static keys, assumed roles, SSO, `credential_process`), container (ECS,
//! EKS Pod Identity), EC2 instance metadata — and temporary ones are
//! refreshed ahead of their expiry; see [`credentials`].
//!
//! ```
//! use std::time::Duration;
//! use rynamo_native::{Config, Credentials, HttpTransport};
//!
//! // Explicit values win; anything left unset comes from the environment.
//! let config = Config::from_env()
//!     .endpoint("http://localhost:8000")
//!     .region("us-east-1")
//!     .credentials(Credentials::new("local", "local", None))
//!     .timeout(Duration::from_secs(10));
//! let transport = HttpTransport::new(config)?;
//! assert_eq!(transport.endpoint(), "http://localhost:8000/");
//! # Ok::<(), rynamo_native::Error>(())
//! ```
//!
//! Sending needs a Tokio runtime with its timer enabled:
//!
//! ```no_run
//! use rynamo_core::transport::{Action, Request, Transport};
//! use rynamo_native::{Config, HttpTransport};
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let transport = HttpTransport::new(Config::from_env())?;
//!     let request = Request { action: Action::ListTables, table: None, body: b"{}".to_vec() };
//!     let response = transport.send(&request).await?;
//!     println!("{} {}", response.status, String::from_utf8_lossy(&response.body));
//!     Ok(())
//! }
//! ```
#![warn(missing_docs)]

mod client;
mod config;
mod connections;
pub mod credentials;
mod endpoint;
mod env;
mod error;
mod profile;
mod signing;
mod tls;
mod transport;

pub use client::Client;
pub use config::Config;
pub use connections::Connections;
pub use credentials::{Credentials, ProvideCredentials};
pub use endpoint::AccountIdEndpointMode;
pub use error::Error;
/// The core crate, re-exported so one dependency is enough.
pub use rynamo_core as core;
pub use rynamo_core::prelude;
pub use transport::HttpTransport;

/// The current UTC time from the system clock (the core reads no clock),
/// e.g. for [`Ttl::after`](rynamo_core::attr::Ttl::after).
pub fn now() -> rynamo_core::attr::UtcDateTime {
    rynamo_core::attr::UtcDateTime::try_from(std::time::SystemTime::now())
        .unwrap_or(rynamo_core::attr::UtcDateTime::MAX)
}

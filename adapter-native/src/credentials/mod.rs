//! Where credentials come from: the [`ProvideCredentials`] trait, the
//! [`CredentialsCache`] that refreshes temporary credentials ahead of their
//! expiry, and the sources of the AWS SDKs' default chain.
//!
//! The default chain, in order (the first source that is configured wins):
//!
//! 1. the environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//!    `AWS_SESSION_TOKEN`;
//! 2. a web identity token (EKS IRSA): `AWS_WEB_IDENTITY_TOKEN_FILE`,
//!    `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`, through STS
//!    `AssumeRoleWithWebIdentity`;
//! 3. the profile (`AWS_PROFILE`, else `default`): `role_arn` with
//!    `source_profile`, `credential_source` or `web_identity_token_file`
//!    through STS `AssumeRole`; `sso_session` or legacy `sso_start_url`
//!    through the SSO token cache and the portal's `GetRoleCredentials`;
//!    static keys (with `aws_session_token`); `credential_process`;
//! 4. container credentials (ECS, EKS Pod Identity):
//!    `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI`, with
//!    `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or `_TOKEN`;
//! 5. the EC2 instance metadata service (IMDSv2), unless
//!    `AWS_EC2_METADATA_DISABLED=true`, with 1 s timeouts.

#[cfg(feature = "aws-config")]
mod aws_config;
mod cache;
mod chain;
mod container;
mod document;
mod error;
mod http;
pub(crate) mod imds;
mod process;
mod profile;
mod sso;
mod sts;
mod web_identity;

use std::future::Future;
use std::pin::Pin;

#[cfg(feature = "aws-config")]
pub use aws_config::AwsCredentialsBridge;
pub use cache::CredentialsCache;
pub(crate) use chain::default_provider;
pub use error::CredentialsError;
pub use rynamo_core::credentials::Credentials;

/// The future a [`ProvideCredentials`] returns: boxed, so the trait stays
/// object-safe, and `Send`, so clients can be used from `tokio::spawn`.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of AWS credentials: implement it to plug in your own, and pass it
/// to [`Config::credentials_provider`](crate::Config::credentials_provider).
///
/// A provider is asked again only when the credentials it gave are due for
/// refresh (see [`CredentialsCache`]), so it need not cache anything itself.
///
/// ```
/// use rynamo_native::credentials::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
///
/// #[derive(Debug)]
/// struct Vault;
///
/// impl ProvideCredentials for Vault {
///     fn provide_credentials(&self) -> CredentialsFuture<'_> {
///         Box::pin(async {
///             // Ask the vault here; give an expiry for temporary credentials.
///             Ok(Credentials::new("ASIAEXAMPLE", "secret", Some("token".into())).valid_until(4_102_444_800))
///         })
///     }
/// }
/// let config = rynamo_native::Config::from_env().credentials_provider(Vault);
/// ```
pub trait ProvideCredentials: std::fmt::Debug + Send + Sync {
    /// Fetches credentials.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for std::sync::Arc<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// Seconds since the Unix epoch, from the system clock.
pub(crate) fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Runs `future` to completion on a fresh current-thread runtime.
#[cfg(test)]
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
        .block_on(future)
}

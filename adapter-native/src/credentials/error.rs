//! Why no credentials could be had.

use std::fmt;

/// Why a [`ProvideCredentials`](super::ProvideCredentials) gave no
/// credentials. Messages never contain a secret key, a session token or a
/// web identity token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// No source of the default chain had credentials; each says why, in the
    /// order they were tried.
    #[error(
        "no AWS credentials found; tried, in order:{}\nset AWS_ACCESS_KEY_ID and \
         AWS_SECRET_ACCESS_KEY, configure a profile (`aws configure`, `aws sso login`), \
         or pass credentials with Config::credentials",
        Tried(.tried)
    )]
    NotFound {
        /// Each source tried, and why it gave nothing.
        tried: Vec<(String, String)>,
    },

    /// A source that is configured failed to give credentials.
    #[error("{provider}: {message}")]
    Failed {
        /// The source, such as `profile `dev`` or `container credentials`.
        provider: String,
        /// What went wrong, and where to look.
        message: String,
    },

    /// Cached credentials expired and fetching new ones failed.
    #[error(
        "the AWS credentials expired at {expired_at} (seconds since the Unix epoch) and \
         could not be refreshed: {reason}"
    )]
    Expired {
        /// When they expired, in seconds since the Unix epoch.
        expired_at: u64,
        /// Why the refresh failed.
        reason: String,
    },
}

impl CredentialsError {
    /// A failure of `provider` (a name for messages) because of `message`;
    /// for implementations of [`ProvideCredentials`](super::ProvideCredentials).
    pub fn failed(provider: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError::Failed {
            provider: provider.into(),
            message: message.into(),
        }
    }
}

/// The sources tried, one per line.
struct Tried<'a>(&'a [(String, String)]);

impl fmt::Display for Tried<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (source, reason) in self.0 {
            write!(f, "\n  - {source}: {reason}")?;
        }
        Ok(())
    }
}

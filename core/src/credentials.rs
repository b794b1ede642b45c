//! AWS credentials as plain data, and the arithmetic of their expiry.
//!
//! Both adapters sign with this one type. Where credentials come from (the
//! environment, profiles, STS, instance metadata…) is the adapters' business;
//! when they must be refreshed is decided here, from a `now` the adapter
//! passes in: the core reads no clock.

use alloc::string::String;
use core::fmt;

/// How long before their expiry temporary credentials are refreshed (five
/// minutes, as the AWS SDKs for Java and Python do), so a request is never
/// signed with credentials about to lapse.
pub const REFRESH_AHEAD_SECONDS: u64 = 5 * 60;

/// An AWS access key pair, with a session token and an expiry for temporary
/// credentials, and the account they belong to when the source says.
///
/// `Debug` shows the access key ID, the account and the expiry but never the
/// secret or the token; there is no `Display`.
///
/// ```
/// use rynamo_core::credentials::{Credentials, Freshness};
///
/// let credentials = Credentials::new("ASIAEXAMPLE", "wJalrXUtnFEMI", Some("FwoGZXIvYXdz".into()))
///     .valid_until(1_000_000);
/// assert_eq!(credentials.freshness(999_000, 300), Freshness::Fresh);
/// assert_eq!(credentials.freshness(999_800, 300), Freshness::RefreshDue);
/// assert_eq!(credentials.freshness(1_000_000, 300), Freshness::Expired);
/// let debug = format!("{credentials:?}");
/// assert!(!debug.contains("wJalrXUtnFEMI") && !debug.contains("FwoGZXIvYXdz"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<u64>,
    account_id: Option<String>,
}

/// Whether credentials can still be used, and whether it is time to replace
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Valid, and not yet due for a refresh (or they never expire).
    Fresh,
    /// Still valid, but within the refresh window: fetch new ones, and keep
    /// using these if that fails.
    RefreshDue,
    /// Past their expiry: they must not be used.
    Expired,
}

impl Credentials {
    /// Credentials from an access key ID, a secret access key and, for
    /// temporary credentials, a session token. They never expire unless
    /// [`valid_until`](Self::valid_until) says so.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
            account_id: None,
        }
    }

    /// Sets the AWS account the credentials belong to (`111122223333`), as
    /// a source knows it: `AWS_ACCOUNT_ID`, a profile's `aws_account_id`,
    /// the role an STS reply names, an SSO profile's `sso_account_id`, or
    /// the `AccountId` of a credentials document. It picks DynamoDB's
    /// account-based endpoint (`https://111122223333.ddb.<region>.amazonaws.com`)
    /// where the AWS SDKs' rules do.
    pub fn for_account(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// The AWS account the credentials belong to, when their source said.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    /// Sets when the credentials expire, in seconds since the Unix epoch.
    pub fn valid_until(mut self, epoch_seconds: u64) -> Self {
        self.expiry = Some(epoch_seconds);
        self
    }

    /// The access key ID (`AKIA…` for long-term keys, `ASIA…` for temporary ones).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When the credentials expire, in seconds since the Unix epoch; `None`
    /// for credentials that do not.
    pub fn expiry(&self) -> Option<u64> {
        self.expiry
    }

    /// Whether the credentials may be used at `now` (seconds since the Unix
    /// epoch) and whether they are due for a refresh, which is
    /// `refresh_ahead` seconds before they expire (normally
    /// [`REFRESH_AHEAD_SECONDS`]).
    pub fn freshness(&self, now: u64, refresh_ahead: u64) -> Freshness {
        match self.expiry {
            None => Freshness::Fresh,
            Some(expiry) if now >= expiry => Freshness::Expired,
            Some(expiry) if now >= expiry.saturating_sub(refresh_ahead) => Freshness::RefreshDue,
            Some(_) => Freshness::Fresh,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| REDACTED),
            )
            .field("expiry", &self.expiry)
            .field("account_id", &self.account_id)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn debug_redacts_secret_and_session_token() {
        let credentials = Credentials::new("AKIDEXAMPLE", "s3cr3t-key", Some("t0ken".into()));
        let debug = format!("{credentials:?}");
        assert_eq!(
            debug,
            r#"Credentials { access_key_id: "AKIDEXAMPLE", secret_access_key: "** redacted **", session_token: Some("** redacted **"), expiry: None, account_id: None }"#
        );
        let pretty = format!("{:#?}", Credentials::new("AKID", "s3cr3t-key", None));
        assert!(!pretty.contains("s3cr3t") && pretty.contains("session_token: None"));
    }

    #[test]
    fn credentials_without_expiry_are_always_fresh() {
        let credentials = Credentials::new("AKID", "S", None);
        assert_eq!(credentials.freshness(u64::MAX, u64::MAX), Freshness::Fresh);
    }

    #[test]
    fn refresh_is_due_within_the_window_and_use_stops_at_expiry() {
        let credentials = Credentials::new("ASIA", "S", Some("T".into())).valid_until(10_000);
        let ahead = REFRESH_AHEAD_SECONDS;
        assert_eq!(credentials.freshness(0, ahead), Freshness::Fresh);
        assert_eq!(
            credentials.freshness(10_000 - ahead - 1, ahead),
            Freshness::Fresh
        );
        assert_eq!(
            credentials.freshness(10_000 - ahead, ahead),
            Freshness::RefreshDue
        );
        assert_eq!(credentials.freshness(9_999, ahead), Freshness::RefreshDue);
        assert_eq!(credentials.freshness(10_000, ahead), Freshness::Expired);
        // A window longer than the whole lifetime: due at once, never underflows.
        assert_eq!(credentials.freshness(0, 20_000), Freshness::RefreshDue);
    }
}

//! A bridge from the AWS SDK's credentials providers (feature `aws-config`).

use std::error::Error as _;
use std::time::UNIX_EPOCH;

use aws_credential_types::provider::{ProvideCredentials as _, SharedCredentialsProvider};

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

/// Any `aws-credential-types` provider, such as the one `aws-config` builds
/// (`sdk_config.credentials_provider()`), as a [`ProvideCredentials`]: for
/// services that already configure the AWS SDK.
///
/// ```
/// use aws_credential_types::provider::SharedCredentialsProvider;
/// use rynamo_native::credentials::AwsCredentialsBridge;
///
/// let sdk = aws_credential_types::Credentials::new("AKID", "SECRET", None, None, "example");
/// let bridge = AwsCredentialsBridge::new(SharedCredentialsProvider::new(sdk));
/// let config = rynamo_native::Config::from_env().credentials_provider(bridge);
/// ```
#[derive(Debug, Clone)]
pub struct AwsCredentialsBridge {
    provider: SharedCredentialsProvider,
}

impl AwsCredentialsBridge {
    /// Wraps `provider`.
    pub fn new(provider: SharedCredentialsProvider) -> Self {
        AwsCredentialsBridge { provider }
    }
}

impl ProvideCredentials for AwsCredentialsBridge {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            let sdk = self.provider.provide_credentials().await.map_err(|error| {
                let mut message = error.to_string();
                let mut source = error.source();
                while let Some(cause) = source {
                    message.push_str(": ");
                    message.push_str(&cause.to_string());
                    source = cause.source();
                }
                CredentialsError::failed("aws-config credentials provider", message)
            })?;
            let mut credentials = Credentials::new(
                sdk.access_key_id(),
                sdk.secret_access_key(),
                sdk.session_token().map(Into::into),
            );
            if let Some(expiry) = sdk.expiry() {
                let seconds = expiry
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |since| since.as_secs());
                credentials = credentials.valid_until(seconds);
            }
            if let Some(account) = sdk.account_id() {
                credentials = credentials.for_account(account.as_str());
            }
            Ok(credentials)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn sdk_credentials_keep_their_token_and_expiry() {
        let expiry = UNIX_EPOCH + Duration::from_secs(1_796_140_800);
        let sdk = aws_credential_types::Credentials::new(
            "ASIAB",
            "S",
            Some("T".into()),
            Some(expiry),
            "test",
        );
        let bridge = AwsCredentialsBridge::new(SharedCredentialsProvider::new(sdk));
        let credentials = bridge.provide_credentials().await.unwrap();
        assert_eq!(
            credentials,
            Credentials::new("ASIAB", "S", Some("T".into())).valid_until(1_796_140_800)
        );
        let with_account = aws_credential_types::Credentials::builder()
            .access_key_id("ASIAB")
            .secret_access_key("S")
            .account_id("111122223333")
            .provider_name("test")
            .build();
        let bridge = AwsCredentialsBridge::new(SharedCredentialsProvider::new(with_account));
        let credentials = bridge.provide_credentials().await.unwrap();
        assert_eq!(credentials.account_id(), Some("111122223333"));
    }
}

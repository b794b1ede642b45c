//! IAM Identity Center (SSO): the token `aws sso login` cached, traded for
//! role credentials through the portal's `GetRoleCredentials`.

use std::path::PathBuf;
use std::time::Duration;

use reqwest::{Client, Url};
use serde_json::Value;

use super::{
    Credentials, CredentialsError, CredentialsFuture, ProvideCredentials, document, http,
    now_seconds,
};
use crate::env::{Env, var};
use crate::error::Error;

/// One profile's SSO role.
#[derive(Debug)]
pub(crate) struct Sso {
    /// `~/.aws/sso/cache/<sha1 of the session name or start URL>.json`.
    pub(crate) token_file: PathBuf,
    pub(crate) account_id: String,
    pub(crate) role_name: String,
    /// The portal, `https://portal.sso.<sso_region>.amazonaws.com`.
    pub(crate) portal: Url,
    pub(crate) client: Client,
    /// The profile, for the `aws sso login --profile` hint.
    pub(crate) profile: String,
}

impl Sso {
    /// The role `role_name` in `account_id`, with the token cached for
    /// `cache_key` (the `sso_session` name, or the legacy `sso_start_url`).
    pub(crate) fn new(
        env: Env<'_>,
        home: Option<PathBuf>,
        cache_key: &str,
        region: &str,
        account_id: &str,
        role_name: &str,
        profile: &str,
    ) -> Result<Sso, Error> {
        let portal = var(env, "AWS_ENDPOINT_URL_SSO").unwrap_or_else(|| {
            let suffix = crate::endpoint::dns_suffix(region);
            format!("https://portal.sso.{region}.{suffix}")
        });
        let url = Url::parse(&portal).map_err(|error| Error::InvalidEndpoint {
            endpoint: portal.clone(),
            reason: error.to_string(),
        })?;
        // Signed requests (STS) and access tokens (SSO) never go out in
        // clear text to another host, as for DynamoDB's endpoint.
        crate::endpoint::check_secure(&url, &portal, crate::env::flag(env, "RYNAMO_ALLOW_HTTP"))?;
        let portal = url;
        let file_name = format!("{}.json", sha1_smol::Sha1::from(cache_key).digest());
        let token_file = home
            .unwrap_or_default()
            .join(".aws")
            .join("sso")
            .join("cache")
            .join(file_name);
        Ok(Sso {
            token_file,
            account_id: account_id.into(),
            role_name: role_name.into(),
            portal,
            client: http::client(env, Duration::from_millis(3100), Duration::from_secs(30))?,
            profile: profile.into(),
        })
    }

    /// The role's credentials, with the cached token.
    pub(crate) async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let origin = format!("profile `{}` (SSO)", self.profile);
        let failed = |message: String| CredentialsError::failed(&origin, message);
        let login = format!("run `aws sso login --profile {}`", self.profile);
        let text = tokio::fs::read_to_string(&self.token_file)
            .await
            .map_err(|error| {
                failed(format!(
                    "no cached SSO token in {} ({error}): {login}",
                    self.token_file.display()
                ))
            })?;
        let cached: Value = serde_json::from_str(&text).map_err(|_| {
            failed(format!(
                "the SSO token cache {} is not JSON: {login}",
                self.token_file.display()
            ))
        })?;
        let token = cached
            .get("accessToken")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let expires_at = cached
            .get("expiresAt")
            .and_then(Value::as_str)
            .map(document::parse_time);
        match expires_at {
            Some(Ok(at)) if at > now_seconds() && !token.is_empty() => {}
            Some(Ok(_)) => {
                return Err(failed(format!("the cached SSO token has expired: {login}")));
            }
            _ => {
                return Err(failed(format!(
                    "the SSO token cache {} has no valid accessToken and expiresAt: {login}",
                    self.token_file.display()
                )));
            }
        }
        let mut url = self.portal.clone();
        url.set_path("/federation/credentials");
        url.query_pairs_mut()
            .append_pair("role_name", &self.role_name)
            .append_pair("account_id", &self.account_id);
        let request = self.client.get(url).header("x-amz-sso_bearer_token", token);
        let reply = http::send(request).await.map_err(|failure| {
            failed(format!(
                "GetRoleCredentials at {} failed: {failure}",
                self.portal
            ))
        })?;
        read_role_credentials(&reply)
            .map(|credentials| credentials.for_account(&self.account_id))
            .map_err(|message| failed(format!("GetRoleCredentials: {message}")))
    }
}

/// `{"roleCredentials": {accessKeyId, secretAccessKey, sessionToken, expiration (ms)}}`.
fn read_role_credentials(body: &str) -> Result<Credentials, String> {
    let json: Value =
        serde_json::from_str(body).map_err(|_| "the reply is not JSON".to_string())?;
    let role = json
        .get("roleCredentials")
        .ok_or("the reply has no `roleCredentials`")?;
    let text = |name: &str| {
        role.get(name)
            .and_then(Value::as_str)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| format!("the reply has no `{name}`"))
    };
    let mut credentials = Credentials::new(
        text("accessKeyId")?,
        text("secretAccessKey")?,
        Some(text("sessionToken")?.into()),
    );
    if let Some(millis) = role.get("expiration").and_then(Value::as_u64) {
        credentials = credentials.valid_until(millis / 1000);
    }
    Ok(credentials)
}

impl ProvideCredentials for Sso {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::tests::env_of;

    #[test]
    fn a_plain_http_portal_is_refused_unless_loopback_or_allowed() {
        let sso = |pairs: &[(&str, &str)]| {
            Sso::new(&env_of(pairs), None, "s", "us-east-1", "1", "r", "p").map(|_| ())
        };
        let insecure = (
            "AWS_ENDPOINT_URL_SSO",
            "http://portal.sso.us-east-1.amazonaws.com",
        );
        assert!(
            matches!(sso(&[insecure]), Err(Error::InsecureEndpoint { .. })),
            "{:?}",
            sso(&[insecure])
        );
        assert!(sso(&[("AWS_ENDPOINT_URL_SSO", "http://[::1]:4000")]).is_ok());
        assert!(sso(&[insecure, ("RYNAMO_ALLOW_HTTP", "true")]).is_ok());
        assert!(sso(&[]).is_ok());
    }

    #[test]
    fn the_token_cache_file_is_named_by_the_sha1_of_the_session_name() {
        // As the AWS CLI names it: sha1("my-sso") in hex.
        let sso = Sso::new(
            &|_| None,
            Some("/h".into()),
            "my-sso",
            "us-east-1",
            "1",
            "r",
            "p",
        )
        .unwrap();
        assert_eq!(
            sso.token_file,
            PathBuf::from("/h/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json")
        );
        assert_eq!(
            sha1_smol::Sha1::from("abc").digest().to_string(),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
    }

    #[test]
    fn reads_role_credentials_with_an_expiry_in_milliseconds() {
        let body = r#"{"roleCredentials":{"accessKeyId":"ASIAS","secretAccessKey":"S","sessionToken":"T","expiration":1796140800000}}"#;
        let credentials = read_role_credentials(body).unwrap();
        assert_eq!(credentials.access_key_id(), "ASIAS");
        assert_eq!(credentials.expiry(), Some(1_796_140_800));
    }
}

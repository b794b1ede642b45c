//! IAM Identity Center (SSO): the token `aws sso login` cached, traded for
//! role credentials through the portal's `GetRoleCredentials`. For an
//! `sso_session` profile the token is refreshed through SSO OIDC's
//! `CreateToken` (the refresh token `aws sso login` cached with it) when it
//! is about to expire, and the cache file updated, as the AWS SDKs do.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::{Client, Url};
use serde_json::{Map, Value};

use super::{
    Credentials, CredentialsError, CredentialsFuture, ProvideCredentials, document, http,
    now_seconds,
};
use crate::config::configured_endpoint;
use crate::env::Env;
use crate::error::Error;
use crate::profile::Profile;

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
    /// SSO OIDC (`https://oidc.<sso_region>.amazonaws.com`), where an
    /// `sso_session` profile's token is refreshed; `None` for a legacy
    /// `sso_start_url` profile, whose token cannot be.
    pub(crate) oidc: Option<Url>,
    /// When a refresh was last tried: at most one per
    /// [`TOKEN_REFRESH_EVERY`].
    last_refresh: Mutex<Option<Instant>>,
}

/// How long before the cached token expires it is refreshed (the AWS SDKs'
/// five minutes).
const TOKEN_REFRESH_AHEAD: u64 = 5 * 60;

/// The least time between two refresh attempts (the AWS SDKs' 30 s).
const TOKEN_REFRESH_EVERY: Duration = Duration::from_secs(30);

impl Sso {
    /// The SSO role `profile` names: an `sso_session` (from its
    /// `[sso-session NAME]` section), whose token can be refreshed, or a
    /// legacy `sso_start_url` profile, whose cannot; the token cached for the
    /// session name or start URL under the home `env` names; the portal and
    /// OIDC endpoints configured in the environment or the profile, else
    /// `sso_region`'s.
    pub(crate) fn new(env: Env<'_>, profile: &Profile) -> Result<Sso, Error> {
        let invalid = |message: String| {
            Error::Credentials(CredentialsError::failed(
                format!("profile `{}`", profile.name),
                message,
            ))
        };
        let required = |key: &str, value: Option<&str>| -> Result<String, Error> {
            value
                .map(Into::into)
                .ok_or_else(|| invalid(format!("an SSO profile needs {key}")))
        };
        let account_id = required("sso_account_id", profile.get("sso_account_id"))?;
        let role_name = required("sso_role_name", profile.get("sso_role_name"))?;
        let session = profile.get("sso_session");
        let (cache_key, region) = match session {
            Some(session) => {
                let section = profile.sso_session(session).ok_or_else(|| {
                    invalid(format!(
                        "its sso_session `{session}` has no [sso-session {session}] section"
                    ))
                })?;
                let region = required(
                    "sso_region in the sso-session",
                    section.get("sso_region").map(String::as_str),
                )?;
                (session.to_string(), region)
            }
            None => (
                required("sso_start_url", profile.get("sso_start_url"))?,
                required("sso_region", profile.get("sso_region"))?,
            ),
        };
        let region = region.as_str();
        let suffix = crate::endpoint::dns_suffix(region);
        // Signed requests (STS) and tokens (SSO) never go out in clear text
        // to another host, as for DynamoDB's endpoint.
        let endpoint = |variable: &str, service: &str, default: String| -> Result<Url, Error> {
            let endpoint =
                configured_endpoint(env, Some(profile), variable, service, true).unwrap_or(default);
            let url = Url::parse(&endpoint).map_err(|error| Error::InvalidEndpoint {
                endpoint: endpoint.clone(),
                reason: error.to_string(),
            })?;
            let allow_http = crate::env::flag(env, "RYNAMO_ALLOW_HTTP");
            crate::endpoint::check_secure(&url, &endpoint, allow_http)?;
            Ok(url)
        };
        let portal = endpoint(
            "AWS_ENDPOINT_URL_SSO",
            "sso",
            format!("https://portal.sso.{region}.{suffix}"),
        )?;
        let oidc = session
            .is_some()
            .then(|| {
                endpoint(
                    "AWS_ENDPOINT_URL_SSO_OIDC",
                    "sso_oidc",
                    format!("https://oidc.{region}.{suffix}"),
                )
            })
            .transpose()?;
        let file_name = format!(
            "{}.json",
            sha1_smol::Sha1::from(cache_key.as_str()).digest()
        );
        let token_file = crate::profile::home(env)
            .unwrap_or_default()
            .join(".aws")
            .join("sso")
            .join("cache")
            .join(file_name);
        Ok(Sso {
            token_file,
            account_id,
            role_name,
            portal,
            client: http::service_client(env)?,
            profile: profile.name.clone(),
            oidc,
            last_refresh: Mutex::new(None),
        })
    }

    /// The role's credentials, with the cached token.
    pub(crate) async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let origin = format!("profile `{}` (SSO)", self.profile);
        let failed = |message: String| CredentialsError::failed(&origin, message);
        let token = self.token().await.map_err(failed)?;
        let token = token.as_str();
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

impl Sso {
    /// The cached token, refreshed first when it expires within
    /// [`TOKEN_REFRESH_AHEAD`] and can be; one still valid is used when
    /// its refresh fails. An error ends with the `aws sso login` hint.
    async fn token(&self) -> Result<String, String> {
        let login = format!("run `aws sso login --profile {}`", self.profile);
        let file = self.token_file.display();
        let text = tokio::fs::read_to_string(&self.token_file)
            .await
            .map_err(|error| format!("no cached SSO token in {file} ({error}): {login}"))?;
        let Ok(Value::Object(mut cached)) = serde_json::from_str(&text) else {
            return Err(format!(
                "the SSO token cache {file} is not a JSON object: {login}"
            ));
        };
        let token = text_field(&cached, "accessToken").map(str::to_owned);
        let expires_at = text_field(&cached, "expiresAt").map(document::parse_time);
        let (Some(token), Some(Ok(expires_at))) = (token, expires_at) else {
            return Err(format!(
                "the SSO token cache {file} has no valid accessToken and expiresAt: {login}"
            ));
        };
        let now = now_seconds();
        let valid = expires_at > now;
        // Only with what `aws sso login` caches for an sso-session.
        let refreshable = ["clientId", "clientSecret", "refreshToken"]
            .iter()
            .all(|name| text_field(&cached, name).is_some());
        if expires_at <= now + TOKEN_REFRESH_AHEAD
            && refreshable
            && let Some(oidc) = &self.oidc
            && self.may_refresh()
        {
            match self.refresh(oidc, &mut cached, now).await {
                Ok(token) => return Ok(token),
                Err(why) if !valid => {
                    return Err(format!(
                        "the cached SSO token has expired and could not be refreshed ({why}): {login}"
                    ));
                }
                // Still valid: used, and refreshed again later.
                Err(_) => {}
            }
        }
        if valid {
            Ok(token)
        } else {
            Err(format!("the cached SSO token has expired: {login}"))
        }
    }

    /// Whether a refresh may be tried now (none in the last
    /// [`TOKEN_REFRESH_EVERY`]); if so, this one is noted.
    fn may_refresh(&self) -> bool {
        let mut last = self
            .last_refresh
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if last.is_some_and(|at| at.elapsed() < TOKEN_REFRESH_EVERY) {
            return false;
        }
        *last = Some(Instant::now());
        true
    }

    /// SSO OIDC's `CreateToken` with the cached refresh token: the new
    /// access token, written back to the cache file with its expiry (and
    /// the new refresh token, when one is given), keeping the file's other
    /// fields. Errors never quote a token or the client secret.
    async fn refresh(
        &self,
        oidc: &Url,
        cached: &mut Map<String, Value>,
        now: u64,
    ) -> Result<String, String> {
        let (Some(client_id), Some(client_secret), Some(refresh_token)) = (
            text_field(cached, "clientId"),
            text_field(cached, "clientSecret"),
            text_field(cached, "refreshToken"),
        ) else {
            return Err("the cache has no clientId, clientSecret and refreshToken".into());
        };
        if let Some(registration) = text_field(cached, "registrationExpiresAt")
            && document::parse_time(registration).is_ok_and(|at| at <= now)
        {
            return Err("the client registration has expired".into());
        }
        let body = serde_json::json!({
            "clientId": client_id,
            "clientSecret": client_secret,
            "grantType": "refresh_token",
            "refreshToken": refresh_token,
        });
        let mut url = oidc.clone();
        url.set_path("/token");
        let request = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_string());
        let reply = http::send(request)
            .await
            .map_err(|failure| format!("CreateToken at {oidc} failed: {failure}"))?;
        let Ok(Value::Object(reply)) = serde_json::from_str(&reply) else {
            return Err("CreateToken's reply is not a JSON object".into());
        };
        let token = text_field(&reply, "accessToken")
            .ok_or("CreateToken's reply has no accessToken")?
            .to_owned();
        let expires_in = reply
            .get("expiresIn")
            .and_then(Value::as_u64)
            .ok_or("CreateToken's reply has no expiresIn")?;
        cached.insert("accessToken".into(), token.clone().into());
        cached.insert("expiresAt".into(), iso_time(now + expires_in).into());
        if let Some(rotated) = text_field(&reply, "refreshToken") {
            cached.insert("refreshToken".into(), rotated.into());
        }
        // Not written, the new token still serves this process; the next
        // refresh starts from the file's.
        let _ = write_atomically(&self.token_file, &Value::Object(cached.clone()).to_string());
        Ok(token)
    }
}

/// A non-empty string field of `object`.
fn text_field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    object
        .get(name)
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
}

/// `2026-12-02T13:00:00Z`, as the AWS CLI writes `expiresAt`.
fn iso_time(unix_seconds: u64) -> String {
    let time = i64::try_from(unix_seconds)
        .ok()
        .and_then(rynamo_core::attr::UtcDateTime::from_unix_seconds);
    let (y, mo, d, h, mi, s, _) = time.map_or((9999, 12, 31, 23, 59, 59, 0), |t| t.parts());
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Replaces `path` with `text` through a file beside it and a rename, so a
/// reader (the AWS CLI, another process) never sees half a file.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
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

    /// `Sso::new` for the profile `config` describes (the default one),
    /// with `pairs` in the environment and a home of its own named `test`.
    fn sso_of(test: &str, config: &str, pairs: &[(&str, &str)]) -> (PathBuf, Result<Sso, Error>) {
        let home = crate::profile::tests::temp_dir(test);
        crate::profile::tests::write_aws_files(&home, config, "");
        let mut all = vec![("HOME", home.to_str().unwrap())];
        all.extend_from_slice(pairs);
        let env = env_of(&all);
        let mut profile = crate::profile::LazyProfile::new(&env);
        let sso = Sso::new(&env, profile.get().unwrap());
        (home, sso)
    }

    /// An `sso_session` profile, the session `name` in `region`.
    fn session(name: &str, region: &str) -> String {
        format!(
            "[default]\nsso_session = {name}\nsso_account_id = 1\nsso_role_name = r\n\
             [sso-session {name}]\nsso_region = {region}\n"
        )
    }

    #[test]
    fn a_plain_http_portal_is_refused_unless_loopback_or_allowed() {
        let config = session("s", "us-east-1");
        let sso = |pairs: &[(&str, &str)]| sso_of("sso-http", &config, pairs).1.map(|_| ());
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
        // SSO OIDC, where tokens are refreshed, likewise.
        let oidc = ("AWS_ENDPOINT_URL_SSO_OIDC", "http://oidc.example.com");
        assert!(matches!(sso(&[oidc]), Err(Error::InsecureEndpoint { .. })));
        assert!(sso(&[("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:4001")]).is_ok());
    }

    #[test]
    fn oidc_is_the_sso_region_s_and_only_for_an_sso_session() {
        let oidc = |config: &str| {
            sso_of("sso-oidc", config, &[])
                .1
                .unwrap()
                .oidc
                .map(|url| url.to_string())
        };
        assert_eq!(
            oidc(&session("s", "eu-west-1")).as_deref(),
            Some("https://oidc.eu-west-1.amazonaws.com/")
        );
        assert_eq!(
            oidc(&session("s", "cn-north-1")).as_deref(),
            Some("https://oidc.cn-north-1.amazonaws.com.cn/")
        );
        let legacy = "[default]\nsso_start_url = https://corp.awsapps.com/start\n\
                      sso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = r\n";
        assert_eq!(oidc(legacy), None, "a legacy profile's token cannot be");
        assert_eq!(iso_time(1_796_140_800), "2026-12-01T16:00:00Z");
    }

    #[test]
    fn the_token_cache_file_is_named_by_the_sha1_of_the_session_name() {
        // As the AWS CLI names it: sha1("my-sso") in hex.
        let (home, sso) = sso_of("sso-file", &session("my-sso", "us-east-1"), &[]);
        assert_eq!(
            sso.unwrap().token_file,
            home.join(".aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json")
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

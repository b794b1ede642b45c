//! What a transport needs to know — region, endpoint, credentials, timeouts —
//! and how each is found when not set explicitly.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use crate::credentials::{self, Credentials, CredentialsCache, ProvideCredentials};
use crate::endpoint::{
    AccountEndpoints, AccountIdEndpointMode, Variant, aws_endpoint, parse_endpoint,
};
use crate::env::{Env, Vars, flag, var};
use crate::error::Error;
use crate::profile::{LazyProfile, Profile};
use rynamo_core::retry::RetryMode;
use rynamo_core::transport::{Api, DEFAULT_MAX_REPLY_BYTES};

/// The AWS SDKs' connect timeout.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// How to reach DynamoDB: region, endpoint, credentials and timeouts.
///
/// Anything not set explicitly is found when
/// [`HttpTransport::new`](crate::HttpTransport::new) builds the transport, the
/// way the AWS CLI and SDKs find it:
///
/// - region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `region` in the
///   profile, then (on EC2, unless `AWS_EC2_METADATA_DISABLED`) the
///   instance's, from the metadata service, as the AWS SDK for Rust's chain
///   ends (at most two 1 s requests when nothing answers);
/// - endpoint: `AWS_ENDPOINT_URL_DYNAMODB`, then `AWS_ENDPOINT_URL`, then
///   the profile's `services` section (`dynamodb =` ↵ `  endpoint_url = …`),
///   then its `endpoint_url` (none of these with
///   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's
///   `ignore_configured_endpoint_urls` set), then the AWS SDKs' regional
///   endpoint: `https://dynamodb.<region>.amazonaws.com`
///   (`.amazonaws.com.cn` for `cn-` regions, each other partition's own
///   suffix; `http://localhost:8000` for the region `local`), the FIPS one
///   (`dynamodb-fips`) with [`fips_endpoint`](Self::fips_endpoint),
///   `AWS_USE_FIPS_ENDPOINT` or the profile's `use_fips_endpoint`, and the
///   dual-stack one (`dynamodb.<region>.api.aws`) with
///   [`dual_stack_endpoint`](Self::dual_stack_endpoint),
///   `AWS_USE_DUALSTACK_ENDPOINT` or `use_dualstack_endpoint`; in the `aws`
///   partition without either, the account-based endpoint
///   (`https://<account>.ddb.<region>.amazonaws.com`) when the credentials
///   name their account, unless
///   [`account_id_endpoint_mode`](Self::account_id_endpoint_mode),
///   `AWS_ACCOUNT_ID_ENDPOINT_MODE` or `account_id_endpoint_mode` says
///   `disabled`;
/// - Streams API endpoint (`Action::api`): the explicit endpoint, then
///   `AWS_ENDPOINT_URL_DYNAMODB_STREAMS`, `AWS_ENDPOINT_URL`, the profile's
///   `dynamodb_streams` service endpoint, then the endpoint above when it
///   is custom (DynamoDB Local serves both), then
///   `https://streams.dynamodb.<region>.amazonaws.com`; plain `http` only
///   to a loopback host unless [`allow_http`](Self::allow_http) (or
///   `RYNAMO_ALLOW_HTTP=true`);
/// - credentials: the AWS SDKs' default chain (environment, web identity
///   token, profile, container, instance metadata; see
///   [`credentials`](crate::credentials)), cached and refreshed ahead of
///   their expiry.
///
/// The profile is `AWS_PROFILE`, else `default`: `[NAME]` in the credentials
/// file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`) and
/// `[profile NAME]` or `[default]` in the config file (`AWS_CONFIG_FILE`,
/// else `~/.aws/config`). When both files set a key, the credentials file
/// wins. The files are read only if something is still missing.
#[derive(Debug, Clone)]
pub struct Config {
    region: Option<String>,
    endpoint: Option<String>,
    fips: Option<bool>,
    dual_stack: Option<bool>,
    account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    allow_http: bool,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    connect_timeout: Duration,
    pub(crate) timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    vars: Vars,
    pub(crate) connections: crate::Connections,
    pub(crate) max_reply_bytes: usize,
}

impl Config {
    /// Sends `name: value` with every request (unsigned), e.g. for a proxy
    /// or tracing header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A configuration that takes whatever is not set explicitly from the
    /// environment and the shared AWS files. Nothing is read until the
    /// transport is built.
    pub fn from_env() -> Self {
        Config {
            region: None,
            endpoint: None,
            fips: None,
            dual_stack: None,
            account_id_endpoint_mode: None,
            allow_http: false,
            credentials: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: Some(rynamo_core::client::DEFAULT_ATTEMPT_TIMEOUT),
            total_timeout: Some(rynamo_core::client::DEFAULT_TOTAL_TIMEOUT),
            headers: Vec::new(),
            vars: Vars::Process,
            connections: crate::Connections::default(),
            max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
        }
    }

    /// Like [`from_env`](Self::from_env), but reads `AWS_*` settings (and
    /// `HOME`) from `vars` instead of the process environment: a variable not
    /// in `vars` is unset. For tests, and for processes that configure
    /// clients for several accounts.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let vars: BTreeMap<String, String> = vars
            .into_iter()
            .map(|(name, value)| (name.into(), value.into()))
            .collect();
        Config {
            vars: Vars::Fixed(Arc::new(vars)),
            ..Config::from_env()
        }
    }

    /// The AWS region to sign for, such as `us-east-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The URL to send requests to, such as `http://localhost:8000` for
    /// DynamoDB Local.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Allows a plain `http` endpoint on a host that is not loopback (a
    /// DynamoDB Local container reached as `http://dynamodb-local:8000`).
    /// Off by default: signed requests and session tokens would cross the
    /// network in clear text. `RYNAMO_ALLOW_HTTP=true` in the environment
    /// allows it too. `http` to `localhost`, 127.0.0.0/8 and `::1` is always
    /// allowed.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// The credentials to sign with, instead of the default chain's.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// Where to get credentials, instead of the default chain: your own
    /// [`ProvideCredentials`], or one of this crate's. What it gives is cached
    /// and refreshed ahead of its expiry (see
    /// [`CredentialsCache`](crate::credentials::CredentialsCache)).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// How long to wait for a connection to open (default 3.1 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from connecting to the last byte of the
    /// response (default 10 s: DynamoDB answers in milliseconds, and its
    /// largest replies, 16 MB batch gets, fit in it on a slow link). An
    /// attempt past it is abandoned and retried as a timeout; the last one
    /// fails with `Error::DeadlineExceeded` naming `Deadline::Attempt`.
    /// [`Client::new`](crate::Client::new) applies it (the core's
    /// `Settings::attempt_timeout`).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long one request may take with all its attempts and backoffs
    /// (default 30 s, so a silent server costs 30 s rather than attempts ×
    /// [`timeout`](Self::timeout)); past it the call fails with
    /// `Error::DeadlineExceeded` naming `Deadline::Total`. Paged and batched
    /// calls bound each request. [`Client::new`](crate::Client::new) applies
    /// it (the core's `Settings::total_timeout`).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// The largest reply body read (default
    /// [`DEFAULT_MAX_REPLY_BYTES`], 64 MiB: four times DynamoDB's largest
    /// legitimate reply, a 16 MB BatchGetItem). The body is read
    /// incrementally and a larger one is refused as soon as it passes the
    /// limit (or at once, when its `Content-Length` says so), with a
    /// [`TransportErrorKind::ReplyTooLarge`](rynamo_core::transport::TransportErrorKind::ReplyTooLarge)
    /// error.
    pub fn max_reply_bytes(mut self, bytes: usize) -> Self {
        self.max_reply_bytes = bytes;
        self
    }

    /// Whether to use DynamoDB's FIPS 140 validated endpoints
    /// (`dynamodb-fips.<region>.amazonaws.com`; GovCloud's regular ones are
    /// FIPS already). Unset, `AWS_USE_FIPS_ENDPOINT`, then the profile's
    /// `use_fips_endpoint`, decide. With a custom endpoint it is an error,
    /// as in the AWS SDKs.
    pub fn fips_endpoint(mut self, fips: bool) -> Self {
        self.fips = Some(fips);
        self
    }

    /// Whether to use DynamoDB's dual-stack endpoints, reachable over IPv6
    /// too (`dynamodb.<region>.api.aws`). Unset, `AWS_USE_DUALSTACK_ENDPOINT`,
    /// then the profile's `use_dualstack_endpoint`, decide. With a custom
    /// endpoint it is an error, as in the AWS SDKs.
    pub fn dual_stack_endpoint(mut self, dual_stack: bool) -> Self {
        self.dual_stack = Some(dual_stack);
        self
    }

    /// Whether DynamoDB requests go to the account-based endpoint of the
    /// credentials' account (`https://<account>.ddb.<region>.amazonaws.com`;
    /// see [`AccountIdEndpointMode`]). Unset, `AWS_ACCOUNT_ID_ENDPOINT_MODE`,
    /// then the profile's `account_id_endpoint_mode`, decide; the default
    /// is [`Preferred`](AccountIdEndpointMode::Preferred), as in the AWS
    /// SDKs.
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.account_id_endpoint_mode = Some(mode);
        self
    }

    /// How the connection pool behaves (see [`Connections`](crate::Connections)
    /// for the defaults).
    pub fn connections(mut self, connections: crate::Connections) -> Self {
        self.connections = connections;
        self
    }

    /// The credentials this configuration signs with, behind the cache a
    /// transport would put in front of them: the explicit ones or provider,
    /// else the default chain's first configured source. Reads the
    /// environment and files now; fetches nothing until asked.
    ///
    /// For checking credentials at start-up (`cache.credentials().await?`)
    /// or sharing one cache between clients (`credentials_provider(cache)`).
    pub fn credentials_cache(&self) -> Result<CredentialsCache, Error> {
        let provider = match &self.credentials {
            Some(provider) => Arc::clone(provider),
            None => self.vars.with(|env| {
                let mut profile = LazyProfile::new(env);
                let region = match self.region.clone().filter(|region| !region.is_empty()) {
                    Some(region) => region,
                    None => resolve_region(env, &mut profile)?,
                };
                credentials::default_provider(env, &mut profile, &region)
            })?,
        };
        Ok(CredentialsCache::shared(provider))
    }

    /// Fills in what is missing from the environment (or the variables
    /// given to [`from_vars`](Self::from_vars)) and files.
    pub(crate) fn resolve_from_process(self) -> Result<Resolved, Error> {
        let vars = self.vars.clone();
        vars.with(|env| self.resolve(env))
    }

    /// Fills in what is missing from `env` and the files it points at.
    pub(crate) fn resolve(self, env: Env<'_>) -> Result<Resolved, Error> {
        let mut profile = LazyProfile::new(env);
        let region = match self.region.filter(|region| !region.is_empty()) {
            Some(region) => region,
            None => resolve_region(env, &mut profile)?,
        };
        // A file that cannot be read configures no endpoint (as for
        // `setting`).
        let mut configured = |variable: &str, service: &str, global_in_profile: bool| {
            configured_endpoint(
                env,
                profile.get().ok(),
                variable,
                service,
                global_in_profile,
            )
        };
        let custom = self
            .endpoint
            .clone()
            .or_else(|| configured("AWS_ENDPOINT_URL_DYNAMODB", "dynamodb", true));
        // The Streams API: its own host on AWS; a custom endpoint (DynamoDB
        // Local) serves both, unless one is configured for Streams itself.
        let streams = match &self.endpoint {
            Some(explicit) => Some(explicit.clone()),
            None => configured(
                "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
                "dynamodb_streams",
                false,
            )
            .or_else(|| custom.clone()),
        };
        let variant = Variant {
            fips: choice(
                self.fips,
                env,
                &mut profile,
                "AWS_USE_FIPS_ENDPOINT",
                "use_fips_endpoint",
            ),
            dual_stack: choice(
                self.dual_stack,
                env,
                &mut profile,
                "AWS_USE_DUALSTACK_ENDPOINT",
                "use_dualstack_endpoint",
            ),
        };
        if custom.is_some() && variant != Variant::default() {
            return Err(Error::EndpointVariant {
                reason: "FIPS and dual-stack endpoints are AWS's own; with a custom endpoint \
                         (Config::endpoint, AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL) turn \
                         them off",
            });
        }
        let streams_endpoint = match streams {
            Some(streams) => streams,
            None => aws_endpoint(Api::Streams, &region, variant)?,
        };
        let allow_http = self.allow_http || flag(env, "RYNAMO_ALLOW_HTTP");
        let streams_endpoint = parse_endpoint(&streams_endpoint, allow_http)?;
        // The account's endpoint applies only where the regional one would.
        let account_endpoints = match (&custom, self.account_id_endpoint_mode) {
            (Some(_), _) => None,
            (None, Some(mode)) => AccountEndpoints::new(&region, variant, mode),
            (None, None) => AccountEndpoints::new(
                &region,
                variant,
                account_id_endpoint_mode(env, &mut profile)?,
            ),
        };
        let endpoint = match custom {
            Some(custom) => custom,
            None => aws_endpoint(Api::DynamoDb, &region, variant)?,
        };
        let endpoint = parse_endpoint(&endpoint, allow_http)?;
        let credentials = match self.credentials {
            Some(credentials) => credentials,
            None => credentials::default_provider(env, &mut profile, &region)?,
        };
        Ok(Resolved {
            region,
            endpoint,
            account_endpoints,
            streams_endpoint,
            credentials,
            connect_timeout: self.connect_timeout,
            headers: self.headers,
            retry: retry_settings(env, &mut profile)?,
            ca_bundle: crate::tls::ca_bundle(env, &mut profile)?,
            connections: self.connections,
            max_reply_bytes: self.max_reply_bytes,
        })
    }
}

/// A [`Config`] with nothing missing.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub(crate) region: String,
    pub(crate) endpoint: Url,
    /// How the endpoint follows the credentials' account (`None`: it does
    /// not).
    pub(crate) account_endpoints: Option<AccountEndpoints>,
    /// Where Streams API actions go (`Action::api`).
    pub(crate) streams_endpoint: Url,
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) connect_timeout: Duration,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) retry: RetrySettings,
    /// The certificates of `AWS_CA_BUNDLE` (or the profile's `ca_bundle`).
    pub(crate) ca_bundle: Vec<reqwest::Certificate>,
    pub(crate) connections: crate::Connections,
    pub(crate) max_reply_bytes: usize,
}

/// A setting outside the code: the environment variable, else the
/// profile's key, with the name it came from. A profile file that cannot be
/// read or parsed sets nothing here: it is reported where the profile is
/// needed (region, credentials), so explicit settings never fail on the
/// files.
pub(crate) fn setting(
    env: Env<'_>,
    profile: &mut LazyProfile<'_>,
    variable: &'static str,
    key: &'static str,
) -> Option<(&'static str, String)> {
    if let Some(value) = var(env, variable) {
        return Some((variable, value));
    }
    let value = profile.get().ok()?.get(key)?.to_owned();
    Some((key, value))
}

/// An endpoint configured outside the code for one service, in the AWS
/// SDKs' order: the service's `variable` (`AWS_ENDPOINT_URL_STS`, say),
/// `AWS_ENDPOINT_URL`, the profile's `services` section entry for
/// `service`, then (with `global_in_profile`) its `endpoint_url`; none of
/// them when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (else the profile's
/// `ignore_configured_endpoint_urls`) is true. For DynamoDB and Streams
/// here, and for STS and SSO in the credential sources.
pub(crate) fn configured_endpoint(
    env: Env<'_>,
    profile: Option<&Profile>,
    variable: &str,
    service: &str,
    global_in_profile: bool,
) -> Option<String> {
    let ignore = var(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .or_else(|| {
            profile?
                .get("ignore_configured_endpoint_urls")
                .map(str::to_owned)
        })
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"));
    if ignore {
        return None;
    }
    var(env, variable)
        .or_else(|| var(env, "AWS_ENDPOINT_URL"))
        .or_else(|| {
            let profile = profile?;
            profile.service_endpoint(service).or_else(|| {
                global_in_profile
                    .then(|| profile.get("endpoint_url").map(str::to_owned))
                    .flatten()
            })
        })
}

/// An on/off setting: as set on the [`Config`], else [`setting`]'s
/// (`true`, any case, is on); off when none says.
fn choice(
    set: Option<bool>,
    env: Env<'_>,
    profile: &mut LazyProfile<'_>,
    variable: &'static str,
    key: &'static str,
) -> bool {
    set.unwrap_or_else(|| {
        setting(env, profile, variable, key)
            .is_some_and(|(_, value)| value.trim().eq_ignore_ascii_case("true"))
    })
}

/// The AWS SDKs' retry settings from the environment and the profile:
/// attempts (`AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`; a
/// whole number of at least 1) and mode (`AWS_RETRY_MODE`, else
/// `retry_mode`: `standard`, `adaptive`, or `legacy`, which is `standard`
/// here: Rynamo keeps the retry quota). `None` where neither says; a value
/// of another shape is [`Error::InvalidSetting`].
fn retry_settings(env: Env<'_>, profile: &mut LazyProfile<'_>) -> Result<RetrySettings, Error> {
    let attempts = match setting(env, profile, "AWS_MAX_ATTEMPTS", "max_attempts") {
        None => None,
        Some((name, value)) => match value.trim().parse::<u32>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                return Err(Error::InvalidSetting {
                    name,
                    value,
                    expected: "a whole number of attempts, at least 1",
                });
            }
        },
    };
    let mode = match setting(env, profile, "AWS_RETRY_MODE", "retry_mode") {
        None => None,
        Some((name, value)) => match value.trim().to_ascii_lowercase().as_str() {
            "standard" | "legacy" => Some(RetryMode::Standard),
            "adaptive" => Some(RetryMode::Adaptive),
            _ => {
                return Err(Error::InvalidSetting {
                    name,
                    value,
                    expected: "standard, adaptive or legacy",
                });
            }
        },
    };
    Ok(RetrySettings { attempts, mode })
}

/// `AWS_ACCOUNT_ID_ENDPOINT_MODE`, else the profile's
/// `account_id_endpoint_mode`; `preferred` when neither is set.
fn account_id_endpoint_mode(
    env: Env<'_>,
    profile: &mut LazyProfile<'_>,
) -> Result<AccountIdEndpointMode, Error> {
    match setting(
        env,
        profile,
        "AWS_ACCOUNT_ID_ENDPOINT_MODE",
        "account_id_endpoint_mode",
    ) {
        None => Ok(AccountIdEndpointMode::default()),
        Some((name, value)) => AccountIdEndpointMode::parse(&value).ok_or(Error::InvalidSetting {
            name,
            value,
            expected: "preferred, disabled or required",
        }),
    }
}

/// The retry settings found outside the code, applied by
/// [`Client::new`](crate::Client::new).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetrySettings {
    pub(crate) attempts: Option<u32>,
    pub(crate) mode: Option<RetryMode>,
}

fn resolve_region(env: Env<'_>, profile: &mut LazyProfile<'_>) -> Result<String, Error> {
    if let Some(region) = var(env, "AWS_REGION").or_else(|| var(env, "AWS_DEFAULT_REGION")) {
        return Ok(region);
    }
    let profile = profile.get()?;
    if let Some(region) = profile.get("region") {
        return Ok(region.into());
    }
    // On EC2, the instance's region, as the AWS SDK for Rust's chain ends.
    let instance_metadata = if flag(env, "AWS_EC2_METADATA_DISABLED") {
        "AWS_EC2_METADATA_DISABLED is true".to_string()
    } else {
        let imds = crate::credentials::imds::Imds::new(
            env,
            profile.get("ec2_metadata_service_endpoint"),
            profile.get("ec2_metadata_service_endpoint_mode"),
        )?;
        match imds.region_now() {
            Ok(region) => return Ok(region),
            Err(failure) => failure.to_string(),
        }
    };
    Err(Error::NoRegion {
        profile: profile.name.clone(),
        config_file: profile.config_file.clone(),
        instance_metadata,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::profile::tests::{env_of, temp_dir, write_aws_files};

    pub(crate) const KEYS: [(&str, &str); 2] = [
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "SECRET"),
    ];

    pub(crate) fn resolve_in(config: Config, pairs: &[(&str, &str)]) -> Result<Resolved, Error> {
        config.resolve(&env_of(pairs))
    }

    #[test]
    fn explicit_settings_win_over_the_environment() {
        let env = [
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL_DYNAMODB", "http://env:1"),
            KEYS[0],
            KEYS[1],
        ];
        let config = Config::from_env()
            .region("us-west-2")
            .endpoint("http://localhost:8000")
            .credentials(Credentials::new("EXPLICIT", "S", None))
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(2));
        let resolved = resolve_in(config, &env).unwrap();
        assert_eq!(resolved.region, "us-west-2");
        assert_eq!(resolved.endpoint.as_str(), "http://localhost:8000/");
        let credentials = crate::credentials::block_on(resolved.credentials.provide_credentials());
        assert_eq!(credentials.unwrap().access_key_id(), "EXPLICIT");
        assert_eq!(resolved.connect_timeout, Duration::from_secs(1));
    }

    #[test]
    fn region_comes_from_aws_region_then_aws_default_region() {
        let both = [
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "us-east-2"),
            KEYS[0],
            KEYS[1],
        ];
        assert_eq!(
            resolve_in(Config::from_env(), &both).unwrap().region,
            "eu-west-1"
        );
        let default_only = [("AWS_DEFAULT_REGION", "us-east-2"), KEYS[0], KEYS[1]];
        assert_eq!(
            resolve_in(Config::from_env(), &default_only)
                .unwrap()
                .region,
            "us-east-2"
        );
    }

    #[test]
    fn region_comes_from_the_profile_in_the_config_file() {
        let home = temp_dir("config-region-profile");
        write_aws_files(
            &home,
            "[default]\nregion = eu-north-1\n[profile dev]\nregion = sa-east-1\n",
            "",
        );
        let home = home.to_str().unwrap();
        let default = [("HOME", home), KEYS[0], KEYS[1]];
        assert_eq!(
            resolve_in(Config::from_env(), &default).unwrap().region,
            "eu-north-1"
        );
        let dev = [("HOME", home), ("AWS_PROFILE", "dev"), KEYS[0], KEYS[1]];
        assert_eq!(
            resolve_in(Config::from_env(), &dev).unwrap().region,
            "sa-east-1"
        );
    }

    /// The one lookup of configured endpoints serves every service the
    /// client calls: DynamoDB, STS, the SSO portal and SSO OIDC.
    #[test]
    fn configured_endpoints_follow_the_sdks_order_for_every_service() {
        let home = temp_dir("config-service-endpoints");
        write_aws_files(
            &home,
            "[default]\nservices = corp\nendpoint_url = http://global:1\n\
             [services corp]\nsts =\n  endpoint_url = http://sts-vpce:2\n\
             sso_oidc =\n  endpoint_url = http://oidc:3\n",
            "",
        );
        let home = home.to_str().unwrap();
        let lookup = |pairs: &[(&str, &str)]| {
            let mut all = vec![("HOME", home)];
            all.extend_from_slice(pairs);
            let env = env_of(&all);
            let profile = LazyProfile::new(&env).get().ok().cloned();
            [
                ("AWS_ENDPOINT_URL_DYNAMODB", "dynamodb"),
                ("AWS_ENDPOINT_URL_STS", "sts"),
                ("AWS_ENDPOINT_URL_SSO", "sso"),
                ("AWS_ENDPOINT_URL_SSO_OIDC", "sso_oidc"),
            ]
            .map(|(variable, service)| {
                configured_endpoint(&env, profile.as_ref(), variable, service, true)
            })
        };
        let some = |url: &str| Some(url.to_string());
        assert_eq!(
            lookup(&[]),
            [
                some("http://global:1"),
                some("http://sts-vpce:2"),
                some("http://global:1"),
                some("http://oidc:3")
            ]
        );
        assert_eq!(
            lookup(&[("AWS_ENDPOINT_URL_STS", "http://env-sts:4")])[1],
            some("http://env-sts:4")
        );
        assert_eq!(
            lookup(&[("AWS_ENDPOINT_URL", "http://env:5")]),
            [
                some("http://env:5"),
                some("http://env:5"),
                some("http://env:5"),
                some("http://env:5")
            ]
        );
        assert_eq!(
            lookup(&[
                ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
                ("AWS_ENDPOINT_URL_STS", "http://env-sts:4")
            ]),
            [None, None, None, None]
        );
    }

    #[test]
    fn missing_region_says_where_to_set_it() {
        let home = temp_dir("config-no-region");
        write_aws_files(&home, "[profile dev]\noutput = json\n", "");
        let env = [
            ("HOME", home.to_str().unwrap()),
            ("AWS_PROFILE", "dev"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            KEYS[0],
            KEYS[1],
        ];
        let error = resolve_in(Config::from_env(), &env).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "no AWS region configured for profile `dev`: set AWS_REGION, add \
                 `region = us-east-1` (for example) to [profile dev] in {}, or pass it with \
                 Config::region (EC2 instance metadata: AWS_EC2_METADATA_DISABLED is true)",
                home.join(".aws/config").display()
            )
        );
    }

    #[test]
    fn explicit_region_and_credentials_never_fail_on_the_files() {
        let home = temp_dir("config-no-read");
        // A malformed file would fail resolution if the profile were needed.
        write_aws_files(&home, "not ini\n", "not ini\n");
        let config = Config::from_env()
            .region("us-east-1")
            .credentials(Credentials::new("K", "S", None));
        assert!(resolve_in(config, &[("HOME", home.to_str().unwrap())]).is_ok());
        assert!(matches!(
            resolve_in(Config::from_env(), &[("HOME", home.to_str().unwrap())]),
            Err(Error::ParseFile { line: 1, .. })
        ));
    }
}

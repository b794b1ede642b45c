//! [`Client`]: the core's client over [`HttpTransport`], built the way the
//! AWS SDKs find their configuration.

use core::ops::Deref;
use std::sync::Arc;

use rynamo_core::retry::RetryPolicy;

use crate::config::{Config, RetrySettings};
use crate::error::Error;
use crate::transport::HttpTransport;

/// A native DynamoDB client. Model operations take `&client`:
/// `order.save().send(&client).await?`.
///
/// It dereferences to [`rynamo_core::Client`], which holds the settings
/// and the retry loop. Cloning is cheap (one reference count) and every
/// clone shares one connection pool, as with reqwest or the AWS SDK: build
/// one at start-up and hand clones to tasks and request handlers. Its
/// futures are `Send`, so they run inside `tokio::spawn`.
///
/// ```no_run
/// # use rynamo_native::Client;
/// # async fn handler(_: Client) {}
/// # async fn service() -> Result<(), rynamo_native::Error> {
/// let db = Client::from_env()?;
/// for _ in 0..4 {
///     tokio::spawn(handler(db.clone()));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<rynamo_core::Client<HttpTransport>>,
}

impl Client {
    /// A client configured from `AWS_*` environment variables and the shared
    /// AWS config files (see [`Config::from_env`]).
    pub fn from_env() -> Result<Client, Error> {
        Client::new(Config::from_env())
    }

    /// A client from an explicit configuration, with its per-attempt and
    /// total deadlines ([`Config::timeout`], [`Config::total_timeout`]) and
    /// the AWS SDKs' retry settings where the environment or profile has
    /// them (`AWS_MAX_ATTEMPTS` / `max_attempts`, `AWS_RETRY_MODE` /
    /// `retry_mode`); [`retry_policy`](Self::retry_policy) and the core's
    /// `retry_mode` set them in code.
    pub fn new(config: Config) -> Result<Client, Error> {
        let (attempt, total) = (config.timeout, config.total_timeout);
        let resolved = config.resolve_from_process()?;
        let RetrySettings { attempts, mode } = resolved.retry;
        let mut core = rynamo_core::Client::new(HttpTransport::from_resolved(resolved)?)
            .attempt_timeout(attempt)
            .total_timeout(total);
        if let Some(max_attempts) = attempts {
            core = core.retry_policy(RetryPolicy {
                max_attempts,
                ..RetryPolicy::default()
            });
        }
        if let Some(mode) = mode {
            core = core.retry_mode(mode);
        }
        Ok(core.into())
    }

    /// Applies a core builder method; a client already shared with clones
    /// gets its own copy of the settings (the transport stays shared).
    fn edit(
        self,
        f: impl FnOnce(rynamo_core::Client<HttpTransport>) -> rynamo_core::Client<HttpTransport>,
    ) -> Self {
        f(Arc::unwrap_or_clone(self.inner)).into()
    }

    /// Prefixes every model's table name, e.g. per environment.
    pub fn table_prefix(self, prefix: impl Into<String>) -> Self {
        self.edit(|inner| inner.table_prefix(prefix))
    }

    /// Uses table `actual` wherever a model names table `declared`.
    pub fn table_name_override(
        self,
        declared: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        self.edit(|inner| inner.table_name_override(declared, actual))
    }

    /// Sets the retry policy.
    pub fn retry_policy(self, policy: RetryPolicy) -> Self {
        self.edit(|inner| inner.retry_policy(policy))
    }

    /// The core client, for its full settings.
    pub fn into_core(self) -> rynamo_core::Client<HttpTransport> {
        Arc::unwrap_or_clone(self.inner)
    }
}

impl From<rynamo_core::Client<HttpTransport>> for Client {
    fn from(inner: rynamo_core::Client<HttpTransport>) -> Self {
        Client {
            inner: Arc::new(inner),
        }
    }
}

impl Deref for Client {
    type Target = rynamo_core::Client<HttpTransport>;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Credentials;
    use rynamo_core::retry::RetryMode;

    /// A client from `vars` (and the files under `HOME` when given).
    fn client(vars: &[(&str, &str)]) -> Result<Client, Error> {
        Client::new(
            Config::from_vars(vars.iter().copied())
                .region("us-east-1")
                .credentials(Credentials::new("AKID", "SECRET", None)),
        )
    }

    #[test]
    fn the_sdks_retry_settings_come_from_the_environment_then_the_profile() {
        let plain = client(&[]).unwrap();
        let settings = plain.current_settings();
        assert_eq!(
            settings.retry.max_attempts,
            RetryPolicy::default().max_attempts
        );
        assert_eq!(settings.retry_mode, RetryMode::Standard);

        let home = crate::profile::tests::temp_dir("client-retry");
        crate::profile::tests::write_aws_files(
            &home,
            "[default]\nmax_attempts = 4\nretry_mode = Adaptive\n",
            "",
        );
        let home = home.to_str().unwrap();
        let from_profile = client(&[("HOME", home)]).unwrap();
        let settings = from_profile.current_settings();
        assert_eq!(
            (settings.retry.max_attempts, settings.retry_mode),
            (4, RetryMode::Adaptive)
        );
        // The environment first; legacy is standard here.
        let from_env = client(&[
            ("HOME", home),
            ("AWS_MAX_ATTEMPTS", "2"),
            ("AWS_RETRY_MODE", "legacy"),
        ])
        .unwrap();
        let settings = from_env.current_settings();
        assert_eq!(
            (settings.retry.max_attempts, settings.retry_mode),
            (2, RetryMode::Standard)
        );
        assert_eq!(settings.retry.base_delay, RetryPolicy::default().base_delay);
        // Code wins over both.
        let coded = from_env.retry_policy(RetryPolicy {
            max_attempts: 7,
            ..RetryPolicy::default()
        });
        assert_eq!(coded.current_settings().retry.max_attempts, 7);
    }

    #[test]
    fn a_retry_setting_of_the_wrong_shape_is_a_typed_error_naming_it() {
        for (name, value) in [
            ("AWS_MAX_ATTEMPTS", "0"),
            ("AWS_MAX_ATTEMPTS", "three"),
            ("AWS_MAX_ATTEMPTS", "-1"),
            ("AWS_RETRY_MODE", "aggressive"),
        ] {
            let error = client(&[(name, value)]).unwrap_err();
            assert!(
                matches!(&error, Error::InvalidSetting { name: n, value: v, .. } if *n == name && v == value),
                "{error:?}"
            );
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("invalid AWS setting {name} = `{value}`: expected")),
                "{error}"
            );
        }
    }
}

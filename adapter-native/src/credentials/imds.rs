//! The EC2 instance metadata service, version 2: a session token from
//! `PUT /latest/api/token`, then the role's credentials from
//! `/latest/meta-data/iam/security-credentials/<role>`, or the instance's
//! region from `/latest/meta-data/placement/region`.
//!
//! Each request has 1 s to connect and 1 s to finish, so a laptop, where
//! nothing answers at 169.254.169.254, moves on quickly.

use std::time::Duration;

use reqwest::{Client, Url};

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials, document, http};
use crate::env::{Env, var};
use crate::error::Error;

/// What messages call this source.
pub(crate) const ORIGIN: &str = "EC2 instance metadata (IMDSv2)";

/// The session token's lifetime asked for (six hours, the maximum).
const TOKEN_TTL_SECONDS: &str = "21600";

/// The instance metadata service.
#[derive(Debug)]
pub(crate) struct Imds {
    endpoint: Url,
    client: Client,
}

/// Why IMDS gave no credentials.
#[derive(Debug)]
pub(crate) enum ImdsFailure {
    /// Nothing answered: not on EC2 (the chain moves on).
    Unreachable(String),
    /// It answered, but not with credentials.
    Failed(String),
}

impl Imds {
    /// IMDS at `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or the profile's
    /// `ec2_metadata_service_endpoint`), else `http://169.254.169.254`
    /// (`http://[fd00:ec2::254]` when the endpoint mode is `IPv6`).
    pub(crate) fn new(
        env: Env<'_>,
        profile_endpoint: Option<&str>,
        profile_mode: Option<&str>,
    ) -> Result<Imds, Error> {
        let mode =
            var(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE").or(profile_mode.map(Into::into));
        let default = if mode.is_some_and(|mode| mode.eq_ignore_ascii_case("ipv6")) {
            "http://[fd00:ec2::254]"
        } else {
            "http://169.254.169.254"
        };
        let endpoint = var(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT")
            .or(profile_endpoint.map(Into::into))
            .unwrap_or_else(|| default.into());
        let endpoint = Url::parse(&endpoint).map_err(|error| Error::InvalidEndpoint {
            endpoint: endpoint.clone(),
            reason: error.to_string(),
        })?;
        Ok(Imds {
            endpoint,
            client: http::client(env, Duration::from_secs(1), Duration::from_secs(1), true)?,
        })
    }

    /// The instance's region (`/latest/meta-data/placement/region`), for a
    /// process that configures none, as the AWS SDK for Rust's and Java's
    /// region chains end. Waits for it on a thread of its own with its own
    /// runtime, so it can be called anywhere, inside a Tokio runtime of
    /// either flavour too; at most the 1 s timeouts of two requests.
    pub(crate) fn region_now(&self) -> Result<String, ImdsFailure> {
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|error| ImdsFailure::Failed(error.to_string()))?
                        .block_on(self.region())
                })
                .join()
                .unwrap_or_else(|_| Err(ImdsFailure::Failed("the lookup panicked".into())))
        })
    }

    /// [`region_now`](Self::region_now)'s lookup.
    async fn region(&self) -> Result<String, ImdsFailure> {
        let token = self.token().await?;
        let region = self
            .get("/latest/meta-data/placement/region", &token, "region")
            .await?;
        let region = region.trim();
        // A region is a DNS label: it goes into the endpoint's host.
        let valid = !region.is_empty()
            && region.len() <= 63
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            return Err(ImdsFailure::Failed(format!(
                "region at {}: not a region name",
                self.endpoint
            )));
        }
        Ok(region.into())
    }

    /// A session token (`PUT /latest/api/token`).
    async fn token(&self) -> Result<String, ImdsFailure> {
        let token = http::send(
            self.client
                .put(self.url("/latest/api/token")?)
                .header("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL_SECONDS),
        )
        .await
        .map_err(self.step("session token"))?;
        Ok(token.trim().to_owned())
    }

    /// `GET path` with the session token; `what` names it in a failure.
    async fn get(
        &self,
        path: &str,
        token: &str,
        what: &'static str,
    ) -> Result<String, ImdsFailure> {
        http::send(
            self.client
                .get(self.url(path)?)
                .header("x-aws-ec2-metadata-token", token),
        )
        .await
        .map_err(self.step(what))
    }

    fn url(&self, path: &str) -> Result<Url, ImdsFailure> {
        self.endpoint
            .join(path)
            .map_err(|error| ImdsFailure::Failed(error.to_string()))
    }

    /// A failed request for `what`: unreachable (not on EC2) or refused.
    fn step(&self, what: &'static str) -> impl Fn(http::Failure) -> ImdsFailure + '_ {
        move |failure: http::Failure| match failure {
            http::Failure::Unreachable(message) => ImdsFailure::Unreachable(format!(
                "no answer from {} ({what}): {message}",
                self.endpoint
            )),
            status => ImdsFailure::Failed(format!("{what} at {}: {status}", self.endpoint)),
        }
    }

    /// The instance role's credentials.
    pub(crate) async fn fetch(&self) -> Result<Credentials, ImdsFailure> {
        let token = self.token().await?;
        let roles = self
            .get(
                "/latest/meta-data/iam/security-credentials/",
                &token,
                "instance role",
            )
            .await?;
        let role = roles
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .ok_or_else(|| {
                ImdsFailure::Failed(
                    "the instance has no IAM role (instance profile) attached".into(),
                )
            })?;
        let document = self
            .get(
                &format!("/latest/meta-data/iam/security-credentials/{role}"),
                &token,
                "role credentials",
            )
            .await?;
        document::read(&document, "Token")
            .map_err(|message| ImdsFailure::Failed(format!("role `{role}` credentials: {message}")))
    }
}

impl std::fmt::Display for ImdsFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImdsFailure::Unreachable(message) | ImdsFailure::Failed(message) => {
                f.write_str(message)
            }
        }
    }
}

impl ProvideCredentials for Imds {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            self.fetch()
                .await
                .map_err(|failure| CredentialsError::failed(ORIGIN, failure.to_string()))
        })
    }
}

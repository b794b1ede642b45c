//! Container credentials: the ECS task role endpoint and EKS Pod Identity.
//!
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on
//! `http://169.254.170.2`; `AWS_CONTAINER_CREDENTIALS_FULL_URI` is any
//! `https` URL, or an `http` URL on a loopback address or on the ECS
//! (`169.254.170.2`) or EKS (`169.254.170.23`, `fd00:ec2::23`) agents. The
//! `Authorization` header is the content of
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on each fetch: it rotates),
//! else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

use reqwest::{Client, Url};

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials, document, http};
use crate::env::{Env, var};
use crate::error::Error;

/// What messages call this source.
pub(crate) const ORIGIN: &str = "container credentials";

/// The ECS agent's address for relative URIs.
const ECS_HOST: &str = "http://169.254.170.2";

/// Where the token comes from.
#[derive(Debug)]
enum Token {
    None,
    File(PathBuf),
    Value(String),
}

/// The container credentials endpoint.
pub(crate) struct Container {
    url: Url,
    token: Token,
    client: Client,
}

impl std::fmt::Debug for Container {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not derived: the token is a secret.
        f.debug_struct("Container")
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

impl Container {
    /// The endpoint the environment names; `Ok(None)` when it names none,
    /// an error when it names one that may not be used.
    pub(crate) fn from_env(env: Env<'_>) -> Result<Option<Container>, Error> {
        let url = if let Some(relative) = var(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let joined = format!("{ECS_HOST}{relative}");
            Url::parse(&joined).map_err(|error| invalid(&joined, &error.to_string()))?
        } else if let Some(full) = var(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            let url = Url::parse(&full).map_err(|error| invalid(&full, &error.to_string()))?;
            check_host(&url).map_err(|reason| invalid(&full, reason))?;
            url
        } else {
            return Ok(None);
        };
        let token = match var(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Some(path) => Token::File(path.into()),
            None => var(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN").map_or(Token::None, Token::Value),
        };
        // Plain http is only to loopback or the agents (`check_host`):
        // reached directly, never through a proxy.
        let direct = url.scheme() == "http";
        Ok(Some(Container {
            url,
            token,
            client: http::client(env, Duration::from_secs(2), Duration::from_secs(5), direct)?,
        }))
    }

    /// Fetches the credentials document.
    pub(crate) async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let failed = |message: String| CredentialsError::failed(ORIGIN, message);
        let token = match &self.token {
            Token::None => None,
            Token::Value(token) => Some(token.clone()),
            Token::File(path) => Some(
                tokio::fs::read_to_string(path)
                    .await
                    .map_err(|error| {
                        failed(format!(
                            "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {}: {error}",
                            path.display()
                        ))
                    })?
                    .trim()
                    .to_string(),
            ),
        };
        let mut request = self.client.get(self.url.clone());
        if let Some(token) = token {
            if token.contains(['\r', '\n']) {
                return Err(failed(
                    "the authorization token contains a line break".into(),
                ));
            }
            request = request.header("authorization", token);
        }
        let body = http::send(request)
            .await
            .map_err(|failure| failed(format!("{} failed: {failure}", self.url)))?;
        document::read(&body, "Token").map_err(|message| failed(format!("{}: {message}", self.url)))
    }
}

impl ProvideCredentials for Container {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

fn invalid(uri: &str, reason: &str) -> Error {
    Error::InvalidEndpoint {
        endpoint: uri.into(),
        reason: format!("not a container credentials URI: {reason}"),
    }
}

/// `https` anywhere; `http` only to loopback or the ECS and EKS agents.
fn check_host(url: &Url) -> Result<(), &'static str> {
    match url.scheme() {
        "https" => return Ok(()),
        "http" => {}
        _ => return Err("the scheme must be http or https"),
    }
    let host = url.host_str().ok_or("there is no host")?;
    let allowed = |ip: IpAddr| {
        ip.is_loopback()
            || ip == IpAddr::V4(Ipv4Addr::new(169, 254, 170, 2))
            || ip == IpAddr::V4(Ipv4Addr::new(169, 254, 170, 23))
            || ip == IpAddr::V6(Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23))
    };
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = literal.parse::<IpAddr>() {
        return if allowed(ip) {
            Ok(())
        } else {
            Err(NOT_ALLOWED)
        };
    }
    // A name must resolve to loopback addresses only.
    let addresses: Vec<IpAddr> = (host, url.port_or_known_default().unwrap_or(80))
        .to_socket_addrs()
        .map_err(|_| "its host name does not resolve")?
        .map(|address| address.ip())
        .collect();
    if !addresses.is_empty() && addresses.iter().all(|ip| ip.is_loopback()) {
        Ok(())
    } else {
        Err(NOT_ALLOWED)
    }
}

const NOT_ALLOWED: &str = "an http URI must be on a loopback address or the ECS (169.254.170.2) or EKS \
                           (169.254.170.23, fd00:ec2::23) agent; use https for other hosts";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::tests::env_of;

    fn url_of(pairs: &[(&str, &str)]) -> Result<Option<String>, Error> {
        Container::from_env(&env_of(pairs)).map(|c| c.map(|c| c.url.to_string()))
    }

    #[test]
    fn relative_uris_go_to_the_ecs_agent_and_win_over_full_uris() {
        let url = url_of(&[
            (
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "/v2/credentials/abc",
            ),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/x"),
        ]);
        assert_eq!(
            url.unwrap().as_deref(),
            Some("http://169.254.170.2/v2/credentials/abc")
        );
        assert!(url_of(&[]).unwrap().is_none());
    }

    #[test]
    fn full_uris_over_http_must_be_loopback_or_an_agent() {
        for allowed in [
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/creds",
            "http://[::1]:80/creds",
            "http://localhost:1234/creds",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "https://creds.example.com/x",
        ] {
            let url = url_of(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", allowed)]);
            assert!(url.is_ok_and(|url| url.is_some()), "{allowed}");
        }
        for refused in [
            "http://10.0.0.1/creds",
            "http://169.254.169.254/x",
            "ftp://127.0.0.1/x",
        ] {
            let error = url_of(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", refused)]).unwrap_err();
            assert!(
                matches!(&error, Error::InvalidEndpoint { endpoint, .. } if endpoint == refused),
                "{refused}: {error}"
            );
        }
    }
}

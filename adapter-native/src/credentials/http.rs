//! The one HTTP exchange the credential sources make: a request, a status
//! and a text body, with timeouts, described without secrets on failure.

use std::time::Duration;

use reqwest::{Client, RequestBuilder, redirect};

use crate::env::Env;
use crate::error::{Error, describe};

/// A client for an AWS service a credential source calls (STS, the SSO
/// portal and OIDC): the SDKs' 3.1 s to connect, 30 s for an exchange,
/// through a proxy when one is set.
pub(crate) fn service_client(env: Env<'_>) -> Result<Client, Error> {
    client(
        env,
        Duration::from_millis(3100),
        Duration::from_secs(30),
        false,
    )
}

/// A client for one credential source: `connect` bounds opening a
/// connection, `total` a whole exchange. Redirects are not followed (a
/// redirect would carry an authorization token elsewhere). It trusts the
/// CA bundle `env` names, as the DynamoDB transport does. `direct`: never
/// through a proxy (`HTTPS_PROXY`, `HTTP_PROXY`), for the host's own
/// endpoints (instance metadata, the container agents), which no proxy can
/// reach and whose tokens must not pass through one, as the AWS SDK for
/// Java has them.
pub(crate) fn client(
    env: Env<'_>,
    connect: Duration,
    total: Duration,
    direct: bool,
) -> Result<Client, Error> {
    let mut builder = Client::builder();
    if direct {
        builder = builder.no_proxy();
    }
    let builder = builder
        .connect_timeout(connect)
        .timeout(total)
        .redirect(redirect::Policy::none())
        .user_agent(concat!("rynamo-native/", env!("CARGO_PKG_VERSION")));
    let certificates = crate::tls::ca_bundle(env, &mut crate::profile::LazyProfile::new(env))?;
    crate::tls::trusting(builder, &certificates)
        .build()
        .map_err(|error| Error::HttpClient {
            message: describe(&error),
        })
}

/// How an exchange failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Nothing answered: refused, unreachable or timed out.
    Unreachable(String),
    /// The server answered with a status other than 2xx.
    Status(u16, String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Unreachable(message) => f.write_str(message),
            Failure::Status(status, body) => write!(f, "HTTP {status}: {}", excerpt(body)),
        }
    }
}

/// The largest reply a credential source reads: credentials documents and
/// STS replies are a few KB, so a larger one is refused as it arrives rather
/// than held whole.
const MAX_REPLY_BYTES: usize = 1024 * 1024;

/// Sends `request`; the body of a 2xx reply.
pub(crate) async fn send(request: RequestBuilder) -> Result<String, Failure> {
    let unreachable = |error: reqwest::Error| Failure::Unreachable(describe(&error));
    let mut response = request.send().await.map_err(unreachable)?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
        if chunk.len() > MAX_REPLY_BYTES - body.len() {
            return Err(Failure::Unreachable(format!(
                "HTTP {status}: the reply passed the limit of {MAX_REPLY_BYTES} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(Failure::Status(status, body))
    }
}

/// The first 200 characters of an error body, on one line, without request
/// secrets it may echo. Only error bodies are shown: a successful one holds
/// the credentials.
pub(crate) fn excerpt(body: &str) -> String {
    let line: String = rynamo_core::error::server_text(body)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    line.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    #[tokio::test]
    async fn a_reply_past_a_megabyte_is_refused_as_it_arrives() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut head = [0; 1024];
            let _ = stream.read(&mut head);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n");
            let chunk = vec![b'x'; 64 * 1024];
            // 200 MB, unless the client hangs up first.
            for _ in 0..3200 {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
            }
        });
        let client = client(
            &|_: &str| None,
            Duration::from_secs(2),
            Duration::from_secs(20),
            false,
        )
        .unwrap();
        let failure = send(client.get(url)).await.unwrap_err();
        assert!(
            failure
                .to_string()
                .contains("passed the limit of 1048576 bytes"),
            "{failure}"
        );
    }
}

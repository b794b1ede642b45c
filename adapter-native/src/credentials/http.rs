//! The one HTTP exchange the credential sources make: a request, a status
//! and a text body, with timeouts, described without secrets on failure.

use std::time::Duration;

use reqwest::{Client, RequestBuilder, redirect};

use crate::error::{Error, describe};

/// A client for one credential source: `connect` bounds opening a
/// connection, `total` a whole exchange. Redirects are not followed (a
/// redirect would carry an authorization token elsewhere).
pub(crate) fn client(connect: Duration, total: Duration) -> Result<Client, Error> {
    Client::builder()
        .connect_timeout(connect)
        .timeout(total)
        .redirect(redirect::Policy::none())
        .user_agent(concat!("rynamo-native/", env!("CARGO_PKG_VERSION")))
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

/// Sends `request`; the body of a 2xx reply.
pub(crate) async fn send(request: RequestBuilder) -> Result<String, Failure> {
    let response = request
        .send()
        .await
        .map_err(|error| Failure::Unreachable(describe(&error)))?;
    let status = response.status().as_u16();
    let body = response
        .text()
        .await
        .map_err(|error| Failure::Unreachable(describe(&error)))?;
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

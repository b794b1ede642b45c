//! [`HttpTransport`]: the core's [`Transport`] over reqwest, rustls and Tokio.

use std::error::Error as _;
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_TYPE, HOST, HeaderValue};
use reqwest::{Client, Url, redirect};
use rynamo_core::transport::{
    self, Request, Response, Transport, TransportError, TransportErrorKind,
};

use crate::config::Config;
use crate::credentials::CredentialsCache;
use crate::error::Error;
use crate::signing::Signer;

const USER_AGENT: &str = concat!("rynamo-native/", env!("CARGO_PKG_VERSION"));

/// Sends the core's requests to DynamoDB over HTTP(S), signed with SigV4.
///
/// One transport keeps a pool of connections; share it rather than building
/// one per request. Its futures are `Send` and need a Tokio runtime with the
/// timer enabled.
pub struct HttpTransport {
    client: Client,
    endpoint: Url,
    /// The `Host` header, sent and signed exactly as computed here so the
    /// signature cannot disagree with what goes on the wire.
    host: String,
    signer: Signer,
    credentials: CredentialsCache,
    region: String,
    jitter: RandomState,
    jitter_counter: AtomicU64,
    headers: Vec<(String, String)>,
    started: std::time::Instant,
}

impl HttpTransport {
    /// Builds a transport, filling in from the environment and the shared AWS
    /// files whatever `config` does not set (see [`Config`]).
    pub fn new(config: Config) -> Result<Self, Error> {
        let config = config.resolve_from_process()?;
        let client = Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            // A redirected POST would lose its body or its signature.
            .redirect(redirect::Policy::none())
            .user_agent(USER_AGENT)
            .build()
            .map_err(|error| Error::HttpClient {
                message: describe(&error),
            })?;
        Ok(HttpTransport {
            client,
            host: host_header(&config.endpoint),
            endpoint: config.endpoint,
            signer: Signer::new(config.region.clone(), crate::signing::DYNAMODB),
            credentials: CredentialsCache::shared(config.credentials),
            region: config.region,
            jitter: RandomState::new(),
            jitter_counter: AtomicU64::new(0),
            headers: config.headers,
            started: std::time::Instant::now(),
        })
    }

    /// The URL requests are sent to.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }
}

impl Transport for HttpTransport {
    async fn send(&self, request: &Request) -> Result<Response, TransportError> {
        let target = request.action.target();
        let headers = [
            ("content-type", transport::CONTENT_TYPE),
            ("host", &self.host),
            ("x-amz-target", target),
        ];
        let credentials = self.credentials.credentials().await.map_err(|error| {
            TransportError::new(
                TransportErrorKind::Request,
                format!("could not get AWS credentials: {error}"),
            )
        })?;
        let signed = self.signer.sign(
            &credentials,
            self.endpoint.as_str(),
            &headers,
            &request.body,
            SystemTime::now(),
        )?;
        let mut builder = self
            .client
            .post(self.endpoint.clone())
            .header(HOST, &self.host)
            .header(CONTENT_TYPE, transport::CONTENT_TYPE)
            .header("x-amz-target", target);
        for header in signed {
            let mut value = HeaderValue::try_from(header.value).map_err(|_| {
                TransportError::new(
                    TransportErrorKind::Request,
                    format!(
                        "the signed `{}` header is not a valid header value",
                        header.name
                    ),
                )
            })?;
            value.set_sensitive(header.sensitive);
            builder = builder.header(header.name, value);
        }
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        // The core keeps the request for retries, so each attempt sends a copy.
        let response = builder
            .body(request.body.clone())
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(Response {
            status,
            body: body.into(),
        })
    }

    async fn sleep(&self, duration: Duration) {
        // An async fn creates the Tokio timer when first polled, inside the
        // runtime; `tokio::time::sleep` called outside one panics at once.
        tokio::time::sleep(duration).await;
    }

    fn now(&self) -> Option<Duration> {
        Some(self.started.elapsed())
    }

    fn jitter_seed(&self) -> u64 {
        // RandomState is seeded randomly once per process (then stepped per
        // instance); hashing a counter turns it into a stream of seeds.
        self.jitter
            .hash_one(self.jitter_counter.fetch_add(1, Ordering::Relaxed))
    }
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("endpoint", &self.endpoint.as_str())
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

/// The `Host` header for `url`: the host, with the port unless it is the
/// scheme's default (as HTTP clients and `aws-sigv4` both write it).
fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.into(),
    }
}

/// Sorts a reqwest failure into the core's kinds.
fn transport_error(error: reqwest::Error) -> TransportError {
    // A connect timeout is both `is_connect` and `is_timeout`; either way the
    // caller's remedy is the same as for a read timeout.
    let kind = if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_builder() {
        TransportErrorKind::Request
    } else {
        TransportErrorKind::Io
    };
    TransportError::new(kind, describe(&error))
}

/// The error and its causes on one line: reqwest's own message rarely says
/// more than "error sending request".
fn describe(error: &reqwest::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Credentials;
    use rynamo_core::transport::Action;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::thread;

    fn transport(endpoint: &str, timeout: Duration) -> HttpTransport {
        let config = Config::from_env()
            .region("us-east-1")
            .endpoint(endpoint)
            .credentials(Credentials::new("AKID", "SECRET", Some("TOKEN".into())))
            .connect_timeout(timeout)
            .timeout(timeout)
            .header("x-rynamo-test", "extra");
        HttpTransport::new(config).unwrap()
    }

    fn list_tables() -> Request {
        Request {
            action: Action::ListTables,
            body: b"{}".to_vec(),
        }
    }

    /// Reads one HTTP/1.1 request: lower-cased header lines and the body.
    fn read_request(stream: &mut TcpStream) -> (Vec<String>, Vec<u8>) {
        let mut reader = BufReader::new(stream);
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end().to_string();
            if line.is_empty() {
                break;
            }
            lines.push(line);
        }
        let length = lines
            .iter()
            .find_map(|line| {
                line.to_ascii_lowercase()
                    .strip_prefix("content-length: ")
                    .map(str::to_string)
            })
            .map_or(0, |length| length.parse().unwrap());
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        (lines, body)
    }

    #[tokio::test]
    async fn sends_a_signed_post_and_returns_any_status_as_a_response() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let request = read_request(&mut stream);
            let reply = b"{\"__type\":\"com.amazon.coral.validate#ValidationException\"}";
            write!(
                stream,
                "HTTP/1.1 400 Bad Request\r\ncontent-length: {}\r\n\r\n",
                reply.len()
            )
            .unwrap();
            stream.write_all(reply).unwrap();
            request
        });
        let transport = transport(&format!("http://127.0.0.1:{port}"), Duration::from_secs(5));
        let response = transport.send(&list_tables()).await.unwrap();
        assert_eq!(response.status, 400);
        assert_eq!(
            response.body,
            b"{\"__type\":\"com.amazon.coral.validate#ValidationException\"}"
        );

        let (lines, body) = server.join().unwrap();
        assert_eq!(lines[0], "POST / HTTP/1.1");
        assert_eq!(body, b"{}");
        let header = |name: &str| {
            let prefix = format!("{name}: ");
            lines
                .iter()
                .find_map(|line| line.strip_prefix(&prefix))
                .unwrap_or_else(|| panic!("no {name} in {lines:?}"))
        };
        assert_eq!(header("host"), format!("127.0.0.1:{port}"));
        assert_eq!(header("content-type"), "application/x-amz-json-1.0");
        assert_eq!(header("x-amz-target"), "DynamoDB_20120810.ListTables");
        assert_eq!(header("x-amz-security-token"), "TOKEN");
        assert_eq!(header("user-agent"), USER_AGENT);
        assert_eq!(header("x-rynamo-test"), "extra");
        assert_eq!(header("x-amz-date").len(), "20150830T123600Z".len());
        assert!(
            header("authorization").starts_with("AWS4-HMAC-SHA256 Credential=AKID/")
                && header("authorization").contains(
                    "/us-east-1/dynamodb/aws4_request, \
                     SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
                ),
            "{}",
            header("authorization")
        );
    }

    #[tokio::test]
    async fn refused_connection_is_a_connect_error() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let transport = transport(&format!("http://127.0.0.1:{port}"), Duration::from_secs(5));
        let error = transport.send(&list_tables()).await.unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Connect, "{error}");
        assert!(error.message().contains("127.0.0.1"), "{error}");
        assert!(error.is_retryable());
    }

    #[tokio::test]
    async fn silent_server_is_a_timeout() {
        // The kernel completes the handshake; nobody ever answers.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let transport = transport(
            &format!("http://127.0.0.1:{port}"),
            Duration::from_millis(200),
        );
        let error = transport.send(&list_tables()).await.unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
        drop(listener);
    }

    #[tokio::test]
    async fn connection_closed_before_a_response_is_an_io_error() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            read_request(&mut stream);
        });
        let transport = transport(&format!("http://127.0.0.1:{port}"), Duration::from_secs(5));
        let error = transport.send(&list_tables()).await.unwrap_err();
        server.join().unwrap();
        assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    }

    #[test]
    fn futures_are_send_so_native_clients_can_be_spawned() {
        fn assert_send<T: Send>(_: &T) {}
        let transport = transport("http://127.0.0.1:9", Duration::from_secs(1));
        let request = list_tables();
        assert_send(&transport.send(&request));
        assert_send(&transport.sleep(Duration::from_millis(1)));
        fn assert_sync<T: Send + Sync>() {}
        assert_sync::<HttpTransport>();
    }

    #[test]
    fn jitter_seeds_differ_between_calls_and_transports() {
        let first = transport("http://127.0.0.1:9", Duration::from_secs(1));
        let second = transport("http://127.0.0.1:9", Duration::from_secs(1));
        let seeds = [
            first.jitter_seed(),
            first.jitter_seed(),
            second.jitter_seed(),
        ];
        assert_ne!(seeds[0], seeds[1]);
        assert_ne!(seeds[0], seeds[2]);
    }

    #[test]
    fn host_header_omits_only_the_default_port() {
        let host = |url: &str| host_header(&Url::parse(url).unwrap());
        assert_eq!(
            host("https://dynamodb.us-east-1.amazonaws.com"),
            "dynamodb.us-east-1.amazonaws.com"
        );
        assert_eq!(host("https://example.com:443/"), "example.com");
        assert_eq!(host("http://localhost:8000"), "localhost:8000");
        assert_eq!(host("http://[::1]:8000"), "[::1]:8000");
    }

    #[test]
    fn debug_shows_where_but_not_the_credentials() {
        let debug = format!(
            "{:?}",
            transport("http://localhost:8000", Duration::from_secs(1))
        );
        assert_eq!(
            debug,
            r#"HttpTransport { endpoint: "http://localhost:8000/", region: "us-east-1", .. }"#
        );
    }
}

#[cfg(test)]
#[path = "signing_fixtures.rs"]
mod signing_fixtures;

//! [`HttpTransport`]: the core's [`Transport`] over reqwest, rustls and Tokio.

use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_TYPE, HOST, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Client, Method, Url, redirect};
use rynamo_core::transport::{
    self, Request, Response, Transport, TransportError, TransportErrorKind,
};

use crate::config::{Config, Resolved};
use crate::credentials::CredentialsCache;
use crate::endpoint::AccountEndpoints;
use crate::error::{Error, describe};
use crate::signing::Signer;

/// The `X-Amz-Target` header's name, lower case as HTTP/1.1 sends it.
const X_AMZ_TARGET: HeaderName = HeaderName::from_static("x-amz-target");

const USER_AGENT: &str = concat!("rynamo-native/", env!("CARGO_PKG_VERSION"));

/// Sends the core's requests to DynamoDB over HTTP(S), signed with SigV4.
///
/// One transport keeps a pool of keep-alive connections (see
/// [`Connections`](crate::Connections)); clones share it and are cheap (one
/// reference count), so build one per process, not one per request. Its
/// futures are `Send`, so requests run inside `tokio::spawn` on a
/// multi-thread runtime; they need a Tokio runtime with the timer enabled.
#[derive(Clone)]
pub struct HttpTransport {
    shared: Arc<Shared>,
}

/// Where requests go: the URL and its `Host` header, sent and signed
/// exactly as computed here so the signature cannot disagree with what
/// goes on the wire.
struct Target {
    url: Url,
    host: String,
    /// `host`, ready to send (parsed once, not per request).
    host_value: HeaderValue,
}

impl Target {
    /// The target of `url`; `what` names it in an error.
    fn new(url: Url, what: &str) -> Result<Target, Error> {
        let host = host_header(&url);
        let host_value = HeaderValue::try_from(host.as_str()).map_err(|_| Error::HttpClient {
            message: format!("{what}'s host `{host}` is not a valid Host header"),
        })?;
        Ok(Target {
            url,
            host,
            host_value,
        })
    }
}

/// The last account's endpoint: the account, and its target.
type LastAccount = Option<(String, Arc<Target>)>;

/// What every clone of one transport shares.
struct Shared {
    client: Client,
    /// Where DynamoDB actions go, unless the credentials' account picks its
    /// own endpoint (`account_endpoints`).
    endpoint: Target,
    /// How the endpoint follows the credentials' account, and the last
    /// account's endpoint (credentials are cached, so it rarely changes).
    account_endpoints: Option<(AccountEndpoints, Mutex<LastAccount>)>,
    /// Where Streams API actions go (`Action::api`).
    streams: Target,
    signer: Signer,
    credentials: CredentialsCache,
    region: String,
    jitter: RandomState,
    jitter_counter: AtomicU64,
    /// The extra headers of [`Config::header`], parsed once.
    headers: Vec<(HeaderName, HeaderValue)>,
    started: std::time::Instant,
    /// [`Config::max_reply_bytes`].
    max_reply_bytes: usize,
    /// How far the server's clock is ahead of this machine's, in seconds:
    /// learnt from a reply that refused a request for its signing time, and
    /// added to the time every later request is signed at.
    clock_skew: AtomicI64,
}

impl HttpTransport {
    /// Builds a transport, filling in from the environment and the shared AWS
    /// files whatever `config` does not set (see [`Config`]).
    pub fn new(config: Config) -> Result<Self, Error> {
        HttpTransport::from_resolved(config.resolve_from_process()?)
    }

    /// A transport for a configuration already resolved (what
    /// [`Client::new`](crate::Client::new) also takes its retry settings
    /// from, so the files are read once).
    pub(crate) fn from_resolved(config: Resolved) -> Result<Self, Error> {
        let connections = config.connections.clone();
        let max_reply_bytes = config.max_reply_bytes;
        // No overall timeout here: the core bounds each attempt and each
        // call (`Settings::attempt_timeout`, `total_timeout`) on every
        // adapter alike, and dropping the exchange cancels it.
        let builder = Client::builder()
            .connect_timeout(config.connect_timeout)
            .pool_max_idle_per_host(connections.max_idle_per_host)
            .pool_idle_timeout(connections.idle_timeout)
            .tcp_keepalive(connections.tcp_keepalive)
            // A redirected POST would lose its body or its signature.
            .redirect(redirect::Policy::none())
            .user_agent(USER_AGENT);
        let client = crate::tls::trusting(builder, &config.ca_bundle)
            .build()
            .map_err(|error| Error::HttpClient {
                message: describe(&error),
            })?;
        let endpoint = Target::new(config.endpoint, "the endpoint")?;
        let streams = Target::new(config.streams_endpoint, "the Streams endpoint")?;
        let headers = config
            .headers
            .iter()
            .map(|(name, value)| {
                let invalid = |what: &str| Error::HttpClient {
                    message: format!("extra header `{name}`: invalid header {what}"),
                };
                Ok((
                    HeaderName::try_from(name.as_str()).map_err(|_| invalid("name"))?,
                    HeaderValue::try_from(value.as_str()).map_err(|_| invalid("value"))?,
                ))
            })
            .collect::<Result<_, Error>>()?;
        Ok(HttpTransport {
            shared: Arc::new(Shared {
                client,
                endpoint,
                account_endpoints: config
                    .account_endpoints
                    .map(|rules| (rules, Mutex::new(None))),
                streams,
                signer: Signer::new(config.region.clone(), crate::signing::DYNAMODB),
                credentials: CredentialsCache::shared(config.credentials),
                region: config.region,
                jitter: RandomState::new(),
                jitter_counter: AtomicU64::new(0),
                headers,
                started: std::time::Instant::now(),
                max_reply_bytes,
                clock_skew: AtomicI64::new(0),
            }),
        })
    }

    /// The URL requests are sent to: the configured or regional one. In
    /// the `aws` partition, credentials that name their account send to
    /// its account-based endpoint instead (see
    /// [`AccountIdEndpointMode`](crate::AccountIdEndpointMode)).
    pub fn endpoint(&self) -> &str {
        self.shared.endpoint.url.as_str()
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.shared.region
    }
}

impl HttpTransport {
    /// One signed exchange, signed at `now`.
    async fn exchange(
        &self,
        request: &Request,
        now: SystemTime,
    ) -> Result<Response, TransportError> {
        let this = &*self.shared;
        let target = request.action.target();
        let credentials = this.credentials.credentials().await.map_err(|error| {
            TransportError::new(
                TransportErrorKind::Request,
                format!("could not get AWS credentials: {error}"),
            )
        })?;
        let account_target;
        let to = if request.action.api() == transport::Api::Streams {
            &this.streams
        } else {
            match self.account_target(credentials.account_id())? {
                Some(account) => {
                    account_target = account;
                    &*account_target
                }
                None => &this.endpoint,
            }
        };
        let headers = [
            ("content-type", transport::CONTENT_TYPE),
            ("host", to.host.as_str()),
            ("x-amz-target", target),
        ];
        let signed =
            this.signer
                .sign(&credentials, to.url.as_str(), &headers, &request.body, now)?;
        // The headers go straight into one map sized for them, rather than
        // through reqwest's builder, which parses and grows per header.
        let mut headers = HeaderMap::with_capacity(6 + this.headers.len());
        headers.insert(HOST, to.host_value.clone());
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(transport::CONTENT_TYPE),
        );
        headers.insert(X_AMZ_TARGET, HeaderValue::from_static(target));
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
            // The signer's header names are lower-case constants.
            headers.insert(HeaderName::from_static(header.name), value);
        }
        for (name, value) in &this.headers {
            headers.append(name, value.clone());
        }
        let mut http_request = reqwest::Request::new(Method::POST, to.url.clone());
        *http_request.headers_mut() = headers;
        // The core keeps the request for retries, so each attempt sends a copy.
        *http_request.body_mut() = Some(request.body.clone().into());
        let response = this
            .client
            .execute(http_request)
            .await
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        if response.status().is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default();
            return Err(TransportError::new(
                TransportErrorKind::Request,
                format!(
                    "redirect (HTTP {status}) to `{}` refused: check the endpoint",
                    location.get(..256).unwrap_or(location)
                ),
            ));
        }
        let request_id = request_id(response.headers());
        let body = read_body(response, this.max_reply_bytes).await?;
        Ok(Response {
            status,
            body,
            request_id,
        })
    }
}

impl HttpTransport {
    /// The account-based endpoint for credentials of `account`, where the
    /// rules give one (`None`: the configured or regional endpoint). Made
    /// once per account and kept.
    fn account_target(&self, account: Option<&str>) -> Result<Option<Arc<Target>>, TransportError> {
        let Some((rules, last)) = &self.shared.account_endpoints else {
            return Ok(None);
        };
        let mut last = last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // The last account's, as every request of cached credentials asks:
        // kept only where the rules gave it, which they always will.
        if let Some((for_account, target)) = &*last
            && Some(for_account.as_str()) == account
        {
            return Ok(Some(Arc::clone(target)));
        }
        let refused = |message: String| TransportError::new(TransportErrorKind::Request, message);
        let Some(url) = rules.url(account).map_err(refused)? else {
            return Ok(None);
        };
        // A valid host label makes a valid URL and Host header.
        let url = Url::parse(&url).map_err(|error| refused(format!("`{url}`: {error}")))?;
        let target = Arc::new(
            Target::new(url, "the account's endpoint")
                .map_err(|error| refused(error.to_string()))?,
        );
        *last = Some((account.unwrap_or_default().to_owned(), Arc::clone(&target)));
        Ok(Some(target))
    }
}

/// DynamoDB's `x-amzn-RequestId` (DynamoDB Local sends one too), as the
/// core keeps it ([`transport::request_id`]).
fn request_id(headers: &HeaderMap) -> Option<String> {
    transport::request_id(headers.get("x-amzn-requestid")?.to_str().ok()?)
}

/// Whether `response` may be DynamoDB's refusal of a request for its
/// signing time, which is worth decoding here: a 400 or 403 of at most
/// [`MAX_SIGNING_REFUSAL_BYTES`](rynamo_core::error::MAX_SIGNING_REFUSAL_BYTES)
/// that names `InvalidSignatureException`. The other failures (a condition that
/// failed, with its item, say) are decoded once, by the core.
fn may_be_refused_for_time(response: &Response) -> bool {
    const TYPE: &[u8] = b"InvalidSignatureException";
    matches!(response.status, 400 | 403)
        && response.body.len() <= rynamo_core::error::MAX_SIGNING_REFUSAL_BYTES
        && response.body.windows(TYPE.len()).any(|w| w == TYPE)
}

/// `now` moved by `skew` seconds.
fn skewed(now: SystemTime, skew: i64) -> SystemTime {
    let by = Duration::from_secs(skew.unsigned_abs());
    let moved = if skew >= 0 {
        now.checked_add(by)
    } else {
        now.checked_sub(by)
    };
    moved.unwrap_or(now)
}

impl Transport for HttpTransport {
    /// Signs and sends `request`. When DynamoDB refuses it for its signing
    /// time (this machine's clock more than 15 minutes off the server's),
    /// the difference its reply names is kept and the request signed again
    /// and sent once more at once: it was refused unread, so nothing ran
    /// twice. Later requests are signed with the corrected clock.
    async fn send(&self, request: &Request) -> Result<Response, TransportError> {
        let skew = &self.shared.clock_skew;
        let response = self
            .exchange(
                request,
                skewed(SystemTime::now(), skew.load(Ordering::Relaxed)),
            )
            .await?;
        if !may_be_refused_for_time(&response) {
            return Ok(response);
        }
        let rynamo_core::Error::Service(refusal) =
            rynamo_core::Error::from_response(response.status, &response.body)
        else {
            return Ok(response);
        };
        let Some(server) = refusal.server_time() else {
            return Ok(response);
        };
        let skew_now = server - crate::credentials::now_seconds() as i64;
        skew.store(skew_now, Ordering::Relaxed);
        self.exchange(request, skewed(SystemTime::now(), skew_now))
            .await
    }

    async fn sleep(&self, duration: Duration) {
        // An async fn creates the Tokio timer when first polled, inside the
        // runtime; `tokio::time::sleep` called outside one panics at once.
        tokio::time::sleep(duration).await;
    }

    fn now(&self) -> Option<Duration> {
        Some(self.shared.started.elapsed())
    }

    fn jitter_seed(&self) -> u64 {
        // RandomState is seeded randomly once per process (then stepped per
        // instance); hashing a counter turns it into a stream of seeds.
        let shared = &*self.shared;
        shared
            .jitter
            .hash_one(shared.jitter_counter.fetch_add(1, Ordering::Relaxed))
    }
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("endpoint", &self.shared.endpoint.url.as_str())
            .field("region", &self.shared.region)
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

/// The body of `response`, refused once it passes `max` bytes: at once when
/// its `Content-Length` says so, else as soon as the chunks read pass it, so
/// an oversized reply is never held whole.
async fn read_body(mut response: reqwest::Response, max: usize) -> Result<Vec<u8>, TransportError> {
    let too_large = |what: String| {
        TransportError::new(
            TransportErrorKind::ReplyTooLarge,
            format!("{what} the limit of {max} bytes (Config::max_reply_bytes)"),
        )
    };
    let declared = response.content_length();
    if let Some(length) = declared
        && length > max as u64
    {
        return Err(too_large(format!("the reply's {length} bytes are over")));
    }
    let capacity = declared.map_or(0, |length| length as usize);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if chunk.len() > max - body.len() {
            return Err(too_large("the reply passed".into()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Sorts a reqwest failure into the core's kinds.
fn transport_error(error: reqwest::Error) -> TransportError {
    // A certificate the client does not trust stays untrusted: retrying
    // would only delay the error.
    if untrusted_certificate(&error) {
        return TransportError::new(
            TransportErrorKind::Request,
            format!(
                "{}: the endpoint's TLS certificate is not trusted (signed by a private CA, \
                 such as a TLS-inspecting proxy's? name its PEM bundle in AWS_CA_BUNDLE or the \
                 profile's ca_bundle)",
                describe(&error)
            ),
        );
    }
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

/// Whether rustls refused the server's certificate somewhere in `error`'s
/// causes. An `io::Error` hides its inner error from `source()` (reqwest's
/// connector nests two), so each is opened.
fn untrusted_certificate(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        if let Some(rustls::Error::InvalidCertificate(_)) = error.downcast_ref::<rustls::Error>() {
            return true;
        }
        next = match error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => error.source(),
        };
    }
    false
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
            table: None,
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

    #[test]
    fn only_a_small_signature_refusal_is_decoded_for_the_server_s_time() {
        let response = |status, body: &str| Response {
            status,
            body: body.as_bytes().to_vec(),
            request_id: None,
        };
        let refusal = r#"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Signature expired: 20260101T000000Z is now earlier than 20260101T001500Z (20260101T003000Z - 15 min.)"}"#;
        assert!(may_be_refused_for_time(&response(400, refusal)));
        assert!(may_be_refused_for_time(&response(403, refusal)));
        assert!(!may_be_refused_for_time(&response(500, refusal)));
        let condition = format!(
            r#"{{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{{"p":{{"S":"{}"}}}}}}"#,
            "x".repeat(100)
        );
        assert!(!may_be_refused_for_time(&response(400, &condition)));
        let large = format!(
            "{}{refusal}",
            " ".repeat(rynamo_core::error::MAX_SIGNING_REFUSAL_BYTES)
        );
        assert!(!may_be_refused_for_time(&response(400, &large)));
    }

    #[test]
    fn an_account_s_endpoint_is_made_once_and_signed_for_its_host() {
        let transport = HttpTransport::new(
            Config::from_vars([("HOME", "/nonexistent")])
                .region("eu-west-1")
                .credentials(Credentials::new("AKID", "SECRET", None)),
        )
        .unwrap();
        let first = transport
            .account_target(Some("111122223333"))
            .unwrap()
            .unwrap();
        assert_eq!(
            first.url.as_str(),
            "https://111122223333.ddb.eu-west-1.amazonaws.com/"
        );
        assert_eq!(first.host, "111122223333.ddb.eu-west-1.amazonaws.com");
        let again = transport
            .account_target(Some("111122223333"))
            .unwrap()
            .unwrap();
        assert!(Arc::ptr_eq(&first, &again), "kept, not made again");
        let other = transport
            .account_target(Some("444455556666"))
            .unwrap()
            .unwrap();
        assert_eq!(other.host, "444455556666.ddb.eu-west-1.amazonaws.com");
        assert!(
            transport.account_target(None).unwrap().is_none(),
            "the regional one"
        );
        assert_eq!(
            transport.endpoint(),
            "https://dynamodb.eu-west-1.amazonaws.com/"
        );
    }

    /// A failed call's error carries DynamoDB's `x-amzn-RequestId`, for
    /// AWS Support; an ID that no real one looks like is dropped.
    #[tokio::test]
    async fn a_failure_carries_the_reply_s_request_id() {
        for (sent, kept) in [
            (
                "RLJ5V6NJOF9TGMC7SA6NGRU8FNVV4KQNSO5AEMVJF66Q9ASUAAJG",
                Some("RLJ5V6NJOF9TGMC7SA6NGRU8FNVV4KQNSO5AEMVJF66Q9ASUAAJG"),
            ),
            (&*"x".repeat(129), None),
            ("has space", None),
        ] {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            let header = sent.to_owned();
            let server = thread::spawn(move || {
                let (mut stream, _) = listener.accept().unwrap();
                read_request(&mut stream);
                let reply = br#"{"__type":"com.amazon.coral.validate#ValidationException","message":"bad"}"#;
                write!(
                    stream,
                    "HTTP/1.1 400 Bad Request\r\nx-amzn-RequestId: {header}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    reply.len()
                )
                .unwrap();
                stream.write_all(reply).unwrap();
            });
            let config = Config::from_env()
                .region("us-east-1")
                .endpoint(format!("http://127.0.0.1:{port}"))
                .credentials(Credentials::new("AKID", "SECRET", None));
            let client = crate::Client::new(config).unwrap();
            let error = client.execute(&list_tables()).await.unwrap_err();
            server.join().unwrap();
            let rynamo_core::Error::Service(service) = &error else {
                panic!("{error:?}")
            };
            assert_eq!(service.request_id(), kept, "{sent}");
            assert_eq!(error.request_id(), kept, "{sent}");
        }
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
    async fn a_silent_server_is_abandoned_at_each_attempt_deadline_and_the_call_at_the_total() {
        // The kernel completes the handshake; nobody ever answers.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let config = Config::from_env()
            .region("us-east-1")
            .endpoint(format!("http://127.0.0.1:{port}"))
            .credentials(Credentials::new("AKID", "SECRET", None))
            .timeout(Duration::from_millis(200))
            .total_timeout(Duration::from_millis(700));
        let client = crate::Client::new(config).unwrap();
        let started = std::time::Instant::now();
        let error = client
            .execute(&list_tables())
            .await
            .map(|_| ())
            .unwrap_err();
        let elapsed = started.elapsed();
        let rynamo_core::Error::DeadlineExceeded(deadline) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(deadline.deadline(), rynamo_core::error::Deadline::Total);
        assert!((2..=4).contains(&deadline.attempts()), "{error}");
        // Every attempt waited out its own deadline, but the last may have
        // been cut short by the total one: at least the lesser of the two.
        // (Not "close to the total": after the last attempt's deadline the
        // call ends as soon as no further attempt fits, which with short
        // backoffs is 50 to 100 ms before the total deadline.)
        let attempts = deadline.attempts();
        assert!(
            elapsed >= (Duration::from_millis(200) * attempts).min(Duration::from_millis(700)),
            "{elapsed:?} for {attempts} attempts"
        );
        assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
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

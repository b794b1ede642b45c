//! The sans-IO boundary: what the core hands an adapter, what it gets back,
//! and the [`Transport`] trait an adapter implements.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::future::Future;
use core::time::Duration;

/// A DynamoDB action, sent as `X-Amz-Target: DynamoDB_20120810.<Action>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// GetItem.
    GetItem,
    /// PutItem.
    PutItem,
    /// UpdateItem.
    UpdateItem,
    /// DeleteItem.
    DeleteItem,
    /// Query.
    Query,
    /// Scan.
    Scan,
    /// BatchGetItem.
    BatchGetItem,
    /// BatchWriteItem.
    BatchWriteItem,
    /// TransactGetItems.
    TransactGetItems,
    /// TransactWriteItems.
    TransactWriteItems,
    /// CreateTable.
    CreateTable,
    /// DescribeTable.
    DescribeTable,
    /// DeleteTable.
    DeleteTable,
    /// ListTables.
    ListTables,
    /// UpdateTimeToLive.
    UpdateTimeToLive,
    /// DescribeTimeToLive.
    DescribeTimeToLive,
    /// ListStreams (DynamoDB Streams API).
    ListStreams,
    /// DescribeStream (DynamoDB Streams API).
    DescribeStream,
    /// GetShardIterator (DynamoDB Streams API).
    GetShardIterator,
    /// GetRecords (DynamoDB Streams API).
    GetRecords,
}

impl Action {
    /// The action's name as DynamoDB spells it (`"PutItem"`).
    pub const fn name(self) -> &'static str {
        match self {
            Action::GetItem => "GetItem",
            Action::PutItem => "PutItem",
            Action::UpdateItem => "UpdateItem",
            Action::DeleteItem => "DeleteItem",
            Action::Query => "Query",
            Action::Scan => "Scan",
            Action::BatchGetItem => "BatchGetItem",
            Action::BatchWriteItem => "BatchWriteItem",
            Action::TransactGetItems => "TransactGetItems",
            Action::TransactWriteItems => "TransactWriteItems",
            Action::CreateTable => "CreateTable",
            Action::DescribeTable => "DescribeTable",
            Action::DeleteTable => "DeleteTable",
            Action::ListTables => "ListTables",
            Action::UpdateTimeToLive => "UpdateTimeToLive",
            Action::DescribeTimeToLive => "DescribeTimeToLive",
            Action::ListStreams => "ListStreams",
            Action::DescribeStream => "DescribeStream",
            Action::GetShardIterator => "GetShardIterator",
            Action::GetRecords => "GetRecords",
        }
    }

    /// The full `X-Amz-Target` header value (`"DynamoDB_20120810.PutItem"`).
    pub const fn target(self) -> &'static str {
        match self {
            Action::GetItem => "DynamoDB_20120810.GetItem",
            Action::PutItem => "DynamoDB_20120810.PutItem",
            Action::UpdateItem => "DynamoDB_20120810.UpdateItem",
            Action::DeleteItem => "DynamoDB_20120810.DeleteItem",
            Action::Query => "DynamoDB_20120810.Query",
            Action::Scan => "DynamoDB_20120810.Scan",
            Action::BatchGetItem => "DynamoDB_20120810.BatchGetItem",
            Action::BatchWriteItem => "DynamoDB_20120810.BatchWriteItem",
            Action::TransactGetItems => "DynamoDB_20120810.TransactGetItems",
            Action::TransactWriteItems => "DynamoDB_20120810.TransactWriteItems",
            Action::CreateTable => "DynamoDB_20120810.CreateTable",
            Action::DescribeTable => "DynamoDB_20120810.DescribeTable",
            Action::DeleteTable => "DynamoDB_20120810.DeleteTable",
            Action::ListTables => "DynamoDB_20120810.ListTables",
            Action::UpdateTimeToLive => "DynamoDB_20120810.UpdateTimeToLive",
            Action::DescribeTimeToLive => "DynamoDB_20120810.DescribeTimeToLive",
            Action::ListStreams => "DynamoDBStreams_20120810.ListStreams",
            Action::DescribeStream => "DynamoDBStreams_20120810.DescribeStream",
            Action::GetShardIterator => "DynamoDBStreams_20120810.GetShardIterator",
            Action::GetRecords => "DynamoDBStreams_20120810.GetRecords",
        }
    }

    /// Which API serves the action: on AWS the Streams API has its own host
    /// (`streams.dynamodb.<region>.amazonaws.com`); both sign for the
    /// service `dynamodb`.
    pub const fn api(self) -> Api {
        match self {
            Action::ListStreams
            | Action::DescribeStream
            | Action::GetShardIterator
            | Action::GetRecords => Api::Streams,
            _ => Api::DynamoDb,
        }
    }
}

/// The API an [`Action`] belongs to, so an adapter knows which endpoint to
/// send it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Api {
    /// DynamoDB itself (`dynamodb.<region>.amazonaws.com`).
    DynamoDb,
    /// DynamoDB Streams (`streams.dynamodb.<region>.amazonaws.com`;
    /// DynamoDB Local serves it on its one endpoint).
    Streams,
}

impl Api {
    /// The first labels of the API's AWS host name (`"dynamodb"`,
    /// `"streams.dynamodb"`), before `.<region>.amazonaws.com`.
    pub const fn host_prefix(self) -> &'static str {
        match self {
            Api::DynamoDb => "dynamodb",
            Api::Streams => "streams.dynamodb",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The content type of every DynamoDB request body.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

/// One request, core → adapter: an action and its JSON body.
///
/// The adapter POSTs `body` to the endpoint with `Content-Type:`
/// [`CONTENT_TYPE`] and `X-Amz-Target:` [`Action::target`], signed with SigV4
/// for the service `dynamodb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Which DynamoDB action this is.
    pub action: Action,
    /// The table it is about (for batches and transactions, the first), as
    /// sent: what hooks, tracing and per-table retry policies see.
    pub table: Option<String>,
    /// The JSON body, ready to send.
    pub body: Vec<u8>,
}

/// The `x-amzn-RequestId` header's value as a [`Response`] keeps it: when
/// it is printable ASCII of at most 128 bytes, as a real one (a UUID, or 52
/// characters) is; a hostile server's anything else is dropped. Both
/// adapters read the header through it.
pub fn request_id(header: &str) -> Option<String> {
    (!header.is_empty() && header.len() <= 128 && header.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| String::from(header))
}

/// One response, adapter → core: the HTTP status and body, untouched, and
/// the request ID DynamoDB gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// The response body bytes.
    pub body: Vec<u8>,
    /// The `x-amzn-RequestId` header, when the adapter reads it (through
    /// [`request_id`]): what AWS Support asks for. A failed call's error carries it
    /// ([`Error::request_id`](crate::Error::request_id)).
    pub request_id: Option<String>,
}

/// Why an adapter could not get a [`Response`] for a [`Request`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be opened (refused, DNS, TLS handshake).
    Connect,
    /// The connect or read timeout passed before a full response arrived.
    Timeout,
    /// The connection broke while sending or receiving (reset, closed early).
    Io,
    /// The request could not be built or signed (bad endpoint, bad credentials).
    Request,
    /// The reply's body was larger than the adapter's limit
    /// ([`DEFAULT_MAX_REPLY_BYTES`] unless configured); it was not read
    /// past the limit. Not retried: the same request would get the same
    /// reply.
    ReplyTooLarge,
}

impl TransportErrorKind {
    /// The kind's name, as `Debug` writes it (`"Timeout"`).
    const fn name(self) -> &'static str {
        match self {
            TransportErrorKind::Connect => "Connect",
            TransportErrorKind::Timeout => "Timeout",
            TransportErrorKind::Io => "Io",
            TransportErrorKind::Request => "Request",
            TransportErrorKind::ReplyTooLarge => "ReplyTooLarge",
        }
    }
}

/// The largest reply body an adapter reads unless configured otherwise:
/// 64 MiB. DynamoDB's largest legitimate replies are a BatchGetItem's
/// 16 MB of items (Query and Scan pages stop at 1 MB) — as JSON, with type
/// tags and base64 for binary, under twice that — so this leaves room
/// while a hostile or broken server cannot make a client read (and hold)
/// an unbounded body.
pub const DEFAULT_MAX_REPLY_BYTES: usize = 64 * 1024 * 1024;

/// An adapter's failure to exchange bytes with DynamoDB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
}

impl TransportError {
    /// A new transport error of the given kind.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The adapter's description.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether sending the same request again may succeed. A request that could
    /// not be built or signed, or whose reply is too large, will fail the
    /// same way again.
    pub fn is_retryable(&self) -> bool {
        !matches!(
            self.kind,
            TransportErrorKind::Request | TransportErrorKind::ReplyTooLarge
        )
    }
}

/// `Kind: message`, the kind as `Debug` names it (`Timeout: no reply in 5 s`).
impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let args = [self.kind.name().into(), (&self.message).into()];
        crate::text::write(f, "{}: {}", &args)
    }
}

impl core::error::Error for TransportError {}

/// What a host adapter implements: move bytes, sleep, and give a seed for jitter.
///
/// The core decides what to send and when; an adapter only carries it out.
/// Futures need not be `Send`: a native transport's are, so a native client's
/// futures are too; a wasm transport's need not be.
pub trait Transport {
    /// Sends one request and returns the raw response, whatever its status.
    /// Only a failure to exchange bytes is an `Err`; HTTP 4xx/5xx are `Ok`.
    fn send(&self, request: &Request) -> impl Future<Output = Result<Response, TransportError>>;

    /// Waits for `duration` (used between retries).
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()>;

    /// A fresh random number to seed retry jitter. The core has no randomness
    /// of its own, so the host supplies it.
    fn jitter_seed(&self) -> u64;

    /// A monotonic timestamp (from any fixed origin), so hooks can report
    /// how long an attempt took. The core reads no clock; hosts without one
    /// return `None`.
    fn now(&self) -> Option<Duration> {
        None
    }
}

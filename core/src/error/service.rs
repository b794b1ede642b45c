//! Errors DynamoDB itself returns: the `__type` codes it documents, decoded
//! from an error response, each knowing whether a retry may help.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::text;
use crate::value::Item;

/// A DynamoDB error code (the part of `__type` after `#`, without
/// `Exception`). Covers DynamoDB's own errors and the common AWS ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `AccessDeniedException`.
    AccessDenied,
    /// `ConditionalCheckFailedException`.
    ConditionalCheckFailed,
    /// `ExpiredIteratorException` (Streams API): a shard iterator older than
    /// 15 minutes; get a new one.
    ExpiredIterator,
    /// `ExpiredTokenException`.
    ExpiredToken,
    /// `IdempotentParameterMismatchException`.
    IdempotentParameterMismatch,
    /// `IncompleteSignature` / `IncompleteSignatureException`.
    IncompleteSignature,
    /// `InternalServerError`.
    InternalServerError,
    /// `InternalFailure`.
    InternalFailure,
    /// `InvalidSignatureException`.
    InvalidSignature,
    /// `ItemCollectionSizeLimitExceededException`.
    ItemCollectionSizeLimitExceeded,
    /// `LimitExceededException`.
    LimitExceeded,
    /// `MissingAuthenticationToken` / `MissingAuthenticationTokenException`.
    MissingAuthenticationToken,
    /// `ProvisionedThroughputExceededException`.
    ProvisionedThroughputExceeded,
    /// `ReplicatedWriteConflictException`.
    ReplicatedWriteConflict,
    /// `RequestExpired`.
    RequestExpired,
    /// `RequestLimitExceeded`.
    RequestLimitExceeded,
    /// `ResourceInUseException`.
    ResourceInUse,
    /// `ResourceNotFoundException`.
    ResourceNotFound,
    /// `SerializationException`.
    Serialization,
    /// `ServiceUnavailable`.
    ServiceUnavailable,
    /// `ThrottlingException`.
    Throttling,
    /// `TransactionCanceledException`.
    TransactionCanceled,
    /// `TrimmedDataAccessException` (Streams API): the records asked for
    /// are past the stream's 24-hour retention.
    TrimmedDataAccess,
    /// `TransactionConflictException`.
    TransactionConflict,
    /// `TransactionInProgressException`.
    TransactionInProgress,
    /// `UnknownOperationException`.
    UnknownOperation,
    /// `UnrecognizedClientException`.
    UnrecognizedClient,
    /// `ValidationException`.
    Validation,
    /// A code this version of Rynamo does not know; see [`ServiceError::type_name`].
    Unknown,
}

impl ErrorCode {
    /// Reads a `__type` value such as
    /// `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`.
    pub fn from_type(type_name: &str) -> ErrorCode {
        let name = short_type_name(type_name);
        let name = name.strip_suffix("Exception").unwrap_or(name);
        match name {
            "AccessDenied" => ErrorCode::AccessDenied,
            "ConditionalCheckFailed" => ErrorCode::ConditionalCheckFailed,
            "ExpiredIterator" => ErrorCode::ExpiredIterator,
            "ExpiredToken" => ErrorCode::ExpiredToken,
            "IdempotentParameterMismatch" => ErrorCode::IdempotentParameterMismatch,
            "IncompleteSignature" => ErrorCode::IncompleteSignature,
            "InternalServerError" => ErrorCode::InternalServerError,
            "InternalFailure" => ErrorCode::InternalFailure,
            "InvalidSignature" => ErrorCode::InvalidSignature,
            "ItemCollectionSizeLimitExceeded" => ErrorCode::ItemCollectionSizeLimitExceeded,
            "LimitExceeded" => ErrorCode::LimitExceeded,
            "MissingAuthenticationToken" => ErrorCode::MissingAuthenticationToken,
            "ProvisionedThroughputExceeded" => ErrorCode::ProvisionedThroughputExceeded,
            "ReplicatedWriteConflict" => ErrorCode::ReplicatedWriteConflict,
            "RequestExpired" => ErrorCode::RequestExpired,
            "RequestLimitExceeded" => ErrorCode::RequestLimitExceeded,
            "ResourceInUse" => ErrorCode::ResourceInUse,
            "ResourceNotFound" => ErrorCode::ResourceNotFound,
            "Serialization" => ErrorCode::Serialization,
            "ServiceUnavailable" => ErrorCode::ServiceUnavailable,
            "Throttling" => ErrorCode::Throttling,
            "TransactionCanceled" => ErrorCode::TransactionCanceled,
            "TrimmedDataAccess" => ErrorCode::TrimmedDataAccess,
            "TransactionConflict" => ErrorCode::TransactionConflict,
            "TransactionInProgress" => ErrorCode::TransactionInProgress,
            "UnknownOperation" => ErrorCode::UnknownOperation,
            "UnrecognizedClient" => ErrorCode::UnrecognizedClient,
            "Validation" => ErrorCode::Validation,
            _ => ErrorCode::Unknown,
        }
    }

    /// Whether DynamoDB asks the caller to slow down.
    pub fn is_throttling(self) -> bool {
        matches!(
            self,
            ErrorCode::ProvisionedThroughputExceeded
                | ErrorCode::Throttling
                | ErrorCode::RequestLimitExceeded
                | ErrorCode::LimitExceeded
                | ErrorCode::TransactionInProgress
        )
    }

    /// Whether the same request may succeed later: throttling, a transient
    /// server fault, or a conflict with a transaction in flight.
    pub fn is_retryable(self) -> bool {
        self.is_throttling()
            || matches!(
                self,
                ErrorCode::InternalServerError
                    | ErrorCode::InternalFailure
                    | ErrorCode::ServiceUnavailable
                    | ErrorCode::TransactionConflict
                    | ErrorCode::ReplicatedWriteConflict
            )
    }
}

/// The largest reply that may be DynamoDB's refusal of a request for its
/// signing time ([`ServiceError::server_time`]): an adapter decodes no
/// larger reply to look for one (a failed condition's reply, with its item,
/// is decoded once, by the core). Such a refusal is under 300 bytes.
pub const MAX_SIGNING_REFUSAL_BYTES: usize = 4096;

/// An error DynamoDB returned, with its code and message.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError {
    pub(crate) code: ErrorCode,
    pub(crate) type_name: String,
    pub(crate) message: String,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
}

impl ServiceError {
    /// DynamoDB's ID of the request (`x-amzn-RequestId`), what AWS Support
    /// asks for; `None` when the adapter did not read it.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The decoded code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The `__type` exactly as the server sent it (empty when there was none).
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// The server's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Whether a retry may help: by code, or any 5xx with an unknown code.
    pub fn is_retryable(&self) -> bool {
        self.code.is_retryable() || (self.code == ErrorCode::Unknown && self.status >= 500)
    }

    /// When DynamoDB refused a request for the time it was signed at (more
    /// than 15 minutes off its own clock), the server's clock, in seconds
    /// since the Unix epoch: the `<now>` of its message, "Signature expired:
    /// `<signed>` is now earlier than `<limit>` (`<now>` - 15 min.)" or
    /// "Signature not yet current: `<signed>` is still later than `<limit>`
    /// (`<now>` + 15 min.)". An adapter whose clock is that far off signs
    /// again with it corrected, as the AWS SDKs do. `None` for any other
    /// error.
    ///
    /// ```
    /// use rynamo_core::Error;
    ///
    /// let body = br#"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Signature expired: 20260101T000000Z is now earlier than 20260101T001500Z (20260101T003000Z - 15 min.)"}"#;
    /// let Error::Service(e) = Error::from_response(400, body) else { unreachable!() };
    /// assert_eq!(e.server_time(), Some(1_767_227_400)); // 2026-01-01T00:30:00Z
    /// ```
    pub fn server_time(&self) -> Option<i64> {
        if self.code != ErrorCode::InvalidSignature {
            return None;
        }
        let message = self.message.as_str();
        let rest = ["Signature expired: ", "Signature not yet current: "]
            .iter()
            .find_map(|lead| message.strip_prefix(lead))?;
        // `<signed> is now earlier than <limit> (<now> - 15 min.)`
        let now = rest.split_once(" (")?.1.get(..16)?;
        let b = now.as_bytes();
        let digits = |range: core::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
        if b[8] != b'T' || b[15] != b'Z' || !digits(0..8) || !digits(9..15) {
            return None;
        }
        let iso = alloc::format!(
            "{}-{}-{}T{}:{}:{}Z",
            &now[..4],
            &now[4..6],
            &now[6..8],
            &now[9..11],
            &now[11..13],
            &now[13..15]
        );
        crate::attr::UtcDateTime::parse(&iso)
            .ok()
            .map(crate::attr::UtcDateTime::unix_seconds)
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = short_type_name(&self.type_name);
        let name = if name.is_empty() { "HTTP error" } else { name };
        text::write(
            f,
            "{} (HTTP {}): {}",
            &[name.into(), self.status.into(), (&self.message).into()],
        )
    }
}

/// The part of a `__type` after its last `#` (all of it without one).
/// Bytes, not `rsplit`: the string searcher costs wasm builds 600 bytes.
fn short_type_name(type_name: &str) -> &str {
    match type_name.bytes().rposition(|b| b == b'#') {
        // Just after an ASCII `#`: a character boundary.
        Some(hash) => type_name.get(hash + 1..).unwrap_or_default(),
        None => type_name,
    }
}

/// A condition expression was false. Carries the item as it is stored when
/// the request asked for it (`ReturnValuesOnConditionCheckFailure`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionalCheckFailed {
    pub(crate) message: String,
    pub(crate) item: Option<Item>,
    pub(crate) request_id: Option<String>,
}

impl ConditionalCheckFailed {
    /// DynamoDB's ID of the request (`x-amzn-RequestId`), what AWS Support
    /// asks for; `None` when the adapter did not read it.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The server's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The stored item, when requested and present.
    pub fn item(&self) -> Option<&Item> {
        self.item.as_ref()
    }
}

/// Why one item of a cancelled transaction failed, DynamoDB's `Code` values.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CancellationCode {
    /// `None`: this item did not cause the cancellation.
    None,
    /// `ConditionalCheckFailed`.
    ConditionalCheckFailed,
    /// `ItemCollectionSizeLimitExceeded`.
    ItemCollectionSizeLimitExceeded,
    /// `TransactionConflict`.
    TransactionConflict,
    /// `ProvisionedThroughputExceeded`.
    ProvisionedThroughputExceeded,
    /// `ThrottlingError`.
    ThrottlingError,
    /// `ValidationError`.
    ValidationError,
    /// Any other code, as sent.
    Other(String),
}

impl CancellationCode {
    /// The code as DynamoDB writes it (`ConditionalCheckFailed`…).
    pub fn as_str(&self) -> &str {
        match self {
            CancellationCode::None => "None",
            CancellationCode::ConditionalCheckFailed => "ConditionalCheckFailed",
            CancellationCode::ItemCollectionSizeLimitExceeded => "ItemCollectionSizeLimitExceeded",
            CancellationCode::TransactionConflict => "TransactionConflict",
            CancellationCode::ProvisionedThroughputExceeded => "ProvisionedThroughputExceeded",
            CancellationCode::ThrottlingError => "ThrottlingError",
            CancellationCode::ValidationError => "ValidationError",
            CancellationCode::Other(code) => code,
        }
    }

    pub(crate) fn parse(code: &str) -> Self {
        match code {
            "None" => CancellationCode::None,
            "ConditionalCheckFailed" => CancellationCode::ConditionalCheckFailed,
            "ItemCollectionSizeLimitExceeded" => CancellationCode::ItemCollectionSizeLimitExceeded,
            "TransactionConflict" => CancellationCode::TransactionConflict,
            "ProvisionedThroughputExceeded" => CancellationCode::ProvisionedThroughputExceeded,
            "ThrottlingError" => CancellationCode::ThrottlingError,
            "ValidationError" => CancellationCode::ValidationError,
            other => CancellationCode::Other(other.into()),
        }
    }
}

/// One item's outcome in a cancelled transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct CancellationReason {
    pub(crate) code: CancellationCode,
    pub(crate) message: Option<String>,
    pub(crate) item: Option<Item>,
}

impl CancellationReason {
    /// Why this item failed (`None` if it did not).
    pub fn code(&self) -> &CancellationCode {
        &self.code
    }

    /// The server's message for this item.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The stored item, when requested with `ReturnValuesOnConditionCheckFailure`.
    pub fn item(&self) -> Option<&Item> {
        self.item.as_ref()
    }
}

/// A transaction was cancelled; one reason per item, in the order the items
/// were added to the request.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionCanceled {
    pub(crate) message: String,
    pub(crate) reasons: Vec<CancellationReason>,
    pub(crate) request_id: Option<String>,
}

impl TransactionCanceled {
    /// DynamoDB's ID of the request (`x-amzn-RequestId`), what AWS Support
    /// asks for; `None` when the adapter did not read it.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The server's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// One reason per item, in request order.
    pub fn reasons(&self) -> &[CancellationReason] {
        &self.reasons
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(type_name: &str, message: &str) -> ServiceError {
        ServiceError {
            code: ErrorCode::from_type(type_name),
            type_name: type_name.into(),
            message: message.into(),
            status: 400,
            request_id: None,
        }
    }

    #[test]
    fn a_signing_time_refusal_gives_the_server_s_clock_and_nothing_else_does() {
        const SIGNATURE: &str = "com.amazon.coral.service#InvalidSignatureException";
        // 2026-12-02T10:45:07Z and 2024-02-29T23:59:59Z.
        let cases = [
            (
                "Signature expired: 20261202T101500Z is now earlier than 20261202T103007Z (20261202T104507Z - 15 min.)",
                Some(1_796_208_307),
            ),
            (
                "Signature not yet current: 20240301T003000Z is still later than 20240301T001459Z (20240229T235959Z + 15 min.)",
                Some(1_709_251_199),
            ),
            (
                "The request signature we calculated does not match the signature you provided.",
                None,
            ),
            ("Signature expired: 20261202T101500Z", None),
            ("Signature expired: x (2026120", None),
            ("Signature expired: x (2026-12-02T10:45Z - 15 min.)", None),
            ("Signature expired: x (20261302T104507Z - 15 min.)", None),
            ("Signature expired: x (20261202T10450éZ - 15 min.)", None),
        ];
        for (message, expected) in cases {
            assert_eq!(
                refused(SIGNATURE, message).server_time(),
                expected,
                "{message}"
            );
        }
        // The same words in another error (a value echoed back) are not a clock.
        let echoed = refused(
            "com.amazonaws.dynamodb.v20120810#ValidationException",
            cases[0].0,
        );
        assert_eq!(echoed.server_time(), None);
    }

    #[test]
    fn cancellation_codes_read_back_from_their_text() {
        for text in [
            "None",
            "ConditionalCheckFailed",
            "ItemCollectionSizeLimitExceeded",
            "TransactionConflict",
            "ProvisionedThroughputExceeded",
            "ThrottlingError",
            "ValidationError",
            "SomethingNew",
        ] {
            assert_eq!(CancellationCode::parse(text).as_str(), text);
        }
    }

    #[test]
    fn the_type_name_is_read_after_its_last_hash() {
        let service = |type_name: &str| ServiceError {
            code: ErrorCode::from_type(type_name),
            type_name: type_name.into(),
            message: "m".into(),
            status: 400,
            request_id: None,
        };
        let cases = [
            (
                "com.amazonaws.dynamodb.v20120810#ValidationException",
                ErrorCode::Validation,
                "ValidationException (HTTP 400): m",
            ),
            (
                "a#b#ThrottlingException",
                ErrorCode::Throttling,
                "ThrottlingException (HTTP 400): m",
            ),
            (
                "ResourceNotFoundException",
                ErrorCode::ResourceNotFound,
                "ResourceNotFoundException (HTTP 400): m",
            ),
            (
                "com.amazonaws#",
                ErrorCode::Unknown,
                "HTTP error (HTTP 400): m",
            ),
            ("", ErrorCode::Unknown, "HTTP error (HTTP 400): m"),
            ("x#Zoë", ErrorCode::Unknown, "Zoë (HTTP 400): m"),
        ];
        for (type_name, code, text) in cases {
            assert_eq!(ErrorCode::from_type(type_name), code, "{type_name}");
            assert_eq!(
                alloc::string::ToString::to_string(&service(type_name)),
                text
            );
        }
    }
}

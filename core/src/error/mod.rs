//! Rynamo's errors: one [`Error`] for every operation, built from DynamoDB's
//! error responses, codec failures and transport failures.

mod codec;
#[cfg(test)]
mod codec_display_tests;
mod deadline;
#[cfg(test)]
mod display_tests;
mod item;
mod scan_token;
mod service;
mod stream;

use alloc::string::String;
use core::fmt;

pub use crate::quoted::{MAX_QUOTED_VALUE, MAX_SERVER_TEXT, REDACTED, server_text};
pub use codec::{
    DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind, ErrorLocation, LocationStep,
};
pub use deadline::{Deadline, DeadlineExceeded};
pub use item::{ItemError, ItemSource};
pub use scan_token::ScanTokenError;
pub use service::{
    CancellationCode, CancellationReason, ConditionalCheckFailed, ErrorCode,
    MAX_SIGNING_REFUSAL_BYTES, ServiceError, TransactionCanceled,
};
pub use stream::{RecordError, StreamImage};

use crate::text;
use crate::transport::TransportError;

/// The item asked for is not in the table (PynamoDB's `DoesNotExist`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoesNotExist {
    table: String,
}

impl DoesNotExist {
    /// A missing item in `table`.
    pub fn new(table: impl Into<String>) -> Self {
        DoesNotExist {
            table: table.into(),
        }
    }

    /// The table that was read.
    pub fn table(&self) -> &str {
        &self.table
    }
}

/// A batch that stopped early, with what it had not done yet.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchIncomplete {
    cause: alloc::boxed::Box<Error>,
    unwritten: alloc::vec::Vec<crate::value::WriteRequest>,
    unread: alloc::vec::Vec<crate::value::Item>,
}

impl BatchIncomplete {
    pub(crate) fn new(
        cause: Error,
        unwritten: alloc::vec::Vec<crate::value::WriteRequest>,
        unread: alloc::vec::Vec<crate::value::Item>,
    ) -> Self {
        BatchIncomplete {
            cause: alloc::boxed::Box::new(cause),
            unwritten,
            unread,
        }
    }

    /// Why the batch stopped.
    pub fn cause(&self) -> &Error {
        &self.cause
    }

    /// Writes not (known to be) done; sending them again is safe, as puts
    /// and deletes are idempotent.
    pub fn unwritten(&self) -> &[crate::value::WriteRequest] {
        &self.unwritten
    }

    /// Keys not read yet.
    pub fn unread(&self) -> &[crate::value::Item] {
        &self.unread
    }
}

/// Everything that can go wrong in a Rynamo operation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A condition expression (or an optimistic-lock version check) was false.
    ConditionalCheckFailed(ConditionalCheckFailed),
    /// A transaction was cancelled; see the per-item reasons.
    TransactionCanceled(TransactionCanceled),
    /// `get` found no item with the key.
    DoesNotExist(DoesNotExist),
    /// Any other error DynamoDB returned.
    Service(ServiceError),
    /// A value could not be encoded for DynamoDB; nothing was sent.
    Encode(EncodeError),
    /// A stored item or a response could not be decoded.
    Decode(DecodeError),
    /// The request never got a response (connection, timeout).
    Transport(TransportError),
    /// A batch stopped before finishing; what it did not write or read is
    /// handed back, so nothing is lost.
    BatchIncomplete(BatchIncomplete),
    /// The request is not valid as built; nothing was sent.
    InvalidRequest(String),
    /// A change-stream record whose keys or image do not read into the
    /// model; names the record and the attribute.
    StreamRecord(RecordError),
    /// A Query or Scan page answered with the same `LastEvaluatedKey` it
    /// was sent as `ExclusiveStartKey`: a resume key that does not
    /// advance. Reading stops rather than ask for the same page forever.
    ResumeKeyRepeated,
    /// A scan resume token that does not parse or belongs to another scan
    /// ([`SegmentScan::resume`](crate::model::SegmentScan::resume)).
    ScanToken(ScanTokenError),
    /// A stored item that does not read into the model, naming its key and
    /// the attribute and keeping the item: one bad item of a Query or Scan
    /// read item by item or page by page (reading goes on with the next),
    /// or the item a write returned (the write has taken effect).
    Item(ItemError),
    /// A Query or Scan read its page budget (`max_pages`, by default
    /// [`DEFAULT_MAX_PAGES`](crate::machine::DEFAULT_MAX_PAGES) for a model
    /// read's `count` and `all`) and the server still had a resume key:
    /// reading stops rather than follow a server that never ends.
    PageBudgetExceeded {
        /// The budget that was reached.
        pages: u64,
    },
    /// A deadline passed before DynamoDB answered: one attempt's
    /// (retryable) or the whole call's (final).
    DeadlineExceeded(DeadlineExceeded),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::ConditionalCheckFailed(e) => {
                text::write(f, "conditional check failed: {}", &[e.message().into()])
            }
            Error::TransactionCanceled(e) => {
                text::write(f, "transaction cancelled: {}", &[e.message().into()])
            }
            Error::DoesNotExist(e) => {
                text::write(f, "item does not exist in table `{}`", &[e.table().into()])
            }
            Error::Service(e) => fmt::Display::fmt(e, f),
            Error::Encode(e) => fmt::Display::fmt(e, f),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::Transport(e) => {
                f.write_str("transport error: ")?;
                fmt::Display::fmt(e, f)
            }
            Error::BatchIncomplete(e) => {
                f.write_str("batch incomplete: ")?;
                fmt::Display::fmt(e.cause(), f)
            }
            Error::InvalidRequest(reason) => {
                text::write(f, "invalid request: {}", &[reason.into()])
            }
            Error::StreamRecord(e) => fmt::Display::fmt(e, f),
            Error::ResumeKeyRepeated => f.write_str(
                "pagination does not advance: the server returned the resume key it was sent",
            ),
            Error::ScanToken(e) => fmt::Display::fmt(e, f),
            Error::Item(e) => fmt::Display::fmt(e, f),
            Error::PageBudgetExceeded { pages } => text::write(
                f,
                "pagination stopped after its budget of {} pages; the server still had more",
                &[(*pages).into()],
            ),
            Error::DeadlineExceeded(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            // The wrapped codec, record, token and item errors stand for
            // this one: their own sources, if any, are this one's.
            Error::Encode(e) => core::error::Error::source(e),
            Error::Decode(e) => core::error::Error::source(e),
            Error::StreamRecord(e) => core::error::Error::source(e),
            Error::ScanToken(e) => core::error::Error::source(e),
            Error::Item(e) => core::error::Error::source(e),
            _ => None,
        }
    }
}

impl From<EncodeError> for Error {
    fn from(e: EncodeError) -> Self {
        Error::Encode(e)
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl From<ScanTokenError> for Error {
    fn from(e: ScanTokenError) -> Self {
        Error::ScanToken(e)
    }
}

impl Error {
    /// DynamoDB's ID of the failed request (`x-amzn-RequestId`), what AWS
    /// Support asks for: of the reply this error decodes, or of the last
    /// attempt's behind a deadline or an incomplete batch. `None` for
    /// errors with no reply (transport, codec) or when the adapter did not
    /// read it.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id(),
            Error::ConditionalCheckFailed(e) => e.request_id(),
            Error::TransactionCanceled(e) => e.request_id(),
            Error::DeadlineExceeded(e) => e.last_error().and_then(Error::request_id),
            Error::BatchIncomplete(e) => e.cause().request_id(),
            _ => None,
        }
    }

    /// This error with the ID of the reply it was decoded from.
    pub(crate) fn with_request_id(mut self, id: Option<String>) -> Error {
        match &mut self {
            Error::Service(e) => e.request_id = id,
            Error::ConditionalCheckFailed(e) => e.request_id = id,
            Error::TransactionCanceled(e) => e.request_id = id,
            _ => {}
        }
        self
    }

    /// Whether sending the same request again may succeed. Decided here,
    /// once, for every error: throttling, server faults and broken
    /// connections are retryable; conditions, validation and codec errors
    /// are not.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.is_retryable(),
            Error::Transport(e) => e.is_retryable(),
            Error::DeadlineExceeded(e) => e.deadline() == Deadline::Attempt,
            _ => false,
        }
    }

    /// Whether the failed request may nevertheless have been applied: the
    /// connection broke or timed out after it was opened (the request may
    /// have arrived and only the reply been lost), or the server answered
    /// 5xx (DynamoDB documents that such a request may or may not have
    /// succeeded). A refused connection, a throttle or any other 4xx was
    /// not applied.
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::Service(e) => e.status() >= 500,
            Error::Transport(e) => matches!(
                e.kind(),
                crate::transport::TransportErrorKind::Timeout
                    | crate::transport::TransportErrorKind::Io
                    // The server answered: the request was received.
                    | crate::transport::TransportErrorKind::ReplyTooLarge
            ),
            // An attempt abandoned at a deadline may have been sent.
            Error::DeadlineExceeded(_) => true,
            _ => false,
        }
    }

    /// Whether DynamoDB asked the caller to slow down.
    pub fn is_throttling(&self) -> bool {
        matches!(self, Error::Service(e) if e.code().is_throttling())
    }

    /// The DynamoDB error code, for errors that came from DynamoDB.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Error::ConditionalCheckFailed(_) => Some(ErrorCode::ConditionalCheckFailed),
            Error::TransactionCanceled(_) => Some(ErrorCode::TransactionCanceled),
            Error::Service(e) => Some(e.code()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_documented_error_types() {
        let cases = [
            ("ConditionalCheckFailedException", None, false),
            (
                "ProvisionedThroughputExceededException",
                Some(ErrorCode::ProvisionedThroughputExceeded),
                true,
            ),
            ("ThrottlingException", Some(ErrorCode::Throttling), true),
            (
                "RequestLimitExceeded",
                Some(ErrorCode::RequestLimitExceeded),
                true,
            ),
            (
                "ResourceNotFoundException",
                Some(ErrorCode::ResourceNotFound),
                false,
            ),
            (
                "ResourceInUseException",
                Some(ErrorCode::ResourceInUse),
                false,
            ),
            (
                "ItemCollectionSizeLimitExceededException",
                Some(ErrorCode::ItemCollectionSizeLimitExceeded),
                false,
            ),
            (
                "TransactionConflictException",
                Some(ErrorCode::TransactionConflict),
                true,
            ),
            ("ValidationException", Some(ErrorCode::Validation), false),
            (
                "InternalServerError",
                Some(ErrorCode::InternalServerError),
                true,
            ),
            (
                "UnrecognizedClientException",
                Some(ErrorCode::UnrecognizedClient),
                false,
            ),
        ];
        for (name, code, retryable) in cases {
            let body = alloc::format!(
                r#"{{"__type":"com.amazonaws.dynamodb.v20120810#{name}","message":"msg {name}"}}"#
            );
            let err = Error::from_response(400, body.as_bytes());
            assert_eq!(err.is_retryable(), retryable, "{name}");
            if let Some(code) = code {
                assert_eq!(err.code(), Some(code), "{name}");
                let Error::Service(service) = &err else {
                    panic!("{name}: {err:?}")
                };
                assert_eq!(service.message(), alloc::format!("msg {name}"));
            } else {
                assert!(
                    matches!(err, Error::ConditionalCheckFailed(ref c) if c.message() == "msg ConditionalCheckFailedException")
                );
            }
        }
    }

    #[test]
    fn decodes_cancellation_reasons_in_order() {
        let body = br#"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"Transaction cancelled",
            "CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"The conditional request failed","Item":{"id":{"S":"a"}}}]}"#;
        let Error::TransactionCanceled(t) = Error::from_response(400, body) else {
            panic!()
        };
        assert_eq!(t.message(), "Transaction cancelled");
        assert_eq!(t.reasons()[0].code(), &CancellationCode::None);
        assert_eq!(
            t.reasons()[1].code(),
            &CancellationCode::ConditionalCheckFailed
        );
        assert!(t.reasons()[1].item().is_some());
    }

    #[test]
    fn non_json_error_bodies_are_unknown_and_5xx_retryable() {
        let err = Error::from_response(503, b"<html>busy</html>");
        assert_eq!(err.code(), Some(ErrorCode::Unknown));
        assert!(err.is_retryable());
        assert!(!Error::from_response(413, b"too big").is_retryable());
    }
}

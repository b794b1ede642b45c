//! Which HTTP status a Rynamo error becomes: the caller's mistakes are
//! 4xx, DynamoDB asking us to slow down is 429, the worker's own
//! misconfiguration is 500, and only a failing upstream is 502 (504 when
//! it timed out).

use rynamo_core::Error;
use rynamo_core::error::ErrorCode;
use rynamo_core::transport::TransportErrorKind;

/// The status for `error`.
pub fn status(error: &Error) -> u16 {
    match error {
        Error::DoesNotExist(_) => 404,
        Error::ConditionalCheckFailed(_) | Error::TransactionCanceled(_) => 409,
        Error::Encode(_) | Error::InvalidRequest(_) => 400,
        // A stored item that does not fit the model: our data, not the
        // caller's request.
        Error::Decode(_) | Error::Item(_) => 500,
        Error::Service(e) if e.code().is_throttling() => 429,
        Error::Service(e) => match e.code() {
            ErrorCode::Validation | ErrorCode::ItemCollectionSizeLimitExceeded => 400,
            ErrorCode::ConditionalCheckFailed | ErrorCode::TransactionConflict => 409,
            // Credentials, region or table name wrong in the bindings.
            ErrorCode::AccessDenied
            | ErrorCode::ExpiredToken
            | ErrorCode::IncompleteSignature
            | ErrorCode::InvalidSignature
            | ErrorCode::MissingAuthenticationToken
            | ErrorCode::UnrecognizedClient
            | ErrorCode::ResourceNotFound => 500,
            _ => 502,
        },
        Error::Transport(e) if e.kind() == TransportErrorKind::Timeout => 504,
        Error::DeadlineExceeded(_) => 504,
        Error::Transport(e) if e.kind() == TransportErrorKind::Request => 500,
        _ => 502,
    }
}

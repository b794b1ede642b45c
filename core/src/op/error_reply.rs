//! The error reply of any action: a non-2xx response decoded into the
//! typed [`Error`] it reports (`__type`, message, the item for a failed
//! condition, cancellation reasons). Here, beside the other decoders, so
//! `error/` itself reads no JSON.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{
    CancellationCode, CancellationReason, ConditionalCheckFailed, DecodeError, Error, ErrorCode,
    ServiceError, TransactionCanceled,
};
use crate::json::{Reader, read_item, read_objects, read_optional};
use crate::quoted;
use crate::value::Item;

impl Error {
    /// Decodes a non-2xx response into the error it reports.
    ///
    /// Kept out of line (and cold): the retry loop calls it only for a
    /// failed attempt, so a host that compiles wasm lazily (V8) compiles
    /// the error decoding at the first failure, not at the first request.
    #[cold]
    #[inline(never)]
    pub fn from_response(status: u16, body: &[u8]) -> Error {
        match decode_failure(status, body) {
            ServiceFailure::ConditionalCheckFailed(e) => Error::ConditionalCheckFailed(e),
            ServiceFailure::TransactionCanceled(e) => Error::TransactionCanceled(e),
            ServiceFailure::Other(e) => Error::Service(e),
        }
    }
}

#[derive(Default)]
struct ErrorBody {
    type_name: String,
    message: String,
    item: Option<Item>,
    reasons: Option<Vec<ReasonBody>>,
}

#[derive(Default)]
struct ReasonBody {
    code: String,
    message: Option<String>,
    item: Option<Item>,
}

/// `{"__type": …, "message": …, "Item": …, "CancellationReasons": […]}`.
fn read_error_body(r: &mut Reader<'_>) -> Result<ErrorBody, DecodeError> {
    let mut body = ErrorBody::default();
    let mut o = r.object()?;
    while let Some(key) = r.key(&mut o)? {
        match &*key {
            "__type" => body.type_name = r.string()?,
            "message" | "Message" => body.message = r.string()?,
            "Item" => body.item = read_optional(r, read_item)?,
            "CancellationReasons" => body.reasons = read_optional(r, read_reasons)?,
            _ => r.skip()?,
        }
    }
    Ok(body)
}

fn read_reasons(r: &mut Reader<'_>) -> Result<Vec<ReasonBody>, DecodeError> {
    read_objects(r, |reason: &mut ReasonBody, key, r| {
        match key {
            "Code" => reason.code = r.string()?,
            "Message" => reason.message = read_optional(r, Reader::string)?,
            "Item" => reason.item = read_optional(r, read_item)?,
            _ => r.skip()?,
        }
        Ok(())
    })
}

/// An error response, decoded to the most specific error it is.
enum ServiceFailure {
    ConditionalCheckFailed(ConditionalCheckFailed),
    TransactionCanceled(TransactionCanceled),
    Other(ServiceError),
}

/// Decodes a non-2xx response. A body that is not DynamoDB's JSON error
/// shape (a proxy's HTML page, say) becomes an [`ErrorCode::Unknown`] error
/// carrying the start of the body as its message. Every text kept is cut to
/// [`MAX_SERVER_TEXT`](crate::error::MAX_SERVER_TEXT) bytes and scrubbed of
/// request secrets a server may echo.
fn decode_failure(status: u16, body: &[u8]) -> ServiceFailure {
    let parsed = crate::json::parse(body, read_error_body).ok();
    let Some(parsed) = parsed else {
        return ServiceFailure::Other(ServiceError {
            code: ErrorCode::Unknown,
            type_name: String::new(),
            message: quoted::server_bytes(body),
            status,
            request_id: None,
        });
    };
    // Server text is kept bounded and without echoed request secrets.
    let message = quoted::server_text(&parsed.message);
    let code = ErrorCode::from_type(&parsed.type_name);
    match code {
        ErrorCode::ConditionalCheckFailed => {
            ServiceFailure::ConditionalCheckFailed(ConditionalCheckFailed {
                message,
                item: parsed.item,
                request_id: None,
            })
        }
        ErrorCode::TransactionCanceled => {
            ServiceFailure::TransactionCanceled(TransactionCanceled {
                message,
                reasons: parsed
                    .reasons
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| CancellationReason {
                        code: CancellationCode::parse(&r.code),
                        message: r.message.as_deref().map(quoted::server_text),
                        item: r.item,
                    })
                    .collect(),
                request_id: None,
            })
        }
        _ => ServiceFailure::Other(ServiceError {
            code,
            type_name: quoted::server_text(&parsed.type_name),
            message,
            status,
            request_id: None,
        }),
    }
}

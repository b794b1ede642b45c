//! Rynamo errors as JS errors whose `name` is the DynamoDB error name
//! (`ConditionalCheckFailedException`, `ResourceNotFoundException`, …),
//! with `retryable`, `httpStatusCode`, `requestId` and, where DynamoDB sends
//! them, `item` and `reasons`. The package's entry files define one class
//! per name (so `err instanceof ConditionalCheckFailedException` works) and
//! register them with the glue (`methods.js`), which makes the instances;
//! without registration errors are plain `Error`s.

use alloc::string::{String, ToString};
use js_sys::{Array, Object, Reflect};
use rynamo_core::Error;
use wasm_bindgen::prelude::*;

use super::unmarshal::from_item;

#[wasm_bindgen]
extern "C" {
    /// `adapter-wasm/js/methods.js` (appended to the glue by `build.sh`):
    /// an instance of the class registered as `class` (else `RynamoError`;
    /// a plain `Error` when none is) with `message`, named `name`, with
    /// `retryable`, `httpStatusCode` and `requestId` (the last two when
    /// given) and the `__rynamoItems` mark when `items` (one call, not a
    /// `Reflect::set` per field).
    #[wasm_bindgen(js_name = __rynamoError)]
    fn new_error(
        class: &str,
        name: &str,
        message: &str,
        retryable: bool,
        status: Option<u16>,
        request_id: Option<&str>,
        items: bool,
    ) -> JsValue;
}

/// What the call knew when it failed.
#[derive(Default)]
pub struct Context {
    /// `x-amzn-requestid` of the last reply.
    pub request_id: Option<String>,
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

/// The JS error for a Rynamo error.
pub fn to_js(error: Error, context: &Context) -> JsValue {
    let (name, status) = match &error {
        Error::ConditionalCheckFailed(_) => ("ConditionalCheckFailedException".into(), Some(400)),
        Error::TransactionCanceled(_) => ("TransactionCanceledException".into(), Some(400)),
        Error::Service(e) => {
            // After the last `#` of `__type` (in bytes: `rsplit` would add
            // the string searcher for this one use).
            let t = e.type_name().as_bytes();
            let start = t.iter().rposition(|b| *b == b'#').map_or(0, |i| i + 1);
            let name = core::str::from_utf8(&t[start..]).unwrap_or_default();
            let name = if name.is_empty() {
                super::marshal::text(&["HttpError", rynamo_core::Number::from(e.status()).as_str()])
            } else {
                name.to_string()
            };
            (name, Some(e.status()))
        }
        Error::DoesNotExist(_) => ("DoesNotExist".into(), None),
        Error::Encode(_) => ("RynamoEncodeError".into(), None),
        Error::Decode(_) => ("RynamoDecodeError".into(), None),
        Error::Transport(_) => ("RynamoTransportError".into(), None),
        Error::BatchIncomplete(_) => ("RynamoBatchIncomplete".into(), None),
        Error::DeadlineExceeded(_) => ("TimeoutError".into(), None),
        _ => ("RynamoError".into(), None),
    };
    // A deadline is a `RynamoTimeoutError` named "TimeoutError", as an
    // `AbortSignal.timeout()` rejection is named.
    let class = match &error {
        Error::DeadlineExceeded(_) => "RynamoTimeoutError",
        _ => &name,
    };
    // Items are DynamoDB JSON text here; the package's JS reads them (and
    // removes the `__rynamoItems` mark) before the error reaches the caller.
    let js = new_error(
        class,
        &name,
        &error.to_string(),
        error.is_retryable(),
        status,
        context.request_id.as_deref(),
        matches!(
            error,
            Error::ConditionalCheckFailed(_) | Error::TransactionCanceled(_)
        ),
    );
    match &error {
        Error::ConditionalCheckFailed(e) => {
            if let Some(item) = e.item()
                && let Ok(item) = from_item(item)
            {
                set(&js, "item", &item);
            }
        }
        Error::TransactionCanceled(t) => {
            // A loop, not `collect::<Array>()` (its `Extend` compiled per use).
            let reasons = Array::new();
            for r in t.reasons() {
                let o = JsValue::from(Object::new());
                set(&o, "code", &r.code().as_str().into());
                if let Some(m) = r.message() {
                    set(&o, "message", &m.into());
                }
                if let Some(item) = r.item()
                    && let Ok(item) = from_item(item)
                {
                    set(&o, "item", &item);
                }
                reasons.push(&o);
            }
            set(&js, "reasons", &reasons);
        }
        Error::Transport(e) => {
            use rynamo_core::transport::TransportErrorKind as Kind;
            let kind = match e.kind() {
                Kind::Connect => "Connect",
                Kind::Timeout => "Timeout",
                Kind::Io => "Io",
                Kind::ReplyTooLarge => "ReplyTooLarge",
                _ => "Request",
            };
            set(&js, "kind", &kind.into());
        }
        Error::DeadlineExceeded(e) => {
            set(&js, "deadline", &e.deadline().as_str().into());
            set(&js, "attempts", &e.attempts().into());
        }
        _ => {}
    }
    js
}

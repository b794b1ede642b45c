//! [`FetchTransport`]: the core's requests over the host's `fetch`.
//!
//! The exchange itself is JS (`js/fetch.js`, a wasm-bindgen snippet): SigV4
//! over WebCrypto, `fetch`, timeouts and aborts, the reply-size limit, the
//! request id and the credentials provider. The host has SHA-256, HMAC,
//! URL parsing and streams already; compiled to wasm they were the largest
//! part of every worker's transport. This side hands over the target and
//! the body and turns the reply into a [`Response`] or a [`TransportError`].

use alloc::string::String;
use alloc::vec::Vec;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use core::time::Duration;

use js_sys::Function;
use rynamo_core::transport::{Request, Response, Transport, TransportError, TransportErrorKind};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::Credentials;

#[wasm_bindgen(module = "/js/fetch.js")]
extern "C" {
    #[wasm_bindgen(js_name = rynamoTransport)]
    fn settings(
        endpoint: &str,
        region: &str,
        access_key_id: &str,
        secret_access_key: &str,
        session_token: Option<&str>,
    ) -> JsValue;

    /// A copy of `settings` with `key` set (`headers` appends
    /// `[value, more]`; `credentials` a provider with its own cache; `call`
    /// a fresh request-id slot).
    #[wasm_bindgen(js_name = rynamoWith)]
    fn with(settings: &JsValue, key: &str, value: &JsValue, more: &JsValue) -> JsValue;

    /// The JS client's transport from its config; a wrong option throws a
    /// `TypeError`.
    #[cfg(feature = "js")]
    #[wasm_bindgen(catch, js_name = rynamoConfigured)]
    fn configured(config: &JsValue, endpoint: &str, region: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = rynamoRead)]
    fn read(settings: &JsValue, key: &str) -> JsValue;

    /// A request's promise, with an `abort()`.
    type Pending;
    #[wasm_bindgen(js_name = rynamoSend)]
    fn send(settings: &JsValue, target: &str, body: &[u8]) -> Pending;
    #[wasm_bindgen(method)]
    fn abort(this: &Pending);

    /// The reply's status, or `-1 - kind` of a failure.
    #[wasm_bindgen(js_name = rynamoStatus)]
    fn status(reply: &JsValue) -> i32;
    /// The reply's body, or a failure's message in UTF-8.
    #[wasm_bindgen(js_name = rynamoBody)]
    fn body(reply: &JsValue) -> Vec<u8>;
    /// The reply's `x-amzn-RequestId`, when it sent one.
    #[wasm_bindgen(js_name = rynamoRequestId)]
    fn reply_request_id(reply: &JsValue) -> Option<String>;

    #[wasm_bindgen(js_name = rynamoNow)]
    fn now() -> f64;
}

/// Sends requests with the global `fetch` (browsers, workerd, Node 19+,
/// Deno) or a caller's own, signed with SigV4 through the host's WebCrypto
/// (`crypto.subtle`: in a browser, only on https pages and loopback);
/// sleeps with `setTimeout`; reads the time from `performance.now()`
/// (`SystemTime::now()` panics on wasm32).
///
/// Redirects are never followed (`redirect: "manual"`): a 3xx reply is a
/// [`TransportErrorKind::Request`] error, so signed requests never go
/// somewhere else.
#[derive(Clone)]
pub struct FetchTransport {
    /// The JS side's settings (`js/fetch.js`): the builder methods replace
    /// it with a changed copy, so clones keep their own.
    settings: JsValue,
}

/// The endpoint only: `JsValue`'s `Debug` writes a plain object as JSON,
/// which would show the secret key.
impl core::fmt::Debug for FetchTransport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FetchTransport")
            .field("endpoint", &self.endpoint())
            .finish_non_exhaustive()
    }
}

impl FetchTransport {
    /// A transport to `endpoint` (e.g. `https://dynamodb.us-east-1.amazonaws.com`
    /// or `http://127.0.0.1:8000`), signing for `region`.
    ///
    /// The endpoint is normalized by the host's URL parser, as `fetch`
    /// normalizes it (scheme and host in lower case, the default port
    /// dropped, dot segments resolved, the path percent-encoded), so the
    /// signature covers exactly what is sent; no scheme means `https`, and a
    /// query or fragment is left out.
    pub fn new(endpoint: &str, region: &str, credentials: Credentials) -> Self {
        FetchTransport {
            settings: settings(
                endpoint,
                region,
                credentials.access_key_id(),
                credentials.secret_access_key(),
                credentials.session_token(),
            ),
        }
    }

    /// The JS client's transport from `config` (`credentials`, `allowHttp`,
    /// `maxReplyBytes`, `fetch`, `headers`), read and checked in JS.
    #[cfg(feature = "js")]
    pub(crate) fn from_config(
        config: &JsValue,
        endpoint: &str,
        region: &str,
    ) -> Result<Self, JsValue> {
        Ok(FetchTransport {
            settings: configured(config, endpoint, region)?,
        })
    }

    fn with(self, key: &str, value: JsValue) -> Self {
        FetchTransport {
            settings: with(&self.settings, key, &value, &JsValue::UNDEFINED),
        }
    }

    /// Allows a plain `http` endpoint on a host that is not loopback (a
    /// DynamoDB Local container reached by name). Off by default: requests
    /// to it fail with a [`TransportErrorKind::Request`] error, as signed
    /// requests and session tokens would cross the network in clear text.
    /// `http` to `localhost`, 127.0.0.0/8 and `[::1]` is always allowed.
    pub fn allow_http(self, allow: bool) -> Self {
        self.with("allowHttp", allow.into())
    }

    /// Whether requests would be refused as plain `http` to a host that is
    /// not loopback (see [`allow_http`](Self::allow_http)).
    pub fn is_insecure(&self) -> bool {
        read(&self.settings, "insecure").is_truthy()
    }

    /// The largest reply body read (default
    /// [`DEFAULT_MAX_REPLY_BYTES`](rynamo_core::transport::DEFAULT_MAX_REPLY_BYTES),
    /// 64 MiB: four times DynamoDB's largest legitimate reply, a 16 MB
    /// BatchGetItem). The body is read chunk by chunk and a larger one is
    /// cancelled as soon as it passes the limit (at once when its
    /// `Content-Length` says so), with a
    /// [`TransportErrorKind::ReplyTooLarge`] error.
    pub fn max_reply_bytes(self, bytes: usize) -> Self {
        self.with("max", (bytes as f64).into())
    }

    /// The URL requests are sent to.
    pub fn endpoint(&self) -> String {
        read(&self.settings, "url").as_string().unwrap_or_default()
    }

    /// Signs with credentials from `provider`, an async JS function
    /// resolving to `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }`
    /// (Cognito, STS…); it is called again five minutes before `expiration`
    /// (a `Date` or epoch milliseconds), or at half the credentials' life
    /// when that is sooner. As natively, one call is in flight however many
    /// requests wait, and a failed call keeps using credentials that are
    /// still valid (asking again 5 s later at the earliest).
    pub fn credentials_provider(self, provider: Function) -> Self {
        self.with("credentials", provider.into())
    }

    /// Sends with `fetch` (a function like the global `fetch`) instead of the global one.
    pub fn fetch(self, fetch: Function) -> Self {
        self.with("fetch", fetch.into())
    }

    /// Adds a header to every request (after the signature, so unsigned).
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        FetchTransport {
            settings: with(
                &self.settings,
                "headers",
                &name.as_str().into(),
                &value.as_str().into(),
            ),
        }
    }

    /// Aborts each request that takes longer than `timeout`.
    pub fn timeout(self, timeout: Option<Duration>) -> Self {
        let millis = timeout.map(|t| t.as_millis() as f64);
        self.with("timeout", millis.map_or(JsValue::UNDEFINED, JsValue::from))
    }

    /// Aborts requests when `signal` (an `AbortSignal`) aborts.
    pub fn signal(self, signal: Option<JsValue>) -> Self {
        self.with("signal", signal.unwrap_or(JsValue::UNDEFINED))
    }

    /// The same transport, with a fresh request-id slot (for one call).
    pub fn for_call(&self) -> Self {
        self.clone().with("call", JsValue::UNDEFINED)
    }

    /// The `x-amzn-requestid` of the last reply received (as the core
    /// keeps it: [`rynamo_core::transport::request_id`]).
    pub fn last_request_id(&self) -> Option<String> {
        rynamo_core::transport::request_id(&read(&self.settings, "id").as_string()?)
    }
}

/// A request under way, aborted when its future is dropped before it
/// finished: a fetch the core abandoned at a deadline stops instead of
/// running on unobserved. (Sleeps are [`crate::task::sleep`], which clears
/// its timer when dropped.)
/// (Once settled, `abort()` does nothing.)
struct AbortOnDrop(Pending);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A [`crate::task::sleep`] as the `()` future [`Transport::sleep`] is: a
/// plain future around the wait, not an `async fn` (a state machine of its
/// own). A sleep settles Ok (its `Result` type is shared with promise
/// waits).
struct Slept(crate::task::Wait);

impl Future for Slept {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.0).poll(cx).map(|_| ())
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: &Request) -> Result<Response, TransportError> {
        // Awaited here, not in an `async fn` of its own (a second state
        // machine around the wait).
        let pending = AbortOnDrop(send(&self.settings, request.action.target(), &request.body));
        let settled = crate::task::wait(&pending.0).await;
        drop(pending);
        let reply = match settled {
            Ok(value) | Err(value) => value,
        };
        let (code, bytes) = (status(&reply), body(&reply));
        if code >= 0 {
            // The request ID of a failure only, for its error: a 2xx
            // reply's is not read.
            let failed = !(200..300).contains(&code);
            return Ok(Response {
                status: code as u16,
                body: bytes,
                request_id: if failed {
                    reply_request_id(&reply).and_then(|id| rynamo_core::transport::request_id(&id))
                } else {
                    None
                },
            });
        }
        let kind = match -1 - code {
            0 => TransportErrorKind::Connect,
            2 => TransportErrorKind::Io,
            4 => TransportErrorKind::ReplyTooLarge,
            _ => TransportErrorKind::Request,
        };
        Err(TransportError::new(
            kind,
            String::from_utf8(bytes).unwrap_or_default(),
        ))
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        Slept(crate::task::sleep(duration))
    }

    fn jitter_seed(&self) -> u64 {
        let high = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        let low = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        (high << 32) ^ low
    }

    /// `performance.now()` (monotonic) where the host has it, else
    /// `Date.now()`.
    fn now(&self) -> Option<Duration> {
        let millis = now();
        // (`Duration::try_from_secs_f64` costs half a KB of wasm.)
        (millis >= 0.0).then(|| Duration::from_micros((millis * 1000.0) as u64))
    }
}

#[cfg(test)]
mod tests {
    /// `js/fetch.js` keeps the provider's credentials itself, and looks for
    /// a refused signing time itself: its refresh window and its reply
    /// limit are the core's.
    #[test]
    fn the_js_transport_keeps_the_core_s_refresh_window_and_refusal_limit() {
        let js = include_str!("../js/fetch.js");
        let ahead_ms = rynamo_core::credentials::REFRESH_AHEAD_SECONDS * 1000;
        let line = alloc::format!("const REFRESH_AHEAD_MS = {ahead_ms};");
        assert!(js.contains(&line), "js/fetch.js lacks `{line}`");
        // Likewise the largest reply it reads for a refused signing time.
        let limit = rynamo_core::error::MAX_SIGNING_REFUSAL_BYTES;
        let line = alloc::format!("const MAX_SIGNING_REFUSAL_BYTES = {limit};");
        assert!(js.contains(&line), "js/fetch.js lacks `{line}`");
    }
}

//! [`FetchTransport`]: the core's requests over the host's `fetch`.
//!
//! Every worker ships this file, so it is written for size: the host's
//! objects are reached through typed imports (one small glue function
//! each, shared by every use) rather than `Reflect` lookups and
//! `Function` casts, and texts are built by appending, without
//! `core::fmt`.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;
use core::pin::Pin;
use core::time::Duration;

use js_sys::{Array, Function, Object, Uint8Array};
use rynamo_core::transport::{
    DEFAULT_MAX_REPLY_BYTES, Request, Response, Transport, TransportError, TransportErrorKind,
};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::sigv4::{Credentials, Endpoint, push_decimal, sign};
use crate::task::{sleep, wait};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, looked up at each call (a test or a polyfill
    /// may replace it).
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &Object) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_namespace = performance, js_name = now)]
    fn performance_now() -> Result<f64, JsValue>;

    /// `String(value)`.
    #[wasm_bindgen(catch, js_name = String)]
    fn to_text(value: &JsValue) -> Result<String, JsValue>;

    /// An object whose fields are read and written by name (one import
    /// for every field).
    type Fields;
    #[wasm_bindgen(method, structural, indexing_getter)]
    fn get(this: &Fields, key: &str) -> JsValue;
    #[wasm_bindgen(method, structural, indexing_setter)]
    fn set(this: &Fields, key: &str, value: &JsValue);

    type AbortController;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<AbortController, JsValue>;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);

    type AbortSignal;
    #[wasm_bindgen(static_method_of = AbortSignal, catch)]
    fn timeout(millis: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(static_method_of = AbortSignal, catch)]
    fn any(signals: &Array) -> Result<JsValue, JsValue>;

    type Headers;
    #[wasm_bindgen(method, catch, js_name = get)]
    fn get_header(this: &Headers, name: &str) -> Result<JsValue, JsValue>;

    /// A `Response`, its body stream or the stream's reader: what is
    /// called on them may be missing from a caller's own `fetch`.
    type Body;
    #[wasm_bindgen(method, catch, js_name = arrayBuffer)]
    fn array_buffer(this: &Body) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = getReader)]
    fn get_reader(this: &Body) -> Result<Body, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn read(this: &Body) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn cancel(this: &Body) -> Result<JsValue, JsValue>;
}

/// `value[key]`, for a value known to be an object.
fn field(value: &JsValue, key: &str) -> JsValue {
    value.unchecked_ref::<Fields>().get(key)
}

/// `parts` joined (`[&str]::concat` keeps an overflow panic with its
/// message).
fn text(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Refresh provided credentials this long before they expire.
const REFRESH_BEFORE_EXPIRY_MS: f64 = 5.0 * 60.0 * 1000.0;

/// Where signing credentials come from: fixed, or an async JS callback
/// `() => Promise<{ accessKeyId, secretAccessKey, sessionToken?, expiration? }>`
/// called again shortly before `expiration` (a `Date` or epoch milliseconds).
#[derive(Debug)]
enum CredentialSource {
    Fixed(Credentials),
    Provider {
        callback: Function,
        /// [`provide`], reached only through this pointer, so a host that
        /// never sets a provider (a worker with fixed credentials) compiles
        /// none of it.
        provide: Provide,
        cached: Cache,
    },
}

type Cache = Rc<RefCell<Option<(Credentials, Option<f64>)>>>;
type Provided = Pin<Box<dyn Future<Output = Result<Credentials, TransportError>>>>;
type Provide = fn(Function, Cache) -> Provided;

/// The provider's cached credentials, or new ones when they are about to
/// expire (or none are cached).
fn provide(callback: Function, cached: Cache) -> Provided {
    Box::pin(async move {
        let now = js_sys::Date::now();
        if let Some((c, expiry)) = &*cached.borrow()
            && expiry.is_none_or(|e| e - REFRESH_BEFORE_EXPIRY_MS > now)
        {
            return Ok(c.clone());
        }
        let failed = |e| js_error(TransportErrorKind::Request, "credentials provider", e);
        let value = callback.call0(&JsValue::UNDEFINED).map_err(failed)?;
        let value = wait(&value).await.map_err(failed)?;
        let string = |key| {
            if value.is_object() {
                field(&value, key).as_string()
            } else {
                None
            }
        };
        let (Some(access_key_id), Some(secret_access_key)) =
            (string("accessKeyId"), string("secretAccessKey"))
        else {
            return Err(TransportError::new(
                TransportErrorKind::Request,
                "credentials provider: the result needs accessKeyId and secretAccessKey",
            ));
        };
        let credentials =
            Credentials::new(access_key_id, secret_access_key, string("sessionToken"));
        // A `Date` or epoch milliseconds.
        let expiry = field(&value, "expiration");
        let expiry = match expiry.dyn_ref::<js_sys::Date>() {
            Some(date) => Some(date.get_time()),
            None => expiry.as_f64(),
        };
        *cached.borrow_mut() = Some((credentials.clone(), expiry));
        Ok(credentials)
    })
}

/// Sends requests with the global `fetch` (browsers, workerd, Node 18+,
/// Deno) or a caller's own, signed with SigV4; sleeps with `setTimeout`;
/// reads the time from `Date.now()` (`SystemTime::now()` panics on wasm32).
///
/// Redirects are never followed (`redirect: "manual"`): a 3xx reply is a
/// [`TransportErrorKind::Request`] error, so signed requests never go
/// somewhere else.
#[derive(Debug, Clone)]
pub struct FetchTransport {
    endpoint: Endpoint,
    region: String,
    credentials: Rc<CredentialSource>,
    fetch: Option<Function>,
    headers: Rc<Vec<(String, String)>>,
    timeout: Option<Duration>,
    signal: Option<JsValue>,
    request_id: Rc<RefCell<Option<String>>>,
    allow_http: bool,
    max_reply_bytes: usize,
}

impl FetchTransport {
    /// A transport to `endpoint` (e.g. `https://dynamodb.us-east-1.amazonaws.com`
    /// or `http://127.0.0.1:8000`), signing for `region`.
    pub fn new(endpoint: &str, region: &str, credentials: Credentials) -> Self {
        FetchTransport {
            endpoint: Endpoint::parse(endpoint),
            region: region.to_string(),
            credentials: Rc::new(CredentialSource::Fixed(credentials)),
            fetch: None,
            headers: Rc::default(),
            timeout: None,
            signal: None,
            request_id: Rc::default(),
            allow_http: false,
            max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
        }
    }

    /// Allows a plain `http` endpoint on a host that is not loopback (a
    /// DynamoDB Local container reached by name). Off by default: requests
    /// to it fail with a [`TransportErrorKind::Request`] error, as signed
    /// requests and session tokens would cross the network in clear text.
    /// `http` to `localhost`, 127.0.0.0/8 and `[::1]` is always allowed.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Whether requests would be refused as plain `http` to a host that is
    /// not loopback (see [`allow_http`](Self::allow_http)).
    pub fn is_insecure(&self) -> bool {
        self.endpoint.is_insecure() && !self.allow_http
    }

    /// The largest reply body read (default [`DEFAULT_MAX_REPLY_BYTES`],
    /// 64 MiB: four times DynamoDB's largest legitimate reply, a 16 MB
    /// BatchGetItem). The body is read chunk by chunk and a larger one is
    /// cancelled as soon as it passes the limit (at once when its
    /// `Content-Length` says so), with a
    /// [`TransportErrorKind::ReplyTooLarge`] error.
    pub fn max_reply_bytes(mut self, bytes: usize) -> Self {
        self.max_reply_bytes = bytes;
        self
    }

    /// The URL requests are sent to.
    pub fn endpoint(&self) -> &str {
        self.endpoint.url()
    }

    /// Signs with credentials from `provider`, an async JS function
    /// resolving to `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }`
    /// (Cognito, STS…); it is called again five minutes before `expiration`.
    pub fn credentials_provider(mut self, provider: Function) -> Self {
        self.credentials = Rc::new(CredentialSource::Provider {
            callback: provider,
            provide,
            cached: Rc::default(),
        });
        self
    }

    /// Sends with `fetch` (a function like the global `fetch`) instead of the global one.
    pub fn fetch(mut self, fetch: Function) -> Self {
        self.fetch = Some(fetch);
        self
    }

    /// Adds a header to every request (after the signature, so unsigned).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        Rc::make_mut(&mut self.headers).push((name.into(), value.into()));
        self
    }

    /// Aborts each request that takes longer than `timeout`.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Aborts requests when `signal` (an `AbortSignal`) aborts.
    pub fn signal(mut self, signal: Option<JsValue>) -> Self {
        self.signal = signal;
        self
    }

    /// The same transport, with a fresh request-id slot (for one call).
    pub fn for_call(&self) -> Self {
        FetchTransport {
            request_id: Rc::default(),
            ..self.clone()
        }
    }

    /// The `x-amzn-requestid` of the last reply received.
    pub fn last_request_id(&self) -> Option<String> {
        self.request_id.borrow().clone()
    }
}

/// One attempt's own `AbortController`: aborted when the attempt's future
/// is dropped before it finished (the core abandoned it at a deadline), so
/// the fetch stops instead of running on unobserved.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

/// `AbortSignal.any([a, b])`, or `b` where the host lacks it.
fn either(a: Option<JsValue>, b: Option<JsValue>) -> Option<JsValue> {
    match (a, b) {
        (Some(a), Some(b)) => AbortSignal::any(&Array::of2(&a, &b)).ok().or(Some(b)),
        (a, b) => b.or(a),
    }
}

fn is_aborted(signal: &Option<JsValue>) -> bool {
    signal
        .as_ref()
        .is_some_and(|s| s.is_object() && field(s, "aborted").as_bool() == Some(true))
}

fn js_error(kind: TransportErrorKind, what: &str, error: JsValue) -> TransportError {
    let detail = error
        .as_string()
        .or_else(|| {
            if error.is_object() {
                field(&error, "message").as_string()
            } else {
                None
            }
        })
        .or_else(|| to_text(&error).ok())
        .unwrap_or_default();
    TransportError::new(kind, text(&[what, ": ", &detail]))
}

/// Why a body could not be read.
enum BodyError {
    Js(&'static str, JsValue),
    Transport(TransportError),
}

fn too_large(max: usize, length: Option<u64>) -> BodyError {
    let mut message = String::from("the reply");
    match length {
        Some(length) => {
            message.push_str("'s ");
            push_decimal(&mut message, length);
            message.push_str(" bytes are over");
        }
        None => message.push_str(" passed"),
    }
    message.push_str(" the limit of ");
    push_decimal(&mut message, max as u64);
    message.push_str(" bytes (maxReplyBytes)");
    BodyError::Transport(TransportError::new(
        TransportErrorKind::ReplyTooLarge,
        message,
    ))
}

/// The body of `response`, refused once it passes `max` bytes: at once when
/// its `Content-Length` says so, else as soon as the chunks read through
/// `body.getReader()` pass it (the stream is then cancelled), so an
/// oversized reply is never held whole. A response without a readable
/// stream (a caller's own `fetch`) is read with `arrayBuffer()` and
/// checked after. One await point, so one small state machine.
async fn read_body(response: &Body, max: usize) -> Result<Vec<u8>, BodyError> {
    let stream = field(response, "body");
    let stream = stream.unchecked_ref::<Body>();
    let declared = header(response, "content-length").and_then(|l| decimal(&l));
    if let Some(length) = declared
        && length > max as u64
    {
        if stream.is_object() {
            let _ = stream.cancel();
        }
        return Err(too_large(max, Some(length)));
    }
    let reader = if stream.is_object() {
        stream.get_reader().ok()
    } else {
        None
    };
    let mut body = Vec::with_capacity(declared.map_or(0, |l| l as usize));
    // Set once the body passed `max`: the reader is cancelled (stopping
    // the download) and the cancellation awaited, so a rejection of it is
    // handled rather than left to the host's unhandled-rejection handler.
    let mut over = false;
    loop {
        let (next, what) = match &reader {
            Some(reader) if over => (reader.cancel(), "cancel"),
            Some(reader) => (reader.read(), "read"),
            None => (response.array_buffer(), "arrayBuffer"),
        };
        let value = match next {
            Ok(next) => wait(&next).await,
            Err(e) => Err(e),
        };
        if over {
            return Err(too_large(max, None));
        }
        let value = value.map_err(|e| BodyError::Js(what, e))?;
        let bytes = match &reader {
            Some(_) if !value.is_object() || field(&value, "done").as_bool() != Some(false) => {
                return Ok(body);
            }
            Some(_) => Uint8Array::new(&field(&value, "value")),
            None => Uint8Array::new(&value),
        };
        let length = bytes.length() as usize;
        if length > max - body.len() {
            if reader.is_none() {
                return Err(too_large(max, None));
            }
            over = true;
            continue;
        }
        let start = body.len();
        body.resize(start + length, 0);
        bytes.copy_to(body.get_mut(start..).unwrap_or_default());
        if reader.is_none() {
            return Ok(body);
        }
    }
}

/// A `Content-Length`: decimal digits only (`str::parse` costs more code).
fn decimal(text: &str) -> Option<u64> {
    let mut n = None;
    for b in text.bytes() {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        n = Some(
            n.unwrap_or(0u64)
                .checked_mul(10)?
                .checked_add(u64::from(digit))?,
        );
    }
    n
}

fn header(response: &JsValue, name: &str) -> Option<String> {
    field(response, "headers")
        .unchecked_ref::<Headers>()
        .get_header(name)
        .ok()?
        .as_string()
}

/// A request under way: its `fetch` promise, the caller's and the
/// timeout's signal, and the attempt's own controller.
struct Sent(JsValue, Option<JsValue>, AbortOnDrop);

impl FetchTransport {
    /// Signs `request` and calls `fetch`. Kept out of `send` so none of
    /// what it builds lives across an await (each would add drop code to
    /// every state of `send`'s state machine).
    fn start(&self, request: &Request, credentials: &Credentials) -> Result<Sent, TransportError> {
        let target = request.action.target();
        let signed = sign(
            credentials,
            &self.region,
            &self.endpoint,
            target,
            &request.body,
            js_sys::Date::now(),
        );
        let headers = Object::new();
        let set = |target: &Object, name: &str, value: &JsValue| {
            target.unchecked_ref::<Fields>().set(name, value);
        };
        for (name, value) in self.headers.iter() {
            set(&headers, name, &value.into());
        }
        set(
            &headers,
            "content-type",
            &rynamo_core::transport::CONTENT_TYPE.into(),
        );
        set(&headers, "x-amz-target", &target.into());
        set(&headers, "x-amz-date", &signed.amz_date.into());
        set(&headers, "authorization", &signed.authorization.into());
        if let Some(token) = signed.security_token {
            set(&headers, "x-amz-security-token", &token.into());
        }
        let init = Object::new();
        set(&init, "method", &"POST".into());
        set(&init, "headers", &headers);
        set(&init, "body", &Uint8Array::from(request.body.as_slice()));
        set(&init, "redirect", &"manual".into());
        // The caller's signal and the timeout's: an abort by either is not
        // retried, as the same signal would abort again.
        let given = either(
            self.timeout
                .and_then(|t| AbortSignal::timeout(t.as_millis() as f64).ok()),
            self.signal.clone(),
        );
        let attempt = AbortOnDrop(AbortController::new().ok());
        let own = attempt.0.as_ref().map(|c| field(c, "signal"));
        // Without `AbortSignal.any` only the caller's signal is passed.
        if let Some(signal) = either(own, given.clone()) {
            set(&init, "signal", &signal);
        }
        let promise = match &self.fetch {
            Some(f) => f.call2(&JsValue::UNDEFINED, &self.endpoint.url().into(), &init),
            None => global_fetch(self.endpoint.url(), &init),
        }
        .map_err(|e| failed(&given, TransportErrorKind::Request, "fetch", e))?;
        Ok(Sent(promise, given, attempt))
    }
}

/// A JS failure as a transport error of `kind`, or of kind `Request` (not
/// retried) when `given` aborted it.
fn failed(
    given: &Option<JsValue>,
    kind: TransportErrorKind,
    what: &str,
    e: JsValue,
) -> TransportError {
    let kind = if is_aborted(given) {
        TransportErrorKind::Request
    } else {
        kind
    };
    js_error(kind, what, e)
}

impl Transport for FetchTransport {
    async fn send(&self, request: &Request) -> Result<Response, TransportError> {
        if self.is_insecure() {
            return Err(TransportError::new(
                TransportErrorKind::Request,
                text(&[
                    "refusing plain http to `",
                    self.endpoint.url(),
                    "`: signed requests and session tokens would be sent in clear text; use \
                     https, or opt in with allowHttp (http to localhost, 127.0.0.0/8 and [::1] \
                     is always allowed)",
                ]),
            ));
        }
        let sent = match &*self.credentials {
            CredentialSource::Fixed(credentials) => self.start(request, credentials),
            CredentialSource::Provider {
                callback,
                provide,
                cached,
            } => {
                let credentials = provide(callback.clone(), cached.clone()).await?;
                self.start(request, &credentials)
            }
        };
        let Sent(promise, given, mut attempt) = sent?;
        let response = wait(&promise)
            .await
            .map_err(|e| failed(&given, TransportErrorKind::Connect, "fetch", e))?;
        if !response.is_object() {
            return Err(TransportError::new(
                TransportErrorKind::Io,
                "fetch: the reply is not a Response",
            ));
        }
        let status = field(&response, "status").as_f64().unwrap_or(0.0) as u16;
        let opaque = field(&response, "type").as_string().as_deref() == Some("opaqueredirect");
        if opaque || (300..400).contains(&status) {
            let mut message = String::from("redirect (HTTP ");
            push_decimal(&mut message, u64::from(status));
            message.push_str(") to `");
            message.push_str(&header(&response, "location").unwrap_or_default());
            message.push_str("` refused: check the endpoint");
            return Err(TransportError::new(TransportErrorKind::Request, message));
        }
        if let Ok(mut slot) = self.request_id.try_borrow_mut() {
            *slot = header(&response, "x-amzn-requestid");
        }
        let body = read_body(response.unchecked_ref(), self.max_reply_bytes)
            .await
            .map_err(|e| match e {
                BodyError::Js(what, e) => failed(&given, TransportErrorKind::Io, what, e),
                BodyError::Transport(e) => e,
            })?;
        // Finished: nothing to abort.
        attempt.0 = None;
        Ok(Response { status, body })
    }

    async fn sleep(&self, duration: Duration) {
        let _ = sleep(duration).await;
    }

    fn jitter_seed(&self) -> u64 {
        let high = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        let low = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        (high << 32) ^ low
    }

    /// `performance.now()` (monotonic) where the host has it, else
    /// `Date.now()`.
    fn now(&self) -> Option<Duration> {
        let millis = performance_now().unwrap_or_else(|_| js_sys::Date::now());
        // (`Duration::try_from_secs_f64` costs half a KB of wasm.)
        (millis >= 0.0).then(|| Duration::from_micros((millis * 1000.0) as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn a_content_length_is_decimal_digits_that_fit_a_u64() {
        assert_eq!(decimal("0"), Some(0));
        assert_eq!(decimal("209715200"), Some(209_715_200));
        assert_eq!(decimal("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "18446744073709551616",
            "+5",
            "-1",
            " 5",
            "5 ",
            "1e3",
            "0x10",
        ] {
            assert_eq!(decimal(bad), None, "{bad:?}");
        }
    }
}

//! [`FetchTransport`]: the core's requests over the host's `fetch`.

use core::cell::RefCell;
use core::time::Duration;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use rynamo_core::transport::{
    DEFAULT_MAX_REPLY_BYTES, Request, Response, Transport, TransportError, TransportErrorKind,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::sigv4::{Credentials, Endpoint, sign};

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
        cached: RefCell<Option<(Credentials, Option<f64>)>>,
    },
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
            cached: RefCell::new(None),
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

    async fn credentials(&self) -> Result<Credentials, TransportError> {
        let (callback, cached) = match &*self.credentials {
            CredentialSource::Fixed(c) => return Ok(c.clone()),
            CredentialSource::Provider { callback, cached } => (callback, cached),
        };
        let now = js_sys::Date::now();
        if let Some((c, expiry)) = &*cached.borrow()
            && expiry.is_none_or(|e| e - REFRESH_BEFORE_EXPIRY_MS > now)
        {
            return Ok(c.clone());
        }
        let failed = |e| js_error(TransportErrorKind::Request, "credentials provider", e);
        let value = callback.call0(&JsValue::UNDEFINED).map_err(failed)?;
        let value = JsFuture::from(Promise::resolve(&value))
            .await
            .map_err(failed)?;
        let text = |key: &str| {
            Reflect::get(&value, &key.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        let (Some(access_key_id), Some(secret_access_key)) =
            (text("accessKeyId"), text("secretAccessKey"))
        else {
            return Err(TransportError::new(
                TransportErrorKind::Request,
                "credentials provider: the result needs accessKeyId and secretAccessKey",
            ));
        };
        let credentials = Credentials::new(access_key_id, secret_access_key, text("sessionToken"));
        let expiry = Reflect::get(&value, &"expiration".into())
            .ok()
            .and_then(|e| match e.dyn_ref::<js_sys::Date>() {
                Some(date) => Some(date.get_time()),
                None => e.as_f64(),
            });
        *cached.borrow_mut() = Some((credentials.clone(), expiry));
        Ok(credentials)
    }
}

/// The signal to pass to `fetch`: `signal`, one that aborts after
/// `timeout` (`AbortSignal.timeout`), or both (`AbortSignal.any`).
pub fn abort_signal(signal: Option<JsValue>, timeout: Option<Duration>) -> Option<JsValue> {
    let class = Reflect::get(&js_sys::global(), &"AbortSignal".into()).ok()?;
    let method = |name: &str| {
        Reflect::get(&class, &name.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
    };
    let timeout = timeout.and_then(|t| {
        method("timeout")?
            .call1(&class, &JsValue::from_f64(t.as_millis() as f64))
            .ok()
    });
    match (signal, timeout) {
        (Some(a), Some(b)) => method("any")
            .and_then(|any| any.call1(&class, &js_sys::Array::of2(&a, &b)).ok())
            .or(Some(a)),
        (a, b) => a.or(b),
    }
}

/// One attempt's own `AbortController`: aborted when the attempt's future
/// is dropped before it finished (the core abandoned it at a deadline), so
/// the fetch stops instead of running on unobserved.
struct AbortOnDrop(Option<JsValue>);

impl AbortOnDrop {
    /// A new controller, if the host has `AbortController`.
    fn new() -> Self {
        let controller = Reflect::get(&js_sys::global(), &"AbortController".into())
            .ok()
            .and_then(|class| class.dyn_into::<Function>().ok())
            .and_then(|class| Reflect::construct(&class, &js_sys::Array::new()).ok());
        AbortOnDrop(controller)
    }

    fn signal(&self) -> Option<JsValue> {
        let controller = self.0.as_ref()?;
        Reflect::get(controller, &"signal".into()).ok()
    }

    /// The attempt finished: nothing to abort.
    fn disarm(&mut self) {
        self.0 = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0
            && let Ok(abort) = Reflect::get(controller, &"abort".into())
            && let Ok(abort) = abort.dyn_into::<Function>()
        {
            let _ = abort.call0(controller);
        }
    }
}

/// A `setTimeout` timer cleared when its sleep is dropped early (the reply
/// won the race against a deadline), so no timer keeps Node's event loop or
/// a worker alive after the call is done.
struct ClearOnDrop(JsValue);

impl Drop for ClearOnDrop {
    fn drop(&mut self) {
        if let Ok(clear) = global_function("clearTimeout") {
            let _ = clear.call1(&JsValue::UNDEFINED, &self.0);
        }
    }
}

/// `AbortSignal.any([a, b])`, where the host has it.
fn any_of(a: &JsValue, b: &JsValue) -> Option<JsValue> {
    let class = Reflect::get(&js_sys::global(), &"AbortSignal".into()).ok()?;
    let any = Reflect::get(&class, &"any".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    any.call1(&class, &js_sys::Array::of2(a, b)).ok()
}

fn js_error(kind: TransportErrorKind, what: &str, error: JsValue) -> TransportError {
    let detail = error.as_string().or_else(|| {
        Reflect::get(&error, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
    });
    TransportError::new(
        kind,
        format!("{what}: {}", detail.unwrap_or_else(|| format!("{error:?}"))),
    )
}

fn global_function(name: &str) -> Result<Function, TransportError> {
    Reflect::get(&js_sys::global(), &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| {
            TransportError::new(
                TransportErrorKind::Request,
                format!("no global `{name}` in this runtime"),
            )
        })
}

fn set(target: &Object, key: &str, value: &JsValue) -> Result<(), TransportError> {
    Reflect::set(target, &key.into(), value)
        .map(|_| ())
        .map_err(|e| js_error(TransportErrorKind::Request, "building the request", e))
}

fn is_aborted(signal: &Option<JsValue>) -> bool {
    signal.as_ref().is_some_and(|s| {
        Reflect::get(s, &"aborted".into())
            .ok()
            .and_then(|a| a.as_bool())
            .unwrap_or(false)
    })
}

/// Why a body could not be read.
enum BodyError {
    Js(&'static str, JsValue),
    Transport(TransportError),
}

/// Calls `target.name()`, awaiting the promise it returns.
async fn call_async(target: &JsValue, name: &'static str) -> Result<JsValue, BodyError> {
    let method = Reflect::get(target, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| {
            BodyError::Transport(TransportError::new(
                TransportErrorKind::Io,
                format!("the response has no {name}()"),
            ))
        })?;
    let promise = method.call0(target).map_err(|e| BodyError::Js(name, e))?;
    JsFuture::from(Promise::resolve(&promise))
        .await
        .map_err(|e| BodyError::Js(name, e))
}

/// The body of `response`, refused once it passes `max` bytes: at once when
/// its `Content-Length` says so, else as soon as the chunks read through
/// `body.getReader()` pass it (the stream is then cancelled), so an
/// oversized reply is never held whole. A response without a readable
/// stream (a caller's own `fetch`) is read with `arrayBuffer()` and
/// checked after.
async fn read_body(response: &JsValue, max: usize) -> Result<Vec<u8>, BodyError> {
    let too_large = |what: String| {
        BodyError::Transport(TransportError::new(
            TransportErrorKind::ReplyTooLarge,
            format!("{what} the limit of {max} bytes (maxReplyBytes)"),
        ))
    };
    let declared = header(response, "content-length").and_then(|l| l.parse::<u64>().ok());
    if let Some(length) = declared
        && length > max as u64
    {
        if let Ok(body) = Reflect::get(response, &"body".into())
            && let Ok(cancel) = Reflect::get(&body, &"cancel".into())
            && let Ok(cancel) = cancel.dyn_into::<Function>()
        {
            let _ = cancel.call0(&body);
        }
        return Err(too_large(format!("the reply's {length} bytes are over")));
    }
    let stream = Reflect::get(response, &"body".into()).unwrap_or(JsValue::NULL);
    let has_reader = Reflect::get(&stream, &"getReader".into()).is_ok_and(|f| f.is_function());
    if stream.is_null() || stream.is_undefined() || !has_reader {
        let buffer = call_async(response, "arrayBuffer").await?;
        let body = Uint8Array::new(&buffer);
        if body.length() as usize > max {
            return Err(too_large("the reply passed".into()));
        }
        return Ok(body.to_vec());
    }
    let reader = Reflect::get(&stream, &"getReader".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call0(&stream).ok())
        .ok_or_else(|| BodyError::Js("getReader", JsValue::NULL))?;
    let mut body = Vec::with_capacity(declared.map_or(0, |l| l as usize));
    loop {
        let chunk = call_async(&reader, "read").await?;
        let done = Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(body);
        }
        let value = Reflect::get(&chunk, &"value".into()).unwrap_or(JsValue::UNDEFINED);
        let bytes = Uint8Array::new(&value);
        if bytes.length() as usize > max - body.len() {
            // Stop the download; the rest is never read.
            let _ = call_async(&reader, "cancel").await;
            return Err(too_large("the reply passed".into()));
        }
        let start = body.len();
        body.resize(start + bytes.length() as usize, 0);
        bytes.copy_to(body.get_mut(start..).unwrap_or_default());
    }
}

fn header(response: &JsValue, name: &str) -> Option<String> {
    let headers = Reflect::get(response, &"headers".into()).ok()?;
    let get = Reflect::get(&headers, &"get".into()).ok()?;
    get.dyn_into::<Function>()
        .ok()?
        .call1(&headers, &name.into())
        .ok()?
        .as_string()
}

impl Transport for FetchTransport {
    async fn send(&self, request: &Request) -> Result<Response, TransportError> {
        if self.is_insecure() {
            return Err(TransportError::new(
                TransportErrorKind::Request,
                format!(
                    "refusing plain http to `{}`: signed requests and session tokens would be \
                     sent in clear text; use https, or opt in with allowHttp (http to \
                     localhost, 127.0.0.0/8 and [::1] is always allowed)",
                    self.endpoint.url()
                ),
            ));
        }
        let target = request.action.target();
        let credentials = self.credentials().await?;
        let signed = sign(
            &credentials,
            &self.region,
            &self.endpoint,
            target,
            &request.body,
            js_sys::Date::now(),
        );
        let headers = Object::new();
        for (name, value) in self.headers.iter() {
            set(&headers, name, &value.into())?;
        }
        set(
            &headers,
            "content-type",
            &rynamo_core::transport::CONTENT_TYPE.into(),
        )?;
        set(&headers, "x-amz-target", &target.into())?;
        set(&headers, "x-amz-date", &signed.amz_date.into())?;
        set(&headers, "authorization", &signed.authorization.into())?;
        if let Some(token) = signed.security_token {
            set(&headers, "x-amz-security-token", &token.into())?;
        }
        let init = Object::new();
        set(&init, "method", &"POST".into())?;
        set(&init, "headers", &headers)?;
        set(&init, "body", &Uint8Array::from(request.body.as_slice()))?;
        set(&init, "redirect", &"manual".into())?;
        let signal = abort_signal(self.signal.clone(), self.timeout);
        let mut attempt = AbortOnDrop::new();
        let sent_signal = match (attempt.signal(), &signal) {
            // Without `AbortSignal.any` only the caller's signal is passed.
            (Some(own), Some(given)) => any_of(&own, given).or_else(|| Some(given.clone())),
            (own, given) => own.or_else(|| given.clone()),
        };
        if let Some(signal) = &sent_signal {
            set(&init, "signal", signal)?;
        }
        // An aborted call is not retried: the same signal would abort again.
        let failed = |kind, what, e| {
            let kind = if is_aborted(&signal) {
                TransportErrorKind::Request
            } else {
                kind
            };
            js_error(kind, what, e)
        };
        let fetch = match &self.fetch {
            Some(f) => f.clone(),
            None => global_function("fetch")?,
        };
        let promise = fetch
            .call2(&js_sys::global(), &self.endpoint.url().into(), &init)
            .map_err(|e| failed(TransportErrorKind::Request, "fetch", e))?;
        let response = JsFuture::from(Promise::resolve(&promise))
            .await
            .map_err(|e| failed(TransportErrorKind::Connect, "fetch", e))?;
        let status = Reflect::get(&response, &"status".into())
            .ok()
            .and_then(|s| s.as_f64())
            .unwrap_or(0.0) as u16;
        let opaque = Reflect::get(&response, &"type".into())
            .ok()
            .and_then(|t| t.as_string())
            .is_some_and(|t| t == "opaqueredirect");
        if opaque || (300..400).contains(&status) {
            let location = header(&response, "location").unwrap_or_default();
            return Err(TransportError::new(
                TransportErrorKind::Request,
                format!("redirect (HTTP {status}) to `{location}` refused: check the endpoint"),
            ));
        }
        *self.request_id.borrow_mut() = header(&response, "x-amzn-requestid");
        let body = read_body(&response, self.max_reply_bytes)
            .await
            .map_err(|e| match e {
                BodyError::Js(what, e) => failed(TransportErrorKind::Io, what, e),
                BodyError::Transport(e) => e,
            })?;
        attempt.disarm();
        Ok(Response { status, body })
    }

    async fn sleep(&self, duration: Duration) {
        let millis = duration.as_millis().min(i32::MAX as u128) as i32;
        let mut timer = JsValue::UNDEFINED;
        let promise = Promise::new(&mut |resolve, _reject| {
            if let Ok(set_timeout) = global_function("setTimeout") {
                timer = set_timeout
                    .call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(millis))
                    .unwrap_or(JsValue::UNDEFINED);
            } else {
                // No timers (an odd host): do not wait rather than hang.
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        });
        let _clear = ClearOnDrop(timer);
        let _ = JsFuture::from(promise).await;
    }

    fn jitter_seed(&self) -> u64 {
        let high = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        let low = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        (high << 32) ^ low
    }

    /// `performance.now()` (monotonic) where the host has it, else
    /// `Date.now()`.
    fn now(&self) -> Option<Duration> {
        let performance = Reflect::get(&js_sys::global(), &"performance".into()).ok();
        let millis = performance
            .filter(|p| p.is_object())
            .and_then(|p| {
                let now = Reflect::get(&p, &"now".into()).ok()?;
                now.dyn_into::<Function>().ok()?.call0(&p).ok()?.as_f64()
            })
            .unwrap_or_else(js_sys::Date::now);
        Duration::try_from_secs_f64(millis / 1000.0).ok()
    }
}

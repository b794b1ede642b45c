//! [`FetchTransport`]: the core's requests over the host's `fetch`.

use core::time::Duration;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use rynamo_core::transport::{Request, Response, Transport, TransportError, TransportErrorKind};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::sigv4::{Credentials, sign};

/// Sends requests with the global `fetch` (browsers, workerd, Node 18+,
/// Deno), signed with SigV4; sleeps with `setTimeout`; reads the time from
/// `Date.now()` (`SystemTime::now()` panics on wasm32).
#[derive(Debug, Clone)]
pub struct FetchTransport {
    endpoint: String,
    host: String,
    region: String,
    credentials: Credentials,
}

impl FetchTransport {
    /// A transport to `endpoint` (e.g. `https://dynamodb.us-east-1.amazonaws.com`
    /// or `http://127.0.0.1:8000`), signing for `region`.
    pub fn new(endpoint: &str, region: &str, credentials: Credentials) -> Self {
        let endpoint = endpoint.trim_end_matches('/').to_string();
        let host = endpoint
            .strip_prefix("https://")
            .or_else(|| endpoint.strip_prefix("http://"))
            .unwrap_or(&endpoint)
            .split('/')
            .next()
            .unwrap_or("")
            .to_string();
        FetchTransport {
            endpoint: format!("{endpoint}/"),
            host,
            region: region.to_string(),
            credentials,
        }
    }

    /// The URL requests are sent to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
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

impl Transport for FetchTransport {
    async fn send(&self, request: &Request) -> Result<Response, TransportError> {
        let target = request.action.target();
        let signed = sign(
            &self.credentials,
            &self.region,
            &self.host,
            target,
            &request.body,
            js_sys::Date::now(),
        );
        let headers = Object::new();
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
        let fetch = global_function("fetch")?;
        let promise = fetch
            .call2(&js_sys::global(), &self.endpoint.as_str().into(), &init)
            .map_err(|e| js_error(TransportErrorKind::Request, "fetch", e))?;
        let response = JsFuture::from(Promise::from(promise))
            .await
            .map_err(|e| js_error(TransportErrorKind::Connect, "fetch", e))?;
        let status = Reflect::get(&response, &"status".into())
            .ok()
            .and_then(|s| s.as_f64())
            .unwrap_or(0.0) as u16;
        let read = Reflect::get(&response, &"arrayBuffer".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| {
                TransportError::new(TransportErrorKind::Io, "the response has no arrayBuffer()")
            })?;
        let buffer = read
            .call0(&response)
            .map_err(|e| js_error(TransportErrorKind::Io, "reading the body", e))?;
        let buffer = JsFuture::from(Promise::from(buffer))
            .await
            .map_err(|e| js_error(TransportErrorKind::Io, "reading the body", e))?;
        Ok(Response {
            status,
            body: Uint8Array::new(&buffer).to_vec(),
        })
    }

    async fn sleep(&self, duration: Duration) {
        let millis = duration.as_millis().min(i32::MAX as u128) as i32;
        let promise = Promise::new(&mut |resolve, _reject| {
            if let Ok(set_timeout) = global_function("setTimeout") {
                let _ = set_timeout.call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(millis));
            } else {
                // No timers (an odd host): do not wait rather than hang.
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        });
        let _ = JsFuture::from(promise).await;
    }

    fn jitter_seed(&self) -> u64 {
        let high = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        let low = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        (high << 32) ^ low
    }

    fn now(&self) -> Option<Duration> {
        Some(Duration::from_secs_f64(js_sys::Date::now() / 1000.0))
    }
}

//! The JS `Client`: configuration, the per-call context (abort signal,
//! timeout, marshalling rules); its hook is in `recorder`.

use alloc::rc::Rc;
use alloc::sync::Arc;
use alloc::{boxed::Box, string::String};

use core::time::Duration;
use js_sys::Promise;
use rynamo_core::Error;
use rynamo_core::client::Settings;
use rynamo_core::transport::Response;
use wasm_bindgen::prelude::*;

use super::error::{self, Context};
use super::marshal::{MarshalOptions, type_error};
use super::options::{count, flag, get, string};
use super::recorder::Recorder;
use crate::fetch::FetchTransport;

/// The core client over fetch.
pub type Core = rynamo_core::Client<FetchTransport>;

/// Requests kept when `recordRequests: true`.
const DEFAULT_RECORDED: u64 = 1000;

/// A DynamoDB client for JS: `new Client({ endpoint, region, credentials })`.
#[wasm_bindgen(js_name = Client, skip_typescript)]
pub struct JsClient {
    pub(super) core: Rc<Core>,
    recorder: Arc<Recorder>,
    pub(super) marshal: MarshalOptions,
    /// `config.unmarshallOptions`, read by `unmarshal.js`.
    unmarshall: JsValue,
    timeout: Option<f64>,
    pub(super) schemas: super::tables::Schemas,
}

/// One call: its own transport (abort signal, request id) and rules.
pub struct Call {
    /// The client for this call.
    pub db: Rc<Core>,
    /// How items are written.
    pub marshal: MarshalOptions,
    /// The caller's abort signal.
    signal: Option<JsValue>,
}

impl Call {
    /// The same call for another request (the next page of a query or
    /// scan): a fresh request-id slot; each request gets the whole timeout
    /// (the core's total deadline), however long the caller takes between
    /// pages.
    pub fn renewed(&self) -> Call {
        let transport = self.db.transport().for_call();
        Call {
            db: Rc::new(self.db.with_transport(transport)),
            marshal: self.marshal,
            signal: self.signal.clone(),
        }
    }

    /// The JS error for `error`; the abort reason when the call was aborted.
    pub fn fail(&self, error: Error) -> JsValue {
        // The ID of the reply the error was decoded from; else the last
        // reply the call received.
        let context = Context {
            request_id: error
                .request_id()
                .map(String::from)
                .or_else(|| self.db.transport().last_request_id()),
        };
        let error = error::to_js(error, &context);
        match &self.signal {
            Some(signal) => aborted(signal, error),
            None => error,
        }
    }
}

#[wasm_bindgen]
extern "C" {
    /// `adapter-wasm/js/methods.js`: `signal.reason` when `signal.aborted`
    /// is `true`, else `error` (and `error` when reading either throws).
    #[wasm_bindgen(js_name = __rynamoAborted)]
    fn aborted(signal: &JsValue, error: JsValue) -> JsValue;
}

/// What every call's work is: boxed, so the promise machinery below is
/// compiled once for all of them rather than once per operation.
pub use crate::task::Work;

/// Runs `work` as a JS promise.
pub fn promise<F>(call: Call, work: impl FnOnce(Rc<Call>) -> F + 'static) -> Promise
where
    F: core::future::Future<Output = Result<JsValue, JsValue>> + 'static,
{
    spawn(Box::pin(work(Rc::new(call))))
}

/// Reads a reply into the call's result (one boxed type for every operation).
type Reader = dyn FnOnce(&Response, &Call) -> Result<JsValue, JsValue>;

/// Sends `op` through the core's one retry loop and resolves to `read` of
/// its output. Only encoding and decoding depend on the operation, and
/// neither is async: the future here is one type for every operation (the
/// core's `send` would compile one per operation, each holding the whole
/// retry loop's state machine).
pub fn send<O: rynamo_core::op::Operation>(
    call: Call,
    op: &O,
    read: impl FnOnce(O::Output, &Call) -> Result<JsValue, JsValue> + 'static,
) -> Result<Promise, JsValue>
where
    O::Output: 'static,
{
    let request = op
        .request(&call.db.encode_options())
        .map_err(|e| call.fail(e))?;
    let decode: Box<Reader> =
        Box::new(move |response, call| read(O::decode(response).map_err(|e| call.fail(e))?, call));
    Ok(spawn(Box::pin(async move {
        let response = call.db.execute(&request).await.map_err(|e| call.fail(e))?;
        decode(&response, &call)
    })))
}

/// The package's one spawn (`crate::task`'s executor).
pub fn spawn(work: Work) -> Promise {
    crate::task::spawn(work)
}

/// The promise of `work`, or a rejected one when it fails before starting
/// (bad options reject, as every async JS API does, rather than throw).
pub fn settle(work: impl FnOnce() -> Result<Promise, JsValue>) -> Promise {
    work().unwrap_or_else(|e| Promise::reject(&e))
}

impl JsClient {
    /// The context of one call with `options` (`signal`, `timeout`,
    /// `marshallOptions`, `unmarshallOptions`).
    pub fn call(&self, options: &JsValue) -> Result<Call, JsValue> {
        let timeout = match count(options, "timeout")? {
            Some(ms) => Some(ms as f64),
            None => self.timeout,
        };
        let signal = get(options, "signal");
        // Shares the client's retry quota and rate limiter. The timeout is
        // the core's total deadline of each request (all its attempts).
        let mut db = self
            .core
            .with_transport(self.core.transport().for_call().signal(signal.clone()));
        if let Some(ms) = timeout {
            // The client's settings with this total timeout, copied field by
            // field (see `new`: no table name overrides or per-table retries).
            let s = self.core.current_settings();
            db = db.settings(Settings {
                table_prefix: s.table_prefix.clone(),
                retry: s.retry,
                retry_mode: s.retry_mode,
                attempt_timeout: s.attempt_timeout,
                total_timeout: Some(Duration::from_millis(ms as u64)),
                return_consumed_capacity: s.return_consumed_capacity,
                hooks: s.hooks.clone(),
                ..Settings::default()
            });
        }
        Ok(Call {
            db: Rc::new(db),
            marshal: super::marshal::call_options(options, &self.marshal)?,
            signal,
        })
    }

    /// The table name sent for `name` (prefix applied).
    pub fn table(&self, name: &str) -> String {
        self.core.table_name(name).into_owned()
    }
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// A client from `ClientConfig` (see the `.d.ts`).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<JsClient, JsValue> {
        // Without an endpoint, the region's on AWS (as the AWS SDK's
        // client has it); with one and no region, us-east-1 (DynamoDB Local
        // takes any).
        let region = string(&config, "region");
        let endpoint = match (string(&config, "endpoint"), &region) {
            (Some(endpoint), _) => endpoint,
            (None, Some(region)) => {
                let suffix = if region.starts_with("cn-") {
                    ".amazonaws.com.cn"
                } else {
                    ".amazonaws.com"
                };
                String::from("https://dynamodb.") + region + suffix
            }
            (None, None) => {
                return Err(type_error("config.region (or config.endpoint) is required"));
            }
        };
        let region = region.unwrap_or_else(|| "us-east-1".into());
        let transport = FetchTransport::from_config(&config, &endpoint, &region)?;
        // The settings built whole and given to the new client: the
        // client's builder methods copy them on write (`Arc::make_mut`),
        // which compiles in `Settings::clone` and, with it, two `BTreeMap`
        // clones the JS API never needs (its clients have no table name
        // overrides or per-table retries).
        let mut settings = Settings::default();
        if let Some(prefix) = string(&config, "tablePrefix") {
            settings.table_prefix = prefix;
        }
        if let Some(n) = count(&config, "maxAttempts")? {
            settings.retry.max_attempts = n.max(1) as u32;
        }
        if let Some(ms) = count(&config, "attemptTimeout")? {
            settings.attempt_timeout = Some(Duration::from_millis(ms));
        }
        if flag(&config, "adaptiveRetry") {
            settings.retry_mode = rynamo_core::retry::RetryMode::Adaptive;
        }
        settings.return_consumed_capacity = flag(&config, "returnConsumedCapacity");
        let limit = match get(&config, "recordRequests") {
            None => 0,
            Some(v) if v.as_bool() == Some(true) => DEFAULT_RECORDED,
            Some(v) if v.as_bool() == Some(false) => 0,
            Some(_) => count(&config, "recordRequests")?.unwrap_or(0),
        };
        let recorder = Arc::new(Recorder::new(limit));
        settings.hooks.push(recorder.clone());
        let client = rynamo_core::Client::with_settings(transport, settings);
        Ok(JsClient {
            core: Rc::new(client),
            recorder,
            marshal: MarshalOptions::from_js(
                &get(&config, "marshallOptions").unwrap_or(JsValue::UNDEFINED),
            )?,
            unmarshall: get(&config, "unmarshallOptions").unwrap_or(JsValue::UNDEFINED),
            timeout: count(&config, "timeout")?.map(|ms| ms as f64),
            schemas: Rc::default(),
        })
    }

    /// Every operation's one entry: `adapter-wasm/js/methods.js` (appended
    /// to the glue by `build.sh`) gives `Client` its named methods, each
    /// calling this with its index in that file's list and its arguments.
    /// One export instead of one per operation saves each its wasm-bindgen
    /// shim and glue (`takeRequests()`, the `consumedCapacity` getter and
    /// `__unmarshallOptions` are actions 17 to 19 of it too). A table name that is not a string throws, as the
    /// named exports' glue did.
    #[wasm_bindgen(js_name = __run)]
    pub fn run(
        &self,
        action: u8,
        a: JsValue,
        b: JsValue,
        c: JsValue,
        d: JsValue,
    ) -> Result<JsValue, JsValue> {
        let table = || {
            a.as_string()
                .ok_or_else(|| type_error("the table name is a string"))
        };
        Ok(match action {
            0 => self.put(&table()?, b, c).into(),
            1 => self.get(&table()?, b, c).into(),
            2 => self.update(&table()?, b, c, d).into(),
            3 => self.delete(&table()?, b, c).into(),
            4 => self.query(&table()?, b)?,
            5 => self.scan(&table()?, b)?,
            6 => self.count(&table()?, b).into(),
            7 => self.batch_write(&table()?, b, c).into(),
            8 => self.batch_get(&table()?, b, c).into(),
            9 => self.transact_write(a, b).into(),
            10 => self.transact_get(a, b).into(),
            11 => self.list_tables(a).into(),
            12 => self.create_table(&table()?, b).into(),
            13 => self.describe_table(&table()?, b).into(),
            14 => self.delete_table(&table()?, b).into(),
            15 => self.describe_time_to_live(&table()?, b).into(),
            16 => {
                let attribute = b
                    .as_string()
                    .ok_or_else(|| type_error("the attribute name is a string"))?;
                self.update_time_to_live(&table()?, &attribute, c.is_truthy(), d)
                    .into()
            }
            // `takeRequests()`: the requests sent since the last call (only
            // with `recordRequests`), oldest first, as `{ action, body }`
            // with the exact JSON body.
            17 => self.recorder.take().into(),
            // The `consumedCapacity` getter: capacity units consumed so far
            // (with `returnConsumedCapacity`).
            18 => self.recorder.capacity().into(),
            // `__unmarshallOptions`: `config.unmarshallOptions`, for
            // `unmarshal.js` (calls without their own read numbers by it).
            19 => self.unmarshall.clone(),
            _ => return Err(type_error("not a Client method")),
        })
    }
}

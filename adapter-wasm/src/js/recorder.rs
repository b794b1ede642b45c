//! The client's hook: request recording (`recordRequests`, read by
//! `takeRequests()`) and the capacity consumed so far (`consumedCapacity`).
//! The recorded requests are kept by the glue (`adapter-wasm/js/methods.js`),
//! one log per recording client: a hook is `Send + Sync`, and a log kept
//! here would need a lock, which without std (the package's build) Rust
//! has none of.

use core::sync::atomic::{AtomicU64, Ordering};

use js_sys::Array;
use rynamo_core::client::{Hook, RequestInfo, ResponseInfo};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Opens log `log`, keeping the last `limit` requests.
    #[wasm_bindgen(js_name = __rynamoOpenLog)]
    fn open_log(log: f64, limit: f64);
    /// Appends a request to log `log` (ignored once it is closed).
    #[wasm_bindgen(js_name = __rynamoRecord)]
    fn record(log: f64, action: &str, body: &str);
    /// The requests in log `log` since the last take, as `{ action, body }`.
    #[wasm_bindgen(js_name = __rynamoTakeLog)]
    fn take_log(log: f64) -> Array;
    /// Drops log `log`.
    #[wasm_bindgen(js_name = __rynamoCloseLog)]
    fn close_log(log: f64);
}

/// Logs opened so far (each recording client has its own number).
static LOGS: AtomicU64 = AtomicU64::new(0);

/// One client's hook.
pub struct Recorder {
    /// The glue's log of this client's requests; 0 when not recording.
    log: u64,
    /// The capacity units consumed so far, as the bits of an `f64`.
    capacity: AtomicU64,
}

impl Recorder {
    /// A recorder keeping the last `limit` requests (none when 0).
    pub fn new(limit: u64) -> Recorder {
        let mut log = 0;
        if limit > 0 {
            log = LOGS.fetch_add(1, Ordering::Relaxed) + 1;
            open_log(log as f64, limit as f64);
        }
        Recorder {
            log,
            capacity: AtomicU64::new(0f64.to_bits()),
        }
    }

    /// The requests recorded since the last take, oldest first.
    pub fn take(&self) -> Array {
        if self.log == 0 {
            return Array::new();
        }
        take_log(self.log as f64)
    }

    /// The capacity units consumed so far.
    pub fn capacity(&self) -> f64 {
        f64::from_bits(self.capacity.load(Ordering::Relaxed))
    }
}

/// The log goes when the last holder of the hook does (the client and any
/// call still running).
impl Drop for Recorder {
    fn drop(&mut self) {
        if self.log != 0 {
            close_log(self.log as f64);
        }
    }
}

impl Hook for Recorder {
    fn before_send(&self, request: &RequestInfo<'_>) {
        if self.log != 0 {
            // The core writes UTF-8 JSON only; `from_utf8_lossy` would add
            // its ~1 KB of wasm for text that never needs it.
            let body = core::str::from_utf8(request.body).unwrap_or_default();
            record(self.log as f64, request.action.name(), body);
        }
    }

    fn after_send(&self, response: &ResponseInfo<'_>) {
        if let Some(units) = response.consumed_capacity {
            // Never fails: the closure always returns a value.
            let _ = self
                .capacity
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| {
                    Some((f64::from_bits(bits) + units).to_bits())
                });
        }
    }
}

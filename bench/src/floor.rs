//! The floor: reqwest POSTing request bodies built in advance, with no
//! signing and no mapping — what any client must at least spend per request.
//!
//! The bodies are the exact ones Rynamo sent in an untimed recording run
//! (on a table of its own, with the table name swapped afterwards), so the
//! floor asks the server for exactly the same work, pagination keys
//! included.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::Duration;

use rynamo_core::transport::{Action, Request, Response, Transport, TransportError};
use rynamo_native::HttpTransport;

use crate::workload::{BenchError, Phase, WARM_UP, Workload};

/// DynamoDB Local wants `Credential=<key>/<date>/<region>` in this header
/// and checks nothing else of it.
const AUTHORIZATION: &str = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00";

/// The requests of one phase: action and body.
type Recorded = Vec<(Action, Vec<u8>)>;

/// A transport that sends through [`HttpTransport`] and keeps a copy of
/// every request, filed under the phase being recorded.
pub struct Recorder {
    inner: HttpTransport,
    phase: Mutex<Option<Phase>>,
    log: Mutex<HashMap<Phase, Recorded>>,
}

impl Recorder {
    /// Records what is sent through `inner`.
    pub fn new(inner: HttpTransport) -> Self {
        Recorder {
            inner,
            phase: Mutex::new(None),
            log: Mutex::new(HashMap::new()),
        }
    }

    /// Files the following requests under `phase`.
    pub fn phase(&self, phase: Phase) {
        *self.phase.lock().expect("not poisoned") = Some(phase);
    }

    /// Everything recorded, by phase.
    pub fn take(&self) -> HashMap<Phase, Recorded> {
        std::mem::take(&mut *self.log.lock().expect("not poisoned"))
    }
}

impl Transport for Recorder {
    async fn send(&self, request: &Request) -> Result<Response, TransportError> {
        if let Some(phase) = *self.phase.lock().expect("not poisoned") {
            self.log
                .lock()
                .expect("not poisoned")
                .entry(phase)
                .or_default()
                .push((request.action, request.body.clone()));
        }
        self.inner.send(request).await
    }

    async fn sleep(&self, duration: Duration) {
        self.inner.sleep(duration).await;
    }

    fn jitter_seed(&self) -> u64 {
        self.inner.jitter_seed()
    }
}

/// Replays recorded bodies against another table.
pub struct Floor {
    http: reqwest::Client,
    endpoint: String,
    bodies: HashMap<Phase, Recorded>,
}

impl Floor {
    /// A floor for `endpoint` sending `recorded`, with every mention of
    /// table `from` changed to `to` (done here, before any timing).
    pub fn new(
        endpoint: &str,
        mut recorded: HashMap<Phase, Recorded>,
        from: &str,
        to: &str,
    ) -> Result<Self, BenchError> {
        let from = format!("\"{from}\"");
        let to = format!("\"{to}\"");
        for requests in recorded.values_mut() {
            for (_, body) in requests {
                *body = replace(body, from.as_bytes(), to.as_bytes());
            }
        }
        Ok(Floor {
            http: reqwest::Client::builder().build()?,
            endpoint: endpoint.to_string(),
            bodies: recorded,
        })
    }

    /// How many requests `phase` sends.
    pub fn requests(&self, phase: Phase) -> usize {
        self.bodies.get(&phase).map_or(0, Vec::len)
    }
}

impl Floor {
    /// POSTs one body; returns how many bytes came back.
    async fn send(&self, action: Action, body: Vec<u8>) -> Result<usize, BenchError> {
        let response = self
            .http
            .post(&self.endpoint)
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", action.target())
            .header("authorization", AUTHORIZATION)
            .body(body)
            .send()
            .await?;
        let status = response.status();
        let body = response.bytes().await?;
        if !status.is_success() {
            return Err(format!(
                "floor {}: HTTP {status}: {}",
                action.name(),
                String::from_utf8_lossy(&body)
            )
            .into());
        }
        Ok(black_box(body).len())
    }
}

impl Workload for Floor {
    async fn warm_up(&mut self) -> Result<(), BenchError> {
        // GetItem bodies, sent before any item exists.
        let gets: Recorded = self
            .bodies
            .get(&Phase::Get)
            .into_iter()
            .flatten()
            .take(WARM_UP)
            .cloned()
            .collect();
        for (action, body) in gets {
            self.send(action, body).await?;
        }
        Ok(())
    }

    async fn run(&mut self, phase: Phase) -> Result<usize, BenchError> {
        let requests = self.bodies.remove(&phase).unwrap_or_default();
        let mut bytes = 0;
        for (action, body) in requests {
            bytes += self.send(action, body).await?;
        }
        // The floor maps nothing, so it cannot count items; it reports the
        // bytes it read instead, which the report ignores.
        Ok(bytes)
    }
}

/// `haystack` with every `from` replaced by `to`.
fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

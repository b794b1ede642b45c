//! A fault-injecting proxy on loopback, between a client and DynamoDB.
//!
//! [`FaultProxy::start`] listens on a free loopback port and forwards each
//! request to the upstream endpoint, except that a deterministic schedule
//! (seeded, so a failing run can be replayed) replaces some of them with a
//! [`Fault`]: a throttling error, a 500 before or after the write reached
//! the server, a connection reset before or after, a slow response, or (for
//! batches) only part of the work done and the rest handed back as
//! unprocessed, or the reply dropped after the write ([`Plan::drop_replies`]) — everything a real network and a real DynamoDB do to a
//! client, on purpose.
//!
//! ```no_run
//! # use rynamo_tests::faults::{FaultProxy, Plan, Fault};
//! let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::always(Fault::Throttle));
//! let endpoint = proxy.endpoint(); // point the client here
//! // ... after the test:
//! assert_eq!(proxy.requests(), 4);
//! ```

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One way to answer a request other than forwarding it faithfully.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    /// Not forwarded; answered `400 ProvisionedThroughputExceededException`.
    Throttle,
    /// Not forwarded; answered `500 InternalServerError`.
    ServerErrorBefore,
    /// Forwarded (the write happens), then answered `500` anyway.
    ServerErrorAfter,
    /// Not forwarded; the connection is reset.
    ResetBefore,
    /// Forwarded (the write happens), then the connection is reset.
    ResetAfter,
    /// Forwarded after a delay.
    Slow(Duration),
    /// A plain `503` with an HTML body, as a load balancer sends.
    Unavailable,
    /// Not forwarded; answered `400 ValidationException` (not retryable).
    Validation,
    /// Batch requests only: half the writes or keys are forwarded and the
    /// rest returned as `UnprocessedItems` / `UnprocessedKeys`. Other
    /// requests are forwarded untouched.
    PartialBatch,
    /// Forwarded (the write happens), then the connection is closed
    /// without a reply (FIN rather than [`Fault::ResetAfter`]'s RST).
    CloseAfter,
    /// The server's clock is this many seconds ahead of this machine's
    /// (behind when negative). A request signed (`X-Amz-Date`) more than
    /// 15 minutes off it is refused unforwarded, as DynamoDB refuses one:
    /// `400 InvalidSignatureException`, "Signature expired: …" or
    /// "Signature not yet current: …", naming the server's time. The rest
    /// are forwarded.
    ClockOff(i64),
}

/// Which requests get which fault.
#[derive(Debug, Clone)]
pub struct Plan {
    faults: Vec<Fault>,
    percent: u64,
    seed: u64,
}

impl Plan {
    /// Every request gets `fault`.
    pub fn always(fault: Fault) -> Plan {
        Plan {
            faults: vec![fault],
            percent: 100,
            seed: 0,
        }
    }

    /// About `percent` % of requests get one of `faults`, picked by a
    /// generator seeded with `seed`; the rest are forwarded faithfully.
    pub fn mixed(faults: &[Fault], percent: u64, seed: u64) -> Plan {
        Plan {
            faults: faults.to_vec(),
            percent: percent.min(100),
            seed,
        }
    }

    /// About `percent` % of requests reach the server and then lose their
    /// reply — half by a reset, half by a closed connection — so the
    /// client cannot know the write happened: forward-then-drop.
    pub fn drop_replies(percent: u64, seed: u64) -> Plan {
        Plan::mixed(&[Fault::ResetAfter, Fault::CloseAfter], percent, seed)
    }

    /// Every request is forwarded faithfully.
    pub fn none() -> Plan {
        Plan::mixed(&[], 0, 0)
    }

    fn pick(&self, n: u64) -> Option<Fault> {
        if self.faults.is_empty() {
            return None;
        }
        let r = splitmix(self.seed ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        (r % 100 < self.percent).then(|| self.faults[((r >> 32) as usize) % self.faults.len()])
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

struct Shared {
    upstream: String,
    plan: Mutex<Plan>,
    requests: AtomicU64,
    injected: Mutex<BTreeMap<Fault, u64>>,
    http: reqwest::Client,
}

/// The running proxy; it serves until the test process exits.
pub struct FaultProxy {
    endpoint: String,
    shared: Arc<Shared>,
}

impl FaultProxy {
    /// Starts a proxy to `upstream` (an `http://` endpoint) on its own
    /// thread and runtime, so it keeps serving whatever the test does.
    pub fn start(upstream: &str, plan: Plan) -> FaultProxy {
        let shared = Arc::new(Shared {
            upstream: upstream.trim_end_matches('/').to_owned(),
            plan: Mutex::new(plan),
            requests: AtomicU64::new(0),
            injected: Mutex::new(BTreeMap::new()),
            http: reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("reqwest client"),
        });
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
        let serving = Arc::clone(&shared);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("listener");
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    tokio::spawn(serve(stream, Arc::clone(&serving)));
                }
            });
        });
        FaultProxy { endpoint, shared }
    }

    /// Where clients should send their requests.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Replaces the plan for the requests that arrive from now on.
    pub fn set_plan(&self, plan: Plan) {
        *self.shared.plan.lock().expect("plan") = plan;
    }

    /// Requests received so far (faulted or not).
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// How many times each fault was injected.
    pub fn injected(&self) -> BTreeMap<Fault, u64> {
        self.shared.injected.lock().expect("injected").clone()
    }
}

/// One parsed request from the client.
struct Incoming {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Incoming {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

async fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Incoming> {
    let mut line = String::new();
    if reader.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).await.ok()?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let (name, value) = trimmed.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let mut incoming = Incoming {
        headers,
        body: Vec::new(),
    };
    let length: usize = incoming.header("content-length")?.parse().ok()?;
    incoming.body = vec![0; length];
    reader.read_exact(&mut incoming.body).await.ok()?;
    Some(incoming)
}

async fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader).await {
        let n = shared.requests.fetch_add(1, Ordering::SeqCst);
        let fault = shared.plan.lock().expect("plan").pick(n);
        let target = request.header("x-amz-target").unwrap_or("").to_owned();
        let is_batch = target.ends_with(".BatchWriteItem") || target.ends_with(".BatchGetItem");
        let fault = fault.filter(|f| *f != Fault::PartialBatch || is_batch);
        if let Some(f) = fault {
            *shared
                .injected
                .lock()
                .expect("injected")
                .entry(f)
                .or_default() += 1;
        }
        let reply = match fault {
            None => forward(&shared, &request).await,
            Some(Fault::Throttle) => Some(error_reply(
                400,
                "ProvisionedThroughputExceededException",
                "injected throttling",
            )),
            Some(Fault::ServerErrorBefore) => Some(error_reply(
                500,
                "InternalServerError",
                "injected server error",
            )),
            Some(Fault::Validation) => Some(error_reply(
                400,
                "ValidationException",
                "injected validation error",
            )),
            Some(Fault::Unavailable) => Some((
                503,
                "text/html",
                b"<html><body>503 Service Unavailable</body></html>".to_vec(),
            )),
            Some(Fault::ServerErrorAfter) => forward(&shared, &request)
                .await
                .map(|_| error_reply(500, "InternalServerError", "injected after the write")),
            Some(Fault::ResetBefore) => None,
            Some(Fault::ResetAfter) => {
                forward(&shared, &request).await;
                None
            }
            Some(Fault::Slow(delay)) => {
                tokio::time::sleep(delay).await;
                forward(&shared, &request).await
            }
            Some(Fault::PartialBatch) => partial_batch(&shared, &request, &target).await,
            Some(Fault::CloseAfter) => {
                forward(&shared, &request).await;
                // A FIN without a reply: the client sees the connection
                // closed before the response.
                return;
            }
            Some(Fault::ClockOff(ahead)) => match signing_time_refusal(&request, ahead) {
                Some(refusal) => Some(refusal),
                None => forward(&shared, &request).await,
            },
        };
        let Some((status, content_type, body)) = reply else {
            // A reset: RST rather than FIN, as a broken network would.
            let stream = reader.into_inner();
            let _ = stream.set_zero_linger();
            return;
        };
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        let stream = reader.get_mut();
        if stream.write_all(head.as_bytes()).await.is_err()
            || stream.write_all(&body).await.is_err()
        {
            return;
        }
    }
}

type Reply = (u16, &'static str, Vec<u8>);

/// DynamoDB's refusal of a request signed more than 15 minutes off a
/// server clock `ahead` seconds ahead of this machine's, or `None` when it
/// is within them (or carries no `X-Amz-Date`).
fn signing_time_refusal(request: &Incoming, ahead: i64) -> Option<Reply> {
    use rynamo_core::attr::UtcDateTime;
    const WINDOW: i64 = 15 * 60;
    // `YYYYMMDDTHHMMSSZ` and back.
    let basic = |t: i64| {
        let iso = UtcDateTime::from_unix_seconds(t)
            .expect("a time")
            .to_string();
        format!(
            "{}{}{}T{}{}{}Z",
            &iso[..4],
            &iso[5..7],
            &iso[8..10],
            &iso[11..13],
            &iso[14..16],
            &iso[17..19]
        )
    };
    let signed = request.header("x-amz-date")?;
    let signed_at = UtcDateTime::parse(&format!(
        "{}-{}-{}T{}:{}:{}Z",
        signed.get(..4)?,
        signed.get(4..6)?,
        signed.get(6..8)?,
        signed.get(9..11)?,
        signed.get(11..13)?,
        signed.get(13..15)?
    ))
    .ok()?
    .unix_seconds();
    let local = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    let now = local + ahead;
    let message = if signed_at < now - WINDOW {
        format!(
            "Signature expired: {signed} is now earlier than {} ({} - 15 min.)",
            basic(now - WINDOW),
            basic(now)
        )
    } else if signed_at > now + WINDOW {
        format!(
            "Signature not yet current: {signed} is still later than {} ({} + 15 min.)",
            basic(now + WINDOW),
            basic(now)
        )
    } else {
        return None;
    };
    let body = json!({
        "__type": "com.amazon.coral.service#InvalidSignatureException",
        "message": message,
    });
    Some((
        400,
        "application/x-amz-json-1.0",
        body.to_string().into_bytes(),
    ))
}

fn error_reply(status: u16, name: &str, message: &str) -> Reply {
    let body = json!({
        "__type": format!("com.amazonaws.dynamodb.v20120810#{name}"),
        "message": message,
    });
    (
        status,
        "application/x-amz-json-1.0",
        body.to_string().into_bytes(),
    )
}

/// Sends `body` upstream with the client's headers; `None` when upstream
/// could not be reached (the client then sees a reset).
async fn forward_body(shared: &Shared, request: &Incoming, body: Vec<u8>) -> Option<Reply> {
    let mut builder = shared.http.post(&shared.upstream).body(body);
    for (name, value) in &request.headers {
        let skip = ["host", "content-length", "connection"]
            .iter()
            .any(|h| name.eq_ignore_ascii_case(h));
        if !skip {
            builder = builder.header(name.as_str(), value.as_str());
        }
    }
    let response = builder.send().await.ok()?;
    let status = response.status().as_u16();
    let body = response.bytes().await.ok()?.to_vec();
    Some((status, "application/x-amz-json-1.0", body))
}

async fn forward(shared: &Shared, request: &Incoming) -> Option<Reply> {
    forward_body(shared, request, request.body.clone()).await
}

/// Forwards the first half of each table's writes or keys and returns the
/// rest as unprocessed, merged with whatever upstream left unprocessed.
async fn partial_batch(shared: &Shared, request: &Incoming, target: &str) -> Option<Reply> {
    let writes = target.ends_with(".BatchWriteItem");
    let Ok(mut body) = serde_json::from_slice::<Value>(&request.body) else {
        return forward(shared, request).await;
    };
    let Some(tables) = body.get_mut("RequestItems").and_then(Value::as_object_mut) else {
        return forward(shared, request).await;
    };
    let mut held = Map::new();
    let mut forwarded = Map::new();
    for (table, work) in std::mem::take(tables) {
        let (mut keep, rest_of) = if writes {
            (work.as_array().cloned().unwrap_or_default(), None)
        } else {
            let keys = work["Keys"].as_array().cloned().unwrap_or_default();
            (keys, Some(work.clone()))
        };
        let back = keep.split_off(keep.len() / 2);
        let wrap = |list: Vec<Value>| match &rest_of {
            None => Value::Array(list),
            Some(params) => {
                let mut params = params.clone();
                params["Keys"] = Value::Array(list);
                params
            }
        };
        if !back.is_empty() {
            held.insert(table.clone(), wrap(back));
        }
        if !keep.is_empty() {
            forwarded.insert(table, wrap(keep));
        }
    }
    let unprocessed_field = if writes {
        "UnprocessedItems"
    } else {
        "UnprocessedKeys"
    };
    let mut reply = if forwarded.is_empty() {
        json!({})
    } else {
        *tables = forwarded;
        let sent = serde_json::to_vec(&body).expect("json");
        let (status, content_type, upstream) = forward_body(shared, request, sent).await?;
        if status != 200 {
            return Some((status, content_type, upstream));
        }
        serde_json::from_slice::<Value>(&upstream).ok()?
    };
    let merged = reply
        .as_object_mut()?
        .entry(unprocessed_field)
        .or_insert_with(|| json!({}));
    for (table, work) in held {
        let slot = merged
            .as_object_mut()?
            .entry(table)
            .or_insert_with(|| if writes { json!([]) } else { Value::Null });
        match (slot, work) {
            (Value::Array(list), Value::Array(more)) => list.extend(more),
            (Value::Object(params), Value::Object(more)) => {
                let more_keys = more["Keys"].as_array().cloned().unwrap_or_default();
                if let Some(Value::Array(keys)) = params.get_mut("Keys") {
                    keys.extend(more_keys);
                }
            }
            (slot, work) => *slot = work,
        }
    }
    Some((
        200,
        "application/x-amz-json-1.0",
        serde_json::to_vec(&reply).expect("json"),
    ))
}

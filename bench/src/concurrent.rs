//! The three clients of the concurrency benchmark, each shared by every
//! task of a run: Rynamo (`rynamo_native::Client`), aws-sdk-dynamodb with
//! serde_dynamo, and the floor (reqwest POSTing bodies Rynamo encoded in
//! advance, unsigned, unmapped). Every future here must be `Send`: the
//! driver spawns them on a multi-thread runtime.

use std::future::Future;
use std::hint::black_box;
use std::sync::Mutex;
use std::task::{Context, Waker};
use std::time::Duration;

use aws_sdk_dynamodb::types::AttributeValue;
use rynamo_core::Model;
use rynamo_core::transport::{Action, Request, Response, Transport, TransportError};

use crate::model::{Order, PlainOrder, order};
use crate::workload::BenchError;

/// DynamoDB Local wants `Credential=<key>/<date>/<region>` in this header
/// and checks nothing else of it.
const AUTHORIZATION: &str = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00";

/// One kind of request the benchmark repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// GetItem of a seeded order, decoded into the model.
    Get,
    /// UpdateItem: SET status, ADD total (and the version).
    Update,
    /// PutItem of a new order (versioned: only if it does not exist).
    Save,
}

impl Op {
    /// Every op, in the order they run.
    pub const ALL: [Op; 3] = [Op::Get, Op::Update, Op::Save];

    /// A short name for the report.
    pub fn name(self) -> &'static str {
        match self {
            Op::Get => "get",
            Op::Update => "update",
            Op::Save => "save",
        }
    }
}

/// How many orders each table is seeded with; gets and updates touch
/// order `i % SEEDED`.
pub const SEEDED: usize = 256;

/// A client the driver can share between tasks.
pub trait Contender: Send + Sync + 'static {
    /// Prepares op `kind` for order numbers `first..first + n` (untimed).
    fn prepare(&self, kind: Op, first: usize, n: usize) -> Result<(), BenchError>;

    /// Sends op `kind` for order number `n`.
    fn op(&self, kind: Op, n: usize) -> impl Future<Output = Result<(), BenchError>> + Send;
}

/// The key of order `n`.
fn key(n: usize) -> (String, String) {
    let o = order(n);
    (o.customer, o.id)
}

impl Contender for rynamo_native::Client {
    fn prepare(&self, _: Op, _: usize, _: usize) -> Result<(), BenchError> {
        Ok(())
    }

    fn op(&self, kind: Op, n: usize) -> impl Future<Output = Result<(), BenchError>> + Send {
        rynamo_op(self, kind, n)
    }
}

/// Op `kind` for order `n` through Rynamo over any transport.
async fn rynamo_op<T: Transport>(
    db: &rynamo_core::Client<T>,
    kind: Op,
    n: usize,
) -> Result<(), BenchError> {
    match kind {
        Op::Get => {
            let (customer, id) = key(n % SEEDED);
            let read = Order::get((customer.as_str(), id.as_str()))
                .send(db)
                .await?;
            black_box(read);
        }
        Op::Update => {
            let (customer, id) = key(n % SEEDED);
            Order::update((customer.as_str(), id.as_str()))
                .set(Order::STATUS, "shipped")
                .add(Order::TOTAL, 1.5)
                .send(db)
                .await?;
        }
        Op::Save => {
            order(n).save().send(db).await?;
        }
    }
    Ok(())
}

/// aws-sdk-dynamodb with serde_dynamo, on one table.
pub struct Sdk {
    /// The SDK client.
    pub client: aws_sdk_dynamodb::Client,
    /// The table, in full.
    pub table: String,
}

impl Contender for Sdk {
    fn prepare(&self, _: Op, _: usize, _: usize) -> Result<(), BenchError> {
        Ok(())
    }

    async fn op(&self, kind: Op, n: usize) -> Result<(), BenchError> {
        let key = |n: usize| {
            let (customer, id) = key(n);
            Some(
                [
                    ("customer".to_string(), AttributeValue::S(customer)),
                    ("id".to_string(), AttributeValue::S(id)),
                ]
                .into(),
            )
        };
        match kind {
            Op::Get => {
                let out = self
                    .client
                    .get_item()
                    .table_name(&self.table)
                    .set_key(key(n % SEEDED))
                    .send()
                    .await?;
                let read: PlainOrder = serde_dynamo::from_item(out.item.ok_or("get: no item")?)?;
                black_box(read);
            }
            Op::Update => {
                self.client
                    .update_item()
                    .table_name(&self.table)
                    .set_key(key(n % SEEDED))
                    .update_expression("SET #n0 = :v0 ADD #n1 :v1, #n2 :v2")
                    .expression_attribute_names("#n0", "status")
                    .expression_attribute_names("#n1", "total")
                    .expression_attribute_names("#n2", "version")
                    .expression_attribute_values(":v0", AttributeValue::S("shipped".into()))
                    .expression_attribute_values(":v1", AttributeValue::N("1.5".into()))
                    .expression_attribute_values(":v2", AttributeValue::N("1".into()))
                    .send()
                    .await?;
            }
            Op::Save => {
                let mut plain = PlainOrder::from(&order(n));
                plain.version = Some(1);
                self.client
                    .put_item()
                    .table_name(&self.table)
                    .set_item(Some(serde_dynamo::to_item(&plain)?))
                    .condition_expression("attribute_not_exists(#n0)")
                    .expression_attribute_names("#n0", "version")
                    .send()
                    .await?;
            }
        }
        Ok(())
    }
}

/// The floor: bodies Rynamo encodes for its table, sent by reqwest with a
/// fixed authorization header and read as bytes.
pub struct Floor {
    http: reqwest::Client,
    endpoint: String,
    /// Rynamo over a transport that only keeps what it is asked to send.
    encoder: rynamo_core::Client<Capture>,
    /// The bodies of the run being prepared, by order number.
    bodies: Mutex<(usize, Vec<bytes::Bytes>)>,
}

impl Floor {
    /// A floor for `endpoint`, sending to the tables under `prefix`.
    pub fn new(endpoint: &str, prefix: &str) -> Result<Floor, BenchError> {
        Ok(Floor {
            http: reqwest::Client::builder().build()?,
            endpoint: endpoint.into(),
            encoder: rynamo_core::Client::new(Capture::default()).table_prefix(prefix),
            bodies: Mutex::new((0, Vec::new())),
        })
    }
}

impl Contender for Floor {
    fn prepare(&self, kind: Op, first: usize, n: usize) -> Result<(), BenchError> {
        let mut bodies = Vec::with_capacity(n);
        for i in first..first + n {
            // Capture answers `{}` at once, so one poll finishes the op; a
            // get then fails to find its item, which does not matter, as
            // only the body is wanted.
            let op = std::pin::pin!(rynamo_op(&self.encoder, kind, i));
            let _ = op.poll(&mut Context::from_waker(Waker::noop()));
            bodies.push(self.encoder.transport().take()?.into());
        }
        *self.bodies.lock().map_err(|_| "poisoned")? = (first, bodies);
        Ok(())
    }

    async fn op(&self, kind: Op, n: usize) -> Result<(), BenchError> {
        let body = {
            let bodies = self.bodies.lock().map_err(|_| "poisoned")?;
            bodies.1[n - bodies.0].clone()
        };
        let action = match kind {
            Op::Get => Action::GetItem,
            Op::Update => Action::UpdateItem,
            Op::Save => Action::PutItem,
        };
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
            let body = String::from_utf8_lossy(&body);
            return Err(format!("floor {}: HTTP {status}: {body}", kind.name()).into());
        }
        black_box(body);
        Ok(())
    }
}

/// A transport that answers `{}` at once and keeps the last body sent.
#[derive(Default)]
pub struct Capture {
    last: Mutex<Option<Vec<u8>>>,
}

impl Capture {
    fn take(&self) -> Result<Vec<u8>, BenchError> {
        let mut last = self.last.lock().map_err(|_| "poisoned")?;
        Ok(last.take().ok_or("nothing was sent")?)
    }
}

impl Transport for Capture {
    async fn send(&self, request: &Request) -> Result<Response, TransportError> {
        if let Ok(mut last) = self.last.lock() {
            *last = Some(request.body.clone());
        }
        Ok(Response {
            status: 200,
            body: b"{}".to_vec(),
            request_id: None,
        })
    }

    async fn sleep(&self, _: Duration) {}

    fn jitter_seed(&self) -> u64 {
        0
    }
}

//! The workload through aws-sdk-dynamodb, items mapped with serde_dynamo:
//! the usual way to use DynamoDB from Rust with serde structs.

use std::collections::HashMap;
use std::hint::black_box;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes, PutRequest, WriteRequest};
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};

use crate::model::{PARTITIONS, PlainOrder, customer};
use crate::workload::{BenchError, Data, Phase, WARM_UP, Workload};

/// DynamoDB's limits per BatchWriteItem and BatchGetItem request.
const WRITE_BATCH: usize = 25;
const GET_BATCH: usize = 100;

/// A client for DynamoDB Local: us-east-1, static credentials, the SDK's
/// hyper client with rustls (ring), latest behavior version.
pub fn client(endpoint: &str) -> Client {
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https();
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("bench", "local", None, None, "bench"))
        .http_client(http)
        .build();
    Client::from_conf(config)
}

/// The SDK with serde_dynamo, on its own table.
pub struct Sdk {
    client: Client,
    table: String,
    first: Vec<PlainOrder>,
    more: Vec<PlainOrder>,
}

impl Sdk {
    /// A client on `table`, with its own serde copy of the data.
    pub fn new(endpoint: &str, table: String, data: &Data) -> Self {
        Sdk {
            client: client(endpoint),
            table,
            first: data.first.iter().map(PlainOrder::from).collect(),
            more: data.more.iter().map(PlainOrder::from).collect(),
        }
    }

    fn key(order: &PlainOrder) -> HashMap<String, AttributeValue> {
        HashMap::from([
            ("customer".into(), AttributeValue::S(order.customer.clone())),
            ("id".into(), AttributeValue::S(order.id.clone())),
        ])
    }

    /// Queries `partition` (or, with `None`, scans the table) page by page
    /// to the end; returns how many orders it decoded.
    async fn read_all(&self, partition: Option<String>) -> Result<usize, BenchError> {
        let mut count = 0;
        let mut start = None;
        loop {
            let (items, last) = match &partition {
                Some(p) => {
                    let out = self
                        .client
                        .query()
                        .table_name(&self.table)
                        .key_condition_expression("#n0 = :v0")
                        .expression_attribute_names("#n0", "customer")
                        .expression_attribute_values(":v0", AttributeValue::S(p.clone()))
                        .set_exclusive_start_key(start)
                        .send()
                        .await?;
                    (out.items, out.last_evaluated_key)
                }
                None => {
                    let out = self
                        .client
                        .scan()
                        .table_name(&self.table)
                        .set_exclusive_start_key(start)
                        .send()
                        .await?;
                    (out.items, out.last_evaluated_key)
                }
            };
            let orders: Vec<PlainOrder> = serde_dynamo::from_items(items.unwrap_or_default())?;
            count += black_box(orders).len();
            match last {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => return Ok(count),
            }
        }
    }
}

impl Workload for Sdk {
    async fn warm_up(&mut self) -> Result<(), BenchError> {
        for order in self.first.iter().take(WARM_UP) {
            let out = self
                .client
                .get_item()
                .table_name(&self.table)
                .set_key(Some(Self::key(order)))
                .send()
                .await?;
            if out.item.is_some() {
                return Err("warm-up get found an item".into());
            }
        }
        Ok(())
    }

    async fn run(&mut self, phase: Phase) -> Result<usize, BenchError> {
        let mut count = 0;
        match phase {
            Phase::Put => {
                for order in &mut self.first {
                    // What Rynamo's versioned save does: version 1, and
                    // only if no item has a version yet.
                    order.version = Some(1);
                    self.client
                        .put_item()
                        .table_name(&self.table)
                        .set_item(Some(serde_dynamo::to_item(&*order)?))
                        .condition_expression("attribute_not_exists(#n0)")
                        .expression_attribute_names("#n0", "version")
                        .send()
                        .await?;
                    count += 1;
                }
            }
            Phase::Get => {
                for order in &self.first {
                    let out = self
                        .client
                        .get_item()
                        .table_name(&self.table)
                        .set_key(Some(Self::key(order)))
                        .send()
                        .await?;
                    let item = out.item.ok_or("get: no item")?;
                    let read: PlainOrder = serde_dynamo::from_item(item)?;
                    black_box(read);
                    count += 1;
                }
            }
            Phase::Query => {
                for p in 0..PARTITIONS {
                    count += self.read_all(Some(customer(p))).await?;
                }
            }
            Phase::Scan => count = self.read_all(None).await?,
            Phase::Update => {
                for order in &self.first {
                    self.client
                        .update_item()
                        .table_name(&self.table)
                        .set_key(Some(Self::key(order)))
                        .update_expression("SET #n0 = :v0 ADD #n1 :v1, #n2 :v2")
                        .condition_expression("#n0 = :v3")
                        .expression_attribute_names("#n0", "status")
                        .expression_attribute_names("#n1", "total")
                        .expression_attribute_names("#n2", "version")
                        .expression_attribute_values(":v0", AttributeValue::S("shipped".into()))
                        .expression_attribute_values(":v1", AttributeValue::N("1.5".into()))
                        .expression_attribute_values(":v2", AttributeValue::N("1".into()))
                        .expression_attribute_values(":v3", AttributeValue::S("new".into()))
                        .send()
                        .await?;
                    count += 1;
                }
            }
            Phase::BatchWrite => {
                for chunk in self.more.chunks(WRITE_BATCH) {
                    let mut writes = chunk
                        .iter()
                        .map(|o| {
                            let put = PutRequest::builder()
                                .set_item(Some(serde_dynamo::to_item(o)?))
                                .build()?;
                            Ok(WriteRequest::builder().put_request(put).build())
                        })
                        .collect::<Result<Vec<_>, BenchError>>()?;
                    count += writes.len();
                    while !writes.is_empty() {
                        let out = self
                            .client
                            .batch_write_item()
                            .request_items(&self.table, writes)
                            .send()
                            .await?;
                        writes = out
                            .unprocessed_items
                            .and_then(|mut u| u.remove(&self.table))
                            .unwrap_or_default();
                    }
                }
            }
            Phase::BatchGet => {
                let all: Vec<&PlainOrder> = self.first.iter().chain(&self.more).collect();
                for chunk in all.chunks(GET_BATCH) {
                    let mut keys: Vec<_> = chunk.iter().map(|o| Self::key(o)).collect();
                    while !keys.is_empty() {
                        let request = KeysAndAttributes::builder().set_keys(Some(keys)).build()?;
                        let mut out = self
                            .client
                            .batch_get_item()
                            .request_items(&self.table, request)
                            .send()
                            .await?;
                        let items = out
                            .responses
                            .as_mut()
                            .and_then(|r| r.remove(&self.table))
                            .unwrap_or_default();
                        let orders: Vec<PlainOrder> = serde_dynamo::from_items(items)?;
                        count += black_box(orders).len();
                        keys = out
                            .unprocessed_keys
                            .and_then(|mut u| u.remove(&self.table))
                            .map(|k| k.keys)
                            .unwrap_or_default();
                    }
                }
            }
        }
        Ok(count)
    }
}

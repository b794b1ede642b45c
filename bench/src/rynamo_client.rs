//! The workload through Rynamo: typed models, the core's codec, SigV4.

use std::hint::black_box;

use rynamo_core::expr::PathExpr;
use rynamo_core::transport::Transport;
use rynamo_core::{Client, Model};
use rynamo_native::{Config, Credentials, HttpTransport};

use crate::model::{Order, PARTITIONS, customer};
use crate::workload::{BenchError, Data, Phase, WARM_UP, Workload};

/// A transport for DynamoDB Local with static credentials.
pub fn transport(endpoint: &str) -> Result<HttpTransport, BenchError> {
    let config = Config::from_env()
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(Credentials::new("bench", "local", None));
    Ok(HttpTransport::new(config)?)
}

/// Rynamo over any transport (the floor records its requests through one).
pub struct Rynamo<T> {
    db: Client<T>,
    first: Vec<Order>,
    more: Vec<Order>,
}

impl<T: Transport> Rynamo<T> {
    /// A client for the tables under `prefix`, with its own copy of the data.
    pub fn new(transport: T, prefix: &str, data: &Data) -> Self {
        Rynamo {
            db: Client::new(transport).table_prefix(prefix),
            first: data.first.clone(),
            more: data.more.clone(),
        }
    }

    /// The core client.
    pub fn db(&self) -> &Client<T> {
        &self.db
    }
}

impl<T: Transport> Workload for Rynamo<T> {
    async fn warm_up(&mut self) -> Result<(), BenchError> {
        for order in self.first.iter().take(WARM_UP) {
            match Order::get((order.customer.as_str(), order.id.as_str()))
                .send(&self.db)
                .await
            {
                Err(rynamo_core::Error::DoesNotExist(_)) => {}
                other => return Err(format!("warm-up get: {other:?}").into()),
            }
        }
        Ok(())
    }

    async fn run(&mut self, phase: Phase) -> Result<usize, BenchError> {
        let db = &self.db;
        let mut count = 0;
        match phase {
            Phase::Put => {
                for order in &mut self.first {
                    order.save().send(db).await?;
                    count += 1;
                }
            }
            Phase::Get => {
                for order in &self.first {
                    let read = Order::get((order.customer.as_str(), order.id.as_str()))
                        .send(db)
                        .await?;
                    black_box(read);
                    count += 1;
                }
            }
            Phase::Query => {
                for p in 0..PARTITIONS {
                    let mut pages = Order::query(customer(p)).pages(db);
                    while let Some(page) = pages.next().await? {
                        count += black_box(page.items).len();
                    }
                }
            }
            Phase::Scan => {
                let mut pages = Order::scan().pages(db);
                while let Some(page) = pages.next().await? {
                    count += black_box(page.items).len();
                }
            }
            Phase::Update => {
                for order in &self.first {
                    Order::update((order.customer.as_str(), order.id.as_str()))
                        .set(Order::STATUS, "shipped")
                        .add(Order::TOTAL, 1.5)
                        .condition(Order::STATUS.eq("new"))
                        // The peers send the same update without a version
                        // check (the version is still incremented).
                        .add_version_condition(false)
                        .send(db)
                        .await?;
                    count += 1;
                }
            }
            Phase::BatchWrite => {
                let mut batch = Order::batch_write();
                for order in &self.more {
                    batch = batch.put(order);
                }
                count = batch.len();
                batch.send(db).await?;
            }
            Phase::BatchGet => {
                let keys = self
                    .first
                    .iter()
                    .chain(&self.more)
                    .map(|o| (o.customer.as_str(), o.id.as_str()));
                count = black_box(Order::batch_get(keys).send(db).await?).len();
            }
        }
        Ok(count)
    }
}

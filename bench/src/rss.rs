//! Peak memory while streaming a large scan: it must stay bounded by the
//! page size, whatever the item count.
//!
//! `scan-rss` writes the items (batch writes), then starts this program
//! again as `scan-stream` per client, so the writing never counts towards
//! the streaming process's peak (VmHWM). The child prints its resident set
//! and peak before reading and at checkpoints while it streams.

use std::process::Command;

use rynamo_core::Model;

use crate::model::{Order, PlainOrder, TABLE, order};
use crate::report::{RYNAMO, SDK};
use crate::rynamo_client::transport;
use crate::workload::BenchError;

/// Items written per batch-write call while seeding (bounds this process's
/// memory; Rynamo splits each into requests of 25).
const SEED_CHUNK: usize = 5_000;

/// Seeds `items` orders, then streams them back once per client, each in a
/// fresh process.
pub async fn seed_and_stream(items: usize) -> Result<(), BenchError> {
    let endpoint = rynamo_tests::endpoint();
    let prefix = rynamo_tests::unique_table("rss");
    let table = format!("{prefix}{TABLE}");
    let db = rynamo_core::Client::new(transport(endpoint)?).table_prefix(&prefix);
    Order::table().create(&db).await?;
    let start = std::time::Instant::now();
    for chunk in (0..items).step_by(SEED_CHUNK) {
        let mut batch = Order::batch_write();
        for i in chunk..(chunk + SEED_CHUNK).min(items) {
            batch = batch.put(&order(i));
        }
        batch.send(&db).await?;
    }
    println!(
        "seeded {items} items into {table} in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    for client in [RYNAMO, SDK] {
        let status = Command::new(std::env::current_exe()?)
            .args(["scan-stream", "--client", client, "--table", &table])
            .arg("--items")
            .arg(items.to_string())
            .env("DYNAMODB_ENDPOINT", endpoint)
            .status()?;
        if !status.success() {
            return Err(format!("scan-stream --client {client} failed: {status}").into());
        }
    }
    Ok(())
}

/// Streams every item of `table` through `client`, printing memory at
/// checkpoints.
pub async fn stream(client: &str, table: &str, items: usize) -> Result<(), BenchError> {
    let endpoint = rynamo_tests::endpoint();
    let mut probe = Probe::new(client, items);
    let count = if client == RYNAMO {
        let db = rynamo_core::Client::new(transport(endpoint)?).table_name_override(TABLE, table);
        probe.report(0)?;
        let mut stream = Order::scan().items(&db);
        let mut count = 0;
        while let Some(order) = stream.next().await? {
            std::hint::black_box(order);
            count += 1;
            probe.at(count)?;
        }
        count
    } else {
        let sdk = crate::sdk_client::client(endpoint);
        probe.report(0)?;
        let mut stream = sdk.scan().table_name(table).into_paginator().items().send();
        let mut count = 0;
        while let Some(item) = stream.next().await {
            let order: PlainOrder = serde_dynamo::from_item(item?)?;
            std::hint::black_box(order);
            count += 1;
            probe.at(count)?;
        }
        count
    };
    if count != items {
        return Err(format!("{client}: streamed {count} items, expected {items}").into());
    }
    probe.report(count)
}

/// Prints memory at 1k, 2.5k, 5k, 10k, 25k, … items, and when asked.
struct Probe<'a> {
    client: &'a str,
    next: usize,
    items: usize,
}

impl<'a> Probe<'a> {
    fn new(client: &'a str, items: usize) -> Self {
        Probe {
            client,
            next: 1_000,
            items,
        }
    }

    fn at(&mut self, count: usize) -> Result<(), BenchError> {
        if count == self.next && count < self.items {
            // 1k, 2.5k, 5k, 10k, 25k, 50k, 100k, …
            self.next = if count.to_string().starts_with('1') {
                count * 5 / 2
            } else {
                count * 2
            };
            self.report(count)?;
        }
        Ok(())
    }

    fn report(&self, count: usize) -> Result<(), BenchError> {
        let (rss, hwm) = memory()?;
        println!(
            "{:<17} streamed {count:>7} items: VmRSS {:>7.1} MB, VmHWM {:>7.1} MB",
            self.client,
            rss as f64 / 1024.0,
            hwm as f64 / 1024.0
        );
        Ok(())
    }
}

/// VmRSS and VmHWM (peak resident set) in kB, from /proc/self/status.
fn memory() -> Result<(u64, u64), BenchError> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let field = |name: &str| -> Result<u64, BenchError> {
        let line = status
            .lines()
            .find(|l| l.starts_with(name))
            .ok_or_else(|| format!("no {name} in /proc/self/status"))?;
        let kb = line[name.len()..].trim().trim_end_matches("kB").trim();
        Ok(kb.parse()?)
    };
    Ok((field("VmRSS:")?, field("VmHWM:")?))
}

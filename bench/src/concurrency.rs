//! The concurrency benchmark: gets, updates and saves with 1, 8, 32 and
//! 128 requests in flight on a 2-worker multi-thread runtime, against a
//! canned-response loopback server (the client is the bottleneck) and
//! against DynamoDB Local, for the floor, Rynamo and the SDK alternating
//! round by round in one process.
//!
//! Each measurement spawns as many tasks as requests in flight; each task
//! takes the next order number until the run's count is done, timing every
//! request. CPU is this process's (the servers are other processes). Memory
//! is the process's too, so what a run adds is shown: its peak (VmHWM,
//! reset through `clear_refs` first) above the resident set it started
//! with; memory the allocator kept from earlier runs is reused, not added.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rynamo_core::Model;
use rynamo_native::{Config, Credentials};

use crate::canned::CannedServer;
use crate::concurrency_report::{Row, Sample};
use crate::concurrent::{Contender, Floor, Op, SEEDED, Sdk};
use crate::meter::Meter;
use crate::model::{Order, TABLE, order};
use crate::report::{FLOOR, RYNAMO, SDK};
use crate::workload::BenchError;

/// Requests in flight.
pub const IN_FLIGHT: [usize; 4] = [1, 8, 32, 128];

/// What to run.
pub struct Settings {
    /// Requests per measurement against the canned server.
    pub canned_ops: usize,
    /// Requests per measurement against DynamoDB Local.
    pub local_ops: usize,
    /// Measurements per client and case (the report takes medians).
    pub rounds: usize,
    /// `canned`, `local` or both.
    pub servers: Vec<String>,
    /// Which clients.
    pub clients: Vec<String>,
}

/// Runs every case and prints the tables.
pub fn run(settings: &Settings) -> Result<(), BenchError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let mut rows = Vec::new();
    for server in &settings.servers {
        let (endpoint, ops, _canned) = match server.as_str() {
            "canned" => {
                let canned = CannedServer::start()?;
                (canned.endpoint.clone(), settings.canned_ops, Some(canned))
            }
            "local" => (
                rynamo_tests::endpoint().to_string(),
                settings.local_ops,
                None,
            ),
            other => return Err(format!("unknown server {other} (canned or local)").into()),
        };
        println!(
            "== concurrency: {server} server at {endpoint}, {ops} requests per measurement, \
             {} rounds, 2 worker threads",
            settings.rounds
        );
        let mut server_rows = runtime.block_on(on_server(
            settings,
            server,
            &endpoint,
            ops,
            server == "local",
        ))?;
        crate::concurrency_report::print(&server_rows);
        rows.append(&mut server_rows);
    }
    crate::concurrency_report::targets(&rows);
    Ok(())
}

/// Every op and concurrency against one server.
async fn on_server(
    settings: &Settings,
    server: &str,
    endpoint: &str,
    ops: usize,
    create: bool,
) -> Result<Vec<Row>, BenchError> {
    let on = |name: &str| settings.clients.iter().any(|c| c == name);
    let [floor_prefix, rynamo_prefix, sdk_prefix] =
        ["cfloor", "crynamo", "csdk"].map(rynamo_tests::unique_table);
    let config = Config::from_env()
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(Credentials::new("bench", "local", None));
    if create {
        for prefix in [&floor_prefix, &rynamo_prefix, &sdk_prefix] {
            let db = rynamo_native::Client::new(config.clone())?.table_prefix(prefix);
            Order::table().create(&db).await?;
            let mut batch = Order::batch_write();
            for n in 0..SEEDED {
                batch = batch.put(&order(n));
            }
            batch.send(&db).await?;
        }
    }
    let floor = Arc::new(Floor::new(endpoint, &floor_prefix)?);
    let rynamo = Arc::new(rynamo_native::Client::new(config)?.table_prefix(&rynamo_prefix));
    let sdk = Arc::new(Sdk {
        client: crate::sdk_client::client(endpoint),
        table: format!("{sdk_prefix}{TABLE}"),
    });

    // Warm-up: connections, JIT, allocator.
    let mut next = SEEDED;
    for (name, warm) in [(FLOOR, Op::Get), (RYNAMO, Op::Get), (SDK, Op::Get)] {
        if on(name) {
            let n = ops.min(500);
            match name {
                FLOOR => measure(&floor, warm, next, n, 8).await?,
                RYNAMO => measure(&rynamo, warm, next, n, 8).await?,
                _ => measure(&sdk, warm, next, n, 8).await?,
            };
        }
    }

    let mut rows = Vec::new();
    for op in Op::ALL {
        for in_flight in IN_FLIGHT {
            let mut samples: Vec<(&'static str, Vec<Sample>)> = [FLOOR, RYNAMO, SDK]
                .iter()
                .filter(|c| on(c))
                .map(|&c| (c, Vec::new()))
                .collect();
            for round in 0..settings.rounds {
                // Alternate who goes first, so drift hits everyone alike.
                let count = samples.len();
                for k in 0..count {
                    let (name, list) = &mut samples[(k + round) % count];
                    // Saves write new orders; gets and updates reuse seeded ones.
                    let first = next;
                    next += ops;
                    let sample = match *name {
                        FLOOR => measure(&floor, op, first, ops, in_flight).await?,
                        RYNAMO => measure(&rynamo, op, first, ops, in_flight).await?,
                        _ => measure(&sdk, op, first, ops, in_flight).await?,
                    };
                    list.push(sample);
                }
            }
            for (client, list) in samples {
                rows.push(Row::new(server, op, in_flight, client, &list));
            }
        }
    }
    Ok(rows)
}

/// Sends op `kind` for orders `first..first + n`, `in_flight` at a time.
async fn measure<C: Contender>(
    client: &Arc<C>,
    kind: Op,
    first: usize,
    n: usize,
    in_flight: usize,
) -> Result<Sample, BenchError> {
    client.prepare(kind, first, n)?;
    reset_peak_rss();
    let before = memory_kb("VmRSS:").unwrap_or(0);
    let counter = Arc::new(AtomicUsize::new(0));
    let meter = Meter::start();
    let tasks: Vec<_> = (0..in_flight)
        .map(|_| {
            let client = client.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(n / in_flight + 1);
                loop {
                    let i = counter.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return Ok::<_, BenchError>(latencies);
                    }
                    let start = Instant::now();
                    client.op(kind, first + i).await?;
                    latencies.push(start.elapsed());
                }
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::with_capacity(n);
    for task in tasks {
        latencies.extend(task.await??);
    }
    let cost = meter.stop();
    Ok(Sample {
        cost,
        latencies,
        rss_growth_kb: memory_kb("VmHWM:").unwrap_or(0).saturating_sub(before),
    })
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); best effort.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A `/proc/self/status` field in kB (`VmRSS:`, `VmHWM:`).
fn memory_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

//! Command line and the workload driver.

use std::collections::HashMap;

use rynamo_core::Model;

use crate::floor::{Floor, Recorder};
use crate::meter::Meter;
use crate::model::{Order, TABLE};
use crate::report::{self, FLOOR, PhaseRow, RYNAMO, SDK};
use crate::rynamo_client::{Rynamo, transport};
use crate::sdk_client::Sdk;
use crate::workload::{BenchError, Data, Phase, Workload};

const USAGE: &str = "usage: rynamo-bench [all|workload|codec|scan-rss|concurrency] [--items N] \
     [--iterations N] [--clients floor,rynamo,sdk+serde_dynamo] \
     [--ops N] [--local-ops N] [--rounds N] [--servers canned,local]";

/// What to run, from the command line.
pub struct Args {
    command: String,
    items: Option<usize>,
    iterations: u64,
    clients: Vec<String>,
    client: String,
    table: String,
    concurrency: crate::concurrency::Settings,
}

impl Args {
    /// Parses `[command] [--items N] [--iterations N]` (and the internal
    /// `scan-stream --client C --table T`).
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, BenchError> {
        let mut parsed = Args {
            command: "all".into(),
            items: None,
            iterations: 200_000,
            clients: [FLOOR, RYNAMO, SDK].map(String::from).into(),
            client: String::new(),
            table: String::new(),
            concurrency: crate::concurrency::Settings {
                canned_ops: 3_000,
                local_ops: 400,
                rounds: 3,
                servers: vec!["canned".into(), "local".into()],
                clients: Vec::new(),
            },
        };
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
            match arg.as_str() {
                "--items" => parsed.items = Some(value()?.parse()?),
                "--iterations" => parsed.iterations = value()?.parse()?,
                "--clients" => parsed.clients = value()?.split(',').map(String::from).collect(),
                "--client" => parsed.client = value()?,
                "--table" => parsed.table = value()?,
                "--ops" => parsed.concurrency.canned_ops = value()?.parse()?,
                "--local-ops" => parsed.concurrency.local_ops = value()?.parse()?,
                "--rounds" => parsed.concurrency.rounds = value()?.parse()?,
                "--servers" => {
                    parsed.concurrency.servers = value()?.split(',').map(String::from).collect()
                }
                "-h" | "--help" => return Err(USAGE.into()),
                command if !command.starts_with('-') => parsed.command = command.into(),
                other => return Err(format!("unknown option {other}\n{USAGE}").into()),
            }
        }
        parsed.concurrency.clients = parsed.clients.clone();
        Ok(parsed)
    }
}

/// Runs the command.
pub fn main(args: Args) -> Result<(), BenchError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match args.command.as_str() {
        "all" => {
            runtime.block_on(workload(args.items.unwrap_or(2_000), &args.clients))?;
            codec(args.iterations)
        }
        "workload" => runtime.block_on(workload(args.items.unwrap_or(2_000), &args.clients)),
        "codec" => codec(args.iterations),
        "concurrency" => crate::concurrency::run(&args.concurrency),
        "canned-server" => crate::canned::serve(),
        "scan-rss" => runtime.block_on(crate::rss::seed_and_stream(args.items.unwrap_or(100_000))),
        "scan-stream" => runtime.block_on(crate::rss::stream(
            &args.client,
            &args.table,
            args.items.ok_or("--items is required")?,
        )),
        other => Err(format!("unknown command {other}\n{USAGE}").into()),
    }
}

fn codec(iterations: u64) -> Result<(), BenchError> {
    println!("== codec: one order, {iterations} iterations each (best of 5 rounds)");
    let rows = crate::codec::run(iterations)?;
    report::codec(&rows);
    Ok(())
}

/// Every phase for every client, interleaved (per phase: floor, Rynamo,
/// SDK), each on its own table. `clients` picks some (for profiling one).
async fn workload(n: usize, clients: &[String]) -> Result<(), BenchError> {
    let on = |name: &str| clients.iter().any(|c| c == name);
    let endpoint = rynamo_tests::endpoint();
    println!("== workload: {n} orders, sequential, DynamoDB Local at {endpoint}");
    let data = Data::new(n);
    let [recorded, floor, rynamo, sdk] =
        ["rec", "floor", "rynamo", "sdk"].map(rynamo_tests::unique_table);
    for prefix in [&recorded, &floor, &rynamo, &sdk] {
        let db = rynamo_core::Client::new(transport(endpoint)?).table_prefix(prefix);
        Order::table().create(&db).await?;
    }

    // The untimed recording run gives the floor its bodies, and warms up
    // DynamoDB Local's JIT before anything is timed.
    let mut recording = Rynamo::new(Recorder::new(transport(endpoint)?), &recorded, &data);
    for phase in Phase::ALL {
        recording.db().transport().phase(phase);
        let items = recording.run(phase).await?;
        check(phase, "recording", items, n)?;
    }
    let bodies = recording.db().transport().take();
    let mut floor = Floor::new(
        endpoint,
        bodies,
        &format!("{recorded}{TABLE}"),
        &format!("{floor}{TABLE}"),
    )?;
    let requests: HashMap<Phase, usize> =
        Phase::ALL.iter().map(|&p| (p, floor.requests(p))).collect();
    let mut rynamo = Rynamo::new(transport(endpoint)?, &rynamo, &data);
    let mut sdk = Sdk::new(endpoint, format!("{sdk}{TABLE}"), &data);

    if on(FLOOR) {
        floor.warm_up().await?;
    }
    if on(RYNAMO) {
        rynamo.warm_up().await?;
    }
    if on(SDK) {
        sdk.warm_up().await?;
    }

    let mut rows = Vec::new();
    for phase in Phase::ALL {
        let row = |client, cost| PhaseRow {
            phase,
            client,
            requests: requests[&phase],
            items: phase.items(n),
            cost,
        };
        if on(FLOOR) {
            let meter = Meter::start();
            floor.run(phase).await?;
            rows.push(row(FLOOR, meter.stop()));
        }
        if on(RYNAMO) {
            let meter = Meter::start();
            let items = rynamo.run(phase).await?;
            rows.push(row(RYNAMO, meter.stop()));
            check(phase, RYNAMO, items, n)?;
        }
        if on(SDK) {
            let meter = Meter::start();
            let items = sdk.run(phase).await?;
            rows.push(row(SDK, meter.stop()));
            check(phase, SDK, items, n)?;
        }
    }
    report::workload(&rows);
    Ok(())
}

/// A phase that handled the wrong number of items measured something else.
fn check(phase: Phase, client: &str, items: usize, n: usize) -> Result<(), BenchError> {
    if items == phase.items(n) {
        Ok(())
    } else {
        Err(format!(
            "{client} {}: {items} items, expected {}",
            phase.name(),
            phase.items(n)
        )
        .into())
    }
}

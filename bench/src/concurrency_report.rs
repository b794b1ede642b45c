//! The concurrency tables: medians over rounds, ratios to the floor, and
//! the targets.

use std::time::Duration;

use crate::concurrent::Op;
use crate::meter::Cost;
use crate::report::{FLOOR, RYNAMO, SDK};

/// Rynamo's client CPU per op may be at most this many times the floor's.
const CPU_TARGET: f64 = 1.25;
/// Against the canned server, Rynamo's throughput must be at least this
/// share of the floor's.
const THROUGHPUT_TARGET: f64 = 0.9;

/// One measurement.
pub struct Sample {
    /// Wall and CPU time of the whole run.
    pub cost: Cost,
    /// Every request's latency.
    pub latencies: Vec<Duration>,
    /// Peak resident set during the run above the one it started with, kB.
    pub rss_growth_kb: u64,
}

/// One client in one case, over its rounds.
pub struct Row {
    server: String,
    op: Op,
    in_flight: usize,
    client: &'static str,
    /// Requests per second (median over rounds).
    throughput: f64,
    p50: Duration,
    p99: Duration,
    /// CPU per request, µs (median over rounds).
    cpu_us: f64,
    rss_growth_mb: f64,
}

impl Row {
    /// Summarises `samples` (one per round).
    pub fn new(
        server: &str,
        op: Op,
        in_flight: usize,
        client: &'static str,
        samples: &[Sample],
    ) -> Row {
        let throughput = median(
            samples
                .iter()
                .map(|s| s.latencies.len() as f64 / s.cost.wall.as_secs_f64())
                .collect(),
        );
        let cpu_us = median(
            samples
                .iter()
                .map(|s| s.cost.cpu.as_secs_f64() * 1e6 / s.latencies.len().max(1) as f64)
                .collect(),
        );
        let mut all: Vec<Duration> = samples
            .iter()
            .flat_map(|s| s.latencies.iter().copied())
            .collect();
        all.sort_unstable();
        let at = |q: f64| {
            all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
                .copied()
                .unwrap_or_default()
        };
        Row {
            server: server.into(),
            op,
            in_flight,
            client,
            throughput,
            p50: at(0.50),
            p99: at(0.99),
            cpu_us,
            rss_growth_mb: samples.iter().map(|s| s.rss_growth_kb).max().unwrap_or(0) as f64
                / 1024.0,
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn floor_of<'a>(rows: &'a [Row], row: &Row) -> Option<&'a Row> {
    rows.iter().find(|r| {
        r.server == row.server
            && r.op == row.op
            && r.in_flight == row.in_flight
            && r.client == FLOOR
    })
}

/// Prints one server's table.
pub fn print(rows: &[Row]) {
    println!(
        "{:<7} {:>6} {:<17} {:>9} {:>8} {:>8} {:>9} {:>8} {:>10} {:>9}",
        "op",
        "flight",
        "client",
        "ops/s",
        "p50 µs",
        "p99 µs",
        "cpu µs/op",
        "+peak MB",
        "ops×floor",
        "cpu×floor"
    );
    for row in rows {
        let floor = floor_of(rows, row);
        println!(
            "{:<7} {:>6} {:<17} {:>9.0} {:>8} {:>8} {:>9.1} {:>8.1} {:>10.2} {:>9.2}",
            row.op.name(),
            row.in_flight,
            row.client,
            row.throughput,
            row.p50.as_micros(),
            row.p99.as_micros(),
            row.cpu_us,
            row.rss_growth_mb,
            floor.map_or(f64::NAN, |f| row.throughput / f.throughput),
            floor.map_or(f64::NAN, |f| row.cpu_us / f.cpu_us),
        );
    }
    println!();
}

/// Prints Rynamo against the targets, case by case, and the SDK beside it.
pub fn targets(rows: &[Row]) {
    println!(
        "targets: Rynamo's CPU per op ≤ {CPU_TARGET}× the floor's everywhere; \
         throughput ≥ {THROUGHPUT_TARGET}× the floor's against the canned server"
    );
    let mut all_met = true;
    let mut compared = false;
    for row in rows.iter().filter(|r| r.client == RYNAMO) {
        let Some(floor) = floor_of(rows, row) else {
            continue;
        };
        compared = true;
        let cpu = row.cpu_us / floor.cpu_us;
        let throughput = row.throughput / floor.throughput;
        let mut met = cpu <= CPU_TARGET;
        if row.server == "canned" {
            met &= throughput >= THROUGHPUT_TARGET;
        }
        all_met &= met;
        let sdk = rows
            .iter()
            .find(|r| {
                r.server == row.server
                    && r.op == row.op
                    && r.in_flight == row.in_flight
                    && r.client == SDK
            })
            .map(|s| {
                format!(
                    "; sdk cpu {:.2}×, ops {:.2}×",
                    s.cpu_us / floor.cpu_us,
                    s.throughput / floor.throughput
                )
            })
            .unwrap_or_default();
        println!(
            "  {:<6} {:<6} {:>3} in flight: rynamo cpu {cpu:.2}×, ops {throughput:.2}× — {}{sdk}",
            row.server,
            row.op.name(),
            row.in_flight,
            if met { "met" } else { "NOT met" }
        );
    }
    let overall = match (compared, all_met) {
        (false, _) => "not measured (needs the floor and rynamo)",
        (true, true) => "met",
        (true, false) => "NOT met",
    };
    println!("  overall: {overall}");
}

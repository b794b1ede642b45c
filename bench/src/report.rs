//! The printed tables and the targets' verdicts.

use std::time::Duration;

use crate::meter::Cost;
use crate::workload::Phase;

/// The floor's name in the tables.
pub const FLOOR: &str = "floor";
/// Rynamo's name in the tables.
pub const RYNAMO: &str = "rynamo";
/// The SDK's name in the tables.
pub const SDK: &str = "sdk+serde_dynamo";

/// Rynamo's CPU per op may be at most this many times the floor's.
const CPU_TARGET: f64 = 1.25;
/// Rynamo's codec must be at least this many times faster than the SDK's.
const CODEC_TARGET: f64 = 3.0;

/// One client's cost for one phase.
pub struct PhaseRow {
    /// Which phase.
    pub phase: Phase,
    /// Which client.
    pub client: &'static str,
    /// Requests sent (as recorded from Rynamo, the same for every client).
    pub requests: usize,
    /// Items read or written.
    pub items: usize,
    /// What it cost.
    pub cost: Cost,
}

/// Prints the workload table, per phase: wall and CPU per item, and both
/// against the floor's; then whether Rynamo met the CPU target.
pub fn workload(rows: &[PhaseRow]) {
    println!(
        "{:<12} {:<17} {:>6} {:>7} {:>9} {:>10} {:>9} {:>9} {:>9} {:>10}",
        "phase",
        "client",
        "reqs",
        "items",
        "wall ms",
        "wall µs/op",
        "cpu ms",
        "cpu µs/op",
        "cpu×floor",
        "wall×floor"
    );
    for row in rows {
        let floor = find(rows, row.phase, FLOOR);
        println!(
            "{:<12} {:<17} {:>6} {:>7} {:>9.1} {:>10.1} {:>9.1} {:>9.1} {:>9.2} {:>10.2}",
            row.phase.name(),
            row.client,
            row.requests,
            row.items,
            ms(row.cost.wall),
            per(row.cost.wall, row.items),
            ms(row.cost.cpu),
            per(row.cost.cpu, row.items),
            ratio(row.cost.cpu, floor.map(|f| f.cost.cpu)),
            ratio(row.cost.wall, floor.map(|f| f.cost.wall)),
        );
    }
    println!();
    println!("target: Rynamo's client CPU per op within {CPU_TARGET}× the floor's, every phase");
    let mut all_met = true;
    let mut compared = false;
    for phase in Phase::ALL {
        let (Some(floor), Some(rynamo)) = (find(rows, phase, FLOOR), find(rows, phase, RYNAMO))
        else {
            continue;
        };
        let r = ratio(rynamo.cost.cpu, Some(floor.cost.cpu));
        let met = r <= CPU_TARGET;
        all_met &= met;
        compared = true;
        let sdk = find(rows, phase, SDK)
            .map(|s| format!(", sdk {:.2}×", ratio(s.cost.cpu, Some(floor.cost.cpu))))
            .unwrap_or_default();
        println!(
            "  {:<12} rynamo {r:.2}× {}{sdk}",
            phase.name(),
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

/// One codec measurement.
pub struct CodecRow {
    /// `encode` or `decode`.
    pub op: &'static str,
    /// Which implementation.
    pub client: &'static str,
    /// Time per call.
    pub per_op: Duration,
}

impl CodecRow {
    /// A row.
    pub fn new(op: &'static str, client: &'static str, per_op: Duration) -> Self {
        CodecRow { op, client, per_op }
    }
}

/// Prints the codec table with each row against Rynamo and the floor, then
/// whether Rynamo is at least 3× faster than the SDK path.
pub fn codec(rows: &[CodecRow]) {
    println!(
        "{:<7} {:<19} {:>9} {:>10} {:>9}",
        "op", "codec", "ns/op", "×rynamo", "×floor"
    );
    let find = |op: &str, name: &str| {
        rows.iter()
            .find(|r| r.op == op && r.client.starts_with(name))
            .map(|r| r.per_op)
    };
    for row in rows {
        println!(
            "{:<7} {:<19} {:>9} {:>10.2} {:>9.2}",
            row.op,
            row.client,
            row.per_op.as_nanos(),
            ratio(row.per_op, find(row.op, RYNAMO)),
            ratio(row.per_op, find(row.op, "serde_json")),
        );
    }
    println!();
    println!("target: Rynamo's codec at least {CODEC_TARGET}× faster than sdk+serde_dynamo");
    for op in ["encode", "decode"] {
        if let (Some(rynamo), Some(sdk)) = (find(op, RYNAMO), find(op, SDK)) {
            let speedup = ratio(sdk, Some(rynamo));
            let verdict = if speedup >= CODEC_TARGET {
                "met"
            } else {
                "NOT met"
            };
            println!("  {op}: {speedup:.2}× faster, {verdict}");
        }
    }
}

fn find<'a>(rows: &'a [PhaseRow], phase: Phase, client: &str) -> Option<&'a PhaseRow> {
    rows.iter().find(|r| r.phase == phase && r.client == client)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn per(d: Duration, items: usize) -> f64 {
    d.as_secs_f64() * 1e6 / items.max(1) as f64
}

fn ratio(a: Duration, b: Option<Duration>) -> f64 {
    match b {
        Some(b) if !b.is_zero() => a.as_secs_f64() / b.as_secs_f64(),
        _ => f64::NAN,
    }
}

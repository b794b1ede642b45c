//! The sequential workload every client runs, phase by phase, and the data
//! it runs on.

use std::error::Error;

use crate::model::{Order, order};

/// A benchmark failure; this is a program, not a library, so any error
/// just ends the run with its message.
pub type BenchError = Box<dyn Error + Send + Sync>;

/// One step of the workload, run after the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// PutItem each of the N orders (conditional on the version).
    Put,
    /// GetItem each of them.
    Get,
    /// Query each of the partitions to the end.
    Query,
    /// Scan the whole table.
    Scan,
    /// UpdateItem each: SET + ADD, with a condition.
    Update,
    /// BatchWriteItem N more orders, 25 a request.
    BatchWrite,
    /// BatchGetItem all 2N, 100 keys a request.
    BatchGet,
}

impl Phase {
    /// Every phase, in the order they run.
    pub const ALL: [Phase; 7] = [
        Phase::Put,
        Phase::Get,
        Phase::Query,
        Phase::Scan,
        Phase::Update,
        Phase::BatchWrite,
        Phase::BatchGet,
    ];

    /// A short name for the report.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Put => "put",
            Phase::Get => "get",
            Phase::Query => "query",
            Phase::Scan => "scan",
            Phase::Update => "update",
            Phase::BatchWrite => "batch-write",
            Phase::BatchGet => "batch-get",
        }
    }

    /// How many items the phase handles with `n` orders.
    pub fn items(self, n: usize) -> usize {
        match self {
            Phase::BatchGet => 2 * n,
            _ => n,
        }
    }
}

/// The orders: `first` are put one by one, `more` are batch-written.
pub struct Data {
    /// Orders `0..n`, put (and so versioned) in the put phase.
    pub first: Vec<Order>,
    /// Orders `n..2n`, batch-written with version 1 as if saved once.
    pub more: Vec<Order>,
}

impl Data {
    /// `n` orders of each kind.
    pub fn new(n: usize) -> Data {
        Data {
            first: (0..n).map(order).collect(),
            more: (n..2 * n)
                .map(|i| Order {
                    version: Some(1),
                    ..order(i)
                })
                .collect(),
        }
    }
}

/// How many requests [`Workload::warm_up`] sends.
pub const WARM_UP: usize = 20;

/// A client running the workload. Each builds its own inputs from [`Data`]
/// before any phase is timed.
pub trait Workload {
    /// Sends [`WARM_UP`] GetItems for items that do not exist yet, so
    /// connections and lazily built state are ready before timing.
    async fn warm_up(&mut self) -> Result<(), BenchError>;

    /// Runs one phase; returns how many items it read or wrote.
    async fn run(&mut self, phase: Phase) -> Result<usize, BenchError>;
}

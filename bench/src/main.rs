//! Rynamo's benchmarks against DynamoDB Local: the same sequential workload
//! through Rynamo (`rynamo-native`), through aws-sdk-dynamodb with
//! serde_dynamo, and through a floor (reqwest sending pre-built bodies, no
//! signing, no mapping); codec micro-benchmarks; and peak memory while
//! streaming a large scan.
//!
//! The AWS SDK is slow to build, so all of it sits behind the `peers`
//! feature; without it this is a stub and CI stays fast. Run it through
//! `scripts/bench.sh` (release build):
//!
//! ```text
//! scripts/bench.sh                      # workload (2000 items) + codec
//! scripts/bench.sh workload --items 500
//! scripts/bench.sh codec --iterations 200000
//! scripts/bench.sh scan-rss --items 100000
//! scripts/bench.sh concurrency              # 1/8/32/128 in flight, canned + local
//! ```
//!
//! DynamoDB Local is started by `rynamo-tests` unless `DYNAMODB_ENDPOINT`
//! is set.
#![warn(missing_docs)]

#[cfg(feature = "peers")]
mod canned;
#[cfg(feature = "peers")]
mod codec;
#[cfg(feature = "peers")]
mod concurrency;
#[cfg(feature = "peers")]
mod concurrency_report;
#[cfg(feature = "peers")]
mod concurrent;
#[cfg(feature = "peers")]
mod floor;
#[cfg(feature = "peers")]
mod meter;
#[cfg(feature = "peers")]
mod model;
#[cfg(feature = "peers")]
mod report;
#[cfg(feature = "peers")]
mod rss;
#[cfg(feature = "peers")]
mod run;
#[cfg(feature = "peers")]
mod rynamo_client;
#[cfg(feature = "peers")]
mod sdk_client;
#[cfg(feature = "peers")]
mod workload;

#[cfg(not(feature = "peers"))]
fn main() {
    eprintln!("rynamo-bench: build with --features peers (or run scripts/bench.sh) to benchmark");
}

#[cfg(feature = "peers")]
fn main() {
    let result = run::Args::parse(std::env::args().skip(1)).and_then(run::main);
    if let Err(e) = result {
        eprintln!("rynamo-bench: {e}");
        std::process::exit(1);
    }
}

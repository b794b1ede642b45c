//! The fault figures of issue 15, with the default retry policy and mode:
//! 2,000 plain puts and 2,000 unconditional `ADD` counters through a proxy
//! failing 10 % and then 30 % of requests (throttles, 500s before and after
//! the write, resets before and after), then what the server holds, read
//! directly. Prints a table (run with `--nocapture` to see it):
//!
//! - surfaced: calls that returned an error;
//! - lost: calls that returned success for a write the server does not hold;
//! - duplicated: writes applied more than once (an `ADD` whose reply was
//!   lost and which was retried; plain puts land in the same state twice);
//! - false failures: calls that returned an error for a write the server
//!   holds.
//!
//! Asserted: nothing is lost at any rate, and at 10 % nothing surfaces.

use std::collections::BTreeMap;
use std::sync::Arc;

use rynamo_core::Model;
use rynamo_native::{Client, Config, Credentials};
use rynamo_tests::faults::{Fault, FaultProxy, Plan};

use crate::fixtures::{create, run};

/// One item per write: its count says how often the write was applied.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "tallies")]
pub struct Tally {
    #[rynamo(hash_key)]
    pub id: String,
    pub count: i64,
}

const LINK_FAULTS: [Fault; 5] = [
    Fault::Throttle,
    Fault::ServerErrorBefore,
    Fault::ServerErrorAfter,
    Fault::ResetBefore,
    Fault::ResetAfter,
];

const WRITES: usize = 2_000;
const LANES: usize = 16;

#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Figures {
    calls: usize,
    surfaced: usize,
    lost: usize,
    duplicated: usize,
    false_failures: usize,
}

fn config(endpoint: &str) -> Config {
    Config::from_env()
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(Credentials::new("rynamo", "local", None))
}

/// Runs `write(i)` for every `i` in 16 lanes; returns which calls failed.
async fn each<F, Fut>(db: &Client, write: F) -> Vec<bool>
where
    F: Fn(Client, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let write = Arc::new(write);
    let mut running = tokio::task::JoinSet::new();
    for k in 0..LANES {
        let (db, write) = (db.clone(), write.clone());
        running.spawn(async move {
            let mut outcomes = Vec::new();
            for i in (k..WRITES).step_by(LANES) {
                outcomes.push((i, write(db.clone(), i).await));
            }
            outcomes
        });
    }
    let mut failed = vec![false; WRITES];
    for (i, ok) in running.join_all().await.into_iter().flatten() {
        failed[i] = !ok;
    }
    failed
}

/// Puts and `ADD`s through `percent` % faults; the figures for each.
async fn through(percent: u64, seed: u64) -> (Figures, Figures, BTreeMap<Fault, u64>) {
    let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
    let prefix = rynamo_tests::unique_table("figures");
    let direct = Client::new(config(rynamo_tests::endpoint()))
        .expect("client")
        .table_prefix(prefix.clone());
    create::<Tally>(&direct).await;
    let db = Client::new(config(proxy.endpoint()))
        .expect("client")
        .table_prefix(prefix);
    proxy.set_plan(Plan::mixed(&LINK_FAULTS, percent, seed));

    let put_failed = each(&db, |db, i| async move {
        let mut tally = Tally {
            id: format!("put-{i:04}"),
            count: 1,
        };
        tally.save().send(&db).await.is_ok()
    })
    .await;
    let add_failed = each(&db, |db, i| async move {
        Tally::update(format!("add-{i:04}"))
            .add(Tally::COUNT, 1)
            .send(&db)
            .await
            .is_ok()
    })
    .await;
    let injected = proxy.injected();

    let stored: BTreeMap<String, i64> = Tally::scan()
        .consistent_read(true)
        .all(&direct)
        .await
        .expect("scan")
        .into_iter()
        .map(|t| (t.id, t.count))
        .collect();
    let figures = |kind: &str, failed: &[bool]| {
        let mut f = Figures {
            calls: failed.len(),
            ..Figures::default()
        };
        for (i, failed) in failed.iter().enumerate() {
            let applied = stored.get(&format!("{kind}-{i:04}")).copied().unwrap_or(0);
            f.surfaced += usize::from(*failed);
            f.lost += usize::from(!failed && applied == 0);
            f.false_failures += usize::from(*failed && applied > 0);
            f.duplicated += usize::from(applied > 1);
        }
        f
    };
    (
        figures("put", &put_failed),
        figures("add", &add_failed),
        injected,
    )
}

#[test]
fn fault_figures_with_the_default_policy_at_ten_and_thirty_percent() {
    run(async {
        let mut table = String::from(
            "| faults | writes | calls | surfaced errors | lost | duplicated | false failures |\n\
             |---|---|---|---|---|---|---|\n",
        );
        for (percent, seed) in [(10, 0x0f16_0010), (30, 0x0f16_0030)] {
            let (puts, adds, injected) = through(percent, seed).await;
            for (kind, f) in [("plain put", puts), ("ADD +1, no condition", adds)] {
                table.push_str(&format!(
                    "| {percent} % | {kind} | {} | {} | {} | {} | {} |\n",
                    f.calls, f.surfaced, f.lost, f.duplicated, f.false_failures
                ));
                assert_eq!(f.lost, 0, "{percent} % {kind}: {f:?}");
                if percent == 10 {
                    assert_eq!(f.surfaced, 0, "{percent} % {kind}: {f:?}");
                }
            }
            let total: u64 = injected.values().sum();
            assert!(
                total as usize >= WRITES * 2 * percent as usize / 100,
                "{injected:?}"
            );
            table.push_str(&format!(
                "|   | injected faults: {total} ({injected:?}) | | | | | |\n"
            ));
        }
        println!("\nFault figures (default RetryPolicy, standard retry mode):\n{table}");
    });
}

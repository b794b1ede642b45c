//! Lost replies, through a proxy that forwards each write to DynamoDB Local
//! and then drops the reply (`Plan::drop_replies`): versioned saves and
//! version-guarded counters report success for every write that landed,
//! keep exact values, and never take another writer's change for their own.

use std::time::Duration;

use rynamo_core::retry::RetryPolicy;
use rynamo_core::{Error, Model};
use rynamo_native::{Client, Config, Credentials};
use rynamo_tests::faults::{Fault, FaultProxy, Plan};
use tokio::task::JoinSet;

use crate::fixtures::{create, run};

/// A versioned document and counter.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "ledger")]
pub struct Entry {
    #[rynamo(hash_key)]
    pub id: String,
    pub body: String,
    pub count: u64,
    #[rynamo(version)]
    pub version: Option<u64>,
}

/// A client through `proxy` and one straight to the server, on the same
/// tables. The retry policy lets ten attempts through a 10 % fault rate,
/// with short backoffs to keep the test quick.
fn clients(proxy: &FaultProxy) -> (Client, Client) {
    let prefix = rynamo_tests::unique_table("lr");
    let build = |endpoint: &str| {
        let config = Config::from_env()
            .endpoint(endpoint)
            .region("us-east-1")
            .credentials(Credentials::new("rynamo", "local", None))
            .timeout(Duration::from_secs(30));
        Client::new(config)
            .expect("client")
            .table_prefix(prefix.clone())
    };
    let policy = RetryPolicy {
        max_attempts: 10,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(20),
    };
    (
        build(proxy.endpoint()).retry_policy(policy),
        build(rynamo_tests::endpoint()),
    )
}

fn entry(id: String) -> Entry {
    Entry {
        id,
        body: String::new(),
        count: 0,
        version: None,
    }
}

fn is_conflict(error: &Error) -> bool {
    matches!(error, Error::ConditionalCheckFailed(_))
}

async fn stored(direct: &Client, id: &str) -> Entry {
    Entry::get(id)
        .consistent_read(true)
        .send(direct)
        .await
        .expect("read back")
}

#[test]
fn two_thousand_versioned_saves_through_lost_replies_all_succeed_exactly() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
        let (db, direct) = clients(&proxy);
        create::<Entry>(&direct).await;
        proxy.set_plan(Plan::drop_replies(10, 0x10_57));

        // 500 items saved 4 times each: created (no version yet), then
        // changed three times, each save requiring the version before.
        let mut lanes = JoinSet::new();
        for lane in 0..10 {
            let db = db.clone();
            lanes.spawn(async move {
                let mut false_failures = 0;
                for i in (lane..500).step_by(10) {
                    let mut e = entry(format!("s{i:03}"));
                    for round in 0..4 {
                        e.body = format!("round {round} of s{i:03}");
                        match e.save().send(&db).await {
                            Ok(_) => {}
                            Err(error) if is_conflict(&error) => false_failures += 1,
                            Err(error) => panic!("s{i:03} round {round}: {error}"),
                        }
                    }
                }
                false_failures
            });
        }
        let false_failures: u32 = lanes.join_all().await.into_iter().sum();
        let dropped: u64 = proxy.injected().values().sum();
        println!(
            "versioned saves: 2000 through {} requests, {dropped} replies dropped, {false_failures} false failures",
            proxy.requests()
        );
        assert!(dropped >= 100, "{:?}", proxy.injected());
        assert_eq!(false_failures, 0);
        for i in 0..500 {
            let id = format!("s{i:03}");
            let got = stored(&direct, &id).await;
            assert_eq!(got.version, Some(4), "{id}");
            assert_eq!(got.body, format!("round 3 of {id}"));
        }
    });
}

#[test]
fn two_thousand_version_guarded_increments_through_lost_replies_count_exactly() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
        let (db, direct) = clients(&proxy);
        create::<Entry>(&direct).await;
        for i in 0..100 {
            entry(format!("c{i:02}"))
                .save()
                .send(&direct)
                .await
                .unwrap();
        }
        proxy.set_plan(Plan::drop_replies(10, 0xc0_47));

        // 100 counters, 20 increments each, one writer per counter: even
        // counters by read-modify-save, odd ones by a versioned update
        // that SETs the new count (`apply`, refreshing the instance).
        let mut lanes = JoinSet::new();
        for lane in 0..10 {
            let db = db.clone();
            lanes.spawn(async move {
                let mut false_failures = 0;
                for i in (lane..100).step_by(10) {
                    let id = format!("c{i:02}");
                    let mut counter = Entry::get(id.as_str())
                        .consistent_read(true)
                        .send(&db)
                        .await
                        .unwrap();
                    for _ in 0..20 {
                        let result = if i % 2 == 0 {
                            counter = Entry::get(id.as_str())
                                .consistent_read(true)
                                .send(&db)
                                .await
                                .unwrap();
                            counter.count += 1;
                            counter.save().send(&db).await.map(drop)
                        } else {
                            let next = counter.count + 1;
                            counter
                                .apply()
                                .set(Entry::COUNT, next)
                                .send(&db)
                                .await
                                .map(drop)
                        };
                        match result {
                            Ok(()) => {}
                            Err(error) if is_conflict(&error) => false_failures += 1,
                            Err(error) => panic!("{id}: {error}"),
                        }
                    }
                }
                false_failures
            });
        }
        let false_failures: u32 = lanes.join_all().await.into_iter().sum();
        let dropped: u64 = proxy.injected().values().sum();
        let mut total = 0;
        for i in 0..100 {
            let id = format!("c{i:02}");
            let got = stored(&direct, &id).await;
            assert_eq!((got.count, got.version), (20, Some(21)), "{id}");
            total += got.count;
        }
        println!(
            "version-guarded increments: 2000 through {} requests, {dropped} replies dropped, {false_failures} false failures, final total {total}",
            proxy.requests()
        );
        assert!(dropped >= 100, "{:?}", proxy.injected());
        assert_eq!(false_failures, 0);
    });
}

/// Another writer increments the same counters by 1,000 at a time, straight
/// to the server, while this one adds 1 through lost replies and lost
/// requests: every increment this writer is told succeeded is in the
/// table, so another writer's change was never taken for its own.
#[test]
fn another_writers_change_is_never_taken_for_ours() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
        let (db, direct) = clients(&proxy);
        create::<Entry>(&direct).await;
        const COUNTERS: usize = 4;
        for i in 0..COUNTERS {
            entry(format!("x{i}")).save().send(&direct).await.unwrap();
        }
        // Lost replies, and lost requests: then the other writer can store
        // its item at the very version this one's retry expects to find.
        proxy.set_plan(Plan::mixed(
            &[Fault::ResetAfter, Fault::CloseAfter, Fault::ResetBefore],
            10,
            0x07_4e,
        ));

        // Several tasks of each writer race on the same counters too. Each
        // write stores its own mark in `body` (the documented idiom): two
        // tasks adding the same step from the same version would otherwise
        // write the very same item, and one's lost request could not be
        // told from the other's write.
        let increments = |db: Client, step: u64, writer: usize, tries: usize| async move {
            // (confirmed, conflicts, conflicts that carried the stored
            // item, of those at the very version this write stored)
            let mut tally = (0u64, 0u64, 0u64, 0u64);
            for t in 0..tries {
                let id = format!("x{}", t % COUNTERS);
                let mut counter = Entry::get(id.as_str())
                    .consistent_read(true)
                    .send(&db)
                    .await
                    .unwrap();
                counter.count += step;
                counter.body = format!("writer {writer}, write {t}");
                match counter.save().send(&db).await {
                    Ok(_) => tally.0 += 1,
                    Err(Error::ConditionalCheckFailed(c)) => {
                        tally.1 += 1;
                        if let Some(stored) = c.item() {
                            tally.2 += 1;
                            // The failed save rolled back to the version it expected.
                            let wrote = counter.version.map_or(1, |v| v + 1);
                            let same = rynamo_core::AttributeValue::N(wrote.into());
                            tally.3 += u64::from(stored.get("version") == Some(&same));
                        }
                    }
                    Err(error) => panic!("{id}: {error}"),
                }
            }
            tally
        };
        let mut ours = JoinSet::new();
        let mut theirs = JoinSet::new();
        for task in 0..4 {
            ours.spawn(increments(db.clone(), 1, task, 150));
            theirs.spawn(increments(direct.clone(), 1_000, 4 + task, 150));
        }
        let sum = |tallies: Vec<(u64, u64, u64, u64)>| {
            tallies.into_iter().fold((0, 0, 0, 0), |a, t| {
                (a.0 + t.0, a.1 + t.1, a.2 + t.2, a.3 + t.3)
            })
        };
        let (ours, theirs) = (sum(ours.join_all().await), sum(theirs.join_all().await));

        let mut applied_ours = 0;
        let mut applied_theirs = 0;
        for i in 0..COUNTERS {
            let count = stored(&direct, &format!("x{i}")).await.count;
            applied_ours += count % 1_000;
            applied_theirs += count / 1_000;
        }
        println!(
            "two writers: ours {} confirmed, {} conflicts ({} after a lost reply, refused; {} of them at the version this write stored); theirs {} confirmed, {} conflicts; in the table: {applied_ours} of ours, {applied_theirs} of theirs; proxy {:?}",
            ours.0,
            ours.1,
            ours.2,
            ours.3,
            theirs.0,
            theirs.1,
            proxy.injected()
        );
        // The writers really raced, and this one's retries met the other's items.
        assert!(
            ours.1 > 0 && theirs.1 > 0,
            "no contention: {ours:?} {theirs:?}"
        );
        assert!(ours.2 > 0, "no retry met another writer's item: {ours:?}");
        assert!(
            ours.3 > 0,
            "no retry met an item at its own new version: {ours:?}"
        );
        // The other writer has no faults: exactly what it was told.
        assert_eq!(applied_theirs, theirs.0);
        // Every success reported here is an increment in the table; only
        // writes that landed but could no longer be proven (the other
        // writer wrote over them before the retry) are reported as
        // conflicts, and each of those carried the stored item.
        assert!(applied_ours >= ours.0, "a success that is not in the table");
        assert!(
            applied_ours <= ours.0 + ours.2,
            "an increment nobody reported"
        );
    });
}

/// `ADD` through lost replies: without the version condition a retry adds
/// again; under it each call is applied at most once (a lost reply may
/// then surface as a conflict, since the stored sum proves nothing).
#[test]
fn a_versioned_add_is_applied_at_most_once_and_an_unguarded_one_may_apply_twice() {
    run(async {
        let proxy = FaultProxy::start(rynamo_tests::endpoint(), Plan::none());
        let (db, direct) = clients(&proxy);
        create::<Entry>(&direct).await;
        for id in ["guarded", "unguarded"] {
            entry(id.into()).save().send(&direct).await.unwrap();
        }
        proxy.set_plan(Plan::drop_replies(10, 0xadd));
        const CALLS: u64 = 300;
        let guarded_calls = async {
            let (mut confirmed, mut conflicts) = (0, 0);
            let mut counter = stored(&direct, "guarded").await;
            for _ in 0..CALLS {
                match counter.apply().add(Entry::COUNT, 1u64).send(&db).await {
                    Ok(_) => confirmed += 1,
                    Err(error) if is_conflict(&error) => {
                        conflicts += 1;
                        counter = Entry::get("guarded")
                            .consistent_read(true)
                            .send(&db)
                            .await
                            .unwrap();
                    }
                    Err(error) => panic!("{error}"),
                }
            }
            (confirmed, conflicts)
        };
        let unguarded_calls = async {
            for _ in 0..CALLS {
                Entry::update("unguarded")
                    .add(Entry::COUNT, 1u64)
                    .add_version_condition(false)
                    .send(&db)
                    .await
                    .unwrap();
            }
        };
        let ((confirmed, conflicts), ()) = tokio::join!(guarded_calls, unguarded_calls);
        let guarded = stored(&direct, "guarded").await.count;
        let unguarded = stored(&direct, "unguarded").await.count;
        println!(
            "ADD through lost replies: {CALLS} calls each; guarded: {confirmed} confirmed, {conflicts} conflicts, {guarded} applied; unguarded: {unguarded} applied; proxy {:?}",
            proxy.injected()
        );
        assert!(
            confirmed <= guarded && guarded <= CALLS,
            "never a confirmed call missing, never one applied twice"
        );
        assert_eq!(
            guarded,
            confirmed + conflicts,
            "every conflict here is a lost reply"
        );
    });
}

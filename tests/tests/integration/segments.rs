//! A scan split over worker processes (`src/bin/scan_worker.rs`): each
//! segment is read part-way by one process, handed on as a token (a
//! string) and finished by another; together they read every item exactly
//! once. A token handed to the wrong segment is refused by the process.

use std::collections::BTreeMap;
use std::process::{Child, Command, Output, Stdio};

use rynamo_core::Model;
use rynamo_tests::scan_worker::{Entry, client};

use crate::fixtures::{create, run};

const ITEMS: u32 = 10_000;
const WORKERS: u32 = 4;

/// Writes `ITEMS` entries in batches (25 per request), 8 batch writers
/// at once.
async fn seed(db: &rynamo_native::Client) {
    create::<Entry>(db).await;
    let mut writers = tokio::task::JoinSet::new();
    for part in 0..8 {
        let db = db.clone();
        writers.spawn(async move {
            let mut batch = Entry::batch_write();
            for id in (0..ITEMS).filter(|id| id % 8 == part) {
                batch = batch.put(&Entry {
                    id,
                    body: format!("entry {id:05} ").repeat(4),
                });
            }
            batch.send(&db).await
        });
    }
    while let Some(written) = writers.join_next().await {
        written.expect("writer task").expect("seed batch");
    }
}

fn spawn(prefix: &str, segment: u32, limit: &str, token: Option<&str>) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scan_worker"));
    command
        .args([rynamo_tests::endpoint(), prefix])
        .args([segment.to_string(), WORKERS.to_string()])
        .args([limit, "300"])
        .args(token)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.spawn().expect("scan_worker starts")
}

/// A worker's ids and its last line (`token …` or `done`).
fn report(output: Output) -> (Vec<u32>, Option<String>) {
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        output.status.success(),
        "worker failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut ids = Vec::new();
    let mut token = None;
    let mut ended = false;
    for line in stdout.lines() {
        assert!(!ended, "a line after the last: {line}");
        if let Some(id) = line.strip_prefix("item ") {
            ids.push(id.parse().expect("an id"));
        } else if let Some(t) = line.strip_prefix("token ") {
            token = Some(t.to_string());
            ended = true;
        } else {
            assert_eq!(line, "done");
            ended = true;
        }
    }
    assert!(ended, "the worker's report is cut short: {stdout}");
    (ids, token)
}

#[test]
fn a_scan_split_over_four_worker_processes_reads_each_item_exactly_once() {
    run(async {
        let prefix = rynamo_tests::unique_table("seg");
        let db = client(rynamo_tests::endpoint(), &prefix);
        seed(&db).await;
        let table = db.table_name(Entry::TABLE).into_owned();

        // First wave: each segment's worker reads 600 items (pages of 300,
        // the handover falls on a page boundary or inside one) and stops.
        let first: Vec<Child> = (0..WORKERS)
            .map(|s| spawn(&prefix, s, "600", None))
            .collect();
        let mut seen: BTreeMap<u32, u32> = BTreeMap::new();
        let mut tokens = Vec::new();
        for (segment, child) in (0..WORKERS).zip(first) {
            let (ids, token) = report(child.wait_with_output().unwrap());
            assert_eq!(ids.len(), 600, "segment {segment} read its limit");
            let token =
                token.unwrap_or_else(|| panic!("segment {segment} has more than 600 items"));
            assert!(
                token.starts_with(&format!("rynamo-scan:1:{table}::{segment}:{WORKERS}:")),
                "{token}"
            );
            for id in ids {
                *seen.entry(id).or_default() += 1;
            }
            tokens.push(token);
        }

        // A token handed to the wrong segment is refused, nothing read.
        let wrong = spawn(&prefix, 1, "all", Some(&tokens[0]))
            .wait_with_output()
            .unwrap();
        assert_eq!(wrong.status.code(), Some(2));
        assert!(wrong.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&wrong.stderr);
        assert!(stderr.contains("OtherSegment"), "{stderr}");

        // Second wave: new processes finish each segment from its token.
        let second: Vec<Child> = (0..WORKERS)
            .map(|s| spawn(&prefix, s, "all", Some(&tokens[s as usize])))
            .collect();
        for (segment, child) in (0..WORKERS).zip(second) {
            let (ids, token) = report(child.wait_with_output().unwrap());
            assert_eq!(token, None, "segment {segment} is finished");
            assert!(!ids.is_empty(), "segment {segment} had more to read");
            for id in ids {
                *seen.entry(id).or_default() += 1;
            }
        }

        let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(twice.is_empty(), "read more than once: {twice:?}");
        let missing: Vec<u32> = (0..ITEMS).filter(|id| !seen.contains_key(id)).collect();
        assert!(missing.is_empty(), "never read: {missing:?}");
        assert_eq!(seen.len(), ITEMS as usize);
    });
}

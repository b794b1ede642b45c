//! A scan worker: one segment of a scan split over processes, read up to a
//! limit and handed on by token (`src/bin/scan_worker.rs` runs it; the
//! integration test `segments` spawns it and seeds [`Entry`]).
//!
//! The worker prints one line per item, `item <id>`, then `token <token>`
//! when the segment is not finished or `done` when it is. A refused token
//! ends it with `error <message>` on stderr and exit status 2.

use rynamo_core::model::SegmentScan;
use rynamo_core::{Error, Model};
use rynamo_native::{Client, Config, Credentials};

/// The items the workers read: one table of numbered entries.
#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "entries")]
pub struct Entry {
    /// The entry's number.
    #[rynamo(hash_key)]
    pub id: u32,
    /// Some payload, so pages hold more than keys.
    pub body: String,
}

/// A client for `endpoint` whose tables are prefixed with `prefix`.
pub fn client(endpoint: &str, prefix: &str) -> Client {
    let config = Config::from_env()
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(Credentials::new("rynamo", "local", None));
    Client::new(config)
        .expect("client")
        .table_prefix(prefix.to_string())
}

/// What one worker did: the ids it read and where the segment continues
/// (`None` when it finished the segment).
pub struct Work {
    /// Ids of the items read, in order.
    pub ids: Vec<u32>,
    /// The token for the next worker; `None` when the segment is done.
    pub token: Option<String>,
}

/// Reads segment `segment` of `total`, at most `limit` items (all when
/// `None`), `page_size` per request, starting from `token` if given.
pub async fn work(
    db: &Client,
    (segment, total): (u32, u32),
    limit: Option<u64>,
    page_size: u32,
    token: Option<&str>,
) -> Result<Work, Error> {
    let mut scan: SegmentScan<Entry> = Entry::scan().segment(segment, total).page_size(page_size);
    if let Some(limit) = limit {
        scan = scan.limit(limit);
    }
    if let Some(token) = token {
        scan = scan.resume(token);
    }
    let mut items = scan.items(db);
    let mut ids = Vec::new();
    while let Some(entry) = items.next().await? {
        ids.push(entry.id);
    }
    Ok(Work {
        ids,
        token: items.token().map(|t| t.to_string()),
    })
}

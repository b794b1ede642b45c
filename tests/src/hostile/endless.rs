//! A Query/Scan endpoint whose pages never end: every reply is an empty
//! page with a fresh `LastEvaluatedKey`, different from every key before.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::loopback::{LoopbackServer, Reply};

/// Starts a server answering every request with
/// `{"Items":[],"Count":0,"ScannedCount":0,"LastEvaluatedKey":{…n…}}`,
/// `n` counting up from 0.
pub fn endless_pages(hash_key: &'static str) -> LoopbackServer {
    let page = AtomicU64::new(0);
    LoopbackServer::start(move |_| {
        let n = page.fetch_add(1, Ordering::Relaxed);
        Reply::new(
            200,
            format!(
                r#"{{"Items":[],"Count":0,"ScannedCount":0,"LastEvaluatedKey":{{"{hash_key}":{{"S":"k{n}"}}}}}}"#
            ),
        )
    })
}

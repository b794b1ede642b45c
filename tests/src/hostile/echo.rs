//! A server that refuses every request with an `InvalidSignatureException`
//! whose message quotes the request's headers — as AWS quotes the canonical
//! request and string to sign, and as a hostile or debugging proxy might
//! quote the `Authorization` and `X-Amz-Security-Token` headers verbatim.

use crate::loopback::{LoopbackServer, Reply};

/// Starts a server answering HTTP 400 with an `InvalidSignatureException`
/// whose message lists every request header as `name:value` lines and the
/// header block once more as `Name: value`.
pub fn echoing_server() -> LoopbackServer {
    LoopbackServer::start(|request| {
        let canonical: String = request
            .headers
            .iter()
            .map(|(name, value)| format!("{name}:{value}\n"))
            .collect();
        let raw: String = request
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}\r\n"))
            .collect();
        let message = format!(
            "The request signature we calculated does not match the signature you provided. \
             The Canonical String for this request should have been\n'POST\n/\n\n{canonical}'\n\
             Request headers were:\n{raw}"
        );
        let body = serde_json::json!({
            "__type": "com.amazon.coral.service#InvalidSignatureException",
            "message": message,
        });
        Reply::new(400, body.to_string())
    })
}

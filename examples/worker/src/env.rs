//! The worker's settings, read from its environment bindings (secrets for
//! the credentials, vars for the rest; see `wrangler.toml`), never from
//! the code.

use alloc::string::String;
use core::cell::OnceCell;

use rynamo_core::client::Settings;
use rynamo_core::retry::RetryPolicy;
use rynamo_wasm::{Client, Credentials, FetchTransport};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The `env` object workerd passes to `fetch`: each binding is a
    /// string property.
    pub type Env;
}

/// The binding `name`, when it is a string. Read through `Reflect.get`,
/// which the transport imports anyway (a getter per binding would add an
/// import and its glue each).
fn binding(env: &Env, name: &str) -> Option<String> {
    js_sys::Reflect::get(env, &name.into())
        .ok()
        .and_then(|v| v.as_string())
        .filter(|v| !v.is_empty())
}

/// The worker's one client, made from the bindings at the first request
/// that finds them all and kept for the isolate's life, as the SDK peer
/// keeps its client: the retry quota and rate limit span requests, and a
/// request neither re-reads the bindings nor drops a client. (Bindings are
/// fixed for a deployment; changed secrets come with a new isolate.)
struct Kept(OnceCell<Client>);

// SAFETY: the worker runs on wasm32 without the atomics feature: one
// thread. (A native build, for its unit tests, never calls `client`.)
unsafe impl Sync for Kept {}

static CLIENT: Kept = Kept(OnceCell::new());

/// The client (see [`Kept`]), or the name of the binding that is missing.
pub fn client(env: &Env) -> Result<&'static Client, &'static str> {
    if let Some(db) = CLIENT.0.get() {
        return Ok(db);
    }
    // Never full here (one thread, no await since `get`); were it full,
    // the new client is forgotten, not dropped: no drop glue for a client
    // (its settings' maps, ~0.8 KB of wasm) that is never dropped.
    if let Err(db) = CLIENT.0.set(configured(env)?) {
        core::mem::forget(db);
    }
    // Always set by now; `ok_or`, not `unwrap`: no panic path.
    CLIENT.0.get().ok_or("AWS_REGION")
}

/// A client configured from `env`, or the name of the binding that is
/// missing.
fn configured(env: &Env) -> Result<Client, &'static str> {
    let region = binding(env, "AWS_REGION").ok_or("AWS_REGION")?;
    let credentials = Credentials::new(
        binding(env, "AWS_ACCESS_KEY_ID").ok_or("AWS_ACCESS_KEY_ID")?,
        binding(env, "AWS_SECRET_ACCESS_KEY").ok_or("AWS_SECRET_ACCESS_KEY")?,
        binding(env, "AWS_SESSION_TOKEN"),
    );
    // Without DYNAMODB_ENDPOINT: the region's AWS endpoint.
    let endpoint = binding(env, "DYNAMODB_ENDPOINT").unwrap_or_else(|| aws_endpoint(&region));
    let transport = FetchTransport::new(&endpoint, &region, credentials);
    // The settings given whole, not changed after: `table_prefix` changes
    // them through `Arc::make_mut`, which compiles in a clone of `Settings`
    // (its maps' `clone_subtree`s, ~1.5 KB of wasm), and replacing them
    // drops the defaults (their drop glue, ~0.8 KB) that the kept client
    // never needs.
    let settings = Settings {
        table_prefix: binding(env, "TABLE_PREFIX").unwrap_or_default(),
        // Three attempts (the AWS SDK's default), not botocore's ten for
        // DynamoDB: an HTTP caller waiting on the worker gets its 429 or
        // 502 within the backoffs of two retries (at most 50 + 100 ms), not
        // after up to ~25 s of them.
        retry: RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        },
        ..Settings::default()
    };
    Ok(Client::from(rynamo_core::Client::with_settings(
        transport, settings,
    )))
}

/// DynamoDB's endpoint in `region`: `https://dynamodb.<region>.amazonaws.com`,
/// `.amazonaws.com.cn` in the China regions (`cn-*`). The other partitions
/// (GovCloud's regions share the first suffix; the ISO ones are not on
/// Cloudflare's network) need `DYNAMODB_ENDPOINT`.
fn aws_endpoint(region: &str) -> String {
    let suffix = if region.starts_with("cn-") {
        ".amazonaws.com.cn"
    } else {
        ".amazonaws.com"
    };
    String::from("https://dynamodb.") + region + suffix
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_endpoint_is_the_region_s_in_its_partition() {
        assert_eq!(
            super::aws_endpoint("eu-west-1"),
            "https://dynamodb.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            super::aws_endpoint("us-gov-west-1"),
            "https://dynamodb.us-gov-west-1.amazonaws.com"
        );
        assert_eq!(
            super::aws_endpoint("cn-northwest-1"),
            "https://dynamodb.cn-northwest-1.amazonaws.com.cn"
        );
    }
}

//! The worker's settings, read from its environment bindings (secrets for
//! the credentials, vars for the rest; see `wrangler.toml`), never from
//! the code.

use alloc::string::String;

use rynamo_core::client::Settings;
use rynamo_wasm::{Client, Credentials};
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

/// A client configured from `env`, or the name of the binding that is
/// missing.
pub fn client(env: &Env) -> Result<Client, &'static str> {
    let region = binding(env, "AWS_REGION").ok_or("AWS_REGION")?;
    let credentials = Credentials::new(
        binding(env, "AWS_ACCESS_KEY_ID").ok_or("AWS_ACCESS_KEY_ID")?,
        binding(env, "AWS_SECRET_ACCESS_KEY").ok_or("AWS_SECRET_ACCESS_KEY")?,
        binding(env, "AWS_SESSION_TOKEN"),
    );
    // Without DYNAMODB_ENDPOINT: the region's AWS endpoint.
    let endpoint = binding(env, "DYNAMODB_ENDPOINT")
        .unwrap_or_else(|| String::from("https://dynamodb.") + &region + ".amazonaws.com");
    let db = Client::new(&endpoint, &region, credentials);
    Ok(match binding(env, "TABLE_PREFIX") {
        // The new client's default settings with the prefix, set whole:
        // `table_prefix` changes them through `Arc::make_mut`, which
        // compiles in a clone of `Settings` (its maps' `clone_subtree`s,
        // ~1.5 KB of wasm) that a fresh client never runs.
        Some(table_prefix) => Client::from(db.into_core().settings(Settings {
            table_prefix,
            ..Settings::default()
        })),
        None => db,
    })
}

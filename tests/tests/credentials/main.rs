//! The credential chain end to end: each source gives credentials (from
//! moto's STS, or a loopback server following the host's documented
//! contract), and a real DynamoDB Local request is signed with them.
//!
//! Every client here is configured with `Config::from_vars`, so no test
//! reads this process's environment or the user's `~/.aws`.

mod account_endpoint;
mod container;
mod imds;
mod profiles;
mod proxy;
mod secrets;
mod sts;
mod table_arn;
mod tls;

use std::path::PathBuf;

use rynamo_native::core::op::ListTables;
use rynamo_native::credentials::CredentialsCache;
use rynamo_native::{Client, Config};

/// A fresh, empty directory (a fake home) for one test.
pub fn temp_home(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("rynamo-credentials-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".aws")).unwrap();
    dir
}

/// The variables every test starts from: DynamoDB Local, a region, an empty
/// home and no instance metadata; `extra` adds or replaces.
pub fn vars(home: &std::path::Path, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = [
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL_DYNAMODB", rynamo_tests::endpoint()),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("HOME", home.to_str().unwrap()),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (name, value) in extra {
        vars.retain(|(n, _)| n != name);
        vars.push((name.to_string(), value.to_string()));
    }
    vars
}

/// The credentials cache of a configuration, and a client signing with it.
pub fn client_and_cache(config: Config) -> (Client, std::sync::Arc<CredentialsCache>) {
    let cache = std::sync::Arc::new(config.credentials_cache().expect("a credentials source"));
    let client = Client::new(config.credentials_provider(cache.clone())).expect("a client");
    (client, cache)
}

/// One ListTables against DynamoDB Local, signed with the client's credentials.
pub async fn list_tables(client: &Client) -> Result<(), String> {
    client
        .send(&ListTables::new().limit(1))
        .await
        .map(|_| ())
        .map_err(|error| error.to_string())
}

/// An ISO-8601 UTC time `seconds` from now, as the credential endpoints write it.
pub fn iso_in(seconds: u64) -> String {
    let at = std::time::SystemTime::now() + std::time::Duration::from_secs(seconds);
    let unix = at.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let (y, mo, d, h, mi, s, _) = rynamo_native::core::attr::UtcDateTime::from_unix_seconds(unix)
        .unwrap()
        .parts();
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

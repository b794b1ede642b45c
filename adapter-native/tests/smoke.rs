//! Sends one raw request to a real DynamoDB (or DynamoDB Local).
//!
//! ```text
//! DYNAMODB_ENDPOINT=http://localhost:8000 cargo test -p rynamo-native --test smoke -- --ignored
//! ```
//!
//! Region and credentials come from the environment when set, else dummy
//! values that DynamoDB Local accepts. The full integration suite lives in
//! `tests/` and starts its own server.

use std::time::Duration;

use rynamo_core::transport::{Action, Request, Transport};
use rynamo_native::{Config, Credentials, HttpTransport};

#[tokio::test]
#[ignore = "needs DYNAMODB_ENDPOINT"]
async fn list_tables_returns_200() {
    let endpoint = std::env::var("DYNAMODB_ENDPOINT")
        .expect("set DYNAMODB_ENDPOINT to a DynamoDB endpoint, such as http://localhost:8000");
    let mut config = Config::from_env()
        .endpoint(&endpoint)
        .timeout(Duration::from_secs(10));
    if std::env::var_os("AWS_REGION").is_none() && std::env::var_os("AWS_DEFAULT_REGION").is_none()
    {
        config = config.region("us-east-1");
    }
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
        config = config.credentials(Credentials::new("local", "local", None));
    }
    let transport = HttpTransport::new(config).unwrap();

    let request = Request {
        action: Action::ListTables,
        table: None,
        body: b"{}".to_vec(),
    };
    let response = transport.send(&request).await.unwrap();

    let body = String::from_utf8_lossy(&response.body);
    assert_eq!(response.status, 200, "{endpoint} answered: {body}");
    assert!(body.contains("\"TableNames\""), "{body}");
}

//! ECS / EKS Pod Identity container credentials, against a loopback server
//! following the documented contract: `GET` the full URI with the
//! `Authorization` token, answer `{AccessKeyId, SecretAccessKey, Token,
//! Expiration}`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rynamo_native::Config;
use rynamo_tests::loopback::{LoopbackServer, Reply};

use super::{client_and_cache, iso_in, list_tables, temp_home, vars};

/// A container endpoint handing out `ASIA<n>` (n counts fetches) valid for
/// `lifetime` seconds, each answer `delay` late; only for `token`.
pub fn endpoint(lifetime: u64, delay: Duration, token: &'static str) -> LoopbackServer {
    let served = AtomicUsize::new(0);
    LoopbackServer::start(move |request| {
        if request.header("authorization") != Some(token) {
            return Reply::new(401, r#"{"code":"Unauthorized"}"#);
        }
        let n = served.fetch_add(1, Ordering::SeqCst) + 1;
        let body = format!(
            r#"{{"AccessKeyId":"ASIA{n}","SecretAccessKey":"secret-{n}","Token":"token-{n}","Expiration":"{}"}}"#,
            iso_in(lifetime)
        );
        Reply::new(200, body).after(delay)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn container_credentials_with_a_token_file_sign_a_dynamodb_request() {
    let server = endpoint(3600, Duration::ZERO, "pod-identity-token");
    let home = temp_home("container-token-file");
    let token_file = home.join("eks-pod-identity-token");
    std::fs::write(&token_file, "pod-identity-token\n").unwrap();
    let uri = format!("{}/v1/credentials", server.url());
    let config = Config::from_vars(vars(
        &home,
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                token_file.to_str().unwrap(),
            ),
            (
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "ignored-when-a-file-is-set",
            ),
        ],
    ));
    let (client, cache) = client_and_cache(config);
    let credentials = cache.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIA1");
    assert_eq!(credentials.session_token(), Some("token-1"));
    assert!(credentials.expiry().is_some());
    list_tables(&client).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "one fetch, then the cache: {requests:?}");
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/v1/credentials")
    );
}

/// Credentials live 6 s, so they are due for refresh after 3 s (half their
/// lifetime) and expire after 6 s. 100 requests in flight at each of those
/// moments cause exactly one fetch each, and every request succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expiring_credentials_are_refreshed_once_under_100_concurrent_requests() {
    let server = endpoint(6, Duration::from_millis(300), "ecs-token");
    let home = temp_home("container-refresh");
    let uri = format!("{}/creds", server.url());
    let config = Config::from_vars(vars(
        &home,
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ecs-token"),
        ],
    ));
    let (client, cache) = client_and_cache(config);
    let client = Arc::new(client);
    list_tables(&client).await.unwrap();
    assert_eq!(server.requests().len(), 1);

    let burst = |client: Arc<rynamo_native::Client>,
                 cache: Arc<rynamo_native::credentials::CredentialsCache>| async move {
        let mut tasks = Vec::new();
        for i in 0..100 {
            let client = Arc::clone(&client);
            let cache = Arc::clone(&cache);
            tasks.push(tokio::spawn(async move {
                if i % 2 == 0 {
                    list_tables(&client).await.map(|()| None)
                } else {
                    cache
                        .credentials()
                        .await
                        .map(|c| Some(c.access_key_id().to_string()))
                        .map_err(|e| e.to_string())
                }
            }));
        }
        let mut keys = Vec::new();
        for task in tasks {
            if let Some(key) = task.await.unwrap().unwrap() {
                keys.push(key);
            }
        }
        keys
    };

    // Past expiry: everyone waits for the one refresh and gets its result.
    tokio::time::sleep(Duration::from_millis(7000)).await;
    let keys = burst(Arc::clone(&client), Arc::clone(&cache)).await;
    assert_eq!(
        server.requests().len(),
        2,
        "exactly one refresh for 100 requests"
    );
    assert!(keys.iter().all(|key| key == "ASIA2"), "{keys:?}");

    // Inside the refresh window: one caller refreshes, the rest keep signing.
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let keys = burst(Arc::clone(&client), Arc::clone(&cache)).await;
    assert_eq!(
        server.requests().len(),
        3,
        "exactly one early refresh for 100 requests"
    );
    assert!(
        keys.iter().all(|key| key == "ASIA2" || key == "ASIA3"),
        "{keys:?}"
    );
}

/// The endpoint fails after its first answer: the still-valid credentials
/// keep signing through the refresh window, and once they expire the error
/// says so and why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_refresh_keeps_valid_credentials_then_reports_their_expiry() {
    let served = AtomicUsize::new(0);
    let server = LoopbackServer::start(move |_| {
        if served.fetch_add(1, Ordering::SeqCst) == 0 {
            let body = format!(
                r#"{{"AccessKeyId":"ASIA1","SecretAccessKey":"s","Token":"t","Expiration":"{}"}}"#,
                iso_in(4)
            );
            Reply::new(200, body)
        } else {
            Reply::new(
                500,
                r#"{"code":"InternalError","message":"agent restarting"}"#,
            )
        }
    });
    let home = temp_home("container-failed-refresh");
    let config = Config::from_vars(vars(
        &home,
        &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url())],
    ));
    let (client, _cache) = client_and_cache(config);
    list_tables(&client).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    for _ in 0..10 {
        list_tables(&client)
            .await
            .expect("still-valid credentials keep signing");
    }
    assert_eq!(
        server.requests().len(),
        2,
        "one failed refresh, then no retry for 5 s"
    );
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let error = list_tables(&client).await.unwrap_err();
    assert!(
        error.contains("expired at") && error.contains("could not be refreshed"),
        "{error}"
    );
    assert!(
        error.contains("HTTP 500") && error.contains("agent restarting"),
        "{error}"
    );
}

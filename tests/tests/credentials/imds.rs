//! IMDSv2 against a loopback server following the documented contract:
//! `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds`
//! gives a session token; `GET /latest/meta-data/iam/security-credentials/`
//! with `x-aws-ec2-metadata-token` names the role; `GET …/<role>` gives
//! `{Code, AccessKeyId, SecretAccessKey, Token, Expiration}`. Requests
//! without the token get 401, as IMDSv2-only instances answer.

use std::time::{Duration, Instant};

use rynamo_native::{Client, Config};
use rynamo_tests::loopback::{LoopbackServer, Reply, SilentServer};

use super::{client_and_cache, iso_in, list_tables, temp_home, vars};

pub fn metadata_service() -> LoopbackServer {
    LoopbackServer::start(
        |request| match (request.method.as_str(), request.path.as_str()) {
            ("PUT", "/latest/api/token") => {
                match request.header("x-aws-ec2-metadata-token-ttl-seconds") {
                    Some(ttl)
                        if ttl
                            .parse::<u32>()
                            .is_ok_and(|ttl| (1..=21600).contains(&ttl)) =>
                    {
                        Reply::new(200, "imds-session-token")
                    }
                    _ => Reply::new(400, ""),
                }
            }
            (_, _) if request.header("x-aws-ec2-metadata-token") != Some("imds-session-token") => {
                Reply::new(401, "")
            }
            ("GET", "/latest/meta-data/iam/security-credentials/") => {
                Reply::new(200, "web-server-role")
            }
            ("GET", "/latest/meta-data/iam/security-credentials/web-server-role") => Reply::new(
                200,
                format!(
                    r#"{{"Code":"Success","LastUpdated":"2026-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret","Token":"imds-token","Expiration":"{}"}}"#,
                    iso_in(6 * 3600)
                ),
            ),
            _ => Reply::new(404, ""),
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imds_v2_token_then_role_then_credentials_sign_a_dynamodb_request() {
    let imds = metadata_service();
    let home = temp_home("imds");
    let config = Config::from_vars(vars(
        &home,
        &[
            ("AWS_EC2_METADATA_DISABLED", "false"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()),
        ],
    ));
    let (client, cache) = client_and_cache(config);
    let credentials = cache.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAIMDS");
    assert_eq!(credentials.session_token(), Some("imds-token"));
    list_tables(&client).await.unwrap();
    let asked: Vec<String> = imds
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        asked,
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/web-server-role",
        ]
    );
}

/// A laptop: something accepts the connection to the metadata address but
/// never answers. The first request fails within seconds (1 s per IMDS
/// request), and the error lists every source tried.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imds_that_never_answers_fails_fast_listing_every_source() {
    let silent = SilentServer::start();
    let home = temp_home("imds-silent");
    let config = Config::from_vars(vars(
        &home,
        &[
            ("AWS_EC2_METADATA_DISABLED", "false"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", silent.url()),
        ],
    ));
    let client = Client::new(config).expect("IMDS is only asked when a request needs credentials");
    let started = Instant::now();
    let error = list_tables(&client).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    for source in [
        "- environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
        "- web identity token: AWS_WEB_IDENTITY_TOKEN_FILE is not set",
        "- profile `default`: it is not in",
        "- container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set",
        "- EC2 instance metadata (IMDSv2): no answer from",
    ] {
        assert!(error.contains(source), "{source} missing from: {error}");
    }
}

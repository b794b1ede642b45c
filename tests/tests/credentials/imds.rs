//! IMDSv2 against a loopback server following the documented contract:
//! `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds`
//! gives a session token; `GET /latest/meta-data/iam/security-credentials/`
//! with `x-aws-ec2-metadata-token` names the role; `GET …/<role>` gives
//! `{Code, AccessKeyId, SecretAccessKey, Token, Expiration}`. Requests
//! without the token get 401, as IMDSv2-only instances answer.

use std::time::{Duration, Instant};

use rynamo_native::{Client, Config, HttpTransport};
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
            ("GET", "/latest/meta-data/placement/region") => Reply::new(200, "eu-central-1"),
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
    let asked = imds.asked();
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

/// An EC2 instance with no region configured (no `AWS_REGION`, none in the
/// profile): the region is the instance's, from the metadata service, as
/// the AWS SDK for Rust's region chain ends. It works inside either flavour
/// of Tokio runtime (the lookup runs on a thread of its own), the instance
/// role then signs with that region, and with the service disabled the
/// error says why there is no region.
#[test]
fn without_a_configured_region_the_instance_s_region_is_used() {
    let imds = metadata_service();
    let home = temp_home("imds-region");
    let pairs = |disabled: &str| {
        let mut pairs = vars(
            &home,
            &[
                ("AWS_EC2_METADATA_DISABLED", disabled),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()),
            ],
        );
        pairs.retain(|(name, _)| name != "AWS_REGION" && name != "AWS_ENDPOINT_URL_DYNAMODB");
        pairs
    };
    let current = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let multi = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    for runtime in [&current, &multi] {
        let transport = runtime
            .block_on(async { HttpTransport::new(Config::from_vars(pairs("false"))) })
            .unwrap();
        assert_eq!(transport.region(), "eu-central-1");
        assert_eq!(
            transport.endpoint(),
            "https://dynamodb.eu-central-1.amazonaws.com/"
        );
    }
    let asked = imds.asked();
    assert_eq!(
        asked,
        [
            "PUT /latest/api/token",
            "GET /latest/meta-data/placement/region",
        ]
        .repeat(2)
    );
    // The credentials then come from the same service, for that region: a
    // request to DynamoDB Local, the endpoint given back.
    let mut with_local = pairs("false");
    with_local.push((
        "AWS_ENDPOINT_URL_DYNAMODB".into(),
        rynamo_tests::endpoint().into(),
    ));
    let client = Client::new(Config::from_vars(with_local)).unwrap();
    multi.block_on(list_tables(&client)).unwrap();

    let error = HttpTransport::new(Config::from_vars(pairs("true"))).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("(EC2 instance metadata: AWS_EC2_METADATA_DISABLED is true)"),
        "{error}"
    );
}

/// Not on EC2 (nothing answers): no region, and the error says what the
/// metadata service did, within seconds.
#[test]
fn without_a_region_or_instance_metadata_the_error_says_both() {
    let silent = SilentServer::start();
    let home = temp_home("imds-no-region");
    let mut pairs = vars(
        &home,
        &[
            ("AWS_EC2_METADATA_DISABLED", "false"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", silent.url()),
        ],
    );
    pairs.retain(|(name, _)| name != "AWS_REGION");
    let started = Instant::now();
    let error = HttpTransport::new(Config::from_vars(pairs))
        .unwrap_err()
        .to_string();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        error.starts_with("no AWS region configured for profile `default`"),
        "{error}"
    );
    assert!(
        error.contains("(EC2 instance metadata: no answer from "),
        "{error}"
    );
}

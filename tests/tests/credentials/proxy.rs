//! Proxies and the credential sources: behind `HTTP_PROXY`/`HTTPS_PROXY`
//! (with no `NO_PROXY`), STS goes through the proxy like any AWS service,
//! while the instance metadata service and the container agent are reached
//! directly: no proxy can reach the host's own endpoints, and their tokens
//! must not pass through one.
//!
//! In a child process, as the proxy variables are the process's own.

use std::time::Duration;

use rynamo_native::Config;

use super::account_endpoint::{refusing_proxy, run_child};
use super::{temp_home, vars};

#[test]
fn the_host_s_credential_endpoints_bypass_the_proxy_and_sts_does_not() {
    let proxy = refusing_proxy();
    let imds = super::imds::metadata_service();
    let container = super::container::endpoint(3600, Duration::ZERO, "pod-token");
    let home = temp_home("proxy");
    let container_uri = format!("{}/v1/credentials", container.url());
    let stdout = run_child(
        "proxy::proxy_child",
        proxy.url(),
        &[
            ("RYNAMO_PROXY_CHILD", home.to_str().unwrap()),
            ("RYNAMO_IMDS", imds.url()),
            ("RYNAMO_CONTAINER", &container_uri),
            ("RYNAMO_MOTO", rynamo_tests::moto::endpoint()),
        ],
    );
    assert!(stdout.contains("instance metadata: ASIAIMDS\n"), "{stdout}");
    assert!(stdout.contains("container: ASIA1\n"), "{stdout}");
    let sts = stdout
        .lines()
        .find(|l| l.starts_with("sts: "))
        .unwrap_or_default();
    assert!(
        sts.contains("HTTP 403"),
        "STS went to the proxy, which refused it: {stdout}"
    );
    // The proxy saw STS's request only, in absolute form.
    let asked = proxy.asked();
    assert_eq!(asked, [format!("POST {}/", rynamo_tests::moto::endpoint())]);
    assert_eq!(imds.requests().len(), 3, "token, role, credentials");
    assert_eq!(container.requests().len(), 1);
}

/// Not a test of its own: the child of the test above. Fetches credentials
/// from each source and prints them (or the failure).
#[tokio::test]
#[ignore = "run by the_host_s_credential_endpoints_bypass_the_proxy_and_sts_does_not in a child process"]
async fn proxy_child() {
    let Ok(home) = std::env::var("RYNAMO_PROXY_CHILD") else {
        return;
    };
    let home = std::path::PathBuf::from(home);
    let (imds, container, moto) = (
        std::env::var("RYNAMO_IMDS").unwrap(),
        std::env::var("RYNAMO_CONTAINER").unwrap(),
        std::env::var("RYNAMO_MOTO").unwrap(),
    );
    let token_file = home.join("token");
    std::fs::write(&token_file, "eyJhbGciOiJSUzI1NiJ9.payload.signature\n").unwrap();
    let cases: [(&str, Vec<(&str, &str)>); 3] = [
        (
            "instance metadata",
            vec![
                ("AWS_EC2_METADATA_DISABLED", "false"),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds),
            ],
        ),
        (
            "container",
            vec![
                ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &container),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "pod-token"),
            ],
        ),
        (
            "sts",
            vec![
                ("AWS_ENDPOINT_URL_STS", &moto),
                ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.to_str().unwrap()),
                ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/rynamo-test"),
            ],
        ),
    ];
    for (name, pairs) in cases {
        let cache = Config::from_vars(vars(&home, &pairs))
            .credentials_cache()
            .unwrap();
        match cache.credentials().await {
            Ok(credentials) => println!("{name}: {}", credentials.access_key_id()),
            Err(error) => println!("{name}: {error}"),
        }
    }
    println!("cases done");
}

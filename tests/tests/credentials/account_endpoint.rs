//! DynamoDB's account-based endpoints, on the wire: with no endpoint
//! configured, a request goes to `<account>.ddb.<region>.amazonaws.com` when
//! the credentials name their account (here `AWS_ACCOUNT_ID`, and the role
//! moto's STS assumed), to `dynamodb.<region>.amazonaws.com` when the mode is
//! `disabled`, and nowhere when it is `required` and no account is known.
//!
//! No test reaches AWS: a child process sends through `HTTPS_PROXY`, a
//! loopback proxy that writes down the host of each `CONNECT` and refuses
//! the tunnel. (A child, because the proxy variables are the process's own:
//! set here they would reach the other tests' clients.) This also shows the
//! transport honouring `HTTPS_PROXY` and `NO_PROXY` (moto's STS is reached
//! directly).

use std::process::Command;

use rynamo_native::core::op::ListTables;
use rynamo_native::{Client, Config};
use rynamo_tests::loopback::{LoopbackServer, Reply};

use super::temp_home;

/// Runs `test` (a child test of this binary) in a child process whose
/// proxy variables (and only those) are `proxy`, with `vars` besides;
/// returns what it printed, once it printed `cases done`.
pub fn run_child(test: &str, proxy: &str, vars: &[(&str, &str)]) -> String {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args(["--ignored", "--exact", test, "--nocapture"]);
    for other in [
        "https_proxy",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
        "REQUEST_METHOD",
    ] {
        command.env_remove(other);
    }
    command
        .env("HTTPS_PROXY", proxy)
        .env("HTTP_PROXY", proxy)
        .envs(vars.iter().copied());
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && stdout.contains("cases done"),
        "{}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// A proxy that refuses everything (a `CONNECT` tunnel, or a plain http
/// request in absolute form), keeping each request line.
pub fn refusing_proxy() -> LoopbackServer {
    LoopbackServer::start(|_| Reply::new(403, ""))
}

/// Runs the cases of [`account_endpoint_child`] in a child process whose
/// `HTTPS_PROXY` is a loopback proxy, and checks the hosts it was asked to
/// reach, in order.
#[test]
fn requests_go_to_the_account_s_endpoint_as_the_sdks_route_them() {
    let proxy = refusing_proxy();
    let home = temp_home("account-endpoint");
    let stdout = run_child(
        "account_endpoint::account_endpoint_child",
        proxy.url(),
        &[
            ("RYNAMO_ACCOUNT_CHILD", home.to_str().unwrap()),
            ("RYNAMO_MOTO", rynamo_tests::moto::endpoint()),
            // STS (moto) directly; DynamoDB's AWS hosts through the proxy.
            ("NO_PROXY", "127.0.0.1"),
        ],
    );
    let asked = proxy.asked();
    assert_eq!(
        asked,
        [
            "CONNECT 111122223333.ddb.us-east-1.amazonaws.com:443",
            "CONNECT dynamodb.us-east-1.amazonaws.com:443",
            "CONNECT 123456789012.ddb.eu-west-1.amazonaws.com:443",
            "CONNECT dynamodb-fips.us-east-1.amazonaws.com:443",
        ],
        "the hosts asked for, in order; the child printed:\n{stdout}"
    );
    // The refused request sent nothing and said why.
    let required = stdout
        .lines()
        .find(|l| l.starts_with("required: "))
        .unwrap_or_default();
    assert!(
        required.contains("is `required`, but the credentials name no account"),
        "{stdout}"
    );
}

/// Not a test of its own: the child process of the test above. Each case
/// sends one ListTables (one attempt) and prints how it ended.
#[tokio::test]
#[ignore = "run by requests_go_to_the_account_s_endpoint_as_the_sdks_route_them in a child process"]
async fn account_endpoint_child() {
    let Ok(home) = std::env::var("RYNAMO_ACCOUNT_CHILD") else {
        return;
    };
    let moto = std::env::var("RYNAMO_MOTO").unwrap();
    std::fs::write(
        format!("{home}/.aws/config"),
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/rynamo-test\nsource_profile = base\n",
    )
    .unwrap();
    std::fs::write(
        format!("{home}/.aws/credentials"),
        "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n",
    )
    .unwrap();
    let keys = [
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
    ];
    let cases: [(&str, Vec<(&str, &str)>); 5] = [
        (
            "environment account",
            vec![keys[0], keys[1], ("AWS_ACCOUNT_ID", "111122223333")],
        ),
        (
            "disabled",
            vec![
                keys[0],
                keys[1],
                ("AWS_ACCOUNT_ID", "111122223333"),
                ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled"),
            ],
        ),
        (
            "assumed role",
            vec![
                ("AWS_PROFILE", "admin"),
                ("AWS_ENDPOINT_URL_STS", &moto),
                ("AWS_REGION", "eu-west-1"),
            ],
        ),
        (
            "required",
            vec![
                keys[0],
                keys[1],
                ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "required"),
            ],
        ),
        (
            "fips",
            vec![
                keys[0],
                keys[1],
                ("AWS_ACCOUNT_ID", "111122223333"),
                ("AWS_USE_FIPS_ENDPOINT", "true"),
            ],
        ),
    ];
    for (name, pairs) in cases {
        let mut vars = vec![
            ("HOME", home.as_str()),
            ("AWS_REGION", "us-east-1"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_MAX_ATTEMPTS", "1"),
        ];
        for pair in pairs {
            vars.retain(|(n, _)| *n != pair.0);
            vars.push(pair);
        }
        let client = Client::new(Config::from_vars(vars)).unwrap();
        let error = client
            .send(&ListTables::new().limit(1))
            .await
            .expect_err("the proxy refuses every tunnel");
        println!("{name}: {error}");
    }
    println!("cases done");
}

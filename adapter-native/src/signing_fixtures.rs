//! The shared SigV4 fixtures (`tests/fixtures/sigv4/<case>/`, in the AWS
//! SigV4 test suite's layout) against this crate: for every endpoint case,
//! the transport's URL and `Host` header match `request.txt`, its signer
//! gives `authorization.txt`, and so does aws-sigv4's general signer on the
//! request as sent — which keeps the fixtures from checking a signer
//! against itself. `rynamo-wasm` runs the same cases against its signer.

use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use aws_credential_types::Credentials as AwsCredentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4::SigningParams;
use aws_smithy_runtime_api::client::identity::Identity;

use super::HttpTransport;
use crate::config::Config;
use crate::credentials::Credentials;

/// The AWS SigV4 test suite's example credentials and time
/// (2015-08-30T12:36:00Z), shared by every case.
const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const UNIX_SECONDS: u64 = 1_440_938_160;

struct Case {
    name: String,
    request: serde_json::Value,
    /// Method and path from the request line.
    path: String,
    /// Headers of `request.txt`, names in lower case.
    headers: Vec<(String, String)>,
    authorization: String,
}

impl Case {
    fn field(&self, name: &str) -> Option<String> {
        self.request[name].as_str().map(String::from)
    }

    fn header(&self, name: &str) -> &str {
        &self.headers.iter().find(|(n, _)| n == name).unwrap().1
    }
}

fn cases() -> Vec<Case> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/sigv4");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/fixtures/sigv4 exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap();
            let request_txt = read("request.txt");
            let (head, _body) = request_txt.split_once("\n\n").unwrap();
            let mut lines = head.lines();
            let path = lines.next().unwrap().split(' ').nth(1).unwrap().to_string();
            let headers = lines
                .map(|line| {
                    let (name, value) = line.split_once(':').unwrap();
                    (name.to_ascii_lowercase(), value.to_string())
                })
                .collect();
            Case {
                name: dir.file_name().unwrap().to_string_lossy().into_owned(),
                request: serde_json::from_str(&read("request.json")).unwrap(),
                path,
                headers,
                authorization: read("authorization.txt"),
            }
        })
        .collect()
}

fn credentials(case: &Case) -> Credentials {
    Credentials::new(
        ACCESS_KEY_ID,
        SECRET_ACCESS_KEY,
        case.field("session_token"),
    )
}

#[test]
fn the_native_transport_signs_what_it_sends_for_every_fixture() {
    let time = UNIX_EPOCH + Duration::from_secs(UNIX_SECONDS);
    for case in cases() {
        let config = Config::from_env()
            .region(case.field("region").unwrap())
            .endpoint(case.field("endpoint").unwrap())
            .credentials(credentials(&case));
        let transport = HttpTransport::new(config).unwrap();
        let transport = &*transport.shared;
        assert_eq!(
            transport.endpoint.host,
            case.header("host"),
            "{}: Host header",
            case.name
        );
        assert_eq!(
            transport.endpoint.url.path(),
            case.path,
            "{}: path",
            case.name
        );
        let target = case.field("target").unwrap();
        let headers = [
            ("content-type", rynamo_core::transport::CONTENT_TYPE),
            ("host", transport.endpoint.host.as_str()),
            ("x-amz-target", target.as_str()),
        ];
        let body = case.field("body").unwrap();
        let signed = transport
            .signer
            .sign(
                &credentials(&case),
                transport.endpoint.url.as_str(),
                &headers,
                body.as_bytes(),
                time,
            )
            .unwrap();
        let authorization = signed.iter().find(|h| h.name == "authorization").unwrap();
        assert_eq!(authorization.value, case.authorization, "{}", case.name);
        let date = signed.iter().find(|h| h.name == "x-amz-date").unwrap();
        assert_eq!(date.value, case.header("x-amz-date"), "{}", case.name);
    }
}

#[test]
fn aws_sigv4_gives_every_fixture_s_authorization_for_the_request_as_sent() {
    let time = UNIX_EPOCH + Duration::from_secs(UNIX_SECONDS);
    for case in cases() {
        let identity: Identity = AwsCredentials::new(
            ACCESS_KEY_ID,
            SECRET_ACCESS_KEY,
            case.field("session_token"),
            None,
            "fixtures",
        )
        .into();
        let region = case.field("region").unwrap();
        let params = SigningParams::builder()
            .identity(&identity)
            .region(&region)
            .name("dynamodb")
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let scheme = case.field("endpoint").unwrap();
        let scheme = scheme.split("://").next().unwrap().to_ascii_lowercase();
        let url = format!("{scheme}://{}{}", case.header("host"), case.path);
        // The signer adds these two itself.
        let headers = case
            .headers
            .iter()
            .filter(|(name, _)| name != "x-amz-date" && name != "x-amz-security-token")
            .map(|(name, value)| (name.as_str(), value.as_str()));
        let body = case.field("body").unwrap();
        let request =
            SignableRequest::new("POST", &url, headers, SignableBody::Bytes(body.as_bytes()))
                .unwrap();
        let (instructions, _) = sign(request, &params).unwrap().into_parts();
        let (headers, _) = instructions.into_parts();
        let authorization = headers
            .iter()
            .find(|h| h.name() == "authorization")
            .unwrap();
        assert_eq!(authorization.value(), case.authorization, "{}", case.name);
    }
}

//! The shared SigV4 fixtures (`tests/fixtures/sigv4/<case>/`, in the AWS
//! SigV4 test suite's layout) against this crate's signer: for every
//! endpoint case, the URL and `Host` header `fetch` sends (from
//! `request.txt`), the canonical request, the string to sign and the
//! `authorization` header. `rynamo-native` runs the same cases against its
//! signer and against aws-sigv4, and `tests/wasm/sigv4.test.mjs` runs them
//! through the built package's `fetch` in Node.

use std::path::PathBuf;

use super::*;

/// The AWS SigV4 test suite's example credentials and time
/// (2015-08-30T12:36:00Z), shared by every case.
const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const UNIX_MILLIS: f64 = 1_440_938_160_000.0;

struct Case {
    name: String,
    request: serde_json::Value,
    request_txt: String,
    canonical_request: String,
    string_to_sign: String,
    authorization: String,
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
            Case {
                name: dir.file_name().unwrap().to_string_lossy().into_owned(),
                request: serde_json::from_str(&read("request.json")).unwrap(),
                request_txt: read("request.txt"),
                canonical_request: read("canonical-request.txt"),
                string_to_sign: read("string-to-sign.txt"),
                authorization: read("authorization.txt"),
            }
        })
        .collect()
}

/// `(path, host)` from `request.txt`'s request line and `Host` header.
fn sent(request_txt: &str) -> (String, String) {
    let mut lines = request_txt.lines();
    let path = lines.next().unwrap().split(' ').nth(1).unwrap().to_string();
    let host = lines
        .find_map(|line| line.strip_prefix("Host:"))
        .unwrap()
        .to_string();
    (path, host)
}

#[test]
fn the_fixtures_cover_the_endpoint_cases() {
    let names: Vec<String> = cases().into_iter().map(|c| c.name).collect();
    for needed in [
        "uppercase-localhost",
        "endpoint-with-path",
        "https-default-port",
        "http-default-port",
        "session-token",
    ] {
        assert!(names.iter().any(|n| n == needed), "{needed} in {names:?}");
    }
}

#[test]
fn the_wasm_signer_signs_what_fetch_sends_for_every_fixture() {
    for case in cases() {
        let field = |name: &str| case.request[name].as_str().map(String::from);
        let credentials =
            Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, field("session_token"));
        let endpoint = Endpoint::parse(&field("endpoint").unwrap());
        let (path, host) = sent(&case.request_txt);
        assert_eq!(endpoint.host(), host, "{}: Host header", case.name);
        assert_eq!(endpoint.path(), path, "{}: path", case.name);
        let scheme = field("endpoint")
            .unwrap()
            .split("://")
            .next()
            .unwrap()
            .to_ascii_lowercase();
        assert_eq!(
            endpoint.url(),
            format!("{scheme}://{host}{path}"),
            "{}: URL",
            case.name
        );
        let steps = steps(
            &credentials,
            &field("region").unwrap(),
            &endpoint,
            &field("target").unwrap(),
            field("body").unwrap().as_bytes(),
            UNIX_MILLIS,
        );
        assert_eq!(
            steps.canonical_request, case.canonical_request,
            "{}",
            case.name
        );
        assert_eq!(steps.string_to_sign, case.string_to_sign, "{}", case.name);
        assert_eq!(
            steps.signed.authorization, case.authorization,
            "{}",
            case.name
        );
        assert_eq!(steps.signed.amz_date, "20150830T123600Z");
        assert_eq!(
            steps.signed.security_token,
            credentials.session_token().map(String::from)
        );
    }
}

#[test]
fn the_fixtures_hash_their_own_canonical_request() {
    // Guards the fixtures themselves: each string to sign ends in the
    // SHA-256 of the canonical request next to it.
    for case in cases() {
        let digest = hex(&sha256(case.canonical_request.as_bytes()));
        assert!(case.string_to_sign.ends_with(&digest), "{}", case.name);
    }
}

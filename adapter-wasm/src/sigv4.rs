//! A lean AWS Signature Version 4 signer for DynamoDB's JSON protocol:
//! the canonical request over [`Endpoint`] (what `fetch` sends), SHA-256
//! and HMAC, nothing else (aws-sigv4 alone is about 79 KB gzip in wasm;
//! this is a few KB). Hashing through the host's WebCrypto instead was
//! measured larger: the async `crypto.subtle` calls cost more code than
//! sha2's compression function saves.

mod endpoint;

use rynamo_core::attr::UtcDateTime;
use sha2::{Digest, Sha256};

pub use endpoint::Endpoint;
use endpoint::push_escaped;

/// AWS credentials for signing: the core's one credentials type.
pub use rynamo_core::credentials::Credentials;

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// SigV4's canonical URI for every service but S3: the URL's path encoded
/// once more (each byte but unreserved ones and `/`, so `%20` becomes
/// `%2520`).
fn canonical_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            push_escaped(&mut out, b);
        }
    }
    out
}

/// The headers to add to a request: `x-amz-date`, `authorization` and, for
/// temporary credentials, `x-amz-security-token`.
pub struct Signed {
    /// `x-amz-date`.
    pub amz_date: String,
    /// `authorization`.
    pub authorization: String,
    /// `x-amz-security-token`, for temporary credentials.
    pub security_token: Option<String>,
}

/// The intermediate texts of one signature, in the AWS SigV4 test suite's
/// terms; the tests compare them with the shared fixtures.
struct Steps {
    // Read only by the native fixture tests.
    #[allow(dead_code)]
    canonical_request: String,
    #[allow(dead_code)]
    string_to_sign: String,
    signed: Signed,
}

/// Signs a DynamoDB POST to `endpoint` with the given `x-amz-target`,
/// body and time (milliseconds since the Unix epoch).
pub fn sign(
    credentials: &Credentials,
    region: &str,
    endpoint: &Endpoint,
    target: &str,
    body: &[u8],
    unix_millis: f64,
) -> Signed {
    steps(credentials, region, endpoint, target, body, unix_millis).signed
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(data);
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

fn steps(
    credentials: &Credentials,
    region: &str,
    endpoint: &Endpoint,
    target: &str,
    body: &[u8],
    unix_millis: f64,
) -> Steps {
    let seconds = (unix_millis / 1000.0).floor() as i64;
    let (y, mo, d, h, mi, s, _) = UtcDateTime::from_unix_seconds(seconds)
        .unwrap_or(UtcDateTime::MIN)
        .parts();
    let date = format!("{y:04}{mo:02}{d:02}");
    let amz_date = format!("{date}T{h:02}{mi:02}{s:02}Z");
    let mut headers: Vec<(&str, &str)> = vec![
        ("content-type", rynamo_core::transport::CONTENT_TYPE),
        ("host", endpoint.host()),
        ("x-amz-date", &amz_date),
        ("x-amz-target", target),
    ];
    if let Some(token) = credentials.session_token() {
        headers.push(("x-amz-security-token", token));
    }
    headers.sort_by_key(|(name, _)| *name);
    let signed_headers = headers
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(";");
    let mut canonical = format!("POST\n{}\n\n", canonical_uri(endpoint.path()));
    for (name, value) in &headers {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(value.trim());
        canonical.push('\n');
    }
    canonical.push('\n');
    canonical.push_str(&signed_headers);
    canonical.push('\n');
    canonical.push_str(&hex(&Sha256::digest(body)));
    let scope = format!("{date}/{region}/dynamodb/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(
        format!("AWS4{}", credentials.secret_access_key()).as_bytes(),
        date.as_bytes(),
    );
    for part in [region.as_bytes(), b"dynamodb", b"aws4_request"] {
        key = hmac(&key, part);
    }
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    let signed = Signed {
        authorization: format!(
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
            credentials.access_key_id()
        ),
        amz_date,
        security_token: credentials.session_token().map(Into::into),
    };
    Steps {
        canonical_request: canonical,
        string_to_sign,
        signed,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fixtures;

#[cfg(test)]
mod tests {
    use super::*;

    /// The AWS SigV4 test suite's example key pair and time
    /// (2015-08-30T12:36:00Z); the expected headers are the ones
    /// `rynamo-native` pins for aws-sigv4 on the same request.
    fn example(token: Option<&str>) -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token.map(String::from),
        )
    }

    const HOST: &str = "https://dynamodb.us-east-1.amazonaws.com";
    const TARGET: &str = "DynamoDB_20120810.ListTables";
    const TIME: f64 = 1_440_938_160_000.0;

    #[test]
    fn matches_aws_sigv4_for_the_same_request_and_time() {
        let signed = sign(
            &example(None),
            "us-east-1",
            &Endpoint::parse(HOST),
            TARGET,
            b"{}",
            TIME,
        );
        assert_eq!(signed.amz_date, "20150830T123600Z");
        assert_eq!(
            signed.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
             Signature=75214f17608dbd636679e18f6f89744844ae96fcd228b8147167152488d817de"
        );
        assert!(signed.security_token.is_none());
    }

    #[test]
    fn signs_the_session_token_like_aws_sigv4() {
        let signed = sign(
            &example(Some("SESSIONTOKENEXAMPLE")),
            "us-east-1",
            &Endpoint::parse(HOST),
            TARGET,
            b"{}",
            TIME,
        );
        assert_eq!(
            signed.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
             Signature=0fdf97d3b19a85ebeaaf818ee3ade5697e737bb348ebbd8fcf2f9d802a153ac0"
        );
        assert_eq!(
            signed.security_token.as_deref(),
            Some("SESSIONTOKENEXAMPLE")
        );
    }

    #[test]
    fn plain_http_is_insecure_unless_the_host_is_loopback() {
        let insecure = |e: &str| Endpoint::parse(e).is_insecure();
        for e in [
            "http://dynamodb.us-east-1.amazonaws.com",
            "HTTP://Example.com:8000",
            "http://127.evil.example:8000",
            "http://10.0.0.1",
            "http://[::2]:8000",
            "dynamodb.local:8000/x",
        ] {
            // (no scheme means https)
            assert_eq!(insecure(e), !e.starts_with("dynamodb.local"), "{e}");
        }
        for e in [
            "https://dynamodb.us-east-1.amazonaws.com",
            "http://localhost:8000",
            "http://LOCALHOST",
            "http://127.0.0.1:8000",
            "http://127.1.2.3",
            "http://[::1]:8000",
        ] {
            assert!(!insecure(e), "{e}");
        }
    }

    #[test]
    fn endpoints_are_normalized_as_the_url_parser_does() {
        let parsed = |e: &str| {
            let e = Endpoint::parse(e);
            (
                e.url().to_string(),
                e.host().to_string(),
                e.path().to_string(),
            )
        };
        let expect = |url: &str, host: &str, path: &str| (url.into(), host.into(), path.into());
        assert_eq!(
            parsed("http://user:pw@Example.COM:8080/a/./b/../c?x=1#f"),
            expect("http://example.com:8080/a/c", "example.com:8080", "/a/c")
        );
        assert_eq!(
            parsed("https://h:0443/x/.."),
            expect("https://h/", "h", "/")
        );
        assert_eq!(parsed("http://h:"), expect("http://h/", "h", "/"));
        assert_eq!(
            parsed("HTTP://LOCALHOST:80/a b/<{}>"),
            expect(
                "http://localhost/a%20b/%3C%7B%7D%3E",
                "localhost",
                "/a%20b/%3C%7B%7D%3E"
            )
        );
        assert_eq!(
            parsed("http://[::1]"),
            expect("http://[::1]/", "[::1]", "/")
        );
    }

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        assert_eq!(
            hex(&hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn debug_redacts_secrets() {
        let text = format!("{:?}", example(Some("TOKEN")));
        assert!(!text.contains("wJalr") && !text.contains("TOKEN"), "{text}");
    }
}

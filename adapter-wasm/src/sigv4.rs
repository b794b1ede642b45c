//! A lean AWS Signature Version 4 signer for DynamoDB's JSON protocol:
//! the canonical request over [`Endpoint`] (what `fetch` sends), SHA-256
//! and HMAC, nothing else (aws-sigv4 alone is about 79 KB gzip in wasm;
//! this is about 2 KB). Texts are built by appending, without `core::fmt`,
//! and the headers are written in their sorted order, so no sort is
//! compiled in. Hashing through the host's WebCrypto instead was measured
//! larger: the async `crypto.subtle` calls cost more code than the rolled
//! SHA-256 (`sha256.rs`).

mod endpoint;
mod sha256;

use alloc::string::String;

use rynamo_core::attr::UtcDateTime;

pub use endpoint::Endpoint;
pub(crate) use endpoint::push_decimal;
use endpoint::push_escaped;
use sha256::{hmac, sha256};

/// AWS credentials for signing: the core's one credentials type.
pub use rynamo_core::credentials::Credentials;

fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
}

#[cfg(test)]
fn hex(bytes: &[u8]) -> String {
    let mut out = String::new();
    push_hex(&mut out, bytes);
    out
}

/// `n`'s last `width` decimal digits, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    if width > 1 {
        push_digits(out, n / 10, width - 1);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// SigV4's canonical URI for every service but S3: the URL's path encoded
/// once more (each byte but unreserved ones and `/`, so `%20` becomes
/// `%2520`).
fn push_canonical_uri(out: &mut String, path: &str) {
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            push_escaped(out, b);
        }
    }
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

fn steps(
    credentials: &Credentials,
    region: &str,
    endpoint: &Endpoint,
    target: &str,
    body: &[u8],
    unix_millis: f64,
) -> Steps {
    // Whole seconds, rounded down (`f64::floor` needs std; `as` rounds
    // toward zero).
    let exact = unix_millis / 1000.0;
    let seconds = exact as i64 - i64::from((exact as i64 as f64) > exact);
    let (y, mo, d, h, mi, s, _) = UtcDateTime::from_unix_seconds(seconds)
        .unwrap_or(UtcDateTime::MIN)
        .parts();
    let mut amz_date = String::with_capacity(16);
    push_digits(&mut amz_date, y as u32, 4);
    push_digits(&mut amz_date, mo, 2);
    push_digits(&mut amz_date, d, 2);
    let date_len = amz_date.len();
    amz_date.push('T');
    push_digits(&mut amz_date, h, 2);
    push_digits(&mut amz_date, mi, 2);
    push_digits(&mut amz_date, s, 2);
    amz_date.push('Z');
    let date = amz_date.get(..date_len).unwrap_or_default();
    let token = credentials.session_token();

    // The signed headers, in sorted order.
    let mut canonical = String::with_capacity(256);
    canonical.push_str("POST\n");
    push_canonical_uri(&mut canonical, endpoint.path());
    canonical.push_str("\n\n");
    let signed_headers = match token {
        Some(_) => "content-type;host;x-amz-date;x-amz-security-token;x-amz-target",
        None => "content-type;host;x-amz-date;x-amz-target",
    };
    let mut header = |name: &str, value: &str| {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(value.trim_ascii());
        canonical.push('\n');
    };
    header("content-type", rynamo_core::transport::CONTENT_TYPE);
    header("host", endpoint.host());
    header("x-amz-date", &amz_date);
    if let Some(token) = token {
        header("x-amz-security-token", token);
    }
    header("x-amz-target", target);
    canonical.push('\n');
    canonical.push_str(signed_headers);
    canonical.push('\n');
    push_hex(&mut canonical, &sha256(body));

    let mut scope = String::with_capacity(64);
    scope.push_str(date);
    scope.push('/');
    scope.push_str(region);
    scope.push_str("/dynamodb/aws4_request");
    let mut string_to_sign = String::with_capacity(128);
    string_to_sign.push_str("AWS4-HMAC-SHA256\n");
    string_to_sign.push_str(&amz_date);
    string_to_sign.push('\n');
    string_to_sign.push_str(&scope);
    string_to_sign.push('\n');
    push_hex(&mut string_to_sign, &sha256(canonical.as_bytes()));

    let mut secret = String::from("AWS4");
    secret.push_str(credentials.secret_access_key());
    let mut key = hmac(secret.as_bytes(), date.as_bytes());
    for part in [region.as_bytes(), b"dynamodb", b"aws4_request"] {
        key = hmac(&key, part);
    }
    let mut authorization = String::with_capacity(256);
    authorization.push_str("AWS4-HMAC-SHA256 Credential=");
    authorization.push_str(credentials.access_key_id());
    authorization.push('/');
    authorization.push_str(&scope);
    authorization.push_str(", SignedHeaders=");
    authorization.push_str(signed_headers);
    authorization.push_str(", Signature=");
    push_hex(&mut authorization, &hmac(&key, string_to_sign.as_bytes()));
    Steps {
        canonical_request: canonical,
        string_to_sign,
        signed: Signed {
            amz_date,
            authorization,
            security_token: token.map(Into::into),
        },
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
    fn hmac_matches_rfc_4231_case_6_with_a_key_longer_than_a_block() {
        assert_eq!(
            hex(&hmac(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn sha256_matches_the_fips_180_examples_across_block_boundaries() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // 56 bytes: the length no longer fits the first block.
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        // Fed in uneven pieces, a million bytes.
        let mut hash = sha256::Sha256::new();
        for _ in 0..10_000 {
            hash.update(&[b'a'; 37]);
            hash.update(&[b'a'; 63]);
        }
        assert_eq!(
            hex(&hash.finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn debug_redacts_secrets() {
        let text = format!("{:?}", example(Some("TOKEN")));
        assert!(!text.contains("wJalr") && !text.contains("TOKEN"), "{text}");
    }
}

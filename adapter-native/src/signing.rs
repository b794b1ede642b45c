//! AWS Signature Version 4 for one POST, through `aws-sigv4`.
//!
//! DynamoDB requests all have one shape (POST to `/`, no query, a few known
//! headers), so the canonical request is built directly and the day's
//! signing key is derived once (`aws_sigv4::sign::v4`'s primitives); any
//! other shape goes through `aws-sigv4`'s general signer, which a test
//! checks the direct path against.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials as AwsCredentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4::{SigningParams, calculate_signature, generate_signing_key};
use aws_smithy_runtime_api::client::identity::Identity;
use rynamo_core::attr::UtcDateTime;
use rynamo_core::transport::{TransportError, TransportErrorKind};
use sha2::{Digest, Sha256};

use crate::credentials::Credentials;

/// The SigV4 service name DynamoDB is signed for.
pub(crate) const DYNAMODB: &str = "dynamodb";

/// One header to add to a request: name, value, and whether it is a secret
/// that must stay out of logs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SignedHeader {
    pub(crate) name: &'static str,
    pub(crate) value: String,
    pub(crate) sensitive: bool,
}

/// Signs requests for one service in one region.
pub(crate) struct Signer {
    region: String,
    service: &'static str,
    /// The signing key of one UTC day (`yyyymmdd`) and one secret key,
    /// derived once.
    day_key: Mutex<Option<DayKey>>,
}

/// A derived signing key and what it was derived from.
struct DayKey {
    day: String,
    secret: String,
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not derived: the cached signing key is a secret.
        f.debug_struct("Signer")
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer for `service` (such as [`DYNAMODB`]) in `region`.
    pub(crate) fn new(region: String, service: &'static str) -> Self {
        Signer {
            region,
            service,
            day_key: Mutex::new(None),
        }
    }

    /// The headers that sign a POST of `body` to `url` carrying `headers`
    /// (which must include `host`): `x-amz-date`, `authorization` and, for
    /// temporary credentials, `x-amz-security-token`. Every header in
    /// `headers` is signed.
    pub(crate) fn sign(
        &self,
        credentials: &Credentials,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        time: SystemTime,
    ) -> Result<Vec<SignedHeader>, TransportError> {
        match self.sign_direct(credentials, url, headers, body, time) {
            Some(signed) => Ok(signed),
            None => self.sign_general(credentials, url, headers, body, time),
        }
    }

    /// The direct path, for a POST to `/` whose header names are lower case
    /// and values plain (no whitespace to trim or fold, ASCII only); `None`
    /// for anything else.
    fn sign_direct(
        &self,
        credentials: &Credentials,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        time: SystemTime,
    ) -> Option<Vec<SignedHeader>> {
        let session_token = credentials.session_token();
        let path = url.split_once("://")?.1;
        if path.find('/').map(|i| &path[i..]) != Some("/") {
            return None;
        }
        let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic());
        let lower = |s: &str| s.bytes().all(|b| !b.is_ascii_uppercase());
        if !headers
            .iter()
            .all(|(n, v)| plain(n) && lower(n) && plain(v))
            || !session_token.is_none_or(plain)
        {
            return None;
        }
        let seconds = i64::try_from(time.duration_since(UNIX_EPOCH).ok()?.as_secs()).ok()?;
        let (y, mo, d, h, mi, s, _) = UtcDateTime::from_unix_seconds(seconds)?.parts();
        let day = format!("{y:04}{mo:02}{d:02}");
        let amz_date = format!("{day}T{h:02}{mi:02}{s:02}Z");

        let mut all: Vec<(&str, &str)> = Vec::with_capacity(headers.len() + 2);
        all.extend_from_slice(headers);
        all.push(("x-amz-date", &amz_date));
        if let Some(token) = session_token {
            all.push(("x-amz-security-token", token));
        }
        all.sort_unstable_by_key(|(name, _)| *name);
        if all.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
        let mut signed_names = String::with_capacity(80);
        let mut canonical = String::with_capacity(256);
        canonical.push_str("POST\n/\n\n");
        for (i, (name, value)) in all.iter().enumerate() {
            canonical.push_str(name);
            canonical.push(':');
            canonical.push_str(value);
            canonical.push('\n');
            if i > 0 {
                signed_names.push(';');
            }
            signed_names.push_str(name);
        }
        canonical.push('\n');
        canonical.push_str(&signed_names);
        canonical.push('\n');
        push_hex(&mut canonical, &Sha256::digest(body));

        let scope = format!("{day}/{}/{}/aws4_request", self.region, self.service);
        let mut string_to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n");
        push_hex(&mut string_to_sign, &Sha256::digest(canonical.as_bytes()));
        let signature = {
            let mut cached = self.day_key.lock().ok()?;
            let secret = credentials.secret_access_key();
            if cached
                .as_ref()
                .is_none_or(|cached| cached.day != day || cached.secret != secret)
            {
                let key = generate_signing_key(secret, time, &self.region, self.service);
                *cached = Some(DayKey {
                    day,
                    secret: secret.into(),
                    key: key.as_ref().to_vec(),
                });
            }
            calculate_signature(&cached.as_ref()?.key, string_to_sign.as_bytes())
        };
        let mut signed = vec![
            SignedHeader {
                name: "x-amz-date",
                value: amz_date,
                sensitive: false,
            },
            SignedHeader {
                name: "authorization",
                value: format!(
                    "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_names}, Signature={signature}",
                    credentials.access_key_id()
                ),
                sensitive: true,
            },
        ];
        if let Some(token) = session_token {
            signed.push(SignedHeader {
                name: "x-amz-security-token",
                value: token.into(),
                sensitive: true,
            });
        }
        Some(signed)
    }

    /// Any request, through `aws-sigv4`'s general signer.
    fn sign_general(
        &self,
        credentials: &Credentials,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        time: SystemTime,
    ) -> Result<Vec<SignedHeader>, TransportError> {
        let failed = |error: &dyn std::fmt::Display| {
            TransportError::new(
                TransportErrorKind::Request,
                format!("could not sign the request: {error}"),
            )
        };
        let identity: Identity = AwsCredentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            credentials.session_token().map(Into::into),
            None,
            "rynamo-native",
        )
        .into();
        let params = SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(self.service)
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .map_err(|error| failed(&error))?
            .into();
        let request = SignableRequest::new(
            "POST",
            url,
            headers.iter().copied(),
            SignableBody::Bytes(body),
        )
        .map_err(|error| failed(&error))?;
        let (instructions, _signature) = sign(request, &params)
            .map_err(|error| failed(&error))?
            .into_parts();
        let (headers, _query) = instructions.into_parts();
        Ok(headers
            .into_iter()
            .map(|header| SignedHeader {
                name: header.name(),
                value: header.value().into(),
                sensitive: header.sensitive() || header.name() == "authorization",
            })
            .collect())
    }
}

/// Appends `bytes` as lower-case hex.
fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    /// The AWS SigV4 test suite's example key pair and time (2015-08-30T12:36:00Z).
    fn example() -> (Credentials, SystemTime) {
        let credentials = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        );
        (credentials, UNIX_EPOCH + Duration::from_secs(1_440_938_160))
    }

    const HEADERS: [(&str, &str); 3] = [
        ("content-type", "application/x-amz-json-1.0"),
        ("host", "dynamodb.us-east-1.amazonaws.com"),
        ("x-amz-target", "DynamoDB_20120810.ListTables"),
    ];
    const URL: &str = "https://dynamodb.us-east-1.amazonaws.com/";

    /// The pinned signature was checked against an independent implementation
    /// of the SigV4 algorithm (which reproduces the AWS suite's `get-vanilla`
    /// case), over this canonical request:
    ///
    /// ```text
    /// POST
    /// /
    ///
    /// content-type:application/x-amz-json-1.0
    /// host:dynamodb.us-east-1.amazonaws.com
    /// x-amz-date:20150830T123600Z
    /// x-amz-target:DynamoDB_20120810.ListTables
    ///
    /// content-type;host;x-amz-date;x-amz-target
    /// 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a
    /// ```
    ///
    /// (method, path, empty query, sorted lower-case headers each ending in a
    /// newline, signed header names, SHA-256 of the body `{}`), and this
    /// string to sign:
    ///
    /// ```text
    /// AWS4-HMAC-SHA256
    /// 20150830T123600Z
    /// 20150830/us-east-1/dynamodb/aws4_request
    /// d8acf5ebc91ec619ff63aa97ebacc6fb6d0501d5ef9b5ea36d010de7d043fe95
    /// ```
    #[test]
    fn signs_a_dynamodb_post_with_a_pinned_authorization_header() {
        let (credentials, time) = example();
        let signer = Signer::new("us-east-1".into(), DYNAMODB);
        let headers = signer
            .sign(&credentials, URL, &HEADERS, b"{}", time)
            .unwrap();
        assert_eq!(
            headers,
            vec![
                SignedHeader { name: "x-amz-date", value: "20150830T123600Z".into(), sensitive: false },
                SignedHeader {
                    name: "authorization",
                    value: "AWS4-HMAC-SHA256 \
                            Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, \
                            SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
                            Signature=75214f17608dbd636679e18f6f89744844ae96fcd228b8147167152488d817de"
                        .into(),
                    sensitive: true,
                },
            ]
        );
    }

    /// Same request with a session token: the token is sent and signed
    /// (`x-amz-security-token` joins the canonical headers between
    /// `x-amz-date` and `x-amz-target`).
    #[test]
    fn temporary_credentials_send_and_sign_the_session_token() {
        let (credentials, time) = example();
        let credentials = Credentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            Some("SESSIONTOKENEXAMPLE".into()),
        );
        let signer = Signer::new("us-east-1".into(), DYNAMODB);
        let headers = signer
            .sign(&credentials, URL, &HEADERS, b"{}", time)
            .unwrap();
        assert_eq!(
            headers[1].value,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
             Signature=0fdf97d3b19a85ebeaaf818ee3ade5697e737bb348ebbd8fcf2f9d802a153ac0"
        );
        assert_eq!(
            headers[2],
            SignedHeader {
                name: "x-amz-security-token",
                value: "SESSIONTOKENEXAMPLE".into(),
                sensitive: true
            }
        );
    }

    #[test]
    fn the_signature_covers_body_region_and_target() {
        let (credentials, time) = example();
        let signer = Signer::new("us-east-1".into(), DYNAMODB);
        let authorization = |headers: &[(&str, &str)], body: &[u8], signer: &Signer| {
            signer
                .sign(&credentials, URL, headers, body, time)
                .unwrap()
                .remove(1)
                .value
        };
        let base = authorization(&HEADERS, b"{}", &signer);
        assert_ne!(base, authorization(&HEADERS, b"{ }", &signer));
        let mut other_target = HEADERS;
        other_target[2].1 = "DynamoDB_20120810.Scan";
        assert_ne!(base, authorization(&other_target, b"{}", &signer));
        let other_region = Signer::new("eu-west-1".into(), DYNAMODB);
        assert!(authorization(&HEADERS, b"{}", &other_region).contains("/eu-west-1/dynamodb/"));
    }

    /// The direct path gives byte for byte what aws-sigv4's general signer
    /// gives: with and without a session token, across bodies, targets and
    /// times on both sides of UTC midnight (the cached day key changes).
    #[test]
    fn the_direct_path_signs_exactly_as_aws_sigv4_does() {
        let (example, base) = example();
        for token in [None, Some("FQoGZXIvYXdzE/with+slash=")] {
            let credentials = Credentials::new(
                example.access_key_id(),
                example.secret_access_key(),
                token.map(Into::into),
            );
            let signer = Signer::new("eu-central-1".into(), DYNAMODB);
            let bodies: [&[u8]; 4] = [
                b"{}",
                b"",
                "{\"TableName\":\"t\",\"Item\":{\"a\":{\"S\":\"\u{e9} x\"}}}".as_bytes(),
                &[0xff; 3000],
            ];
            for body in bodies {
                for offset in [0, 1, 41_039, 41_040, 86_400, 1_000_000_007] {
                    let time = base + Duration::from_secs(offset) + Duration::from_nanos(999);
                    for target in ["DynamoDB_20120810.PutItem", "DynamoDB_20120810.Query"] {
                        let headers = [
                            ("content-type", "application/x-amz-json-1.0"),
                            ("host", "127.0.0.1:8000"),
                            ("x-amz-target", target),
                        ];
                        let url = "http://127.0.0.1:8000/";
                        let direct = signer
                            .sign_direct(&credentials, url, &headers, body, time)
                            .expect("a DynamoDB POST takes the direct path");
                        let general = signer
                            .sign_general(&credentials, url, &headers, body, time)
                            .unwrap();
                        assert_eq!(direct, general, "offset {offset}, target {target}");
                    }
                }
            }
        }
    }

    #[test]
    fn other_shapes_go_through_the_general_signer() {
        let (credentials, time) = example();
        let signer = Signer::new("us-east-1".into(), DYNAMODB);
        let with_path = "https://example.com/dynamodb/";
        assert!(
            signer
                .sign_direct(&credentials, with_path, &HEADERS, b"{}", time)
                .is_none()
        );
        let mut spaced = HEADERS;
        spaced[0].1 = "application/x-amz-json-1.0;  charset=utf-8";
        assert!(
            signer
                .sign_direct(&credentials, URL, &spaced, b"{}", time)
                .is_none()
        );
        // Both still sign.
        assert!(
            signer
                .sign(&credentials, with_path, &HEADERS, b"{}", time)
                .is_ok()
        );
        assert!(signer.sign(&credentials, URL, &spaced, b"{}", time).is_ok());
    }
}

//! AWS Signature Version 4 for one POST, through `aws-sigv4`.

use std::time::SystemTime;

use aws_credential_types::Credentials as AwsCredentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4::SigningParams;
use aws_smithy_runtime_api::client::identity::Identity;
use rynamo_core::transport::{TransportError, TransportErrorKind};

use crate::credentials::Credentials;

/// The SigV4 service name DynamoDB is signed for.
const SERVICE: &str = "dynamodb";

/// One header to add to a request: name, value, and whether it is a secret
/// that must stay out of logs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SignedHeader {
    pub(crate) name: &'static str,
    pub(crate) value: String,
    pub(crate) sensitive: bool,
}

/// Signs requests for one region with one set of credentials.
#[derive(Debug)]
pub(crate) struct Signer {
    identity: Identity,
    region: String,
}

impl Signer {
    pub(crate) fn new(credentials: &Credentials, region: String) -> Self {
        let credentials = AwsCredentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            credentials.session_token().map(Into::into),
            None,
            "rynamo-native",
        );
        Signer {
            identity: credentials.into(),
            region,
        }
    }

    /// The headers that sign a POST of `body` to `url` carrying `headers`
    /// (which must include `host`): `x-amz-date`, `authorization` and, for
    /// temporary credentials, `x-amz-security-token`. Every header in
    /// `headers` is signed.
    pub(crate) fn sign(
        &self,
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
        let params = SigningParams::builder()
            .identity(&self.identity)
            .region(&self.region)
            .name(SERVICE)
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
        let signer = Signer::new(&credentials, "us-east-1".into());
        let headers = signer.sign(URL, &HEADERS, b"{}", time).unwrap();
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
        let signer = Signer::new(&credentials, "us-east-1".into());
        let headers = signer.sign(URL, &HEADERS, b"{}", time).unwrap();
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
        let signer = Signer::new(&credentials, "us-east-1".into());
        let authorization = |headers: &[(&str, &str)], body: &[u8], signer: &Signer| {
            signer
                .sign(URL, headers, body, time)
                .unwrap()
                .remove(1)
                .value
        };
        let base = authorization(&HEADERS, b"{}", &signer);
        assert_ne!(base, authorization(&HEADERS, b"{ }", &signer));
        let mut other_target = HEADERS;
        other_target[2].1 = "DynamoDB_20120810.Scan";
        assert_ne!(base, authorization(&other_target, b"{}", &signer));
        let other_region = Signer::new(&credentials, "eu-west-1".into());
        assert!(authorization(&HEADERS, b"{}", &other_region).contains("/eu-west-1/dynamodb/"));
    }
}

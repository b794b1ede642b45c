//! STS `AssumeRole` and `AssumeRoleWithWebIdentity` through the query API
//! (a form POST, an XML reply).

use std::time::SystemTime;

use reqwest::{Client, Url};

use rynamo_core::error::server_text;

use super::{Credentials, document, http, now_seconds};
use crate::config::configured_endpoint;
use crate::env::Env;
use crate::error::Error;
use crate::profile::Profile;
use crate::signing::Signer;

/// Where STS is and how to reach it.
#[derive(Debug, Clone)]
pub(crate) struct Sts {
    endpoint: Url,
    region: String,
    client: Client,
}

/// One role to assume.
#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub(crate) arn: String,
    pub(crate) session_name: String,
    pub(crate) external_id: Option<String>,
    pub(crate) duration_seconds: Option<String>,
}

impl Role {
    /// `arn` with `session_name`, or a generated one.
    pub(crate) fn new(arn: &str, session_name: Option<&str>) -> Role {
        Role {
            arn: arn.into(),
            session_name: session_name
                .map_or_else(|| format!("rynamo-native-{}", now_seconds()), Into::into),
            external_id: None,
            duration_seconds: None,
        }
    }
}

impl Sts {
    /// STS at the endpoint configured for it (`AWS_ENDPOINT_URL_STS`,
    /// `AWS_ENDPOINT_URL`, `profile`'s `services` section or its
    /// `endpoint_url`: [`configured_endpoint`]), else the regional endpoint
    /// (`https://sts.<region>.amazonaws.com`, in the region's partition's
    /// domain as DynamoDB's are; us-east-1's when no region is known).
    pub(crate) fn new(
        env: Env<'_>,
        region: Option<&str>,
        profile: Option<&Profile>,
    ) -> Result<Sts, Error> {
        let region = region.unwrap_or("us-east-1");
        let endpoint = configured_endpoint(env, profile, "AWS_ENDPOINT_URL_STS", "sts", true)
            .unwrap_or_else(|| {
                format!(
                    "https://sts.{region}.{}",
                    crate::endpoint::dns_suffix(region)
                )
            });
        let url = Url::parse(&endpoint).map_err(|error| Error::InvalidEndpoint {
            endpoint: endpoint.clone(),
            reason: error.to_string(),
        })?;
        // Signed requests (STS) and access tokens (SSO) never go out in
        // clear text to another host, as for DynamoDB's endpoint.
        crate::endpoint::check_secure(&url, &endpoint, crate::env::flag(env, "RYNAMO_ALLOW_HTTP"))?;
        let endpoint = url;
        Ok(Sts {
            endpoint,
            region: region.into(),
            client: http::service_client(env)?,
        })
    }

    /// `AssumeRole`, signed with `base`.
    pub(crate) async fn assume_role(
        &self,
        base: &Credentials,
        role: &Role,
    ) -> Result<Credentials, String> {
        let mut form = vec![
            ("Action", "AssumeRole"),
            ("Version", "2011-06-15"),
            ("RoleArn", role.arn.as_str()),
            ("RoleSessionName", role.session_name.as_str()),
        ];
        if let Some(external_id) = &role.external_id {
            form.push(("ExternalId", external_id));
        }
        if let Some(duration) = &role.duration_seconds {
            form.push(("DurationSeconds", duration));
        }
        self.call(&form, Some(base)).await
    }

    /// `AssumeRoleWithWebIdentity` with `token` (unsigned: the token is the proof).
    pub(crate) async fn assume_role_with_web_identity(
        &self,
        token: &str,
        role: &Role,
    ) -> Result<Credentials, String> {
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"),
            ("Version", "2011-06-15"),
            ("RoleArn", role.arn.as_str()),
            ("RoleSessionName", role.session_name.as_str()),
            ("WebIdentityToken", token),
        ];
        self.call(&form, None).await
    }

    async fn call(
        &self,
        form: &[(&str, &str)],
        signer: Option<&Credentials>,
    ) -> Result<Credentials, String> {
        let mut encoder = Url::parse("http://form/").map_err(|e| e.to_string())?;
        encoder.query_pairs_mut().extend_pairs(form);
        let body = encoder.query().unwrap_or_default().to_string();
        let host = match (self.endpoint.host_str(), self.endpoint.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (host, None) => host.unwrap_or_default().to_string(),
            (None, Some(_)) => String::new(),
        };
        const FORM: &str = "application/x-www-form-urlencoded";
        let mut request = self
            .client
            .post(self.endpoint.clone())
            .header("host", &host)
            .header("content-type", FORM);
        if let Some(credentials) = signer {
            let headers = [("content-type", FORM), ("host", host.as_str())];
            let signed = Signer::new(self.region.clone(), "sts")
                .sign(
                    credentials,
                    self.endpoint.as_str(),
                    &headers,
                    body.as_bytes(),
                    SystemTime::now(),
                )
                .map_err(|error| error.message().to_string())?;
            for header in signed {
                request = request.header(header.name, header.value);
            }
        }
        let action = form[0].1;
        let reply = http::send(request.body(body))
            .await
            .map_err(|failure| describe_failure(action, &self.endpoint, failure))?;
        read_credentials(&reply)
            .map_err(|message| format!("STS {action} at {}: {message}", self.endpoint))
    }
}

/// An STS failure, with the `<Code>` and `<Message>` of its XML error reply.
fn describe_failure(action: &str, endpoint: &Url, failure: http::Failure) -> String {
    match failure {
        http::Failure::Status(status, body) => {
            match (element(&body, "Code"), element(&body, "Message")) {
                // STS can quote the request it refused (the canonical
                // request holds the session token signed with).
                (Some(code), Some(message)) => format!(
                    "STS {action} at {endpoint} failed: HTTP {status} {}: {}",
                    server_text(code),
                    server_text(&unescape(message))
                ),
                _ => format!(
                    "STS {action} at {endpoint} failed: HTTP {status}: {}",
                    http::excerpt(&body)
                ),
            }
        }
        http::Failure::Unreachable(message) => {
            format!("STS {action} at {endpoint} failed: {message}")
        }
    }
}

/// The `<Credentials>` of an STS reply.
fn read_credentials(xml: &str) -> Result<Credentials, String> {
    let credentials = element(xml, "Credentials").ok_or("the reply has no <Credentials>")?;
    let field = |name: &str| {
        element(credentials, name)
            .map(unescape)
            .ok_or_else(|| format!("the reply has no <{name}>"))
    };
    let mut result = Credentials::new(
        field("AccessKeyId")?,
        field("SecretAccessKey")?,
        Some(field("SessionToken")?),
    );
    if let Some(expiration) = element(credentials, "Expiration") {
        result = result.valid_until(document::parse_time(expiration.trim())?);
    }
    // The assumed role's account: `arn:aws:sts::111122223333:assumed-role/…`.
    let account = element(xml, "AssumedRoleUser")
        .and_then(|user| element(user, "Arn"))
        .and_then(|arn| arn.trim().split(':').nth(4))
        .filter(|account| !account.is_empty());
    if let Some(account) = account {
        result = result.for_account(account);
    }
    Ok(result)
}

/// The text between `<name>` and `</name>`, the first such element.
fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&close)?;
    Some(&xml[start..end])
}

/// Replaces XML's five predefined entities.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::tests::env_of;

    #[test]
    fn sts_is_regional_in_the_region_s_partition_and_global_without_a_region() {
        let endpoint = |region| {
            Sts::new(&env_of(&[]), region, None)
                .unwrap()
                .endpoint
                .to_string()
        };
        assert_eq!(
            endpoint(Some("eu-west-1")),
            "https://sts.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            endpoint(Some("cn-north-1")),
            "https://sts.cn-north-1.amazonaws.com.cn/"
        );
        assert_eq!(
            endpoint(Some("us-gov-west-1")),
            "https://sts.us-gov-west-1.amazonaws.com/"
        );
        assert_eq!(
            endpoint(Some("us-iso-east-1")),
            "https://sts.us-iso-east-1.c2s.ic.gov/"
        );
        assert_eq!(endpoint(None), "https://sts.us-east-1.amazonaws.com/");
    }

    #[test]
    fn plain_http_sts_is_refused_unless_loopback_or_allowed() {
        let sts = |pairs: &[(&str, &str)]| Sts::new(&env_of(pairs), Some("eu-west-1"), None);
        let insecure = [("AWS_ENDPOINT_URL_STS", "http://sts.eu-west-1.amazonaws.com")];
        assert!(
            matches!(sts(&insecure), Err(Error::InsecureEndpoint { ref endpoint }) if endpoint == "http://sts.eu-west-1.amazonaws.com"),
            "{:?}",
            sts(&insecure)
        );
        let home = crate::profile::tests::temp_dir("sts-profile-endpoint");
        crate::profile::tests::write_aws_files(
            &home,
            "[default]\nendpoint_url = http://10.0.0.5:5000\n",
            "",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap())]);
        let profile = crate::profile::LazyProfile::new(&env).get().ok().cloned();
        let profile = Sts::new(&env, None, profile.as_ref());
        assert!(
            matches!(profile, Err(Error::InsecureEndpoint { .. })),
            "{profile:?}"
        );
        assert!(sts(&[("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5000")]).is_ok());
        assert!(sts(&[("AWS_ENDPOINT_URL", "http://localhost:5000")]).is_ok());
        assert!(sts(&[insecure[0], ("RYNAMO_ALLOW_HTTP", "true")]).is_ok());
        assert!(sts(&[]).is_ok(), "the default is https");
    }

    #[test]
    fn reads_credentials_from_an_assume_role_reply() {
        let xml = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
            <AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/r/s</Arn></AssumedRoleUser>\
            <Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>S/k+e=y</SecretAccessKey>\
            <SessionToken>T&amp;1</SessionToken><Expiration>2026-12-01T16:00:00.123Z</Expiration>\
            </Credentials></AssumeRoleResult></AssumeRoleResponse>";
        let credentials = read_credentials(xml).unwrap();
        assert_eq!(credentials.access_key_id(), "ASIA1");
        assert_eq!(credentials.secret_access_key(), "S/k+e=y");
        assert_eq!(credentials.session_token(), Some("T&1"));
        assert_eq!(credentials.expiry(), Some(1_796_140_800));
        assert_eq!(credentials.account_id(), Some("1"), "from the role's ARN");
        let without_user = xml.replace("<Arn>arn:aws:sts::1:assumed-role/r/s</Arn>", "");
        assert_eq!(read_credentials(&without_user).unwrap().account_id(), None);
    }

    #[test]
    fn sts_errors_give_their_code_and_message() {
        let body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>\
            <Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized to perform \
            sts:AssumeRoleWithWebIdentity &amp; more</Message></Error><RequestId>1</RequestId></ErrorResponse>";
        let endpoint = Url::parse("https://sts.eu-west-1.amazonaws.com").unwrap();
        let failure = http::Failure::Status(403, body.into());
        assert_eq!(
            describe_failure("AssumeRoleWithWebIdentity", &endpoint, failure),
            "STS AssumeRoleWithWebIdentity at https://sts.eu-west-1.amazonaws.com/ failed: HTTP 403 \
             AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity & more"
        );
    }

    #[test]
    fn an_sts_error_quoting_the_canonical_request_keeps_no_token_or_signature() {
        let body = "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>The request \
            signature we calculated does not match the signature you provided. The Canonical String \
            for this request should have been\n'POST\n/\n\nhost:sts.amazonaws.com\n\
            x-amz-security-token:IQoJb3JpZ2luX2VjEBASETOKEN/+=\n' Authorization: AWS4-HMAC-SHA256 \
            Credential=ASIA1/20261201/us-east-1/sts/aws4_request, SignedHeaders=host, \
            Signature=deadbeef01</Message></Error></ErrorResponse>";
        let endpoint = Url::parse("https://sts.amazonaws.com").unwrap();
        // With a code, and as an unknown body (whose excerpt is short).
        let short = body.replace("<Code>", "<C>").replace("The request signature we calculated does not match the signature you provided. The Canonical String for this request should have been", "");
        for failure in [
            http::Failure::Status(403, body.into()),
            http::Failure::Status(403, short),
        ] {
            let text = describe_failure("AssumeRole", &endpoint, failure);
            assert!(!text.contains("IQoJb3JpZ2luX2VjEBASETOKEN"), "{text}");
            assert!(!text.contains("deadbeef01"), "{text}");
            assert!(text.contains("x-amz-security-token:<redacted>"), "{text}");
        }
    }

    #[test]
    fn a_reply_without_credentials_is_an_error_naming_what_is_missing() {
        assert_eq!(
            read_credentials("<x/>").unwrap_err(),
            "the reply has no <Credentials>"
        );
        let xml = "<Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey></Credentials>";
        assert_eq!(
            read_credentials(xml).unwrap_err(),
            "the reply has no <SessionToken>"
        );
    }
}

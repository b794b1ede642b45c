//! The DynamoDB endpoint: the regional default, and which URLs are accepted.

use std::net::{Ipv4Addr, Ipv6Addr};

use reqwest::Url;
use rynamo_core::transport::Api;

use crate::error::Error;

/// An AWS partition as the SDKs' endpoint rules name it: its DNS suffix and
/// its dual-stack (IPv4 and IPv6) one.
struct Partition {
    name: &'static str,
    dns: &'static str,
    dual_stack: &'static str,
}

/// The partition of `region`, by the SDKs' region patterns (`cn-*-N`,
/// `us-gov-*-N`, `us-iso-*-N`, …); `aws` for any other.
fn partition(region: &str) -> Partition {
    let partition = |name, dns, dual_stack| Partition {
        name,
        dns,
        dual_stack,
    };
    let mut parts = region.split('-');
    let (first, second) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let rest: Vec<&str> = parts.collect();
    let word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    let shape =
        |n: usize| rest.len() == n && rest[..n - 1].iter().all(|w| word(w)) && digits(rest[n - 1]);
    match (first, second) {
        ("cn", w) if word(w) && shape(1) => {
            partition("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn")
        }
        ("us", "gov") if shape(2) => partition("aws-us-gov", "amazonaws.com", "api.aws"),
        ("us", "iso") if shape(2) => partition("aws-iso", "c2s.ic.gov", "api.aws.ic.gov"),
        ("us", "isob") if shape(2) => partition("aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud"),
        ("us", "isof") if shape(2) => {
            partition("aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov")
        }
        ("eu", "isoe") if shape(2) => {
            partition("aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk")
        }
        ("eusc", "de") if shape(2) => {
            partition("aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu")
        }
        _ => partition("aws", "amazonaws.com", "api.aws"),
    }
}

/// The DNS suffix of `region`'s partition (`amazonaws.com`,
/// `amazonaws.com.cn`, …), for the other AWS services the credential
/// sources call (STS).
pub(crate) fn dns_suffix(region: &str) -> &'static str {
    partition(region).dns
}

/// Which of DynamoDB's endpoints in a region: FIPS 140 validated, dual-stack
/// (reachable over IPv6 too), both or neither (`AWS_USE_FIPS_ENDPOINT`,
/// `AWS_USE_DUALSTACK_ENDPOINT`, or the profile's `use_fips_endpoint` and
/// `use_dualstack_endpoint`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Variant {
    pub(crate) fips: bool,
    pub(crate) dual_stack: bool,
}

/// The endpoint the AWS SDKs' rules give `api` in `region`:
/// `https://dynamodb.<region>.amazonaws.com`, `.amazonaws.com.cn` in China
/// and each partition's own suffix elsewhere; `dynamodb-fips` with FIPS
/// (GovCloud's regular endpoints are FIPS already); the partition's
/// dual-stack suffix (`api.aws`) with dual-stack. The region `local` is
/// DynamoDB Local's `http://localhost:8000`, as the SDKs have it (for both
/// APIs: DynamoDB Local serves Streams on its one endpoint).
pub(crate) fn aws_endpoint(api: Api, region: &str, variant: Variant) -> Result<String, Error> {
    let Variant { fips, dual_stack } = variant;
    if region == "local" {
        if fips || dual_stack {
            return Err(Error::EndpointVariant {
                reason: "the region `local` (DynamoDB Local at http://localhost:8000) has no FIPS or dual-stack endpoint",
            });
        }
        return Ok("http://localhost:8000".into());
    }
    let p = partition(region);
    let suffix = if dual_stack { p.dual_stack } else { p.dns };
    let gov = p.name == "aws-us-gov";
    let fips_host = fips && (dual_stack || !gov);
    let host = if api == Api::Streams {
        // The Streams API's dual-stack hosts in these partitions are
        // `streams-dynamodb`; elsewhere, and without dual-stack,
        // `streams.dynamodb`.
        match (
            dual_stack && matches!(p.name, "aws" | "aws-cn" | "aws-us-gov"),
            fips_host,
        ) {
            (true, true) => "streams-dynamodb-fips",
            (true, false) => "streams-dynamodb",
            (false, true) => "streams.dynamodb-fips",
            (false, false) => "streams.dynamodb",
        }
    } else if fips_host {
        "dynamodb-fips"
    } else {
        "dynamodb"
    };
    Ok(format!("https://{host}.{region}.{suffix}"))
}

/// Whether DynamoDB requests go to the account-based endpoint of the
/// account the credentials belong to (`https://<account>.ddb.<region>.amazonaws.com`),
/// as the AWS SDKs route them since 2024: `AWS_ACCOUNT_ID_ENDPOINT_MODE`,
/// the profile's `account_id_endpoint_mode`, or
/// [`Config::account_id_endpoint_mode`](crate::Config::account_id_endpoint_mode).
///
/// It applies in the `aws` partition without FIPS or dual-stack, with no
/// custom endpoint; elsewhere the regional endpoint is used (but
/// [`Required`](Self::Required) still requires an account).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AccountIdEndpointMode {
    /// The account's endpoint when the credentials name their account, the
    /// regional one when they do not (the default).
    #[default]
    Preferred,
    /// Always the regional endpoint (`https://dynamodb.<region>.amazonaws.com`).
    Disabled,
    /// The account's endpoint; a request whose credentials name no account
    /// fails, before anything is sent.
    Required,
}

impl AccountIdEndpointMode {
    /// `preferred`, `disabled` or `required` (any case).
    pub(crate) fn parse(text: &str) -> Option<AccountIdEndpointMode> {
        match text.trim().to_ascii_lowercase().as_str() {
            "preferred" => Some(AccountIdEndpointMode::Preferred),
            "disabled" => Some(AccountIdEndpointMode::Disabled),
            "required" => Some(AccountIdEndpointMode::Required),
            _ => None,
        }
    }
}

/// How the DynamoDB endpoint follows the credentials' account, where it
/// can: none with a custom endpoint, the region `local`, or the mode
/// `disabled`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AccountEndpoints {
    region: String,
    suffix: &'static str,
    /// The account's endpoint exists here: the `aws` partition, neither
    /// FIPS nor dual-stack.
    eligible: bool,
    /// [`AccountIdEndpointMode::Required`].
    required: bool,
}

impl AccountEndpoints {
    /// The AWS SDKs' rules for a regional endpoint in `region` with
    /// `variant`; `None` when the account never changes it.
    pub(crate) fn new(
        region: &str,
        variant: Variant,
        mode: AccountIdEndpointMode,
    ) -> Option<AccountEndpoints> {
        if region == "local" || mode == AccountIdEndpointMode::Disabled {
            return None;
        }
        let p = partition(region);
        Some(AccountEndpoints {
            region: region.into(),
            suffix: p.dns,
            eligible: p.name == "aws" && !variant.fips && !variant.dual_stack,
            required: mode == AccountIdEndpointMode::Required,
        })
    }

    /// The endpoint for credentials of `account`: `Ok(None)` for the
    /// regional one; an error (the request is not sent) when the mode
    /// requires an account and there is none, or the account is not a
    /// valid host name label.
    pub(crate) fn url(&self, account: Option<&str>) -> Result<Option<String>, String> {
        match account {
            None if self.required => {
                Err("account_id_endpoint_mode (AWS_ACCOUNT_ID_ENDPOINT_MODE) \
                 is `required`, but the credentials name no account: set AWS_ACCOUNT_ID or the \
                 profile's aws_account_id, or use a source that names it (STS, SSO, the \
                 container endpoint)"
                    .into())
            }
            Some(account) if self.eligible => {
                if !is_host_label(account) {
                    return Err(format!(
                        "the credentials' account ID `{}` is not a valid host name label",
                        account.get(..64).unwrap_or(account).escape_debug()
                    ));
                }
                Ok(Some(format!(
                    "https://{account}.ddb.{}.{}",
                    self.region, self.suffix
                )))
            }
            _ => Ok(None),
        }
    }
}

/// A DNS label as the endpoint rules' `isValidHostLabel` has it: 1 to 63
/// letters, digits and hyphens, starting with a letter or digit.
fn is_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    (1..=63).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// Checks that `endpoint` is a plain `http` or `https` URL: signing covers
/// the path and query, and credentials in a URL would leak into logs.
/// Plain `http` is refused for a host that is not loopback unless
/// `allow_http`: signed requests and session tokens would go out in clear.
pub(crate) fn parse_endpoint(endpoint: &str, allow_http: bool) -> Result<Url, Error> {
    let invalid = |reason: &str| Error::InvalidEndpoint {
        endpoint: endpoint.into(),
        reason: reason.into(),
    };
    let url = Url::parse(endpoint).map_err(|error| invalid(&error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("there is no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not contain a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    check_secure(&url, endpoint, allow_http)?;
    Ok(url)
}

/// Refuses plain `http` to a host that is not loopback unless
/// `allow_http`: for DynamoDB's endpoints and for the STS and SSO
/// endpoints the credential sources call.
pub(crate) fn check_secure(url: &Url, endpoint: &str, allow_http: bool) -> Result<(), Error> {
    if url.scheme() == "http" && !allow_http && !is_loopback(url) {
        return Err(Error::InsecureEndpoint {
            endpoint: endpoint.into(),
        });
    }
    Ok(())
}

/// Whether `url`'s host is `localhost`, in 127.0.0.0/8 or `::1`.
fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return ip.is_loopback();
    }
    let ipv6 = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
    ipv6.and_then(|h| h.parse::<Ipv6Addr>().ok())
        .is_some_and(|ip| {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|ip| ip.is_loopback())
        })
}

#[cfg(test)]
mod tests {
    use super::{AccountEndpoints, AccountIdEndpointMode, Variant};
    use crate::config::Config;
    use crate::config::tests::{KEYS, resolve_in};
    use crate::error::Error;

    /// The endpoint for credentials of `account` in `region`, by the rules
    /// the configuration in `pairs` resolves to (`"regional"` when the
    /// account changes nothing, the error's text when the request is
    /// refused).
    fn account_endpoint(pairs: &[(&str, &str)], region: &str, account: Option<&str>) -> String {
        let mut all = vec![("AWS_REGION", region), KEYS[0], KEYS[1]];
        all.extend_from_slice(pairs);
        let resolved = resolve_in(Config::from_env(), &all).unwrap();
        match resolved.account_endpoints.map(|rules| rules.url(account)) {
            None | Some(Ok(None)) => "regional".into(),
            Some(Ok(Some(url))) => url,
            Some(Err(error)) => error,
        }
    }

    /// The AWS SDKs' DynamoDB endpoint rules for `AccountId` and
    /// `AccountIdEndpointMode` (botocore's `endpoint-rule-set-1.json`), case
    /// by case.
    #[test]
    fn the_account_s_endpoint_follows_the_sdks_rules() {
        let account = Some("111122223333");
        // Preferred, the default: the account's endpoint in the aws partition.
        assert_eq!(
            account_endpoint(&[], "us-east-1", account),
            "https://111122223333.ddb.us-east-1.amazonaws.com"
        );
        assert_eq!(
            account_endpoint(&[], "ap-southeast-7", account),
            "https://111122223333.ddb.ap-southeast-7.amazonaws.com"
        );
        assert_eq!(account_endpoint(&[], "us-east-1", None), "regional");
        // Other partitions, FIPS and dual-stack have none.
        for region in [
            "cn-north-1",
            "us-gov-west-1",
            "us-iso-east-1",
            "eusc-de-east-1",
        ] {
            assert_eq!(
                account_endpoint(&[], region, account),
                "regional",
                "{region}"
            );
        }
        for variant in ["AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"] {
            assert_eq!(
                account_endpoint(&[(variant, "true")], "us-east-1", account),
                "regional",
                "{variant}"
            );
        }
        // A custom endpoint and the region `local` win over everything.
        let required = ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "required");
        let custom = ("AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:8000");
        assert_eq!(
            account_endpoint(&[custom, required], "us-east-1", None),
            "regional"
        );
        assert_eq!(account_endpoint(&[required], "local", None), "regional");
        // Disabled: never.
        let disabled = ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled");
        assert_eq!(
            account_endpoint(&[disabled], "us-east-1", account),
            "regional"
        );
        // Required: an account or a refusal, in every partition; with FIPS
        // the account is required but the FIPS endpoint used.
        assert_eq!(
            account_endpoint(&[required], "us-east-1", account),
            "https://111122223333.ddb.us-east-1.amazonaws.com"
        );
        for region in ["us-east-1", "cn-north-1"] {
            let refused = account_endpoint(&[required], region, None);
            assert!(
                refused.contains("is `required`, but the credentials name no account"),
                "{refused}"
            );
        }
        assert_eq!(
            account_endpoint(
                &[required, ("AWS_USE_FIPS_ENDPOINT", "true")],
                "us-east-1",
                account
            ),
            "regional"
        );
        // An account ID that is no host name label is refused, not sent.
        for bad in ["", "-1", "1.2", "a b", "111122223333/x", &"1".repeat(64)] {
            let refused = account_endpoint(&[], "us-east-1", Some(bad));
            assert!(
                refused.contains("is not a valid host name label"),
                "{bad}: {refused}"
            );
        }
    }

    #[test]
    fn the_mode_comes_from_the_code_the_variable_or_the_profile() {
        let mode = |config: Config, pairs: &[(&str, &str)]| {
            let mut all = vec![("AWS_REGION", "us-east-1"), KEYS[0], KEYS[1]];
            all.extend_from_slice(pairs);
            resolve_in(config, &all).map(|resolved| resolved.account_endpoints)
        };
        let rules = |mode| AccountEndpoints::new("us-east-1", Variant::default(), mode);
        let env = ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "Disabled");
        assert_eq!(mode(Config::from_env(), &[env]).unwrap(), None);
        assert_eq!(
            mode(Config::from_env(), &[]).unwrap(),
            rules(AccountIdEndpointMode::Preferred)
        );
        let code = Config::from_env().account_id_endpoint_mode(AccountIdEndpointMode::Required);
        assert_eq!(
            mode(code, &[env]).unwrap(),
            rules(AccountIdEndpointMode::Required)
        );
        let home = crate::profile::tests::temp_dir("account-mode");
        crate::profile::tests::write_aws_files(
            &home,
            "[default]\naccount_id_endpoint_mode = required\n",
            "",
        );
        assert_eq!(
            mode(Config::from_env(), &[("HOME", home.to_str().unwrap())]).unwrap(),
            rules(AccountIdEndpointMode::Required)
        );
        match mode(
            Config::from_env(),
            &[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes")],
        ) {
            Err(Error::InvalidSetting { name, value, .. }) => {
                assert_eq!(
                    (name, value.as_str()),
                    ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes")
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn endpoint_comes_from_the_dynamodb_variable_then_the_general_one() {
        let both = [
            ("AWS_REGION", "us-east-1"),
            ("AWS_ENDPOINT_URL_DYNAMODB", "http://dynamodb-local:8000"),
            ("AWS_ENDPOINT_URL", "http://localstack:4566"),
            ("RYNAMO_ALLOW_HTTP", "true"),
            KEYS[0],
            KEYS[1],
        ];
        assert_eq!(
            resolve_in(Config::from_env(), &both)
                .unwrap()
                .endpoint
                .as_str(),
            "http://dynamodb-local:8000/"
        );
        let general = [
            ("AWS_REGION", "us-east-1"),
            ("AWS_ENDPOINT_URL", "http://localstack:4566"),
            KEYS[0],
            KEYS[1],
        ];
        assert_eq!(
            resolve_in(Config::from_env().allow_http(true), &general)
                .unwrap()
                .endpoint
                .as_str(),
            "http://localstack:4566/"
        );
    }

    #[test]
    fn endpoint_defaults_to_the_regional_aws_endpoint() {
        let env = [("AWS_REGION", "eu-central-1"), KEYS[0], KEYS[1]];
        let resolved = resolve_in(Config::from_env(), &env).unwrap();
        assert_eq!(
            resolved.endpoint.as_str(),
            "https://dynamodb.eu-central-1.amazonaws.com/"
        );
        let china = resolve_in(Config::from_env().region("cn-north-1"), &KEYS).unwrap();
        assert_eq!(
            china.endpoint.as_str(),
            "https://dynamodb.cn-north-1.amazonaws.com.cn/"
        );
    }

    #[test]
    fn fips_and_dual_stack_endpoints_follow_the_sdks_rules_in_every_partition() {
        use super::{Variant, aws_endpoint};
        use rynamo_core::transport::Api;
        let v = |fips, dual_stack| Variant { fips, dual_stack };
        // region, variant, DynamoDB's endpoint, Streams'.
        let cases = [
            (
                "us-east-1",
                v(false, false),
                "https://dynamodb.us-east-1.amazonaws.com",
                "https://streams.dynamodb.us-east-1.amazonaws.com",
            ),
            (
                "us-east-1",
                v(true, false),
                "https://dynamodb-fips.us-east-1.amazonaws.com",
                "https://streams.dynamodb-fips.us-east-1.amazonaws.com",
            ),
            (
                "us-east-1",
                v(false, true),
                "https://dynamodb.us-east-1.api.aws",
                "https://streams-dynamodb.us-east-1.api.aws",
            ),
            (
                "us-east-1",
                v(true, true),
                "https://dynamodb-fips.us-east-1.api.aws",
                "https://streams-dynamodb-fips.us-east-1.api.aws",
            ),
            // GovCloud's regular endpoints are the FIPS ones.
            (
                "us-gov-west-1",
                v(true, false),
                "https://dynamodb.us-gov-west-1.amazonaws.com",
                "https://streams.dynamodb.us-gov-west-1.amazonaws.com",
            ),
            (
                "us-gov-west-1",
                v(true, true),
                "https://dynamodb-fips.us-gov-west-1.api.aws",
                "https://streams-dynamodb-fips.us-gov-west-1.api.aws",
            ),
            (
                "cn-north-1",
                v(false, false),
                "https://dynamodb.cn-north-1.amazonaws.com.cn",
                "https://streams.dynamodb.cn-north-1.amazonaws.com.cn",
            ),
            (
                "cn-northwest-1",
                v(false, true),
                "https://dynamodb.cn-northwest-1.api.amazonwebservices.com.cn",
                "https://streams-dynamodb.cn-northwest-1.api.amazonwebservices.com.cn",
            ),
            (
                "eusc-de-east-1",
                v(false, false),
                "https://dynamodb.eusc-de-east-1.amazonaws.eu",
                "https://streams.dynamodb.eusc-de-east-1.amazonaws.eu",
            ),
            (
                "us-iso-east-1",
                v(true, false),
                "https://dynamodb-fips.us-iso-east-1.c2s.ic.gov",
                "https://streams.dynamodb-fips.us-iso-east-1.c2s.ic.gov",
            ),
            (
                "us-isob-east-1",
                v(false, true),
                "https://dynamodb.us-isob-east-1.api.aws.scloud",
                "https://streams.dynamodb.us-isob-east-1.api.aws.scloud",
            ),
            (
                "eu-isoe-west-1",
                v(false, false),
                "https://dynamodb.eu-isoe-west-1.cloud.adc-e.uk",
                "https://streams.dynamodb.eu-isoe-west-1.cloud.adc-e.uk",
            ),
            (
                "us-isof-south-1",
                v(false, false),
                "https://dynamodb.us-isof-south-1.csp.hci.ic.gov",
                "https://streams.dynamodb.us-isof-south-1.csp.hci.ic.gov",
            ),
            // A region of no known pattern is in the `aws` partition.
            (
                "mars-east-1",
                v(false, false),
                "https://dynamodb.mars-east-1.amazonaws.com",
                "https://streams.dynamodb.mars-east-1.amazonaws.com",
            ),
            (
                "local",
                v(false, false),
                "http://localhost:8000",
                "http://localhost:8000",
            ),
        ];
        for (region, variant, dynamodb, streams) in cases {
            let got = |api| aws_endpoint(api, region, variant).unwrap();
            assert_eq!(
                (got(Api::DynamoDb).as_str(), got(Api::Streams).as_str()),
                (dynamodb, streams),
                "{region} {variant:?}"
            );
        }
        assert!(matches!(
            aws_endpoint(Api::DynamoDb, "local", v(true, false)),
            Err(Error::EndpointVariant { .. })
        ));
    }

    #[test]
    fn fips_and_dual_stack_come_from_the_config_then_the_environment_then_the_profile() {
        let home = crate::profile::tests::temp_dir("endpoint-variant");
        crate::profile::tests::write_aws_files(
            &home,
            "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = TRUE\n",
            "",
        );
        let home = home.to_str().unwrap();
        let region = ("AWS_REGION", "us-east-2");
        let endpoint = |config: Config, pairs: &[(&str, &str)]| {
            let mut env = vec![("HOME", home), region, KEYS[0], KEYS[1]];
            env.extend_from_slice(pairs);
            resolve_in(config, &env).map(|r| r.endpoint.to_string())
        };
        assert_eq!(
            endpoint(Config::from_env(), &[]).unwrap(),
            "https://dynamodb-fips.us-east-2.api.aws/"
        );
        assert_eq!(
            endpoint(
                Config::from_env(),
                &[("AWS_USE_DUALSTACK_ENDPOINT", "false")]
            )
            .unwrap(),
            "https://dynamodb-fips.us-east-2.amazonaws.com/"
        );
        assert_eq!(
            endpoint(
                Config::from_env().fips_endpoint(false),
                &[
                    ("AWS_USE_FIPS_ENDPOINT", "true"),
                    ("AWS_USE_DUALSTACK_ENDPOINT", "false")
                ]
            )
            .unwrap(),
            "https://dynamodb.us-east-2.amazonaws.com/"
        );
        // A custom endpoint with either is refused, as the AWS SDKs refuse it.
        let refused = endpoint(
            Config::from_env(),
            &[("AWS_ENDPOINT_URL", "http://localhost:8000")],
        );
        assert!(
            matches!(refused, Err(Error::EndpointVariant { .. })),
            "{refused:?}"
        );
        let off = endpoint(
            Config::from_env()
                .fips_endpoint(false)
                .dual_stack_endpoint(false),
            &[("AWS_ENDPOINT_URL", "http://localhost:8000")],
        );
        assert_eq!(off.unwrap(), "http://localhost:8000/");
        // Without the files' settings, neither.
        let plain = resolve_in(Config::from_env(), &[region, KEYS[0], KEYS[1]]).unwrap();
        assert_eq!(
            plain.endpoint.as_str(),
            "https://dynamodb.us-east-2.amazonaws.com/"
        );
    }

    #[test]
    fn configured_endpoints_come_in_the_sdks_order_and_can_be_ignored() {
        let home = crate::profile::tests::temp_dir("endpoint-configured");
        crate::profile::tests::write_aws_files(
            &home,
            "[default]\nendpoint_url = http://localhost:1111\nservices = local\n\
             [profile global]\nendpoint_url = http://localhost:2222\n\
             [profile ignoring]\nendpoint_url = http://localhost:2222\nignore_configured_endpoint_urls = true\n\
             [services local]\ndynamodb =\n  endpoint_url = http://localhost:3333\n\
             dynamodb_streams =\n  endpoint_url = http://localhost:4444\ns3 =\n  endpoint_url = http://localhost:5555\n",
            "",
        );
        let home = home.to_str().unwrap();
        // DynamoDB's endpoint and Streams', from `pairs` over the files.
        let endpoints = |config: Config, pairs: &[(&str, &str)]| {
            let mut env = vec![
                ("HOME", home),
                ("AWS_REGION", "eu-west-1"),
                KEYS[0],
                KEYS[1],
            ];
            env.extend_from_slice(pairs);
            let resolved = resolve_in(config, &env).unwrap();
            (
                resolved.endpoint.to_string(),
                resolved.streams_endpoint.to_string(),
            )
        };
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        // The profile's `services` section, per service.
        assert_eq!(
            endpoints(Config::from_env(), &[]),
            pair("http://localhost:3333/", "http://localhost:4444/")
        );
        // The profile's `endpoint_url`, for both.
        assert_eq!(
            endpoints(Config::from_env(), &[("AWS_PROFILE", "global")]),
            pair("http://localhost:2222/", "http://localhost:2222/")
        );
        // `AWS_ENDPOINT_URL` before the files; the service's own variable before it.
        assert_eq!(
            endpoints(
                Config::from_env(),
                &[("AWS_ENDPOINT_URL", "http://localhost:6666")]
            ),
            pair("http://localhost:6666/", "http://localhost:6666/")
        );
        assert_eq!(
            endpoints(
                Config::from_env(),
                &[
                    ("AWS_ENDPOINT_URL", "http://localhost:6666"),
                    ("AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:7777")
                ]
            ),
            pair("http://localhost:7777/", "http://localhost:6666/")
        );
        // Ignored, by the variable or the profile: AWS's own endpoints.
        let aws = pair(
            "https://dynamodb.eu-west-1.amazonaws.com/",
            "https://streams.dynamodb.eu-west-1.amazonaws.com/",
        );
        assert_eq!(
            endpoints(
                Config::from_env(),
                &[
                    ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
                    ("AWS_ENDPOINT_URL", "http://localhost:6666")
                ]
            ),
            aws
        );
        assert_eq!(
            endpoints(Config::from_env(), &[("AWS_PROFILE", "ignoring")]),
            aws
        );
        // The code's endpoint is never ignored.
        assert_eq!(
            endpoints(
                Config::from_env().endpoint("http://localhost:8888"),
                &[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]
            ),
            pair("http://localhost:8888/", "http://localhost:8888/")
        );
    }

    #[test]
    fn streams_go_to_their_aws_host_or_to_a_custom_endpoint() {
        let aws = resolve_in(Config::from_env().region("eu-central-1"), &KEYS).unwrap();
        assert_eq!(
            aws.streams_endpoint.as_str(),
            "https://streams.dynamodb.eu-central-1.amazonaws.com/"
        );
        let local = resolve_in(
            Config::from_env().region("us-east-1"),
            &[
                KEYS[0],
                KEYS[1],
                ("AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:8000"),
            ],
        )
        .unwrap();
        assert_eq!(local.streams_endpoint.as_str(), "http://localhost:8000/");
        let own = resolve_in(
            Config::from_env().region("us-east-1"),
            &[
                KEYS[0],
                KEYS[1],
                ("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", "http://localhost:9000"),
            ],
        )
        .unwrap();
        assert_eq!(own.streams_endpoint.as_str(), "http://localhost:9000/");
        assert_eq!(
            own.endpoint.as_str(),
            "https://dynamodb.us-east-1.amazonaws.com/"
        );
        let explicit = resolve_in(
            Config::from_env()
                .region("us-east-1")
                .endpoint("http://127.0.0.1:8001"),
            &[
                KEYS[0],
                KEYS[1],
                ("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", "http://localhost:9000"),
            ],
        )
        .unwrap();
        assert_eq!(explicit.streams_endpoint.as_str(), "http://127.0.0.1:8001/");
    }

    #[test]
    fn invalid_endpoints_are_rejected_with_a_reason() {
        let cases = [
            ("localhost:8000", "the scheme must be http or https"),
            (
                "dynamodb.us-east-1.amazonaws.com",
                "relative URL without a base",
            ),
            ("ftp://example.com", "the scheme must be http or https"),
            (
                "http://user:pw@localhost:8000",
                "it must not contain a user name or password",
            ),
            (
                "http://localhost:8000/?x=1",
                "it must not have a query or fragment",
            ),
        ];
        for (endpoint, reason) in cases {
            let error = resolve_in(
                Config::from_env().region("us-east-1").endpoint(endpoint),
                &KEYS,
            )
            .unwrap_err();
            assert!(
                matches!(&error, Error::InvalidEndpoint { endpoint: e, reason: r } if e == endpoint && r == reason),
                "{endpoint}: {error:?}"
            );
        }
        let error = resolve_in(
            Config::from_env().region("us-east-1").endpoint("ftp://x"),
            &KEYS,
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid DynamoDB endpoint `ftp://x`: the scheme must be http or https; expected a URL \
             such as https://dynamodb.us-east-1.amazonaws.com or http://localhost:8000"
        );
    }

    fn resolve_endpoint(config: Config, env: &[(&str, &str)]) -> Result<String, Error> {
        let config = config.region("us-east-1");
        resolve_in(config, &[env, &KEYS].concat()).map(|r| r.endpoint.to_string())
    }

    #[test]
    fn plain_http_to_a_host_that_is_not_loopback_is_refused() {
        for endpoint in [
            "http://dynamodb.us-east-1.amazonaws.com",
            "http://10.0.0.8:8000",
            "http://[2001:db8::1]:8000",
            "http://localhost.example.com:8000",
            "http://128.0.0.1:8000",
        ] {
            let error = resolve_endpoint(Config::from_env().endpoint(endpoint), &[]).unwrap_err();
            assert!(
                matches!(&error, Error::InsecureEndpoint { endpoint: e } if e == endpoint),
                "{endpoint}: {error:?}"
            );
        }
        let from_env = [(
            "AWS_ENDPOINT_URL",
            "http://dynamodb.us-east-1.amazonaws.com",
        )];
        let error = resolve_endpoint(Config::from_env(), &from_env).unwrap_err();
        assert!(error.to_string().starts_with(
            "refusing plain http to `http://dynamodb.us-east-1.amazonaws.com`: signed requests"
        ));
        let streams = [(
            "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
            "http://streams.dynamodb.us-east-1.amazonaws.com",
        )];
        let error = resolve_endpoint(Config::from_env(), &streams).unwrap_err();
        assert!(matches!(error, Error::InsecureEndpoint { .. }), "{error:?}");
    }

    #[test]
    fn plain_http_to_loopback_and_https_anywhere_are_allowed() {
        for (endpoint, url) in [
            ("http://localhost:8000", "http://localhost:8000/"),
            ("http://LOCALHOST:8000", "http://localhost:8000/"),
            ("http://127.0.0.1:8000", "http://127.0.0.1:8000/"),
            ("http://127.9.8.7:8000", "http://127.9.8.7:8000/"),
            ("http://[::1]:8000", "http://[::1]:8000/"),
            ("https://10.0.0.8:8000", "https://10.0.0.8:8000/"),
        ] {
            let got = resolve_endpoint(Config::from_env().endpoint(endpoint), &[]);
            assert_eq!(got.unwrap(), url, "{endpoint}");
        }
    }

    #[test]
    fn plain_http_elsewhere_needs_an_explicit_opt_in() {
        let aws = "http://dynamodb.us-east-1.amazonaws.com";
        let setter = resolve_endpoint(Config::from_env().endpoint(aws).allow_http(true), &[]);
        assert_eq!(setter.unwrap(), "http://dynamodb.us-east-1.amazonaws.com/");
        let env = [("AWS_ENDPOINT_URL", aws), ("RYNAMO_ALLOW_HTTP", "TRUE")];
        assert_eq!(
            resolve_endpoint(Config::from_env(), &env).unwrap(),
            "http://dynamodb.us-east-1.amazonaws.com/"
        );
        let not_true = [("AWS_ENDPOINT_URL", aws), ("RYNAMO_ALLOW_HTTP", "1")];
        assert!(resolve_endpoint(Config::from_env(), &not_true).is_err());
        let off = Config::from_env().endpoint(aws).allow_http(false);
        assert!(resolve_endpoint(off, &[]).is_err());
    }
}

//! The DynamoDB endpoint: the regional default, and which URLs are accepted.

use std::net::{Ipv4Addr, Ipv6Addr};

use reqwest::Url;
use rynamo_core::transport::Api;

use crate::error::Error;

/// `https://dynamodb.<region>.amazonaws.com` (`.amazonaws.com.cn` for `cn-`
/// regions).
pub(crate) fn default_endpoint(region: &str) -> String {
    aws_endpoint(Api::DynamoDb, region)
}

/// `https://<api host prefix>.<region>.amazonaws.com` (`.com.cn` in China):
/// the Streams API has its own host (`streams.dynamodb.…`).
pub(crate) fn aws_endpoint(api: Api, region: &str) -> String {
    let domain = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://{}.{region}.{domain}", api.host_prefix())
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
    use crate::config::Config;
    use crate::config::tests::{KEYS, resolve_in};
    use crate::error::Error;

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

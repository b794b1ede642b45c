//! The DynamoDB endpoint: the regional default, and which URLs are accepted.

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
pub(crate) fn parse_endpoint(endpoint: &str) -> Result<Url, Error> {
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
    Ok(url)
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
            resolve_in(Config::from_env(), &general)
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
}

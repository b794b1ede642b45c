//! Why a transport could not be configured.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Why [`HttpTransport::new`](crate::HttpTransport::new) could not build a
/// transport from a [`Config`](crate::Config).
///
/// Failures while sending are not this type: they are
/// [`rynamo_core::transport::TransportError`]s, handed to the core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No credentials source is configured, or the profile's credential
    /// settings are unusable (the message lists what was tried and why).
    #[error(transparent)]
    Credentials(#[from] crate::credentials::CredentialsError),

    /// Half of a key pair was found: an access key ID without its secret, or
    /// the other way round.
    #[error("incomplete AWS credentials in {origin}: {missing} is missing")]
    IncompleteCredentials {
        /// Where the other half was found (`the environment`, or a profile).
        origin: String,
        /// The variable or profile key that is missing.
        missing: &'static str,
    },

    /// No region was set explicitly, in the environment or in the profile,
    /// and the EC2 instance metadata service gave none.
    #[error(
        "no AWS region configured for profile `{profile}`: set AWS_REGION, add \
         `region = us-east-1` (for example) to {} in {}, or pass it with Config::region \
         (EC2 instance metadata: {instance_metadata})",
        section(.profile),
        shown(.config_file.as_deref(), "~/.aws/config")
    )]
    NoRegion {
        /// The profile that was searched (`AWS_PROFILE`, else `default`).
        profile: String,
        /// The shared config file that was searched, if a path was known.
        config_file: Option<PathBuf>,
        /// Why the instance metadata service gave no region (not on EC2,
        /// or `AWS_EC2_METADATA_DISABLED`).
        instance_metadata: String,
    },

    /// The endpoint is not an `http` or `https` URL DynamoDB can be reached at.
    #[error(
        "invalid DynamoDB endpoint `{endpoint}`: {reason}; expected a URL such as \
         https://dynamodb.us-east-1.amazonaws.com or http://localhost:8000"
    )]
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A plain `http` endpoint on a host that is not loopback: signed
    /// requests and session tokens would cross the network in clear text.
    #[error(
        "refusing plain http to `{endpoint}`: signed requests and session tokens would be \
         sent in clear text; use https, or opt in with Config::allow_http(true) or \
         RYNAMO_ALLOW_HTTP=true (http to localhost, 127.0.0.0/8 and ::1 is always allowed)"
    )]
    InsecureEndpoint {
        /// The endpoint as given.
        endpoint: String,
    },

    /// FIPS or dual-stack endpoints were asked for where there are none: with
    /// a custom endpoint (as the AWS SDKs refuse it), or the region `local`.
    #[error("invalid endpoint configuration: {reason}")]
    EndpointVariant {
        /// What was asked for, and why it cannot be.
        reason: &'static str,
    },

    /// An AWS setting (`AWS_MAX_ATTEMPTS`, the profile's `retry_mode`, …)
    /// holds a value of the wrong shape.
    #[error("invalid AWS setting {name} = `{value}`: expected {expected}")]
    InvalidSetting {
        /// The variable or profile key.
        name: &'static str,
        /// Its value.
        value: String,
        /// What it may be.
        expected: &'static str,
    },

    /// A shared config or credentials file exists but could not be read.
    #[error("could not read AWS shared file {}", .path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },

    /// The certificate bundle named by `AWS_CA_BUNDLE` (or the profile's
    /// `ca_bundle`) holds no usable PEM certificate.
    #[error("invalid CA bundle {}: {reason}", .path.display())]
    InvalidCaBundle {
        /// The bundle.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },

    /// A shared config or credentials file is not in the expected INI format.
    /// The message never quotes the line, which may hold a secret.
    #[error("{}:{line}: {message}", .path.display())]
    ParseFile {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: &'static str,
    },

    /// The HTTP client could not be built (for example, TLS could not be set up).
    #[error("could not build the HTTP client: {message}")]
    HttpClient {
        /// The HTTP library's description.
        message: String,
    },
}

/// A path for a message, or where it would have been when `HOME` is unknown.
struct Shown<'a>(Option<&'a Path>, &'static str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(path) => write!(f, "{}", path.display()),
            None => f.write_str(self.1),
        }
    }
}

fn shown<'a>(path: Option<&'a Path>, default: &'static str) -> Shown<'a> {
    Shown(path, default)
}

/// How a profile's section is written in the shared config file.
struct Section<'a>(&'a str);

impl fmt::Display for Section<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            "default" => f.write_str("[default]"),
            name => write!(f, "[profile {name}]"),
        }
    }
}

fn section(profile: &str) -> Section<'_> {
    Section(profile)
}

/// A reqwest error and its causes on one line: reqwest's own message rarely
/// says more than "error sending request". Never the URL's query, which
/// carries no secrets in any request this crate makes.
pub(crate) fn describe(error: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

//! Extra certificate authorities to trust, as the AWS SDKs take them: a PEM
//! bundle named by `AWS_CA_BUNDLE`, else by the profile's `ca_bundle` (for a
//! proxy that inspects TLS with its own CA, or a private endpoint). They are
//! trusted besides the built-in roots, by the DynamoDB transport and by the
//! credential sources' clients alike.

use reqwest::{Certificate, ClientBuilder};

use crate::config::setting;
use crate::env::Env;
use crate::error::Error;
use crate::profile::{LazyProfile, expand_home};

/// The certificates of the bundle named, if one is; an unreadable bundle
/// is [`Error::ReadFile`], one without certificates
/// [`Error::InvalidCaBundle`].
pub(crate) fn ca_bundle(
    env: Env<'_>,
    profile: &mut LazyProfile<'_>,
) -> Result<Vec<Certificate>, Error> {
    let Some((_, named)) = setting(env, profile, "AWS_CA_BUNDLE", "ca_bundle") else {
        return Ok(Vec::new());
    };
    let path = expand_home(env, &named).unwrap_or_else(|| named.clone().into());
    let pem = std::fs::read(&path).map_err(|source| Error::ReadFile {
        path: path.clone(),
        source,
    })?;
    let invalid = |reason: String| Error::InvalidCaBundle {
        path: path.clone(),
        reason,
    };
    let certificates =
        Certificate::from_pem_bundle(&pem).map_err(|error| invalid(error.to_string()))?;
    if certificates.is_empty() {
        return Err(invalid("it holds no PEM certificate".into()));
    }
    Ok(certificates)
}

/// `builder` trusting `certificates` too.
pub(crate) fn trusting(builder: ClientBuilder, certificates: &[Certificate]) -> ClientBuilder {
    certificates
        .iter()
        .cloned()
        .fold(builder, ClientBuilder::add_root_certificate)
}

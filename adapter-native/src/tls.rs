//! Extra certificate authorities to trust, as the AWS SDKs take them: a PEM
//! bundle named by `AWS_CA_BUNDLE`, else by the profile's `ca_bundle` (for a
//! proxy that inspects TLS with its own CA, or a private endpoint). They are
//! trusted besides the built-in roots, by the DynamoDB transport and by the
//! credential sources' clients alike.

use reqwest::{Certificate, ClientBuilder};

use crate::env::{Env, var};
use crate::error::Error;
use crate::profile::{Profile, expand_home};

/// `builder` trusting the bundle's certificates too, when one is named.
pub(crate) fn with_ca_bundle(builder: ClientBuilder, env: Env<'_>) -> Result<ClientBuilder, Error> {
    // A profile file that cannot be read names no bundle here: it is
    // reported where the profile is needed.
    let Some(named) = var(env, "AWS_CA_BUNDLE")
        .or_else(|| Profile::load(env).ok()?.get("ca_bundle").map(str::to_owned))
    else {
        return Ok(builder);
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
    Ok(certificates
        .into_iter()
        .fold(builder, ClientBuilder::add_root_certificate))
}

//! Credentials a profile names: static keys, a role assumed through STS
//! (from a `source_profile`, a `credential_source` or a web identity token),
//! SSO, or a `credential_process`.

use std::sync::Arc;

use super::container::Container;
use super::imds::Imds;
use super::process::Process;
use super::sso::Sso;
use super::sts::{Role, Sts};
use super::web_identity::WebIdentity;
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::env::{Env, var};
use crate::error::Error;
use crate::profile::{Profile, expand_home};

/// Base credentials, then each role assumed with the previous credentials.
#[derive(Debug)]
struct AssumeRoles {
    base: Arc<dyn ProvideCredentials>,
    roles: Vec<Role>,
    sts: Sts,
    origin: String,
}

impl ProvideCredentials for AssumeRoles {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            let mut credentials = self.base.provide_credentials().await?;
            for role in &self.roles {
                credentials = self
                    .sts
                    .assume_role(&credentials, role)
                    .await
                    .map_err(|message| CredentialsError::failed(&self.origin, message))?;
            }
            Ok(credentials)
        })
    }
}

/// The provider `profile` configures, or `None` if it sets no credentials.
/// `region` is used for STS when the profile sets none.
pub(crate) fn provider(
    env: Env<'_>,
    profile: &Profile,
    region: &str,
) -> Result<Option<Arc<dyn ProvideCredentials>>, Error> {
    let mut visited = Vec::new();
    let Some((base, roles)) = resolve(env, profile, region, &mut visited)? else {
        return Ok(None);
    };
    if roles.is_empty() {
        return Ok(Some(base));
    }
    let sts = Sts::new(
        env,
        Some(profile.get("region").unwrap_or(region)),
        Some(profile),
    )?;
    Ok(Some(Arc::new(AssumeRoles {
        base,
        roles,
        sts,
        origin: format!("profile `{}`", profile.name),
    })))
}

type Resolved = (Arc<dyn ProvideCredentials>, Vec<Role>);

fn resolve(
    env: Env<'_>,
    profile: &Profile,
    region: &str,
    visited: &mut Vec<String>,
) -> Result<Option<Resolved>, Error> {
    let name = &profile.name;
    let origin = format!("profile `{name}`");
    let invalid = |message: String| Error::Credentials(CredentialsError::failed(&origin, message));
    visited.push(name.clone());
    if let Some(arn) = profile.get("role_arn") {
        // STS would refuse the role without a code from the device, and a
        // client in a service has nobody to ask.
        if let Some(device) = profile.get("mfa_serial") {
            return Err(invalid(format!(
                "its role needs an MFA code from {device} (mfa_serial), which this client cannot \
                 ask for; get temporary credentials first (`aws sts get-session-token` or \
                 `aws configure export-credentials`) or use a role without MFA"
            )));
        }
        let mut role = Role::new(arn, profile.get("role_session_name"));
        role.external_id = profile.get("external_id").map(Into::into);
        role.duration_seconds = profile.get("duration_seconds").map(Into::into);
        let sts_region = profile.get("region").unwrap_or(region);
        if let Some(source) = profile.get("source_profile") {
            if source == name {
                // A profile may be its own source: its static keys.
                let keys = static_keys(profile)?.ok_or_else(|| {
                    invalid("it is its own source_profile but has no aws_access_key_id".into())
                })?;
                return Ok(Some((Arc::new(keys), vec![role])));
            }
            if visited.iter().any(|seen| seen == source) {
                return Err(invalid(format!(
                    "source_profile `{source}` leads back to a profile already in the chain ({})",
                    visited.join(" → ")
                )));
            }
            let source_profile = profile.named(source);
            if !source_profile.exists() {
                return Err(invalid(format!(
                    "its source_profile `{source}` does not exist"
                )));
            }
            let (base, mut roles) =
                resolve(env, &source_profile, region, visited)?.ok_or_else(|| {
                    invalid(format!("its source_profile `{source}` has no credentials"))
                })?;
            roles.push(role);
            return Ok(Some((base, roles)));
        }
        if let Some(source) = profile.get("credential_source") {
            let base: Arc<dyn ProvideCredentials> = match source {
                "Environment" => Arc::new(
                    pair(var(env, "AWS_ACCESS_KEY_ID"), var(env, "AWS_SECRET_ACCESS_KEY"), var(env, "AWS_SESSION_TOKEN"))
                        .ok_or_else(|| invalid("credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set".into()))?,
                ),
                "Ec2InstanceMetadata" => Arc::new(Imds::new(env, profile.get("ec2_metadata_service_endpoint"), profile.get("ec2_metadata_service_endpoint_mode"))?),
                "EcsContainer" => Arc::new(Container::from_env(env)?.ok_or_else(|| {
                    invalid("credential_source = EcsContainer, but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set".into())
                })?),
                other => return Err(invalid(format!("credential_source `{other}` is not Environment, Ec2InstanceMetadata or EcsContainer"))),
            };
            return Ok(Some((base, vec![role])));
        }
        if let Some(file) = profile.get("web_identity_token_file") {
            let token_file = expand_home(env, file).unwrap_or_else(|| file.into());
            let sts = Sts::new(env, Some(sts_region), Some(profile))?;
            let base = WebIdentity {
                token_file,
                role,
                sts,
                origin: origin.clone(),
            };
            return Ok(Some((Arc::new(base), Vec::new())));
        }
        return Err(invalid(
            "role_arn needs source_profile, credential_source or web_identity_token_file".into(),
        ));
    }
    if profile.get("sso_session").is_some() || profile.get("sso_start_url").is_some() {
        return Sso::new(env, profile)
            .map(|sso| Some((Arc::new(sso) as Arc<dyn ProvideCredentials>, Vec::new())));
    }
    if let Some(keys) = static_keys(profile)? {
        return Ok(Some((Arc::new(keys), Vec::new())));
    }
    if let Some(command) = profile.get("credential_process") {
        let process = Process {
            command: command.into(),
            origin,
            account_id: profile.get("aws_account_id").map(Into::into),
        };
        return Ok(Some((Arc::new(process), Vec::new())));
    }
    Ok(None)
}

/// `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token`;
/// half a pair is an error naming the missing half.
fn static_keys(profile: &Profile) -> Result<Option<Credentials>, Error> {
    let id = profile.get("aws_access_key_id");
    let secret = profile.get("aws_secret_access_key");
    match (id, secret) {
        (Some(_), None) | (None, Some(_)) => Err(Error::IncompleteCredentials {
            origin: format!("profile `{}`", profile.name),
            missing: if id.is_none() {
                "aws_access_key_id"
            } else {
                "aws_secret_access_key"
            },
        }),
        _ => Ok(pair(
            id.map(Into::into),
            secret.map(Into::into),
            profile.get("aws_session_token").map(Into::into),
        )
        .map(|keys| with_account(keys, profile.get("aws_account_id").map(Into::into)))),
    }
}

/// `credentials` of the account `account_id`, when a setting names one
/// (`AWS_ACCOUNT_ID`, a profile's `aws_account_id`); an empty one is unset.
pub(crate) fn with_account(credentials: Credentials, account_id: Option<String>) -> Credentials {
    match account_id.filter(|id| !id.is_empty()) {
        Some(id) => credentials.for_account(id),
        None => credentials,
    }
}

/// Credentials from both halves of a key pair.
pub(crate) fn pair(
    id: Option<String>,
    secret: Option<String>,
    token: Option<String>,
) -> Option<Credentials> {
    Some(Credentials::new(id?, secret?, token))
}

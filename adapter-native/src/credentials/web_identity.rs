//! A web identity token file exchanged through STS
//! `AssumeRoleWithWebIdentity` (EKS IAM roles for service accounts).

use std::path::PathBuf;

use super::sts::{Role, Sts};
use super::{CredentialsError, CredentialsFuture, ProvideCredentials};

/// Reads the token file on every fetch (Kubernetes rotates it) and trades it
/// for the role's credentials.
#[derive(Debug)]
pub(crate) struct WebIdentity {
    pub(crate) token_file: PathBuf,
    pub(crate) role: Role,
    pub(crate) sts: Sts,
    /// How messages name this source.
    pub(crate) origin: String,
}

impl WebIdentity {
    /// The role's credentials.
    pub(crate) async fn fetch(&self) -> Result<super::Credentials, CredentialsError> {
        let failed = |message: String| CredentialsError::failed(&self.origin, message);
        let token = tokio::fs::read_to_string(&self.token_file)
            .await
            .map_err(|error| {
                failed(format!(
                    "cannot read the web identity token file {}: {error}",
                    self.token_file.display()
                ))
            })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(failed(format!(
                "the web identity token file {} is empty",
                self.token_file.display()
            )));
        }
        self.sts
            .assume_role_with_web_identity(token, &self.role)
            .await
            .map_err(failed)
    }
}

impl ProvideCredentials for WebIdentity {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

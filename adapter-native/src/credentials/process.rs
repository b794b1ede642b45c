//! `credential_process`: a command that prints credentials as JSON
//! (`{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken",
//! "Expiration"}`).

use std::process::Stdio;

use serde_json::Value;

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials, document, http};

/// Runs a profile's `credential_process` through the shell.
#[derive(Debug)]
pub(crate) struct Process {
    pub(crate) command: String,
    /// How messages name this source.
    pub(crate) origin: String,
    /// The profile's `aws_account_id`, for output without an `AccountId`.
    pub(crate) account_id: Option<String>,
}

impl Process {
    /// Runs the command and reads what it prints. Its output is never
    /// quoted in an error: it holds the secret.
    pub(crate) async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let failed = |message: String| CredentialsError::failed(&self.origin, message);
        let mut command = if cfg!(windows) {
            let mut command = tokio::process::Command::new("cmd");
            command.arg("/C");
            command
        } else {
            let mut command = tokio::process::Command::new("sh");
            command.arg("-c");
            command
        };
        let output = command
            .arg(&self.command)
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .output()
            .await
            .map_err(|error| failed(format!("cannot run credential_process: {error}")))?;
        if !output.status.success() {
            return Err(failed(format!(
                "credential_process exited with {}: {}",
                output.status,
                http::excerpt(&String::from_utf8_lossy(&output.stderr))
            )));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let version = serde_json::from_str::<Value>(&stdout)
            .ok()
            .and_then(|json| json.get("Version").and_then(Value::as_u64));
        if version != Some(1) {
            return Err(failed(
                "credential_process must print JSON with \"Version\": 1".into(),
            ));
        }
        let credentials = document::read(&stdout, "SessionToken")
            .map_err(|message| failed(format!("credential_process output: {message}")))?;
        Ok(match credentials.account_id() {
            Some(_) => credentials,
            None => super::profile::with_account(credentials, self.account_id.clone()),
        })
    }
}

impl ProvideCredentials for Process {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn process(command: &str) -> Process {
        Process {
            command: command.into(),
            origin: "profile `p`".into(),
            account_id: None,
        }
    }

    #[tokio::test]
    async fn reads_version_1_json_with_expiration() {
        let json = r#"{"Version":1,"AccessKeyId":"ASIAP","SecretAccessKey":"S","SessionToken":"T","Expiration":"2026-12-01T16:00:00Z"}"#;
        let credentials = process(&format!("printf '%s' '{json}'"))
            .fetch()
            .await
            .unwrap();
        assert_eq!(credentials.access_key_id(), "ASIAP");
        assert_eq!(credentials.session_token(), Some("T"));
        assert_eq!(credentials.expiry(), Some(1_796_140_800));
    }

    #[tokio::test]
    async fn failures_say_why_without_quoting_the_output() {
        let error = process("echo 'denied' >&2; exit 3")
            .fetch()
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "profile `p`: credential_process exited with exit status: 3: denied"
        );
        let error = process(r#"echo '{"Version":2,"SecretAccessKey":"s3cr3t"}'"#)
            .fetch()
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("\"Version\": 1") && !error.to_string().contains("s3cr3t"),
            "{error}"
        );
    }
}

//! AWS credentials and where they are found.

use std::fmt;

use crate::config::{Env, var};
use crate::error::Error;
use crate::profile::LazyProfile;

/// An AWS access key pair, with a session token for temporary credentials.
///
/// `Debug` shows the access key ID but never the secret or the token.
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Credentials from an access key ID, a secret access key and, for
    /// temporary credentials, a session token.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
        }
    }

    /// The access key ID (`AKIA…` or `ASIA…`).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| REDACTED),
            )
            .finish()
    }
}

/// Profile keys that name a way of getting credentials this crate does not
/// implement; reported by name rather than as "no credentials".
const UNSUPPORTED_PROFILE_KEYS: [&str; 6] = [
    "role_arn",
    "credential_process",
    "sso_session",
    "sso_start_url",
    "web_identity_token_file",
    "credential_source",
];

/// The environment's credentials, else the profile's.
pub(crate) fn resolve(env: Env<'_>, profile: &mut LazyProfile<'_>) -> Result<Credentials, Error> {
    let from_env = pair(
        var(env, "AWS_ACCESS_KEY_ID"),
        var(env, "AWS_SECRET_ACCESS_KEY"),
        var(env, "AWS_SESSION_TOKEN"),
        || "the environment".into(),
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
    )?;
    if let Some(credentials) = from_env {
        return Ok(credentials);
    }
    let profile = profile.get()?;
    let from_profile = pair(
        profile.get("aws_access_key_id").map(Into::into),
        profile.get("aws_secret_access_key").map(Into::into),
        profile.get("aws_session_token").map(Into::into),
        || format!("profile `{}`", profile.name),
        ("aws_access_key_id", "aws_secret_access_key"),
    )?;
    if let Some(credentials) = from_profile {
        return Ok(credentials);
    }
    if let Some(setting) = UNSUPPORTED_PROFILE_KEYS
        .into_iter()
        .find(|key| profile.get(key).is_some())
    {
        return Err(Error::UnsupportedCredentials {
            profile: profile.name.clone(),
            setting: setting.into(),
        });
    }
    Err(Error::NoCredentials {
        profile: profile.name.clone(),
        credentials_file: profile.credentials_file.clone(),
    })
}

/// Both halves of a key pair, neither, or an error naming the missing half.
fn pair(
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    session_token: Option<String>,
    origin: impl FnOnce() -> String,
    (id_name, secret_name): (&'static str, &'static str),
) -> Result<Option<Credentials>, Error> {
    match (access_key_id, secret_access_key) {
        (Some(id), Some(secret)) => Ok(Some(Credentials::new(id, secret, session_token))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(Error::IncompleteCredentials {
            origin: origin(),
            missing: secret_name,
        }),
        (None, Some(_)) => Err(Error::IncompleteCredentials {
            origin: origin(),
            missing: id_name,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::tests::{env_of, temp_dir, write_aws_files};

    fn resolve_with(env: &dyn Fn(&str) -> Option<String>) -> Result<Credentials, Error> {
        resolve(env, &mut LazyProfile::new(env))
    }

    #[test]
    fn debug_redacts_secret_and_session_token() {
        let credentials = Credentials::new("AKIDEXAMPLE", "s3cr3t-key", Some("t0ken".into()));
        let debug = format!("{credentials:?}");
        assert_eq!(
            debug,
            r#"Credentials { access_key_id: "AKIDEXAMPLE", secret_access_key: "** redacted **", session_token: Some("** redacted **") }"#
        );
        assert!(!debug.contains("s3cr3t") && !debug.contains("t0ken"));
        let pretty = format!("{:#?}", Credentials::new("AKID", "s3cr3t-key", None));
        assert!(!pretty.contains("s3cr3t") && pretty.contains("session_token: None"));
    }

    #[test]
    fn environment_variables_come_before_the_profile() {
        let home = temp_dir("credentials-env-first");
        write_aws_files(
            &home,
            "",
            "[default]\naws_access_key_id = FILE\naws_secret_access_key = FILESECRET\n",
        );
        let env = env_of(&[
            ("HOME", home.to_str().unwrap()),
            ("AWS_ACCESS_KEY_ID", "ENVKEY"),
            ("AWS_SECRET_ACCESS_KEY", "ENVSECRET"),
            ("AWS_SESSION_TOKEN", "ENVTOKEN"),
        ]);
        let credentials = resolve_with(&env).unwrap();
        assert_eq!(credentials.access_key_id(), "ENVKEY");
        assert_eq!(credentials.secret_access_key(), "ENVSECRET");
        assert_eq!(credentials.session_token(), Some("ENVTOKEN"));
    }

    #[test]
    fn profile_from_aws_profile_is_read_from_the_credentials_file() {
        let home = temp_dir("credentials-profile");
        write_aws_files(
            &home,
            "",
            "[default]\naws_access_key_id = DEFAULT\naws_secret_access_key = DEFAULTSECRET\n\
             [work]\naws_access_key_id = WORK\naws_secret_access_key = WORKSECRET\n\
             aws_session_token = WORKTOKEN\n",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap()), ("AWS_PROFILE", "work")]);
        let credentials = resolve_with(&env).unwrap();
        assert_eq!(credentials.access_key_id(), "WORK");
        assert_eq!(credentials.secret_access_key(), "WORKSECRET");
        assert_eq!(credentials.session_token(), Some("WORKTOKEN"));

        let env = env_of(&[("HOME", home.to_str().unwrap())]);
        let credentials = resolve_with(&env).unwrap();
        assert_eq!(credentials.access_key_id(), "DEFAULT");
        assert_eq!(credentials.session_token(), None);
    }

    #[test]
    fn empty_environment_variables_count_as_unset() {
        let home = temp_dir("credentials-empty-env");
        write_aws_files(
            &home,
            "",
            "[default]\naws_access_key_id = FILE\naws_secret_access_key = S\n",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap()), ("AWS_ACCESS_KEY_ID", "")]);
        assert_eq!(resolve_with(&env).unwrap().access_key_id(), "FILE");
    }

    #[test]
    fn half_a_key_pair_is_an_error_naming_the_missing_half() {
        let env = env_of(&[("AWS_ACCESS_KEY_ID", "ENVKEY")]);
        let error = resolve_with(&env).unwrap_err();
        assert_eq!(
            error.to_string(),
            "incomplete AWS credentials in the environment: AWS_SECRET_ACCESS_KEY is missing"
        );

        let home = temp_dir("credentials-half");
        write_aws_files(&home, "", "[default]\naws_secret_access_key = S\n");
        let error = resolve_with(&env_of(&[("HOME", home.to_str().unwrap())])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "incomplete AWS credentials in profile `default`: aws_access_key_id is missing"
        );
    }

    #[test]
    fn no_credentials_names_the_profile_and_file() {
        let home = temp_dir("credentials-none");
        write_aws_files(
            &home,
            "",
            "[other]\naws_access_key_id = K\naws_secret_access_key = S\n",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap()), ("AWS_PROFILE", "missing")]);
        let error = resolve_with(&env).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "no AWS credentials found for profile `missing`: set AWS_ACCESS_KEY_ID and \
                 AWS_SECRET_ACCESS_KEY, add aws_access_key_id and aws_secret_access_key to \
                 [missing] in {}, or pass them with Config::credentials",
                home.join(".aws/credentials").display()
            )
        );
        let error = resolve_with(&env_of(&[])).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("[default] in ~/.aws/credentials"),
            "{error}"
        );
    }

    #[test]
    fn sso_and_role_profiles_are_reported_as_unsupported() {
        let home = temp_dir("credentials-sso");
        write_aws_files(
            &home,
            "[profile corp]\nsso_session = corp\nregion = us-east-1\n",
            "",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap()), ("AWS_PROFILE", "corp")]);
        let error = resolve_with(&env).unwrap_err();
        assert!(
            matches!(&error, Error::UnsupportedCredentials { setting, .. } if setting == "sso_session")
        );
        assert!(
            error
                .to_string()
                .contains("aws configure export-credentials --profile corp"),
            "{error}"
        );
    }
}

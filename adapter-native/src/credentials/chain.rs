//! The default chain: the first configured source, in the AWS SDKs' order.

use std::sync::Arc;

use super::container::{self, Container};
use super::imds::{self, Imds};
use super::profile::{pair, with_account};
use super::sts::{Role, Sts};
use super::web_identity::WebIdentity;
use super::{CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::env::{Env, flag, var};
use crate::error::Error;
use crate::profile::LazyProfile;

/// The provider of the first source the environment and profile configure
/// (see [the module docs](super)). When only IMDS is left, it is asked at
/// fetch time and its failure lists every source tried.
pub(crate) fn default_provider(
    env: Env<'_>,
    profile: &mut LazyProfile<'_>,
    region: &str,
) -> Result<Arc<dyn ProvideCredentials>, Error> {
    let mut tried: Vec<(String, String)> = Vec::new();

    let (id, secret) = (
        var(env, "AWS_ACCESS_KEY_ID"),
        var(env, "AWS_SECRET_ACCESS_KEY"),
    );
    if id.is_some() != secret.is_some() {
        return Err(Error::IncompleteCredentials {
            origin: "the environment".into(),
            missing: if id.is_none() {
                "AWS_ACCESS_KEY_ID"
            } else {
                "AWS_SECRET_ACCESS_KEY"
            },
        });
    }
    match pair(id, secret, var(env, "AWS_SESSION_TOKEN")) {
        Some(credentials) => {
            return Ok(Arc::new(with_account(
                credentials,
                var(env, "AWS_ACCOUNT_ID"),
            )));
        }
        None => tried.push((
            "environment".into(),
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set".into(),
        )),
    }

    let web_identity = "web identity token".to_string();
    match (
        var(env, "AWS_WEB_IDENTITY_TOKEN_FILE"),
        var(env, "AWS_ROLE_ARN"),
    ) {
        (Some(token_file), Some(arn)) => {
            let sts = Sts::new(env, Some(region), profile.get().ok())?;
            let role = Role::new(&arn, var(env, "AWS_ROLE_SESSION_NAME").as_deref());
            let origin = format!("{web_identity} ({token_file})");
            return Ok(Arc::new(WebIdentity {
                token_file: token_file.into(),
                role,
                sts,
                origin,
            }));
        }
        (None, _) => tried.push((
            web_identity,
            "AWS_WEB_IDENTITY_TOKEN_FILE is not set".into(),
        )),
        (Some(_), None) => tried.push((
            web_identity,
            "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not".into(),
        )),
    }

    let profile = profile.get()?;
    match super::profile::provider(env, profile, region)? {
        Some(provider) => return Ok(provider),
        None => {
            let files = [&profile.config_file, &profile.credentials_file]
                .into_iter()
                .flatten()
                .map(|path| path.display().to_string())
                .collect::<Vec<_>>();
            let files = if files.is_empty() {
                "no shared files (HOME is not set)".into()
            } else {
                files.join(" and ")
            };
            let reason = if profile.exists() {
                format!(
                    "it sets no aws_access_key_id, role_arn, sso_session, sso_start_url or credential_process (in {files})"
                )
            } else {
                format!("it is not in {files}")
            };
            tried.push((format!("profile `{}`", profile.name), reason));
        }
    }

    match Container::from_env(env)? {
        Some(container) => return Ok(Arc::new(container)),
        None => tried.push((
            container::ORIGIN.into(),
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set".into(),
        )),
    }

    if flag(env, "AWS_EC2_METADATA_DISABLED") {
        tried.push((
            imds::ORIGIN.into(),
            "AWS_EC2_METADATA_DISABLED is true".into(),
        ));
        return Err(Error::Credentials(CredentialsError::NotFound { tried }));
    }
    let imds = Imds::new(
        env,
        profile.get("ec2_metadata_service_endpoint"),
        profile.get("ec2_metadata_service_endpoint_mode"),
    )?;
    Ok(Arc::new(LastResort { imds, tried }))
}

/// IMDS at the end of the chain: when it has nothing, the error names every
/// source tried.
#[derive(Debug)]
struct LastResort {
    imds: Imds,
    tried: Vec<(String, String)>,
}

impl ProvideCredentials for LastResort {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            self.imds.fetch().await.map_err(|failure| {
                let mut tried = self.tried.clone();
                tried.push((imds::ORIGIN.into(), failure.to_string()));
                CredentialsError::NotFound { tried }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::{Credentials, block_on};
    use crate::profile::tests::{env_of, temp_dir, write_aws_files};

    /// The chain's provider for `env`, and what it gives.
    fn fetch(env: &dyn Fn(&str) -> Option<String>) -> Result<Credentials, String> {
        let provider = default_provider(env, &mut LazyProfile::new(env), "us-east-1")
            .map_err(|e| e.to_string())?;
        block_on(provider.provide_credentials()).map_err(|e| e.to_string())
    }

    #[test]
    fn environment_variables_come_before_the_profile() {
        let home = temp_dir("chain-env-first");
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
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent"),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/r"),
        ]);
        let credentials = fetch(&env).unwrap();
        assert_eq!(
            credentials,
            Credentials::new("ENVKEY", "ENVSECRET", Some("ENVTOKEN".into()))
        );
    }

    #[test]
    fn profile_from_aws_profile_is_read_from_the_credentials_file() {
        let home = temp_dir("chain-profile");
        write_aws_files(
            &home,
            "",
            "[default]\naws_access_key_id = DEFAULT\naws_secret_access_key = DEFAULTSECRET\n\
             [work]\naws_access_key_id = WORK\naws_secret_access_key = WORKSECRET\n\
             aws_session_token = WORKTOKEN\n",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap()), ("AWS_PROFILE", "work")]);
        assert_eq!(
            fetch(&env).unwrap(),
            Credentials::new("WORK", "WORKSECRET", Some("WORKTOKEN".into()))
        );
        let env = env_of(&[("HOME", home.to_str().unwrap())]);
        assert_eq!(
            fetch(&env).unwrap(),
            Credentials::new("DEFAULT", "DEFAULTSECRET", None)
        );
    }

    #[test]
    fn empty_environment_variables_count_as_unset() {
        let home = temp_dir("chain-empty-env");
        write_aws_files(
            &home,
            "",
            "[default]\naws_access_key_id = FILE\naws_secret_access_key = S\n",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap()), ("AWS_ACCESS_KEY_ID", "")]);
        assert_eq!(fetch(&env).unwrap().access_key_id(), "FILE");
    }

    #[test]
    fn half_a_key_pair_is_an_error_naming_the_missing_half() {
        let env = env_of(&[("AWS_ACCESS_KEY_ID", "ENVKEY")]);
        assert_eq!(
            fetch(&env).unwrap_err(),
            "incomplete AWS credentials in the environment: AWS_SECRET_ACCESS_KEY is missing"
        );
        let home = temp_dir("chain-half");
        write_aws_files(&home, "", "[default]\naws_secret_access_key = S\n");
        assert_eq!(
            fetch(&env_of(&[("HOME", home.to_str().unwrap())])).unwrap_err(),
            "incomplete AWS credentials in profile `default`: aws_access_key_id is missing"
        );
    }

    #[test]
    fn nothing_configured_lists_each_source_and_why() {
        let home = temp_dir("chain-none");
        write_aws_files(&home, "[profile other]\nregion = eu-west-1\n", "");
        let env = env_of(&[
            ("HOME", home.to_str().unwrap()),
            ("AWS_PROFILE", "missing"),
            ("AWS_EC2_METADATA_DISABLED", "TRUE"),
        ]);
        let aws = home.join(".aws");
        assert_eq!(
            fetch(&env).unwrap_err(),
            format!(
                "no AWS credentials found; tried, in order:\n  \
                 - environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set\n  \
                 - web identity token: AWS_WEB_IDENTITY_TOKEN_FILE is not set\n  \
                 - profile `missing`: it is not in {} and {}\n  \
                 - container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and \
                 AWS_CONTAINER_CREDENTIALS_FULL_URI are not set\n  \
                 - EC2 instance metadata (IMDSv2): AWS_EC2_METADATA_DISABLED is true\n\
                 set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile (`aws \
                 configure`, `aws sso login`), or pass credentials with Config::credentials",
                aws.join("config").display(),
                aws.join("credentials").display()
            )
        );
    }

    #[test]
    fn an_imds_that_refuses_connections_ends_the_chain_with_every_reason() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let endpoint = format!("http://{closed}");
        let env = env_of(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &endpoint)]);
        let error = fetch(&env).unwrap_err();
        assert!(
            error.contains("- profile `default`: it is not in no shared files (HOME is not set)"),
            "{error}"
        );
        assert!(
            error.contains(&format!(
                "- EC2 instance metadata (IMDSv2): no answer from {endpoint}/ (session token): "
            )),
            "{error}"
        );
    }

    #[test]
    fn role_profiles_report_broken_source_chains() {
        let home = temp_dir("chain-role-errors");
        write_aws_files(
            &home,
            "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n\
             [profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n\
             [profile lonely]\nrole_arn = arn:aws:iam::1:role/c\n\
             [profile orphan]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = nowhere\n\
             [profile odd]\nrole_arn = arn:aws:iam::1:role/c\ncredential_source = Moon\n",
            "",
        );
        let error = |profile: &str| {
            fetch(&env_of(&[
                ("HOME", home.to_str().unwrap()),
                ("AWS_PROFILE", profile),
            ]))
            .unwrap_err()
        };
        assert_eq!(
            error("a"),
            "profile `b`: source_profile `a` leads back to a profile already in the chain (a → b)"
        );
        assert_eq!(
            error("lonely"),
            "profile `lonely`: role_arn needs source_profile, credential_source or web_identity_token_file"
        );
        assert_eq!(
            error("orphan"),
            "profile `orphan`: its source_profile `nowhere` does not exist"
        );
        assert_eq!(
            error("odd"),
            "profile `odd`: credential_source `Moon` is not Environment, Ec2InstanceMetadata or EcsContainer"
        );
    }

    #[test]
    fn sso_profiles_need_their_session_section() {
        let home = temp_dir("chain-sso-errors");
        write_aws_files(
            &home,
            "[profile corp]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n",
            "",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap()), ("AWS_PROFILE", "corp")]);
        assert_eq!(
            fetch(&env).unwrap_err(),
            "profile `corp`: its sso_session `corp` has no [sso-session corp] section"
        );
    }

    #[test]
    fn credential_process_profiles_run_the_command() {
        let home = temp_dir("chain-process");
        let json = r#"{"Version": 1, "AccessKeyId": "PROC", "SecretAccessKey": "S"}"#;
        write_aws_files(
            &home,
            &format!("[default]\ncredential_process = echo '{json}'\n"),
            "",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap())]);
        assert_eq!(fetch(&env).unwrap(), Credentials::new("PROC", "S", None));
    }

    #[test]
    fn a_role_that_needs_an_mfa_code_is_refused_before_sts_is_asked() {
        let home = temp_dir("chain-mfa");
        write_aws_files(
            &home,
            "[profile admin]\nrole_arn = arn:aws:iam::1:role/admin\nsource_profile = default\n\
             mfa_serial = arn:aws:iam::1:mfa/me\n",
            "[default]\naws_access_key_id = K\naws_secret_access_key = S\n",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap()), ("AWS_PROFILE", "admin")]);
        let error = fetch(&env).unwrap_err();
        assert!(
            error.starts_with("profile `admin`: its role needs an MFA code from arn:aws:iam::1:mfa/me (mfa_serial)"),
            "{error}"
        );
    }

    /// The account a source names goes with its credentials (it picks
    /// DynamoDB's account-based endpoint): `AWS_ACCOUNT_ID` with the
    /// environment's keys, `aws_account_id` with a profile's, the
    /// `AccountId` a `credential_process` prints, else its profile's.
    #[test]
    fn each_source_s_account_goes_with_its_credentials() {
        let home = temp_dir("chain-account");
        let json = r#"{"Version": 1, "AccessKeyId": "PROC", "SecretAccessKey": "S", "AccountId": "444455556666"}"#;
        let plain = r#"{"Version": 1, "AccessKeyId": "PROC", "SecretAccessKey": "S"}"#;
        write_aws_files(
            &home,
            &format!(
                "[profile printed]\ncredential_process = echo '{json}'\naws_account_id = 1\n\
                 [profile process]\ncredential_process = echo '{plain}'\naws_account_id = 777788889999\n"
            ),
            "[default]\naws_access_key_id = FILE\naws_secret_access_key = S\naws_account_id = 222233334444\n",
        );
        let home = home.to_str().unwrap();
        let account = |pairs: &[(&str, &str)]| {
            let mut all = vec![("HOME", home)];
            all.extend_from_slice(pairs);
            fetch(&env_of(&all))
                .unwrap()
                .account_id()
                .map(str::to_owned)
        };
        let keys = [("AWS_ACCESS_KEY_ID", "ENV"), ("AWS_SECRET_ACCESS_KEY", "S")];
        assert_eq!(
            account(&[keys[0], keys[1], ("AWS_ACCOUNT_ID", "111122223333")]).as_deref(),
            Some("111122223333")
        );
        assert_eq!(
            account(&[keys[0], keys[1], ("AWS_ACCOUNT_ID", "")]),
            None,
            "empty is unset"
        );
        assert_eq!(account(&keys), None);
        assert_eq!(account(&[]).as_deref(), Some("222233334444"));
        assert_eq!(
            account(&[("AWS_PROFILE", "printed")]).as_deref(),
            Some("444455556666")
        );
        assert_eq!(
            account(&[("AWS_PROFILE", "process")]).as_deref(),
            Some("777788889999")
        );
    }
}

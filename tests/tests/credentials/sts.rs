//! STS through moto's server (`moto_server`): AssumeRoleWithWebIdentity for
//! a web identity token file (EKS IRSA), and AssumeRole for profiles with
//! `role_arn` (from a `source_profile`, and chained through two roles).

use rynamo_native::Config;

use super::{client_and_cache, list_tables, temp_home, vars};

const ROLE: &str = "arn:aws:iam::123456789012:role/rynamo-test";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_identity_token_file_assumes_the_role_through_sts() {
    let home = temp_home("sts-web-identity");
    let token_file = home.join("token");
    std::fs::write(&token_file, "eyJhbGciOiJSUzI1NiJ9.payload.signature\n").unwrap();
    let config = Config::from_vars(vars(
        &home,
        &[
            ("AWS_ENDPOINT_URL_STS", rynamo_tests::moto::endpoint()),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.to_str().unwrap()),
            ("AWS_ROLE_ARN", ROLE),
            ("AWS_ROLE_SESSION_NAME", "irsa"),
        ],
    ));
    let (client, cache) = client_and_cache(config);
    let credentials = cache.credentials().await.unwrap();
    assert!(
        credentials.access_key_id().starts_with("ASIA"),
        "{credentials:?}"
    );
    assert!(credentials.session_token().is_some_and(|t| !t.is_empty()));
    assert!(credentials.expiry().is_some(), "STS credentials expire");
    list_tables(&client).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn role_profiles_assume_roles_through_sts_from_their_source_profile() {
    let home = temp_home("sts-profiles");
    std::fs::write(
        home.join(".aws/config"),
        format!(
            "[profile admin]\nrole_arn = {ROLE}\nsource_profile = base\nrole_session_name = admin\n\
             [profile chained]\nrole_arn = arn:aws:iam::123456789012:role/second\nsource_profile = admin\n"
        ),
    )
    .unwrap();
    std::fs::write(
        home.join(".aws/credentials"),
        "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n",
    )
    .unwrap();
    for profile in ["admin", "chained"] {
        let pairs = [
            ("AWS_ENDPOINT_URL_STS", rynamo_tests::moto::endpoint()),
            ("AWS_PROFILE", profile),
        ];
        let (client, cache) = client_and_cache(Config::from_vars(vars(&home, &pairs)));
        let credentials = cache
            .credentials()
            .await
            .unwrap_or_else(|e| panic!("{profile}: {e}"));
        assert!(
            credentials.access_key_id().starts_with("ASIA"),
            "{profile}: {credentials:?}"
        );
        assert!(
            credentials.expiry().is_some(),
            "{profile}: STS credentials expire"
        );
        list_tables(&client).await.unwrap();
    }
}

/// `credential_source = Ec2InstanceMetadata`: the instance role's
/// credentials (a loopback IMDSv2) sign the `AssumeRole` call to moto.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credential_source_instance_metadata_assumes_the_role_through_sts() {
    let imds = super::imds::metadata_service();
    let home = temp_home("sts-credential-source");
    std::fs::write(
        home.join(".aws/config"),
        format!("[default]\nrole_arn = {ROLE}\ncredential_source = Ec2InstanceMetadata\n"),
    )
    .unwrap();
    let config = Config::from_vars(vars(
        &home,
        &[
            ("AWS_ENDPOINT_URL_STS", rynamo_tests::moto::endpoint()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()),
        ],
    ));
    let (client, cache) = client_and_cache(config);
    let credentials = cache.credentials().await.unwrap();
    assert!(
        credentials.access_key_id().starts_with("ASIA"),
        "{credentials:?}"
    );
    assert_ne!(
        credentials.access_key_id(),
        "ASIAIMDS",
        "the role's, not the instance's"
    );
    assert_eq!(
        imds.requests().len(),
        3,
        "the instance credentials were fetched"
    );
    list_tables(&client).await.unwrap();
}

//! Sources that need no service: environment keys, static profile keys,
//! `credential_process`; and SSO against a loopback portal following the
//! documented `GetRoleCredentials` contract (moto has no SSO portal).

use rynamo_native::Config;
use rynamo_tests::loopback::{LoopbackServer, Reply};

use super::{client_and_cache, iso_in, list_tables, temp_home, vars};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn environment_keys_with_a_session_token_sign_a_dynamodb_request() {
    let home = temp_home("environment");
    std::fs::write(
        home.join(".aws/credentials"),
        "[default]\naws_access_key_id = FILE\naws_secret_access_key = F\n",
    )
    .unwrap();
    let config = Config::from_vars(vars(
        &home,
        &[
            ("AWS_ACCESS_KEY_ID", "ASIAENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
            ("AWS_SESSION_TOKEN", "env-token"),
        ],
    ));
    let (client, cache) = client_and_cache(config);
    let credentials = cache.credentials().await.unwrap();
    assert_eq!(
        (credentials.access_key_id(), credentials.session_token()),
        ("ASIAENV", Some("env-token"))
    );
    list_tables(&client).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_profile_keys_and_credential_process_sign_dynamodb_requests() {
    let home = temp_home("profile-static-process");
    let json = format!(
        r#"{{"Version": 1, "AccessKeyId": "ASIAPROC", "SecretAccessKey": "p", "SessionToken": "pt", "Expiration": "{}"}}"#,
        iso_in(3600)
    );
    std::fs::write(
        home.join(".aws/config"),
        format!("[profile tool]\ncredential_process = echo '{json}'\n"),
    )
    .unwrap();
    std::fs::write(
        home.join(".aws/credentials"),
        "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = d\naws_session_token = dt\n",
    )
    .unwrap();
    for (profile, key) in [("dev", "AKIADEV"), ("tool", "ASIAPROC")] {
        let config = Config::from_vars(vars(&home, &[("AWS_PROFILE", profile)]));
        let (client, cache) = client_and_cache(config);
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), key);
        list_tables(&client).await.unwrap();
    }
}

/// The portal: `GET /federation/credentials?role_name=&account_id=` with
/// the cached token in `x-amz-sso_bearer_token`; expiry in milliseconds.
fn portal() -> LoopbackServer {
    LoopbackServer::start(|request| {
        if request.header("x-amz-sso_bearer_token") != Some("cached-sso-token") {
            return Reply::new(401, r#"{"message":"Session token not found or invalid"}"#);
        }
        if request.path != "/federation/credentials?role_name=ReadOnly&account_id=111122223333" {
            return Reply::new(404, r#"{"message":"No access"}"#);
        }
        let expiration = (std::time::SystemTime::now() + std::time::Duration::from_secs(3600))
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis();
        Reply::new(
            200,
            format!(
                r#"{{"roleCredentials":{{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret","sessionToken":"sso-token","expiration":{expiration}}}}}"#
            ),
        )
    })
}

/// Writes the token `aws sso login` would cache for `key`.
fn cache_token(home: &std::path::Path, key: &str, expires_at: &str) {
    let dir = home.join(".aws/sso/cache");
    std::fs::create_dir_all(&dir).unwrap();
    let name = sha1_hex(key);
    std::fs::write(
        dir.join(format!("{name}.json")),
        format!(r#"{{"startUrl":"https://corp.awsapps.com/start","region":"eu-west-1","accessToken":"cached-sso-token","expiresAt":"{expires_at}"}}"#),
    )
    .unwrap();
}

/// SHA-1 in hex, through python3 (the harness's own tool), so the file
/// name is computed independently of the code under test.
fn sha1_hex(text: &str) -> String {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import hashlib,sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())",
            text,
        ])
        .output()
        .expect("python3");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sso_session_and_legacy_sso_profiles_get_role_credentials_from_the_portal() {
    let portal = portal();
    let home = temp_home("sso");
    std::fs::write(
        home.join(".aws/config"),
        "[profile modern]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n\
         [sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://corp.awsapps.com/start\n\
         [profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = eu-west-1\n\
         sso_account_id = 111122223333\nsso_role_name = ReadOnly\n",
    )
    .unwrap();
    cache_token(&home, "corp", &iso_in(3600));
    cache_token(&home, "https://legacy.awsapps.com/start", &iso_in(3600));
    for profile in ["modern", "legacy"] {
        let config = Config::from_vars(vars(
            &home,
            &[
                ("AWS_PROFILE", profile),
                ("AWS_ENDPOINT_URL_SSO", portal.url()),
            ],
        ));
        let (client, cache) = client_and_cache(config);
        let credentials = cache
            .credentials()
            .await
            .unwrap_or_else(|e| panic!("{profile}: {e}"));
        assert_eq!(credentials.access_key_id(), "ASIASSO");
        assert!(credentials.expiry().is_some());
        list_tables(&client).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_sso_token_says_to_log_in_again() {
    let portal = portal();
    let home = temp_home("sso-expired");
    std::fs::write(
        home.join(".aws/config"),
        "[default]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n\
         [sso-session corp]\nsso_region = eu-west-1\n",
    )
    .unwrap();
    cache_token(&home, "corp", "2020-01-01T00:00:00Z");
    let config = Config::from_vars(vars(&home, &[("AWS_ENDPOINT_URL_SSO", portal.url())]));
    let (_client, cache) = client_and_cache(config);
    let error = cache.credentials().await.unwrap_err().to_string();
    assert_eq!(
        error,
        "profile `default` (SSO): the cached SSO token has expired: run `aws sso login --profile default`"
    );
    assert!(portal.requests().is_empty(), "an expired token is not sent");
}

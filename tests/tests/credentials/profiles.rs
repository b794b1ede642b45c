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

/// SSO OIDC's `CreateToken` for a refresh token (the documented contract):
/// `POST /token` with JSON; refuses any other refresh token.
fn oidc(refresh_token: &'static str) -> LoopbackServer {
    LoopbackServer::start(move |request| {
        let body: serde_json::Value = serde_json::from_str(&request.body).unwrap_or_default();
        let expected = serde_json::json!({
            "clientId": "client-id",
            "clientSecret": "client-secret",
            "grantType": "refresh_token",
            "refreshToken": refresh_token,
        });
        if request.method != "POST" || request.path != "/token" || body != expected {
            return Reply::new(
                400,
                r#"{"error":"invalid_grant","error_description":"Invalid refresh token provided"}"#,
            );
        }
        Reply::new(
            200,
            r#"{"accessToken":"refreshed-sso-token","expiresIn":28800,"refreshToken":"rotated-refresh-token","tokenType":"Bearer"}"#,
        )
    })
}

/// The portal of [`portal`], accepting the token `token`.
fn portal_for(token: &'static str) -> LoopbackServer {
    LoopbackServer::start(move |request| {
        if request.header("x-amz-sso_bearer_token") != Some(token) {
            return Reply::new(401, r#"{"message":"Session token not found or invalid"}"#);
        }
        Reply::new(
            200,
            r#"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret","sessionToken":"sso-token","expiration":4102444800000}}"#,
        )
    })
}

/// Writes what `aws sso login` caches for an sso-session: the token, its
/// expiry, and the client registration and refresh token to renew it with.
fn cache_refreshable_token(
    home: &std::path::Path,
    key: &str,
    expires_at: &str,
) -> std::path::PathBuf {
    let file = home.join(format!(".aws/sso/cache/{}.json", sha1_hex(key)));
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let registration = iso_in(30 * 24 * 3600);
    std::fs::write(
        &file,
        format!(
            r#"{{"startUrl":"https://corp.awsapps.com/start","region":"eu-west-1","accessToken":"cached-sso-token","expiresAt":"{expires_at}","clientId":"client-id","clientSecret":"client-secret","registrationExpiresAt":"{registration}","refreshToken":"cached-refresh-token"}}"#
        ),
    )
    .unwrap();
    file
}

const SSO_SESSION: &str = "[default]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n\
     [sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://corp.awsapps.com/start\n";

/// A token within five minutes of its expiry (or past it) is refreshed
/// through SSO OIDC with the cached refresh token, and the cache file is
/// updated as the AWS CLI would: the new token, its expiry, the rotated
/// refresh token, the other fields kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expiring_sso_token_is_refreshed_and_the_cache_file_updated() {
    for (case, expires_at) in [
        ("soon", iso_in(60)),
        ("expired", "2020-01-01T00:00:00Z".to_string()),
    ] {
        let (oidc, portal) = (
            oidc("cached-refresh-token"),
            portal_for("refreshed-sso-token"),
        );
        let home = temp_home(&format!("sso-refresh-{case}"));
        std::fs::write(home.join(".aws/config"), SSO_SESSION).unwrap();
        let file = cache_refreshable_token(&home, "corp", &expires_at);
        let config = Config::from_vars(vars(
            &home,
            &[
                ("AWS_ENDPOINT_URL_SSO", portal.url()),
                ("AWS_ENDPOINT_URL_SSO_OIDC", oidc.url()),
            ],
        ));
        let (client, cache) = client_and_cache(config);
        let credentials = cache
            .credentials()
            .await
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(credentials.access_key_id(), "ASIASSO", "{case}");
        list_tables(&client).await.unwrap();
        assert_eq!(oidc.requests().len(), 1, "{case}");
        let cached: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(cached["accessToken"], "refreshed-sso-token", "{case}");
        assert_eq!(cached["refreshToken"], "rotated-refresh-token", "{case}");
        assert_eq!(cached["clientSecret"], "client-secret", "{case}: kept");
        assert_eq!(
            cached["startUrl"], "https://corp.awsapps.com/start",
            "{case}: kept"
        );
        // Eight hours from now, give or take this test's seconds.
        let expires = cached["expiresAt"].as_str().unwrap().to_string();
        let (low, high) = (iso_in(28800 - 60), iso_in(28800 + 60));
        assert!(
            low <= expires && expires <= high,
            "{case}: {expires} not in {low}..{high}"
        );
    }
}

/// A refresh SSO OIDC refuses: a token still valid is used (and the file
/// left alone); an expired one is an error that says why and how to log in
/// again, and quotes no token or secret.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_sso_refresh_uses_a_valid_token_and_explains_an_expired_one() {
    let oidc = oidc("some-other-refresh-token");
    let portal = portal_for("cached-sso-token");
    let home = temp_home("sso-refresh-refused");
    std::fs::write(home.join(".aws/config"), SSO_SESSION).unwrap();
    let pairs = [
        ("AWS_ENDPOINT_URL_SSO", portal.url()),
        ("AWS_ENDPOINT_URL_SSO_OIDC", oidc.url()),
    ];
    let file = cache_refreshable_token(&home, "corp", &iso_in(60));
    let before = std::fs::read_to_string(&file).unwrap();
    let (_client, cache) = client_and_cache(Config::from_vars(vars(&home, &pairs)));
    let credentials = cache.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIASSO");
    assert_eq!(oidc.requests().len(), 1, "the refresh was tried");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);

    cache_refreshable_token(&home, "corp", "2020-01-01T00:00:00Z");
    let (_client, cache) = client_and_cache(Config::from_vars(vars(&home, &pairs)));
    let error = cache.credentials().await.unwrap_err().to_string();
    assert!(
        error.starts_with("profile `default` (SSO): the cached SSO token has expired and could not be refreshed (CreateToken at ")
            && error.contains("HTTP 400")
            && error.contains("invalid_grant")
            && error.ends_with("run `aws sso login --profile default`"),
        "{error}"
    );
    for secret in ["cached-sso-token", "client-secret", "cached-refresh-token"] {
        assert!(!error.contains(secret), "{error}");
    }
    assert_eq!(
        portal.requests().len(),
        1,
        "the expired token was never sent"
    );
}

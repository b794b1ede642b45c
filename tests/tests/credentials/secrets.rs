//! Secret keys and tokens never appear in `Debug`, `Display` or errors.

use rynamo_native::{Client, Config, Credentials};
use rynamo_tests::loopback::{LoopbackServer, Reply};

use super::{client_and_cache, list_tables, temp_home, vars};

const SECRET: &str = "wJalrXUtnFEMI-SECRET";
const TOKEN: &str = "FwoGZXIvYXdz-TOKEN";

fn assert_clean(text: &str) {
    assert!(
        !text.contains(SECRET) && !text.contains(TOKEN),
        "a secret leaked: {text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_of_credentials_config_client_and_cache_shows_no_secret() {
    let credentials = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.into()));
    assert_clean(&format!("{credentials:?} {credentials:#?}"));
    let home = temp_home("secrets-debug");
    let explicit = Config::from_vars(vars(&home, &[])).credentials(credentials);
    assert_clean(&format!("{explicit:?}"));
    let from_env = Config::from_vars(vars(
        &home,
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
        ],
    ));
    let (client, cache) = client_and_cache(from_env.clone());
    let fetched = cache.credentials().await.unwrap();
    assert_eq!(fetched.secret_access_key(), SECRET);
    assert_clean(&format!("{from_env:?} {client:?} {cache:?} {fetched:?}"));
    assert_clean(&format!("{:?}", Client::new(from_env).unwrap()));
    list_tables(&client).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_about_malformed_replies_and_files_quote_no_secret() {
    // A container reply that has a secret but lacks a field.
    let server = LoopbackServer::start(|_| {
        Reply::new(
            200,
            format!(
                r#"{{"AccessKeyId":"ASIA1","Token":"{TOKEN}","SecretAccessKey":"","Extra":"{SECRET}"}}"#
            ),
        )
    });
    let home = temp_home("secrets-errors");
    let config = Config::from_vars(vars(
        &home,
        &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url())],
    ));
    let (client, cache) = client_and_cache(config);
    let error = cache.credentials().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "container credentials: {}/: the reply has no `SecretAccessKey`",
            server.url()
        )
    );
    assert_clean(&format!("{error} {error:?}"));
    let error = list_tables(&client).await.unwrap_err();
    assert_clean(&error);

    // A credentials file with a malformed line holding a secret.
    std::fs::write(
        home.join(".aws/credentials"),
        format!("[default]\naws_secret_access_key {SECRET}\n"),
    )
    .unwrap();
    let error = Client::new(Config::from_vars(vars(&home, &[]))).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with(":2: expected `[section]`, `key = value` or a comment"),
        "{error}"
    );
    assert_clean(&format!("{error} {error:?}"));
}

//! The native client against hostile servers (`rynamo_tests::hostile`):
//! each misbehaviour ends in a typed error, with short error text and no
//! request secret in it. No DynamoDB is needed: every server here is a
//! loopback server of the tests' own.

use std::time::Duration;

use rynamo_core::Model;
use rynamo_core::error::Error;
use rynamo_core::transport::TransportErrorKind;
use rynamo_native::{Client, Config, Credentials};
use rynamo_tests::hostile::{FloodServer, echoing_server, endless_pages};
use rynamo_tests::loopback::{LoopbackServer, Reply};

#[derive(Model, Debug, Clone, PartialEq)]
#[rynamo(table = "things")]
struct Thing {
    #[rynamo(hash_key)]
    id: String,
    name: Option<String>,
}

const TOKEN: &str = "FwoGZXIvYXdzEJr//////////wEaDSECRETSESSIONTOKEN+x/y==";

fn client(endpoint: &str, adjust: impl FnOnce(Config) -> Config) -> Client {
    let config = Config::from_env()
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(Credentials::new(
            "AKIDHOSTILE",
            "secret",
            Some(TOKEN.into()),
        ))
        .timeout(Duration::from_secs(30));
    Client::new(adjust(config)).expect("a client")
}

fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn fresh_resume_keys_forever_end_count_and_all_at_the_page_budget() {
    let server = endless_pages("id");
    let db = client(server.url(), |c| c);
    run(async {
        let err = Thing::scan().max_pages(40).count(&db).await.unwrap_err();
        assert_eq!(err, Error::PageBudgetExceeded { pages: 40 });
        assert_eq!(server.requests().len(), 40, "no request past the budget");
        let err = Thing::query("a".to_string())
            .max_pages(25)
            .all(&db)
            .await
            .unwrap_err();
        assert_eq!(err, Error::PageBudgetExceeded { pages: 25 });
        assert_eq!(server.requests().len(), 65);
        assert!(err.to_string().contains("25 pages"), "{err}");
    });
}

/// The transport error of `result`, which must be one.
fn transport_error<T: std::fmt::Debug>(
    result: Result<T, Error>,
) -> rynamo_core::transport::TransportError {
    match result {
        Err(Error::Transport(e)) => e,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

const FLOOD: u64 = 200 * 1024 * 1024;

#[test]
fn a_200_mb_reply_without_a_length_is_refused_without_reading_it_whole() {
    let server = FloodServer::start(FLOOD, false);
    let db = client(server.url(), |c| c.max_reply_bytes(1024 * 1024));
    let err = transport_error(run(Thing::scan().pages(&db).next()));
    assert_eq!(err.kind(), TransportErrorKind::ReplyTooLarge, "{err}");
    assert!(!err.is_retryable());
    assert!(err.to_string().len() < 200, "{err}");
    // The client hung up early: far less than the body was ever written
    // (socket buffers take a few MB the client never reads).
    std::thread::sleep(Duration::from_millis(200));
    assert!(server.sent() < FLOOD / 4, "{} bytes sent", server.sent());
}

#[test]
fn a_reply_declaring_200_mb_is_refused_at_once_with_the_default_limit() {
    let server = FloodServer::start(FLOOD, true);
    let db = client(server.url(), |c| c);
    let err = transport_error(run(Thing::get("a".to_string()).send(&db)));
    assert_eq!(err.kind(), TransportErrorKind::ReplyTooLarge, "{err}");
    assert!(err.message().contains("67108864"), "{err}");
    std::thread::sleep(Duration::from_millis(200));
    assert!(server.sent() < FLOOD / 4, "{} bytes sent", server.sent());
}

#[test]
fn a_reply_within_the_limit_is_read() {
    let server = FloodServer::start(100_000, false);
    let db = client(server.url(), |c| c.max_reply_bytes(100_000));
    let page = run(Thing::scan().pages(&db).next()).unwrap().unwrap();
    assert!(page.items.is_empty());
}

#[test]
fn a_huge_error_message_and_number_are_cut_short_in_errors() {
    let message = "m".repeat(16 * 1024 * 1024);
    let body = format!(
        r#"{{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"{message}"}}"#
    );
    let huge_message = LoopbackServer::start(move |_| Reply::new(400, body.clone()));
    let db = client(huge_message.url(), |c| c);
    let err = run(Thing::get("a".to_string()).send(&db)).unwrap_err();
    assert!(matches!(err, Error::Service(_)), "{err:?}");
    assert!(
        err.to_string().len() < 1200,
        "{} bytes",
        err.to_string().len()
    );
    assert!(format!("{err:?}").len() < 1400);
    assert!(err.to_string().ends_with("bytes cut)"), "{err}");

    let html = LoopbackServer::start(|_| Reply::new(502, "<html>".repeat(1_000_000)));
    let db = client(html.url(), |c| c);
    let err = run(Thing::get("a".to_string()).send(&db)).unwrap_err();
    assert!(
        err.to_string().len() < 1200,
        "{} bytes",
        err.to_string().len()
    );

    let digits = "9".repeat(1_000_000);
    let body = format!(r#"{{"Item":{{"id":{{"S":"a"}},"name":{{"N":"{digits}"}}}}}}"#);
    let number = LoopbackServer::start(move |_| Reply::new(200, body.clone()));
    let db = client(number.url(), |c| c);
    let err = run(db.send(&rynamo_core::op::GetItem::new(
        "things",
        rynamo_core::Key::hash("id", rynamo_core::AttributeValue::S("a".into())),
    )))
    .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().len() < 300, "{err}");
}

#[test]
fn an_echoed_signature_and_session_token_never_reach_display_or_debug() {
    let server = echoing_server();
    let db = client(server.url(), |c| c);
    let err = run(Thing::get("a".to_string()).send(&db)).unwrap_err();
    let sent = &server.requests()[0];
    let authorization = sent.header("authorization").unwrap();
    let signature = authorization.rsplit("Signature=").next().unwrap();
    assert_eq!(sent.header("x-amz-security-token"), Some(TOKEN));
    assert_eq!(signature.len(), 64, "{authorization}");
    let Error::Service(service) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        service.code(),
        rynamo_core::error::ErrorCode::InvalidSignature
    );
    for text in [
        err.to_string(),
        format!("{err:?}"),
        service.message().to_string(),
    ] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(!text.contains("SECRETSESSIONTOKEN"), "{text}");
        assert!(!text.contains(signature), "{text}");
        // What helps to debug a signature stays.
        assert!(text.contains("Credential=AKIDHOSTILE/"), "{text}");
        assert!(text.contains("x-amz-security-token:<redacted>"), "{text}");
        assert!(text.contains("signature we calculated"), "{text}");
    }
    assert!(
        err.to_string()
            .starts_with("InvalidSignatureException (HTTP 400): "),
        "{err}"
    );
}

#[test]
fn a_redirect_is_a_typed_error_and_never_followed() {
    let target = LoopbackServer::start(|_| Reply::new(200, "{}"));
    let location = target.url().to_string();
    let redirecting =
        LoopbackServer::start(move |_| Reply::new(307, "").header("location", &location));
    let db = client(redirecting.url(), |c| c);
    let err = transport_error(run(Thing::get("a".to_string()).send(&db)));
    assert_eq!(err.kind(), TransportErrorKind::Request, "{err}");
    assert!(err.message().contains("redirect (HTTP 307)"), "{err}");
    assert!(err.message().contains(target.url()), "{err}");
    assert_eq!(redirecting.requests().len(), 1, "not retried");
    assert!(target.requests().is_empty());
}

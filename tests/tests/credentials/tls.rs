//! A DynamoDB endpoint behind TLS signed by a private certificate authority,
//! as a TLS-inspecting proxy or a private endpoint presents: trusted through
//! `AWS_CA_BUNDLE` or the profile's `ca_bundle` (besides the built-in
//! roots), refused without. The endpoint is a loopback TLS terminator in
//! front of DynamoDB Local, with the test CA of `tests/fixtures/tls/` (its
//! signing key was discarded once the server certificate was made).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rynamo_native::{Config, Error};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::{client_and_cache, list_tables, temp_home, vars};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/tls")
        .join(name)
}

/// `https://localhost:PORT`, terminating TLS with the test CA's server
/// certificate and passing the bytes on to DynamoDB Local; and the count of
/// connections it accepted.
async fn tls_endpoint() -> (String, Arc<AtomicUsize>) {
    let certificates = CertificateDer::pem_file_iter(fixture("server.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(fixture("server.key")).unwrap();
    let config = ServerConfig::builder_with_provider(Arc::new(
        tokio_rustls::rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certificates, key)
    .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream = rynamo_tests::endpoint()
        .trim_start_matches("http://")
        .to_owned();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let (acceptor, upstream) = (acceptor.clone(), upstream.clone());
            tokio::spawn(async move {
                // A client that does not trust the CA ends the handshake.
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let Ok(mut plain) = TcpStream::connect(upstream.as_str()).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    (format!("https://localhost:{port}"), connections)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_private_ca_is_trusted_through_aws_ca_bundle_or_the_profile_and_refused_without() {
    let (endpoint, connections) = tls_endpoint().await;
    let home = temp_home("ca-bundle");
    let bundle = fixture("ca.pem");
    let bundle = bundle.to_str().unwrap();
    let keys = [
        ("AWS_ACCESS_KEY_ID", "AKIDTLS"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
    ];
    let config = |extra: &[(&str, &str)]| {
        let mut all = vec![
            ("AWS_ENDPOINT_URL_DYNAMODB", endpoint.as_str()),
            keys[0],
            keys[1],
        ];
        all.extend_from_slice(extra);
        Config::from_vars(vars(&home, &all))
    };

    // Without the bundle: the built-in roots do not know the test CA. One
    // attempt, never retried (an untrusted certificate stays untrusted), and
    // the error says what to do.
    let (untrusting, _) = client_and_cache(config(&[]));
    let refused = list_tables(&untrusting).await.unwrap_err();
    assert!(
        refused.contains("TLS certificate is not trusted"),
        "{refused}"
    );
    assert!(refused.contains("AWS_CA_BUNDLE"), "{refused}");
    assert_eq!(connections.load(Ordering::SeqCst), 1, "{refused}");

    let (by_variable, _) = client_and_cache(config(&[("AWS_CA_BUNDLE", bundle)]));
    list_tables(&by_variable)
        .await
        .expect("trusted through AWS_CA_BUNDLE");

    std::fs::write(
        home.join(".aws/config"),
        format!("[default]\nca_bundle = {bundle}\n"),
    )
    .unwrap();
    let (by_profile, _) = client_and_cache(config(&[]));
    list_tables(&by_profile)
        .await
        .expect("trusted through the profile's ca_bundle");
    std::fs::remove_file(home.join(".aws/config")).unwrap();

    // A bundle that cannot be read or holds no certificate is a typed
    // error when the client is made, never a silent fallback.
    let missing = rynamo_native::Client::new(config(&[("AWS_CA_BUNDLE", "/nonexistent/ca.pem")]))
        .unwrap_err();
    assert!(matches!(missing, Error::ReadFile { .. }), "{missing:?}");
    let empty = home.join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").unwrap();
    let empty = rynamo_native::Client::new(config(&[("AWS_CA_BUNDLE", empty.to_str().unwrap())]))
        .unwrap_err();
    assert!(matches!(empty, Error::InvalidCaBundle { .. }), "{empty:?}");
    assert!(
        empty.to_string().contains("holds no PEM certificate"),
        "{empty}"
    );
}

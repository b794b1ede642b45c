//! The harness starts a server that answers, and stops it when the
//! process exits.

use std::process::Command;

#[test]
fn local_server_answers_list_tables() {
    let endpoint = rynamo_tests::endpoint();
    let port = endpoint.rsplit(':').next().unwrap().parse::<u16>().unwrap();
    let out = Command::new("curl")
        .args(["-s", "-X", "POST", endpoint, "-H", "Content-Type: application/x-amz-json-1.0"])
        .args(["-H", "X-Amz-Target: DynamoDB_20120810.ListTables", "-d", "{}"])
        .args(["-H", "Authorization: AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("TableNames"),
        "{port}: {:?}",
        out
    );
}

#[test]
fn server_stops_when_the_process_that_started_it_exits() {
    if std::env::var("DYNAMODB_ENDPOINT").is_ok() {
        // An external server is not ours to stop; the check needs our own.
        return;
    }
    // Run the demo-free child: a tiny program would need its own crate, so
    // use this very test binary in a mode that only starts the server.
    if std::env::var("RYNAMO_HARNESS_CHILD").is_ok() {
        println!("ENDPOINT={}", rynamo_tests::endpoint());
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .args([
            "--exact",
            "server_stops_when_the_process_that_started_it_exits",
            "--nocapture",
        ])
        .env("RYNAMO_HARNESS_CHILD", "1")
        .env_remove("DYNAMODB_ENDPOINT")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let endpoint = stdout
        .lines()
        .find_map(|l| l.strip_prefix("ENDPOINT="))
        .expect("child printed its endpoint")
        .to_string();
    let port = endpoint.rsplit(':').next().unwrap().to_string();
    // The child has exited; within a few seconds nothing listens on its port.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if std::net::TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).is_err() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "server on {port} still running after its process exited"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

//! The harness: its server answers, `DYNAMODB_ENDPOINT` wins over it, it
//! shares one database across credentials, and it stops when the process
//! that started it dies.
//!
//! Checks that need a fresh process run this test binary again with
//! `RYNAMO_HARNESS_CHILD` set, selecting only [`harness_child`].

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn local_server_answers_list_tables() {
    let (status, body) = post(
        rynamo_tests::endpoint(),
        "ListTables",
        "local/20260101/us-east-1",
        "{}",
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"TableNames\""), "{body}");
}

#[test]
fn dynamodb_endpoint_is_used_instead_of_starting_a_server() {
    let report = run_child("report", Some("http://127.0.0.1:9"));
    assert!(report.contains("endpoint=http://127.0.0.1:9\n"), "{report}");
    assert!(report.contains("pid=none\n"), "{report}");
}

#[test]
fn server_stops_when_the_process_that_started_it_aborts() {
    // The child aborts right after starting its server: no destructors, no
    // exit handlers, only the kernel closing its files.
    let report = run_child("abort", None);
    let endpoint = field(&report, "endpoint");
    let pid: u32 = field(&report, "pid").parse().expect("child's java pid");
    let port: u16 = endpoint.rsplit(':').next().unwrap().parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while running(pid) || TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(
            Instant::now() < deadline,
            "java {pid} on port {port} still running 20 s after its test process died"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn local_server_shares_one_database_across_credentials_and_regions() {
    let endpoint = rynamo_tests::endpoint();
    if rynamo_tests::local_server_pid().is_none() {
        return; // DYNAMODB_ENDPOINT's server is not ours to judge.
    }
    let table = rynamo_tests::unique_table("shared");
    let create = format!(
        r#"{{"TableName":"{table}","KeySchema":[{{"AttributeName":"k","KeyType":"HASH"}}],"AttributeDefinitions":[{{"AttributeName":"k","AttributeType":"S"}}],"BillingMode":"PAY_PER_REQUEST"}}"#
    );
    let by_name = format!(r#"{{"TableName":"{table}"}}"#);
    let (status, body) = post(endpoint, "CreateTable", "alice/20260101/us-east-1", &create);
    assert_eq!(status, 200, "{body}");
    let (status, body) = post(
        endpoint,
        "DescribeTable",
        "bob/20260101/eu-west-1",
        &by_name,
    );
    assert_eq!(status, 200, "another key and region see the table: {body}");
    let (status, body) = post(
        endpoint,
        "DeleteTable",
        "carol/20260101/ap-south-1",
        &by_name,
    );
    assert_eq!(status, 200, "{body}");
}

/// Not a test of its own: what a child process run by the tests above does.
#[test]
#[ignore = "run by the other tests in a child process"]
fn harness_child() {
    let Ok(mode) = std::env::var("RYNAMO_HARNESS_CHILD") else {
        return;
    };
    let endpoint = rynamo_tests::endpoint();
    let pid = rynamo_tests::local_server_pid().map_or("none".to_string(), |p| p.to_string());
    println!("endpoint={endpoint}\npid={pid}");
    if mode == "abort" {
        std::process::abort();
    }
}

/// Runs [`harness_child`] in a new process; returns what it printed.
fn run_child(mode: &str, dynamodb_endpoint: Option<&str>) -> String {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--ignored", "--exact", "harness_child", "--nocapture"])
        .env("RYNAMO_HARNESS_CHILD", mode);
    match dynamodb_endpoint {
        Some(e) => command.env("DYNAMODB_ENDPOINT", e),
        None => command.env_remove("DYNAMODB_ENDPOINT"),
    };
    let out = command.output().expect("run the test binary as a child");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.contains("endpoint="),
        "child ({}) printed no endpoint:\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The value of a `name=value` line.
fn field<'a>(report: &'a str, name: &str) -> &'a str {
    report
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {name}= in {report}"))
}

/// Whether the process runs; a zombie (which init may be slow to reap)
/// counts as stopped.
fn running(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        return std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            !stat
                .rsplit_once(") ")
                .is_some_and(|(_, s)| s.starts_with('Z'))
        });
    }
    Command::new("kill")
        .args(["-0", &pid.to_string()])
        .status()
        .is_ok_and(|s| s.success())
}

/// POSTs one DynamoDB action by hand (HTTP/1.1, `Connection: close`);
/// returns the status and body. DynamoDB Local reads the access key and
/// region from `credential` (`<key>/<date>/<region>`) and ignores the
/// signature.
fn post(endpoint: &str, action: &str, credential: &str, body: &str) -> (u16, String) {
    let host = endpoint
        .strip_prefix("http://")
        .expect("an http:// endpoint");
    let mut stream = TcpStream::connect(host).expect("connect to DynamoDB");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let request = format!(
        "POST / HTTP/1.1\r\n\
         Host: {host}\r\n\
         Content-Type: application/x-amz-json-1.0\r\n\
         X-Amz-Target: DynamoDB_20120810.{action}\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential={credential}/dynamodb/aws4_request, SignedHeaders=host, Signature=00\r\n\
         Content-Length: {}\r\n\
         Connection: close\r\n\
         \r\n\
         {body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("not an HTTP response: {response:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    (status, body.to_string())
}

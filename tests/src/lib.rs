//! Test harness: a real DynamoDB for the integration tests.
//!
//! [`endpoint`] returns `DYNAMODB_ENDPOINT` when set; otherwise it installs
//! (via `scripts/dynamodb-local.sh install`) and starts one DynamoDB Local
//! for the whole test process and returns its endpoint. The server is
//! stopped when the process exits, however it exits: it runs under a small
//! shell watchdog that kills it when its stdin — a pipe this process holds
//! open until it dies — reaches end of file.
#![warn(missing_docs)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

static ENDPOINT: OnceLock<String> = OnceLock::new();
/// Held open for the life of the process; its closing stops the server.
static WATCHDOG: OnceLock<Mutex<ChildStdin>> = OnceLock::new();

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The DynamoDB endpoint for this test process: `DYNAMODB_ENDPOINT`, or a
/// DynamoDB Local started on first use.
pub fn endpoint() -> &'static str {
    ENDPOINT.get_or_init(|| match std::env::var("DYNAMODB_ENDPOINT") {
        Ok(e) if !e.is_empty() => e,
        _ => start_local(),
    })
}

/// A table name (or prefix) unique to this call, so tests can share one
/// server in parallel.
pub fn unique_table(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}-{}-{n}-{nanos}-", std::process::id())
}

fn install() -> PathBuf {
    let script = repo_root().join("scripts/dynamodb-local.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg("install")
        .output()
        .expect("run scripts/dynamodb-local.sh");
    assert!(
        out.status.success(),
        "installing DynamoDB Local failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

// The watchdog is never waited on: it must outlive this function and exits
// only when this process does (init reaps it then).
#[allow(clippy::zombie_processes)]
fn start_local() -> String {
    let dir = install();
    let port = free_port();
    let log = dir.join(format!("../dynamodb-local-test-{port}.log"));
    // The watchdog: java in the background, then wait for stdin to close.
    let script = r#"java -Djava.library.path="$1/DynamoDBLocal_lib" -jar "$1/DynamoDBLocal.jar" -inMemory -sharedDb -port "$2" >"$3" 2>&1 &
pid=$!
cat >/dev/null
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
"#;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("watchdog")
        .arg(&dir)
        .arg(port.to_string())
        .arg(&log)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start DynamoDB Local (is java installed?)");
    let stdin = child.stdin.take().expect("watchdog stdin");
    let _ = WATCHDOG.set(Mutex::new(stdin));
    let endpoint = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline {
        if answers(port) {
            return endpoint;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("DynamoDB Local exited ({status}); see {}", log.display());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!(
        "DynamoDB Local did not answer on {endpoint} within 90 s; see {}",
        log.display()
    );
}

/// Whether a ListTables POST gets an HTTP 200.
fn answers(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-amz-json-1.0\r\n\
         X-Amz-Target: DynamoDB_20120810.ListTables\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00\r\n\
         Content-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
}

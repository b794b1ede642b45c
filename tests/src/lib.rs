//! Test harness: a real DynamoDB for the integration tests.
//!
//! [`endpoint`] returns `DYNAMODB_ENDPOINT` when set. Otherwise it installs
//! DynamoDB Local (through `scripts/dynamodb-local.sh install`, which caches
//! it under `${RYNAMO_CACHE:-<repo>/.cache}`) and starts one server, in
//! memory, for the whole test process; every test in the process shares it
//! and keeps apart from the others by naming its tables with
//! [`unique_table`].
//!
//! The server stops when the test process exits, however it exits (a normal
//! end, a panic, an abort, SIGKILL): Rust never drops statics, so instead
//! java runs under a small `sh` watchdog that kills it once its stdin, a pipe
//! only this process holds, reaches end of file.
//!
//! ```no_run
//! let endpoint = rynamo_tests::endpoint(); // "http://127.0.0.1:40123"
//! let prefix = rynamo_tests::unique_table("orders"); // "orders-4242-0-123456789-"
//! ```
#![warn(missing_docs)]

pub mod faults;
pub mod hostile;
pub mod loopback;
pub mod moto;
pub mod scan_worker;
mod watchdog;

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use watchdog::Watched;

/// How long DynamoDB Local may take to answer: a cold JVM takes 2–4 s on an
/// idle machine, far longer on two cores busy compiling.
const START_TIMEOUT: Duration = Duration::from_secs(90);

/// Fresh ports to try when another process takes ours before java binds it.
const START_ATTEMPTS: u32 = 3;

/// The server this process uses, started at most once.
static SERVER: OnceLock<Server> = OnceLock::new();

/// A DynamoDB endpoint, and what keeps a server we started alive.
struct Server {
    endpoint: String,
    /// Java's pid, when this process started the server.
    pid: Option<u32>,
    /// The watchdog `sh`, whose stdin this keeps open but never writes: the
    /// pipe's closing, when the process exits, stops the server.
    _watchdog: Option<Child>,
}

/// The DynamoDB endpoint for this test process, such as
/// `http://127.0.0.1:40123`: `DYNAMODB_ENDPOINT` when set and not empty,
/// else a DynamoDB Local that the first call starts (and waits for).
///
/// The server keeps one database whatever the credentials and region
/// (`-sharedDb`), so Rust, PynamoDB and wasm clients see the same tables.
/// It checks that requests carry an `Authorization` header with
/// `Credential=<key>/<date>/<region>` but never checks the signature.
///
/// # Panics
/// If DynamoDB Local cannot be installed or does not answer within 90 s;
/// the message ends with the server's log.
pub fn endpoint() -> &'static str {
    &server().endpoint
}

/// The pid of the DynamoDB Local (java) this process started, or `None`
/// when `DYNAMODB_ENDPOINT` names a server: for checking memory use, or
/// that the server stops when the process ends. Starts it like
/// [`endpoint`].
pub fn local_server_pid() -> Option<u32> {
    server().pid
}

/// A table name unique to this call, `<prefix>-<pid>-<counter>-<nanos>-`,
/// so tests in parallel threads and processes can share one server. The
/// trailing `-` lets it serve as a prefix for several tables too.
///
/// `prefix` should keep to DynamoDB's table-name characters
/// (`a-z A-Z 0-9 _ - .`); names may have at most 255 of them.
pub fn unique_table(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{prefix}-{}-{n}-{nanos}-", std::process::id())
}

/// The repository root, for scripts and fixtures the tests run.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

fn server() -> &'static Server {
    SERVER.get_or_init(|| match std::env::var("DYNAMODB_ENDPOINT") {
        Ok(endpoint) if !endpoint.is_empty() => Server {
            endpoint,
            pid: None,
            _watchdog: None,
        },
        _ => start_local(),
    })
}

/// Installs DynamoDB Local if needed; returns its dir.
fn install() -> PathBuf {
    let script = repo_root().join("scripts/dynamodb-local.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg("install")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    assert!(
        out.status.success(),
        "installing DynamoDB Local failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn start_local() -> Server {
    let dir = install();
    // java's working dir: it writes dynamodb-local-metadata.json there.
    let cache = dir.parent().expect("the install dir has a parent");
    for attempt in 1..=START_ATTEMPTS {
        let port = free_port();
        let log = cache.join(format!(
            "dynamodb-local-test-{}-{attempt}.log",
            std::process::id()
        ));
        match start_on(&dir, cache, port, &log) {
            Ok(server) => return server,
            Err(PortTaken) if attempt < START_ATTEMPTS => continue,
            Err(PortTaken) => break,
        }
    }
    panic!("DynamoDB Local found its port taken {START_ATTEMPTS} times in a row");
}

/// Another process bound the port between [`free_port`] and java.
struct PortTaken;

fn start_on(dir: &Path, cache: &Path, port: u16, log: &Path) -> Result<Server, PortTaken> {
    let command = [
        "java".into(),
        format!(
            "-Djava.library.path={}",
            dir.join("DynamoDBLocal_lib").display()
        ),
        "-jar".into(),
        dir.join("DynamoDBLocal.jar").display().to_string(),
        "-inMemory".into(),
        "-sharedDb".into(),
        "-disableTelemetry".into(),
        "-port".into(),
        port.to_string(),
    ];
    let mut java = Watched::start("dynamodb-local", log, &command, |sh| {
        // java's working dir: it writes dynamodb-local-metadata.json there.
        // Without DDB_LOCAL_TELEMETRY=0 it also calls AWS for telemetry and
        // writes that file (-disableTelemetry alone does not stop it).
        sh.current_dir(cache).env("DDB_LOCAL_TELEMETRY", "0");
    });
    let endpoint = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        // A failed bind leaves the JVM running; the log is the only sign.
        // Checked before trusting an answer, which could come from the
        // process that took the port.
        if log_tail(log).contains("Failed to bind") {
            java.stop();
            return Err(PortTaken);
        }
        if answers(port) {
            return Ok(Server {
                endpoint,
                pid: Some(java.pid),
                _watchdog: Some(java.child),
            });
        }
        if java.exited() {
            panic!(
                "DynamoDB Local (java) exited before answering on {endpoint}; log:\n{}",
                log_tail(log)
            );
        }
        if Instant::now() >= deadline {
            panic!(
                "DynamoDB Local did not answer on {endpoint} within {} s; log:\n{}",
                START_TIMEOUT.as_secs(),
                log_tail(log)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A port free on every interface, as java binds 0.0.0.0 (DynamoDB Local
/// has no option for the host).
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::UNSPECIFIED, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

/// The last 4 KB of the server's log.
fn log_tail(log: &Path) -> String {
    let text = std::fs::read(log).unwrap_or_default();
    let start = text.len().saturating_sub(4096);
    String::from_utf8_lossy(&text[start..]).into_owned()
}

/// Whether a ListTables POST to the port gets an HTTP 200.
fn answers(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    // DynamoDB Local wants `Credential=<key>/<date>/<region>` in an
    // Authorization header (400 without one) and checks nothing else of it.
    let request = format!(
        "POST / HTTP/1.1\r\n\
         Host: 127.0.0.1:{port}\r\n\
         Content-Type: application/x-amz-json-1.0\r\n\
         X-Amz-Target: DynamoDB_20120810.ListTables\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00\r\n\
         Content-Length: 2\r\n\
         Connection: close\r\n\
         \r\n\
         {{}}"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && &head == b"HTTP/1.1 200"
}

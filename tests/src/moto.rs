//! moto's server (`moto_server`, installed by `scripts/setup.sh` with
//! `pip install 'moto[server]'`): a real second implementation of AWS APIs,
//! here for STS. Started once per test process on a free port and stopped
//! when the process exits, however it exits, the way DynamoDB Local is (a
//! watchdog `sh` kills it when its stdin, a pipe only this process holds,
//! closes). `MOTO_ENDPOINT`, when set, names a server to use instead.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::Child;

use crate::watchdog::Watched;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long moto may take to answer (Python imports on a busy machine).
const START_TIMEOUT: Duration = Duration::from_secs(90);

struct Moto {
    endpoint: String,
    _watchdog: Option<Child>,
}

static MOTO: OnceLock<Moto> = OnceLock::new();

/// moto's endpoint for this test process, such as `http://127.0.0.1:40124`:
/// `MOTO_ENDPOINT` when set, else a server the first call starts.
///
/// # Panics
/// If moto cannot be started or does not answer within 90 s; the message
/// ends with its log.
pub fn endpoint() -> &'static str {
    &MOTO
        .get_or_init(|| match std::env::var("MOTO_ENDPOINT") {
            Ok(endpoint) if !endpoint.is_empty() => Moto {
                endpoint,
                _watchdog: None,
            },
            _ => start(),
        })
        .endpoint
}

fn start() -> Moto {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"));
    let log = std::env::temp_dir().join(format!("rynamo-moto-{}.log", std::process::id()));
    // `exec` keeps the pid the watchdog printed moto's own.
    let command = [
        "sh".to_string(),
        "-c".into(),
        r#"if command -v moto_server >/dev/null 2>&1; then exec moto_server "$@"; else exec python3 -m moto.server "$@"; fi"#.into(),
        "moto".into(),
        "-H".into(),
        "127.0.0.1".into(),
        "-p".into(),
        port.to_string(),
    ];
    let mut moto = Watched::start("moto", &log, &command, |_| {});
    let endpoint = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + START_TIMEOUT;
    let log_text =
        || String::from_utf8_lossy(&std::fs::read(&log).unwrap_or_default()).into_owned();
    loop {
        if answers(port) {
            return Moto {
                endpoint,
                _watchdog: Some(moto.child),
            };
        }
        if moto.exited() {
            panic!(
                "moto_server exited before answering on {endpoint} (run scripts/setup.sh to install \
                 moto[server]); log:\n{}",
                log_text()
            );
        }
        if Instant::now() >= deadline {
            panic!(
                "moto_server did not answer on {endpoint} within 90 s; log:\n{}",
                log_text()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether moto's own API answers with HTTP 200.
fn answers(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request =
        format!("GET /moto-api/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && &head == b"HTTP/1.1 200"
}

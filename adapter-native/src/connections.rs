//! [`Connections`]: how the transport's HTTP connection pool behaves.

use std::time::Duration;

/// Connection pool settings, for [`Config::connections`](crate::Config::connections).
///
/// One [`Client`](crate::Client) (and every clone of it) keeps one pool of
/// HTTP/1.1 keep-alive connections per endpoint. A request takes an idle
/// connection if there is one and opens a new one otherwise, so the pool
/// grows to the number of requests in flight (HTTP/1.1 carries one request
/// at a time per connection). Connections left idle for
/// [`idle_timeout`](Self::idle_timeout) close, so the pool shrinks back after
/// a burst; [`max_idle_per_host`](Self::max_idle_per_host) can cap it
/// sooner, at the price of reopening connections when the next burst comes.
///
/// The defaults suit a long-running service:
///
/// | setting | default | why |
/// |---|---|---|
/// | `max_idle_per_host` | unlimited | a burst's connections stay for the next burst (as in hyper and the AWS SDK); the idle timeout sheds them |
/// | `idle_timeout` | 50 s | below the 60 s idle limit of common load balancers and proxies, so the client closes first and never reuses a connection the other side just dropped |
/// | `tcp_keepalive` | 30 s | finds dead peers (and keeps NAT entries alive, e.g. a NAT gateway's 350 s limit) during long requests |
///
/// The connect timeout and the per-attempt timeout are on
/// [`Config`](crate::Config) itself.
///
/// ```
/// use std::time::Duration;
/// use rynamo_native::{Config, Connections};
///
/// let config = Config::from_env().connections(
///     Connections::default()
///         .max_idle_per_host(64)
///         .idle_timeout(Duration::from_secs(20)),
/// );
/// # let _ = config;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connections {
    pub(crate) max_idle_per_host: usize,
    pub(crate) idle_timeout: Option<Duration>,
    pub(crate) tcp_keepalive: Option<Duration>,
}

impl Default for Connections {
    fn default() -> Self {
        Connections {
            max_idle_per_host: usize::MAX,
            idle_timeout: Some(Duration::from_secs(50)),
            tcp_keepalive: Some(Duration::from_secs(30)),
        }
    }
}

impl Connections {
    /// How many idle connections to keep open per host (default unlimited);
    /// `0` closes every connection after its response: one per request.
    pub fn max_idle_per_host(mut self, max: usize) -> Self {
        self.max_idle_per_host = max;
        self
    }

    /// How long a connection may sit idle before it is closed (default
    /// 50 s); `None` keeps idle connections until the server closes them.
    pub fn idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.idle_timeout = timeout.into();
        self
    }

    /// The interval of TCP keep-alive probes on open connections (default
    /// 30 s); `None` turns them off.
    pub fn tcp_keepalive(mut self, interval: impl Into<Option<Duration>>) -> Self {
        self.tcp_keepalive = interval.into();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Credentials, HttpTransport};
    use rynamo_core::transport::{Action, Request, Transport};
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    /// A keep-alive HTTP/1.1 server answering `{}` to every request;
    /// returns its port and the count of connections it accepted.
    fn server() -> (u16, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                count.fetch_add(1, Ordering::SeqCst);
                thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    loop {
                        let mut length = 0;
                        loop {
                            let mut line = String::new();
                            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                                return;
                            }
                            let line = line.trim_end().to_ascii_lowercase();
                            if line.is_empty() {
                                break;
                            }
                            if let Some(value) = line.strip_prefix("content-length: ") {
                                length = value.parse().unwrap();
                            }
                        }
                        let mut body = vec![0; length];
                        reader.read_exact(&mut body).unwrap();
                        let reply = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
                        if stream.write_all(reply.as_bytes()).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        (port, accepted)
    }

    async fn send_five(connections: Connections) -> usize {
        let (port, accepted) = server();
        let config = Config::from_env()
            .region("us-east-1")
            .endpoint(format!("http://127.0.0.1:{port}"))
            .credentials(Credentials::new("AKID", "SECRET", None))
            .connections(connections);
        let transport = HttpTransport::new(config).unwrap();
        let request = Request {
            action: Action::ListTables,
            table: None,
            body: b"{}".to_vec(),
        };
        for _ in 0..5 {
            let response = transport.send(&request).await.unwrap();
            assert_eq!(response.body, b"{}");
        }
        accepted.load(Ordering::SeqCst)
    }

    #[tokio::test]
    async fn sequential_requests_share_one_pooled_connection() {
        assert_eq!(send_five(Connections::default()).await, 1);
    }

    #[tokio::test]
    async fn no_idle_connections_means_one_connection_per_request() {
        let connections = Connections::default().max_idle_per_host(0);
        assert_eq!(send_five(connections).await, 5);
    }

    #[test]
    fn defaults_suit_a_long_running_service() {
        let defaults = Connections::default();
        assert_eq!(defaults.max_idle_per_host, usize::MAX);
        assert_eq!(defaults.idle_timeout, Some(Duration::from_secs(50)));
        assert_eq!(defaults.tcp_keepalive, Some(Duration::from_secs(30)));
        let off = defaults.idle_timeout(None).tcp_keepalive(None);
        assert_eq!((off.idle_timeout, off.tcp_keepalive), (None, None));
    }
}

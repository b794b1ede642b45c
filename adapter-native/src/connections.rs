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

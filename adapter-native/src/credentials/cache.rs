//! [`CredentialsCache`]: credentials fetched once, refreshed ahead of their
//! expiry by one caller while the others keep signing.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rynamo_core::credentials::{Credentials, Freshness, REFRESH_AHEAD_SECONDS};

use super::{CredentialsError, CredentialsFuture, ProvideCredentials, now_seconds};

/// After a failed refresh of still-valid credentials, how long to keep using
/// them before asking the source again (so a broken source is not asked on
/// every request).
const RETRY_AFTER: Duration = Duration::from_secs(5);

/// Caches what a [`ProvideCredentials`] gives, and asks it again only when
/// the credentials are due for refresh.
///
/// - Credentials without an expiry are fetched once.
/// - Temporary credentials are refreshed five minutes before they expire
///   ([`REFRESH_AHEAD_SECONDS`], or half their lifetime when that is
///   shorter, so short-lived credentials are not refreshed on every request).
/// - However many requests wait, one refresh is in flight: while credentials
///   are still valid, one caller refreshes and the others keep using them;
///   once they have expired (or before the first fetch), the others wait for
///   that one refresh and share its result.
/// - A failed refresh keeps using still-valid credentials (retrying at most
///   every 5 s); once they expire, the error is
///   [`CredentialsError::Expired`], naming why the refresh failed.
pub struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    state: Mutex<State>,
    /// Held by the one caller fetching.
    refresh: tokio::sync::Mutex<()>,
    refresh_ahead: u64,
}

#[derive(Default)]
struct State {
    current: Option<Cached>,
    /// When the last fetch failed, and why.
    failure: Option<(Instant, CredentialsError)>,
}

#[derive(Clone)]
struct Cached {
    credentials: Arc<Credentials>,
    /// When they were fetched, in seconds since the Unix epoch.
    fetched_at: u64,
}

impl CredentialsCache {
    /// A cache in front of `provider`.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        CredentialsCache::shared(Arc::new(provider))
    }

    pub(crate) fn shared(provider: Arc<dyn ProvideCredentials>) -> Self {
        CredentialsCache {
            provider,
            state: Mutex::new(State::default()),
            refresh: tokio::sync::Mutex::new(()),
            refresh_ahead: REFRESH_AHEAD_SECONDS,
        }
    }

    /// How long before their expiry credentials are refreshed (default five
    /// minutes; whole seconds).
    pub fn refresh_ahead(mut self, ahead: Duration) -> Self {
        self.refresh_ahead = ahead.as_secs();
        self
    }

    /// Credentials to sign with now: the cached ones, or fresh ones from the
    /// provider when those are missing, due or expired.
    pub async fn credentials(&self) -> Result<Arc<Credentials>, CredentialsError> {
        let current = self.current();
        if let Some(cached) = &current {
            match self.freshness(cached, now_seconds()) {
                Freshness::Fresh => return Ok(Arc::clone(&cached.credentials)),
                Freshness::RefreshDue => return Ok(self.refresh_early(cached).await),
                Freshness::Expired => {}
            }
        }
        let waited_since = Instant::now();
        let _refreshing = self.refresh.lock().await;
        // Whoever held the lock before may have fetched, or failed to.
        if let Some(cached) = self.current()
            && self.freshness(&cached, now_seconds()) != Freshness::Expired
        {
            return Ok(cached.credentials);
        }
        if let Some(error) = self.failed_since(waited_since) {
            return Err(expired(current.as_ref(), error));
        }
        self.fetch()
            .await
            .map_err(|error| expired(current.as_ref(), error))
    }

    /// One caller refreshes still-valid credentials; everyone else, and that
    /// caller if the refresh fails, keeps using them.
    async fn refresh_early(&self, cached: &Cached) -> Arc<Credentials> {
        let Ok(_refreshing) = self.refresh.try_lock() else {
            return Arc::clone(&cached.credentials);
        };
        let retry_from = Instant::now().checked_sub(RETRY_AFTER);
        if retry_from.is_some_and(|from| self.failed_since(from).is_some()) {
            return Arc::clone(&cached.credentials);
        }
        if let Some(newer) = self.current()
            && !Arc::ptr_eq(&newer.credentials, &cached.credentials)
        {
            return newer.credentials;
        }
        self.fetch()
            .await
            .unwrap_or_else(|_| Arc::clone(&cached.credentials))
    }

    /// Asks the provider, and remembers the answer.
    async fn fetch(&self) -> Result<Arc<Credentials>, CredentialsError> {
        let fetched_at = now_seconds();
        let result = self
            .provider
            .provide_credentials()
            .await
            .and_then(|credentials| match credentials.expiry() {
                Some(expiry) if expiry <= now_seconds() => Err(CredentialsError::failed(
                    "credentials source",
                    format!(
                        "it gave credentials that expired at {expiry} (seconds since the Unix \
                         epoch); is this machine's clock right?"
                    ),
                )),
                _ => Ok(credentials),
            });
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        match result {
            Ok(credentials) => {
                let credentials = Arc::new(credentials);
                state.current = Some(Cached {
                    credentials: Arc::clone(&credentials),
                    fetched_at,
                });
                state.failure = None;
                Ok(credentials)
            }
            Err(error) => {
                state.failure = Some((Instant::now(), error.clone()));
                Err(error)
            }
        }
    }

    fn current(&self) -> Option<Cached> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.current.clone()
    }

    /// The error of a fetch that failed at or after `since`.
    fn failed_since(&self, since: Instant) -> Option<CredentialsError> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        match &state.failure {
            Some((at, error)) if *at >= since => Some(error.clone()),
            _ => None,
        }
    }

    fn freshness(&self, cached: &Cached, now: u64) -> Freshness {
        let lifetime = cached
            .credentials
            .expiry()
            .map_or(0, |expiry| expiry.saturating_sub(cached.fetched_at));
        let ahead = self.refresh_ahead.min(lifetime / 2);
        cached.credentials.freshness(now, ahead)
    }
}

/// `error`, or if credentials had been cached (and so have expired), an
/// error saying they expired and why the refresh failed.
fn expired(previous: Option<&Cached>, error: CredentialsError) -> CredentialsError {
    match previous.and_then(|cached| cached.credentials.expiry()) {
        Some(expired_at) => CredentialsError::Expired {
            expired_at,
            reason: error.to_string(),
        },
        None => error,
    }
}

/// A cache is a provider too, so one cache can serve several clients.
impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            self.credentials()
                .await
                .map(|credentials| (*credentials).clone())
        })
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .field("refresh_ahead", &self.refresh_ahead)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::block_on;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts fetches; each takes 50 ms and gives `result(n)` for the n-th.
    #[derive(Debug)]
    struct Counting {
        calls: Arc<AtomicUsize>,
        result: fn(usize) -> Result<Credentials, CredentialsError>,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            Box::pin(async {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
                (self.result)(n)
            })
        }
    }

    fn cache(
        result: fn(usize) -> Result<Credentials, CredentialsError>,
    ) -> (Arc<CredentialsCache>, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let provider = Counting {
            calls: Arc::clone(&calls),
            result,
        };
        (Arc::new(CredentialsCache::new(provider)), calls)
    }

    type Outcome = Result<Arc<Credentials>, CredentialsError>;

    /// 100 callers at once on one thread: their futures are polled together,
    /// so they interleave at the provider's sleep.
    fn hundred_at_once(cache: &CredentialsCache) -> Vec<Outcome> {
        let mut futures: Vec<_> = (0..100).map(|_| Box::pin(cache.credentials())).collect();
        let mut outcomes: Vec<Option<Outcome>> = (0..100).map(|_| None).collect();
        block_on(std::future::poll_fn(|cx| {
            for (future, outcome) in futures.iter_mut().zip(outcomes.iter_mut()) {
                if outcome.is_none()
                    && let std::task::Poll::Ready(result) = future.as_mut().poll(cx)
                {
                    *outcome = Some(result);
                }
            }
            if outcomes.iter().all(Option::is_some) {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        }));
        outcomes.into_iter().flatten().collect()
    }

    #[test]
    fn credentials_without_expiry_are_fetched_once_for_many_callers() {
        let (cache, calls) = cache(|_| Ok(Credentials::new("AKID", "S", None)));
        let results = hundred_at_once(&cache);
        assert!(
            results
                .iter()
                .all(|r| r.as_ref().is_ok_and(|c| c.access_key_id() == "AKID"))
        );
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        block_on(cache.credentials()).unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_failed_first_fetch_is_shared_by_everyone_waiting_for_it() {
        let (cache, calls) = cache(|_| Err(CredentialsError::failed("test source", "down")));
        let results = hundred_at_once(&cache);
        assert!(results.iter().all(|r| {
            r.as_ref()
                .is_err_and(|e| e.to_string() == "test source: down")
        }));
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "one fetch, its error shared"
        );
        // A later call tries again.
        assert!(block_on(cache.credentials()).is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn expired_credentials_are_never_handed_out_and_fetched_again() {
        let (cache, calls) = cache(|n| {
            let credentials = Credentials::new(format!("ASIA{n}"), "S", Some("T".into()));
            // The first have already expired; the second are good for an hour.
            Ok(credentials.valid_until(if n == 1 { 1 } else { now_seconds() + 3600 }))
        });
        let error = block_on(cache.credentials()).unwrap_err().to_string();
        assert!(
            error.contains("it gave credentials that expired at 1 "),
            "{error}"
        );
        let results = hundred_at_once(&cache);
        assert!(
            results
                .iter()
                .all(|r| r.as_ref().is_ok_and(|c| c.access_key_id() == "ASIA2"))
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}

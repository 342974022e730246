//! Configuration: the limits every client shares, the retry policy, and host checks.

use std::time::Duration;

use super::error::Error;

/// The default timeout of one request attempt, connection to last body byte.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest success body the client reads; a larger answer is [`Error::ResponseTooLarge`].
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The longest `Retry-After` the client waits for; an answer asking for more is returned to the
/// caller as an error rather than blocking the call.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// The `user-agent` of every request: `<crate name>/<version>`.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Placeholder printed instead of secrets.
pub const REDACTED: &str = "<redacted>";

/// When and how often failed requests are retried.
///
/// The default makes up to 2 retries (3 attempts) with exponential backoff: the n-th retry
/// (n = 0, 1, ...) waits a random duration between half and all of
/// `min(max_backoff, initial_backoff * 2^n)` ("equal jitter"), with `initial_backoff` = 200 ms
/// and `max_backoff` = 5 s. A `Retry-After` header (delta-seconds or HTTP-date) replaces the
/// computed wait; above 60 s (`MAX_RETRY_AFTER`) the answer is returned instead.
///
/// Retried: HTTP 429 and failures to establish a connection (the request never reached the
/// server), for every request; HTTP 502, 503, 504 and network failures after the request may
/// have been sent, only for idempotent requests. Never retried: timeouts, other statuses,
/// decoding failures. A rejected access token (401) is handled separately (one refresh and one
/// repeat) and does not count as a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Number of retries after the first attempt.
    pub(crate) max_retries: u32,
    /// Backoff ceiling of the first retry.
    initial_backoff: Duration,
    /// Upper bound of any backoff ceiling.
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries (one attempt per call).
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Sets the number of retries after the first attempt.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets the backoff ceiling of the first retry (doubled for each further retry).
    pub fn initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the upper bound of the backoff ceiling.
    pub fn max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The wait before retry number `retry` (0 for the first retry), with equal jitter.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry);
        let ceiling = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = ceiling / 2;
        let spread = u64::try_from((ceiling - half).as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(fastrand::u64(0..=spread))
    }
}

/// Checks a configured host and returns it without trailing `/`.
pub(crate) fn normalize_host(host: &str) -> Result<String, Error> {
    let invalid = |why: &str| Error::Config(format!("invalid host {:?}: {}", host, why));
    let url = reqwest::Url::parse(host.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("no host name"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a query or fragment is not allowed"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("credentials in the URL are not allowed"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_within_equal_jitter_bounds() {
        let policy = RetryPolicy::default();
        for retry in 0..40 {
            let ceiling = Duration::from_millis(200)
                .saturating_mul(2u32.saturating_pow(retry))
                .min(Duration::from_secs(5));
            let wait = policy.backoff(retry);
            assert!(
                wait >= ceiling / 2 && wait <= ceiling,
                "retry {retry}: {wait:?}"
            );
        }
    }

    #[test]
    fn host_is_validated_and_normalized() {
        assert_eq!(
            normalize_host("https://api.example.com/").unwrap(),
            "https://api.example.com"
        );
        assert_eq!(
            normalize_host("https://example.com/prefix/").unwrap(),
            "https://example.com/prefix"
        );
        assert!(normalize_host("not a url").is_err());
        assert!(normalize_host("ftp://example.com").is_err());
        assert!(normalize_host("https://example.com/?q=1").is_err());
        assert!(normalize_host("https://user:pw@example.com").is_err());
    }
}

//! How failed attempts are classified for the retry loop, and `Retry-After`.

use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderMap};

use super::error::Error;

/// Whether a failed attempt may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Never.
    Never,
    /// Only if the request is idempotent.
    IfIdempotent,
    /// Always (the request was not processed).
    Always,
}

/// A failed attempt, with what the retry loop needs to know about it.
#[derive(Debug)]
pub struct Failure {
    /// The error returned if the attempt is not repeated.
    pub error: Error,
    /// Whether it may be repeated.
    pub retry: Retry,
    /// The server's `Retry-After`, if any.
    pub retry_after: Option<Duration>,
    /// Whether the API rejected the credentials (a managed token is then replaced once).
    pub unauthorized: bool,
}

impl Failure {
    /// A failure that is never retried.
    pub fn fatal(error: Error) -> Self {
        Failure {
            error,
            retry: Retry::Never,
            retry_after: None,
            unauthorized: false,
        }
    }

    /// Classifies a `reqwest` error.
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Failure::fatal(Error::Timeout)
        } else if error.is_builder() {
            Failure::fatal(Error::Transport(error))
        } else {
            let retry = if error.is_connect() {
                Retry::Always
            } else {
                Retry::IfIdempotent
            };
            Failure {
                error: Error::Transport(error),
                retry,
                retry_after: None,
                unauthorized: false,
            }
        }
    }
}

/// Parses `Retry-After` (delta-seconds or HTTP-date; a date in the past means no wait).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_parses_both_forms() {
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30));
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}

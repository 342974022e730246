//! The hook seam: add headers to every request and observe every exchange.

use std::time::Duration;

use reqwest::Method;

/// One attempt and its outcome, as [`Hooks::on_answer`] sees it. Never holds a credential:
/// the path is the operation's, without the query.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Exchange<'a> {
    /// The HTTP method.
    pub method: &'a Method,
    /// The path below the host, path parameters filled in, no query (for a token endpoint the
    /// spec names by its full URL, that URL).
    pub path: &'a str,
    /// The attempt of this call, from 1 (retries and the repeat after a token refresh count).
    pub attempt: u32,
    /// The HTTP status, or `None` when no answer came (timeout, network failure).
    pub status: Option<u16>,
    /// From sending the request to the answer's headers (or the failure).
    pub elapsed: Duration,
}

/// Code that runs around every request of a client; set it with the builder's `hooks`.
///
/// Both methods have empty defaults, so implement only what you need. They run on the task that
/// makes the call and should return quickly.
pub trait Hooks: Send + Sync + 'static {
    /// Runs before each attempt is sent, with the finished request: add or change headers here
    /// (`request.headers_mut()`). `attempt` counts from 1.
    fn on_request(&self, request: &mut reqwest::Request, attempt: u32) {
        let _ = (request, attempt);
    }

    /// Runs after each attempt, with its outcome.
    fn on_answer(&self, exchange: &Exchange<'_>) {
        let _ = exchange;
    }
}

//! Helpers shared by the loopback tests of the runtime (each test file uses only some).

#![allow(dead_code)]

use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use oapi_docgen_runtime::config::RetryPolicy;
use oapi_docgen_runtime::hooks::{Exchange, Hooks};
use reqwest::header::HeaderValue;
use wiremock::MockServer;

/// The `user-agent` of every request.
pub const USER_AGENT: &str = concat!("oapi-docgen-runtime/", env!("CARGO_PKG_VERSION"));

/// Bounds a test in time.
pub async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("the test took too long")
}

/// Fast retries, so that tests stay quick.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(2))
        .max_backoff(Duration::from_millis(10))
}

/// A loopback address where nothing listens.
pub fn dead_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

/// Every request the server received, in order.
pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

/// The requests to `path`, in order.
pub async fn requests_to(server: &MockServer, path: &str) -> Vec<wiremock::Request> {
    received(server)
        .await
        .into_iter()
        .filter(|r| r.url.path() == path)
        .collect()
}

/// How many requests went to `path`.
pub async fn count(server: &MockServer, path: &str) -> usize {
    requests_to(server, path).await.len()
}

/// The single request to `path`.
pub async fn only_request(server: &MockServer, path: &str) -> wiremock::Request {
    let mut requests = requests_to(server, path).await;
    assert_eq!(requests.len(), 1, "requests to {path}");
    requests.remove(0)
}

/// A header of a received request, as text (`None` when absent).
pub fn header_str<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

/// Every value of a header of a received request.
pub fn header_all<'a>(request: &'a wiremock::Request, name: &str) -> Vec<&'a str> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

/// One exchange as the hooks saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// Method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Attempt number.
    pub attempt: u32,
    /// HTTP status, if an answer came.
    pub status: Option<u16>,
    /// Whether the elapsed time was above zero.
    pub elapsed_positive: bool,
}

/// Hooks that stamp each request with `x-hooked` and `x-attempt`, and record every answer.
#[derive(Clone, Default)]
pub struct Recorder {
    /// The recorded exchanges.
    pub seen: Arc<Mutex<Vec<Seen>>>,
    /// The attempts passed to `on_request`.
    pub requested: Arc<Mutex<Vec<u32>>>,
}

impl Recorder {
    /// A copy of what was recorded.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Hooks for Recorder {
    fn on_request(&self, request: &mut reqwest::Request, attempt: u32) {
        self.requested.lock().unwrap().push(attempt);
        let headers = request.headers_mut();
        headers.insert("x-hooked", HeaderValue::from_static("yes"));
        headers.insert("x-attempt", HeaderValue::from(attempt));
    }

    fn on_answer(&self, exchange: &Exchange<'_>) {
        self.seen.lock().unwrap().push(Seen {
            method: exchange.method.to_string(),
            path: exchange.path.to_owned(),
            attempt: exchange.attempt,
            status: exchange.status,
            elapsed_positive: exchange.elapsed > Duration::ZERO,
        });
    }
}

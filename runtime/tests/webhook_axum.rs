//! The axum extractor end to end: a real server on loopback, deliveries sent with reqwest.

#![cfg(feature = "axum")]

mod webhook_common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use oapi_docgen_runtime::webhook::Receiver;
use oapi_docgen_runtime::webhook_axum::Verified;
use webhook_common::{SECRET, TestEvent};

/// The router's state: the receiver, and the events the handler saw.
#[derive(Clone)]
struct App {
    receiver: Receiver<TestEvent>,
    seen: Arc<Mutex<Vec<TestEvent>>>,
}

impl FromRef<App> for Receiver<TestEvent> {
    fn from_ref(app: &App) -> Self {
        app.receiver.clone()
    }
}

async fn handle(State(app): State<App>, Verified(event): Verified<TestEvent>) -> StatusCode {
    app.seen.lock().unwrap().push(event);
    StatusCode::OK
}

/// A server on 127.0.0.1 whose `/webhook` takes deliveries of at most `limit` bytes; its URL and
/// the events its handler saw.
async fn serve(limit: usize) -> (String, Arc<Mutex<Vec<TestEvent>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = App {
        receiver: Receiver::new(SECRET).max_body_bytes(limit),
        seen: Arc::clone(&seen),
    };
    let router = Router::new()
        .route("/webhook", post(handle))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, seen)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Sends `body` with `content_type` and the secret header `secret` (if any); the status and
/// the answer's text.
async fn send(
    url: &str,
    content_type: &str,
    secret: Option<(&str, &str)>,
    body: impl Into<reqwest::Body>,
) -> (u16, String) {
    let mut request = client()
        .post(url)
        .header("content-type", content_type)
        .header("user-agent", "authing-webhook@2.0")
        .header("x-authing-userpool-id", "62a1b2c3d4e5f60718293a4b")
        .body(body);
    if let Some((name, value)) = secret {
        request = request.header(name, value);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status().as_u16();
    (status, answer.text().await.unwrap())
}

/// Sends `chunks` as a chunked JSON delivery carrying the secret, over a plain TCP
/// connection; the answer's status.
async fn send_chunked(url: &str, chunks: &[&str]) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = url
        .trim_start_matches("http://")
        .trim_end_matches("/webhook");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut request = format!(
        "POST /webhook HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\n\
         {SECRET_HEADER}: {SECRET}\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    );
    for chunk in chunks {
        request.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    request.push_str("0\r\n\r\n");
    // The server may answer and close before it read everything.
    let _ = stream.write_all(request.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"))
}

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const SECRET_HEADER: &str = "x-authing-webhook-secret";

#[tokio::test]
async fn a_good_json_delivery_reaches_the_handler() {
    let (url, seen) = serve(4096).await;
    let body = r#"{"eventName":"user:created","data":{"id":"u-1"}}"#;
    let (status, _) = send(&url, JSON, Some((SECRET_HEADER, SECRET)), body).await;
    assert_eq!(status, 200);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![TestEvent::Created { id: "u-1".into() }]
    );
}

#[tokio::test]
async fn a_good_form_delivery_reaches_the_handler() {
    let (url, seen) = serve(4096).await;
    let (status, _) = send(
        &url,
        FORM,
        Some(("x-authing-token", SECRET)),
        "eventName=user%3Acreated&data%5Bid%5D=u-2",
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send(
        &url,
        "application/x-www-form-urlencoded; charset=utf-8",
        Some((SECRET_HEADER, SECRET)),
        "eventName=test&data=%7B%22description%22%3A%22hi%22%7D",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            TestEvent::Created { id: "u-2".into() },
            TestEvent::Test {
                description: "hi".into()
            }
        ]
    );
}

#[tokio::test]
async fn a_wrong_or_missing_secret_is_401_and_the_handler_sees_nothing() {
    let (url, seen) = serve(4096).await;
    let body = r#"{"eventName":"user:created","data":{"id":"u-1"}}"#;
    let wrong = format!("{}x", &SECRET[..SECRET.len() - 1]);
    for secret in [
        Some((SECRET_HEADER, wrong.as_str())),
        Some((SECRET_HEADER, "")),
        None,
    ] {
        let (status, text) = send(&url, JSON, secret, body).await;
        assert_eq!(status, 401, "{secret:?}: {text}");
        assert!(text.contains("secret"), "{text}");
        assert!(!text.contains(SECRET) && !text.contains(&wrong), "{text}");
    }
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_oversized_delivery_is_413() {
    let (url, seen) = serve(256).await;
    let padding = " ".repeat(300);
    let body = format!(r#"{{"eventName":"user:created","data":{{"id":"u-1"}}}}{padding}"#);
    let (status, text) = send(&url, JSON, Some((SECRET_HEADER, SECRET)), body.clone()).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("limit of 256 bytes"), "{text}");
    // Chunked, without a content length.
    assert_eq!(send_chunked(&url, &[&body, &body]).await, 413);
    assert_eq!(
        send_chunked(&url, &[&body[..100], &body[100..200]]).await,
        200
    );
    // Even without a secret.
    let (status, _) = send(&url, JSON, None, " ".repeat(1000)).await;
    assert_eq!(status, 413);
    // Only the chunked delivery within the limit reached the handler.
    assert_eq!(
        *seen.lock().unwrap(),
        vec![TestEvent::Created { id: "u-1".into() }]
    );
}

#[tokio::test]
async fn a_malformed_delivery_is_400_and_an_unsupported_one_415() {
    let (url, seen) = serve(4096).await;
    let secret = Some((SECRET_HEADER, SECRET));
    let (status, text) = send(&url, JSON, secret, r#"{"eventName":"#).await;
    assert_eq!(status, 400);
    assert!(text.contains("not valid JSON"), "{text}");
    let (status, text) = send(&url, JSON, secret, r#"{"eventName":"test","data":{}}"#).await;
    assert_eq!(status, 400);
    assert!(text.contains("description"), "{text}");
    let (status, _) = send(&url, FORM, secret, "a=1&a=2").await;
    assert_eq!(status, 400);
    let (status, text) = send(&url, "text/plain", secret, "hello").await;
    assert_eq!(status, 415);
    assert!(text.contains("text/plain"), "{text}");
    assert!(seen.lock().unwrap().is_empty());
}

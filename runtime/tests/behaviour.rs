//! Generic behaviour of the request loop, ported from the loopback suite of the generated
//! Authing crate (`tests/runtime.rs`): the wire form of a request, retries, timeouts, network
//! failures, decoding, error snippets, body limits, host and header validation.

mod common;

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{
    USER_AGENT, bounded, count, dead_addr, fast_retries, header_all, header_str, only_request,
    received, requests_to,
};
use oapi_docgen_runtime::client::{Client, ClientBuilder};
use oapi_docgen_runtime::config::RetryPolicy;
use oapi_docgen_runtime::error::Error;
use oapi_docgen_runtime::request::ApiRequest;
use oapi_docgen_runtime::testing::{execute, execute_raw};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const THINGS: &str = "/things";

fn builder(server: &MockServer) -> ClientBuilder {
    ClientBuilder::new(&server.uri(), &[])
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries())
}

fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

fn get() -> ApiRequest {
    ApiRequest::new(Method::GET, THINGS, true, &[])
}

/// A POST with a JSON body; `idempotent` as the operation declares it.
fn post(idempotent: bool) -> ApiRequest {
    ApiRequest::new(Method::POST, THINGS, idempotent, &[]).json(&NewThing { name: "x", n: 1 })
}

/// A request body whose fields keep their order.
#[derive(Serialize)]
struct NewThing {
    name: &'static str,
    n: u32,
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "ok": true }))
}

/// Serves `first` `times` times, then `then` forever, for every request.
async fn mount_sequence(
    server: &MockServer,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(path(THINGS))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(path(THINGS))
        .respond_with(then)
        .with_priority(2)
        .mount(server)
        .await;
}

async fn mount(server: &MockServer, answer: ResponseTemplate) {
    Mock::given(path(THINGS))
        .respond_with(answer)
        .mount(server)
        .await;
}

async fn call(client: &Client, request: ApiRequest) -> Result<Value, Error> {
    execute(client, request).await
}

// ---------------------------------------------------------------------------------------------
// Wire form.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn post_sends_exact_headers_and_json_body() {
    bounded(async {
        let server = MockServer::start().await;
        mount(&server, ok()).await;
        let request = post(false)
            .header("x-request-id", "r-1")
            .query("q", "a&b=c é");
        let answer = call(&client(&server), request).await.unwrap();
        assert_eq!(answer, json!({ "ok": true }));
        let request = only_request(&server, THINGS).await;
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.url.query(), Some("q=a%26b%3Dc+%C3%A9"));
        assert_eq!(request.body, br#"{"name":"x","n":1}"#);
        assert_eq!(header_all(&request, "content-type"), ["application/json"]);
        assert_eq!(header_all(&request, "accept"), ["application/json"]);
        assert_eq!(header_all(&request, "user-agent"), [USER_AGENT]);
        assert_eq!(header_all(&request, "x-request-id"), ["r-1"]);
        assert_eq!(header_str(&request, "authorization"), None);
        let encodings: Vec<&str> = header_str(&request, "accept-encoding")
            .unwrap()
            .split(',')
            .map(str::trim)
            .collect();
        assert_eq!(encodings, ["gzip", "br"]);
    })
    .await;
}

/// Building a request never fails: a body that cannot be serialized (a map whose keys are not
/// text) is the request's error, returned when it is sent, and nothing reaches the server.
#[tokio::test]
async fn a_body_that_cannot_be_encoded_fails_the_call_without_a_request() {
    let server = MockServer::start().await;
    mount(&server, ok()).await;
    let body = std::collections::BTreeMap::from([((1, 2), "pair keys are not JSON")]);
    let request = ApiRequest::new(Method::POST, THINGS, false, &[]).json(&body);
    let error = call(&client(&server), request).await.unwrap_err();
    assert!(matches!(error, Error::Encode(_)), "{error:?}");
    assert_eq!(received(&server).await.len(), 0);
}

#[tokio::test]
async fn get_sends_no_body_and_no_content_type() {
    bounded(async {
        let server = MockServer::start().await;
        mount(&server, ok()).await;
        call(
            &client(&server),
            get().query("page", 2).query("tag", "a").query("tag", "b"),
        )
        .await
        .unwrap();
        let request = only_request(&server, THINGS).await;
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.query(), Some("page=2&tag=a&tag=b"));
        assert!(request.body.is_empty());
        assert_eq!(header_str(&request, "content-type"), None);
    })
    .await;
}

#[tokio::test]
async fn raw_answers_are_returned_as_bytes_with_their_accept() {
    bounded(async {
        let server = MockServer::start().await;
        mount(
            &server,
            ResponseTemplate::new(200).set_body_raw("plain text, not JSON", "text/plain"),
        )
        .await;
        let bytes = execute_raw(&client(&server), get().accept("text/plain"))
            .await
            .unwrap();
        assert_eq!(bytes, b"plain text, not JSON");
        let request = only_request(&server, THINGS).await;
        assert_eq!(header_all(&request, "accept"), ["text/plain"]);
    })
    .await;
}

#[tokio::test]
async fn default_headers_are_sent_on_every_request() {
    bounded(async {
        let server = MockServer::start().await;
        mount(&server, ok()).await;
        let client = builder(&server)
            .header("x-tenant", "t-1")
            .header("x-multi", "a")
            .header("x-multi", "b")
            .build()
            .unwrap();
        call(&client, get()).await.unwrap();
        call(&client, post(false)).await.unwrap();
        call(&client.clone(), get()).await.unwrap();
        let requests = received(&server).await;
        assert_eq!(requests.len(), 3);
        for request in &requests {
            assert_eq!(header_all(request, "x-tenant"), ["t-1"]);
            assert_eq!(header_all(request, "x-multi"), ["a", "b"]);
        }
    })
    .await;
}

#[tokio::test]
async fn a_default_user_agent_is_sent_once() {
    bounded(async {
        let server = MockServer::start().await;
        mount(&server, ok()).await;
        let client = builder(&server)
            .header("user-agent", "my-app/2.0")
            .build()
            .unwrap();
        call(&client, get()).await.unwrap();
        let request = only_request(&server, THINGS).await;
        // `user-agent` is a singleton field (RFC 9110, section 10.1.5): one value, not two.
        let agents = header_all(&request, "user-agent");
        assert_eq!(agents.len(), 1, "{agents:?}");
    })
    .await;
}

#[tokio::test]
async fn an_invalid_default_header_is_a_config_error() {
    for (name, value) in [
        ("bad name", "v"),
        ("x-ok", "line\nbreak"),
        ("", "v"),
        ("x-ok", "nul\0"),
    ] {
        let result = ClientBuilder::new("http://127.0.0.1:1", &[])
            .header(name, value)
            .build();
        assert!(
            matches!(&result, Err(Error::Config(m)) if m.contains("header")),
            "{name:?}: {value:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn an_invalid_header_parameter_is_a_config_error_and_sends_nothing() {
    bounded(async {
        let server = MockServer::start().await;
        mount(&server, ok()).await;
        let error = call(&client(&server), get().header("x-id", "a\nb"))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert_eq!(received(&server).await.len(), 0);
    })
    .await;
}

#[tokio::test]
async fn redirects_are_not_followed() {
    bounded(async {
        let server = MockServer::start().await;
        mount(
            &server,
            ResponseTemplate::new(302).insert_header("location", "/elsewhere"),
        )
        .await;
        Mock::given(path("/elsewhere"))
            .respond_with(ok())
            .mount(&server)
            .await;
        let error = call(&client(&server), post(true)).await.unwrap_err();
        assert!(
            matches!(error, Error::Http { status: 302, .. }),
            "{error:?}"
        );
        assert_eq!(count(&server, "/elsewhere").await, 0);
        assert_eq!(count(&server, THINGS).await, 1);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Host validation.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn host_trailing_slash_and_path_prefix() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ok())
            .mount(&server)
            .await;
        let client = ClientBuilder::new(&format!("{}/", server.uri()), &[])
            .build()
            .unwrap();
        call(&client, get()).await.unwrap();
        let client = ClientBuilder::new("http://unused.invalid", &[])
            .host(format!("{}/api/v2/", server.uri()))
            .build()
            .unwrap();
        call(&client, get()).await.unwrap();
        let paths: Vec<String> = received(&server)
            .await
            .iter()
            .map(|r| r.url.path().to_owned())
            .collect();
        assert_eq!(paths, ["/things", "/api/v2/things"]);
    })
    .await;
}

#[tokio::test]
async fn bad_hosts_and_a_zero_timeout_are_config_errors() {
    for bad in [
        "",
        "api.example.com",
        "not a url",
        "ftp://api.example.com",
        "https://x/?a=b",
        "https://x/#top",
        "https://user:pw@x",
    ] {
        let result = ClientBuilder::new(bad, &[]).build();
        assert!(matches!(result, Err(Error::Config(_))), "{bad:?}");
    }
    ClientBuilder::new("https://api.example.com", &[])
        .build()
        .unwrap();
    let result = ClientBuilder::new("https://api.example.com", &[])
        .timeout(Duration::ZERO)
        .build();
    assert!(matches!(result, Err(Error::Config(_))));
}

// ---------------------------------------------------------------------------------------------
// Retries.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_503_twice_then_200_succeeds() {
    bounded(async {
        let server = MockServer::start().await;
        mount_sequence(&server, ResponseTemplate::new(503), 2, ok()).await;
        let answer = call(&client(&server), get()).await.unwrap();
        assert_eq!(answer, json!({ "ok": true }));
        assert_eq!(count(&server, THINGS).await, 3);
    })
    .await;
}

#[tokio::test]
async fn post_503_is_not_retried() {
    bounded(async {
        let server = MockServer::start().await;
        mount_sequence(
            &server,
            ResponseTemplate::new(503).set_body_string("busy"),
            1,
            ok(),
        )
        .await;
        let error = call(&client(&server), post(false)).await.unwrap_err();
        assert!(
            matches!(&error, Error::Http { status: 503, snippet } if snippet == "busy"),
            "{error:?}"
        );
        assert!(error.is_retryable(), "left to the caller");
        assert_eq!(count(&server, THINGS).await, 1);
    })
    .await;
}

#[tokio::test]
async fn idempotent_post_503_is_retried_with_the_same_body() {
    bounded(async {
        let server = MockServer::start().await;
        mount(&server, ResponseTemplate::new(503)).await;
        let error = call(&client(&server), post(true)).await.unwrap_err();
        assert!(
            matches!(error, Error::Http { status: 503, .. }),
            "{error:?}"
        );
        let requests = requests_to(&server, THINGS).await;
        assert_eq!(requests.len(), 3);
        for request in &requests {
            assert_eq!(request.body, br#"{"name":"x","n":1}"#);
            assert_eq!(header_all(request, "content-type"), ["application/json"]);
        }
    })
    .await;
}

#[tokio::test]
async fn gateway_statuses_are_retried_for_get_but_500_is_not() {
    bounded(async {
        for (status, attempts) in [(502, 3), (504, 3), (500, 1), (404, 1)] {
            let server = MockServer::start().await;
            mount(&server, ResponseTemplate::new(status)).await;
            let error = call(&client(&server), get()).await.unwrap_err();
            assert_eq!(error.http_status(), Some(status));
            assert_eq!(count(&server, THINGS).await, attempts, "{status}");
        }
    })
    .await;
}

#[tokio::test]
async fn post_429_is_retried() {
    bounded(async {
        let server = MockServer::start().await;
        let limited = ResponseTemplate::new(429).set_body_string("too many requests");
        mount_sequence(&server, limited, 1, ok()).await;
        let answer = call(&client(&server), post(false)).await.unwrap();
        assert_eq!(answer, json!({ "ok": true }));
        let requests = requests_to(&server, THINGS).await;
        assert_eq!(requests.len(), 2);
        assert_eq!(
            requests[0].body, requests[1].body,
            "the same body is resent"
        );
    })
    .await;
}

#[tokio::test]
async fn retries_are_exhausted_after_max_plus_one_attempts() {
    bounded(async {
        let server = MockServer::start().await;
        mount(
            &server,
            ResponseTemplate::new(429).set_body_string("slow down"),
        )
        .await;
        let client = builder(&server)
            .retry_policy(fast_retries().max_retries(3))
            .build()
            .unwrap();
        let error = call(&client, get()).await.unwrap_err();
        assert!(
            matches!(&error, Error::Http { status: 429, snippet } if snippet == "slow down"),
            "{error:?}"
        );
        assert!(error.is_retryable());
        assert_eq!(count(&server, THINGS).await, 4);
    })
    .await;
}

#[tokio::test]
async fn no_retry_policy_makes_one_attempt() {
    bounded(async {
        let server = MockServer::start().await;
        mount(&server, ResponseTemplate::new(503)).await;
        let client = builder(&server)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let error = call(&client, get()).await.unwrap_err();
        assert!(
            matches!(error, Error::Http { status: 503, .. }),
            "{error:?}"
        );
        assert_eq!(count(&server, THINGS).await, 1);
    })
    .await;
}

#[tokio::test]
async fn retry_after_is_honoured() {
    bounded(async {
        let server = MockServer::start().await;
        let limited = ResponseTemplate::new(429).insert_header("retry-after", "1");
        mount_sequence(&server, limited, 1, ok()).await;
        let client = client(&server);
        let started = Instant::now();
        call(&client, get()).await.unwrap();
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
        assert_eq!(count(&server, THINGS).await, 2);

        let started = Instant::now();
        call(&client, get()).await.unwrap();
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "no wait without a 429"
        );
        assert_eq!(count(&server, THINGS).await, 3);
    })
    .await;
}

#[tokio::test]
async fn overlong_retry_after_is_returned_at_once() {
    bounded(async {
        let server = MockServer::start().await;
        mount(
            &server,
            ResponseTemplate::new(429).insert_header("retry-after", "3600"),
        )
        .await;
        let started = Instant::now();
        let error = call(&client(&server), get()).await.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(
            matches!(error, Error::Http { status: 429, .. }),
            "{error:?}"
        );
        assert_eq!(count(&server, THINGS).await, 1);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Timeouts and network failures.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn slow_answer_times_out_and_is_not_retried() {
    bounded(async {
        let server = MockServer::start().await;
        mount(&server, ok().set_delay(Duration::from_secs(3))).await;
        let client = builder(&server)
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let started = Instant::now();
        let error = call(&client, get()).await.unwrap_err();
        assert!(matches!(error, Error::Timeout), "{error:?}");
        assert!(error.is_timeout());
        assert!(error.is_retryable());
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
        assert_eq!(count(&server, THINGS).await, 1, "timeouts are not retried");
    })
    .await;
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_retried_even_for_post() {
    bounded(async {
        let addr = dead_addr();
        let policy = RetryPolicy::default()
            .max_retries(2)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(100));
        let recorder = common::Recorder::default();
        let client = ClientBuilder::new(&format!("http://{addr}"), &[])
            .retry_policy(policy)
            .hooks(recorder.clone())
            .build()
            .unwrap();
        let started = Instant::now();
        let error = call(&client, post(false)).await.unwrap_err();
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        assert!(error.is_retryable());
        assert!(
            started.elapsed() >= Duration::from_millis(100),
            "two backoffs of at least 50 ms each: {:?}",
            started.elapsed()
        );
        let attempts: Vec<(u32, Option<u16>)> = recorder
            .seen()
            .iter()
            .map(|s| (s.attempt, s.status))
            .collect();
        assert_eq!(attempts, [(1, None), (2, None), (3, None)]);
    })
    .await;
}

#[tokio::test]
async fn get_is_retried_until_a_refused_server_comes_back() {
    bounded(async {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let first = MockServer::builder().listener(listener).start().await;
        mount(&first, ok()).await;
        let policy = RetryPolicy::default()
            .max_retries(20)
            .initial_backoff(Duration::from_millis(20))
            .max_backoff(Duration::from_millis(40));
        let client = ClientBuilder::new(&format!("http://{addr}/"), &[])
            .retry_policy(policy)
            .build()
            .unwrap();
        call(&client, get()).await.unwrap();
        drop(first);
        let deadline = Instant::now() + Duration::from_secs(5);
        while tokio::net::TcpStream::connect(addr).await.is_ok() {
            assert!(Instant::now() < deadline, "the server did not stop");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }

        let revive = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let listener = TcpListener::bind(addr).unwrap();
            let second = MockServer::builder().listener(listener).start().await;
            mount(
                &second,
                ResponseTemplate::new(200).set_body_json(json!({ "back": true })),
            )
            .await;
            second
        });
        let started = Instant::now();
        let answer = call(&client, get()).await.unwrap();
        assert_eq!(answer, json!({ "back": true }));
        assert!(started.elapsed() >= Duration::from_millis(200));
        let second = revive.await.unwrap();
        assert_eq!(count(&second, THINGS).await, 1);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Decoding and error snippets.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Thing {
    id: String,
    data: Data,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Data {
    enabled: bool,
    #[serde(rename = "createdAt")]
    created_at: String,
}

/// Serves `answer` once for a typed GET (marked secret when `secret`), and returns its error.
async fn decode_failure(answer: ResponseTemplate, secret: bool) -> Error {
    let server = MockServer::start().await;
    mount(&server, answer).await;
    let request = if secret { get().secret_answer() } else { get() };
    let error = execute::<Thing>(&client(&server), request)
        .await
        .unwrap_err();
    assert_eq!(
        count(&server, THINGS).await,
        1,
        "decode errors are not retried"
    );
    error
}

fn thing_json() -> Value {
    json!({ "id": "t1", "data": { "enabled": true, "createdAt": "2024-01-01" } })
}

#[tokio::test]
async fn a_typed_answer_decodes() {
    bounded(async {
        let server = MockServer::start().await;
        let mut body = thing_json();
        body["unknownNewField"] = json!({ "ignored": true });
        mount(&server, ResponseTemplate::new(200).set_body_json(body)).await;
        let thing: Thing = execute(&client(&server), get()).await.unwrap();
        assert_eq!(thing.id, "t1");
        assert!(thing.data.enabled);
        assert_eq!(thing.data.created_at, "2024-01-01");
    })
    .await;
}

#[tokio::test]
async fn html_with_200_is_a_decode_error_with_a_snippet() {
    bounded(async {
        let answer =
            ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html");
        match decode_failure(answer, false).await {
            Error::Decode { path, snippet, .. } => {
                assert_eq!(path, ".");
                assert_eq!(snippet, "<html>maintenance</html>");
            }
            other => panic!("unexpected {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn a_secret_answer_is_redacted_from_decode_errors() {
    bounded(async {
        let answer = ResponseTemplate::new(200).set_body_raw(
            r#"{"id":"t1","data":{"secret":"hunter2""#,
            "application/json",
        );
        let error = decode_failure(answer, true).await;
        match &error {
            Error::Decode { path, snippet, .. } => {
                assert!(path.starts_with("data"), "{path}");
                assert_eq!(snippet, "<redacted>");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(!format!("{error:?} {error}").contains("hunter2"));
        // The same answer without the mark shows its start.
        let answer = ResponseTemplate::new(200).set_body_raw(
            r#"{"id":"t1","data":{"secret":"hunter2""#,
            "application/json",
        );
        let error = decode_failure(answer, false).await;
        assert!(
            matches!(&error, Error::Decode { snippet, .. } if snippet.contains("hunter2")),
            "{error:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn an_empty_body_is_a_decode_error() {
    bounded(async {
        match decode_failure(ResponseTemplate::new(200), false).await {
            Error::Decode {
                message, snippet, ..
            } => {
                assert!(message.contains("EOF"), "{message}");
                assert_eq!(snippet, "");
            }
            other => panic!("unexpected {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn a_mistyped_field_names_its_path() {
    bounded(async {
        let mut body = thing_json();
        body["data"]["enabled"] = json!("yes");
        let error = decode_failure(ResponseTemplate::new(200).set_body_json(body), false).await;
        match &error {
            Error::Decode { path, message, .. } => {
                assert_eq!(path, "data.enabled");
                assert!(message.contains("expected a boolean"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(error.to_string().contains("data.enabled"), "{error}");
        assert!(!error.is_retryable());
    })
    .await;
}

#[tokio::test]
async fn a_missing_field_is_named() {
    bounded(async {
        let mut body = thing_json();
        body["data"].as_object_mut().unwrap().remove("createdAt");
        let error = decode_failure(ResponseTemplate::new(200).set_body_json(body), false).await;
        match &error {
            Error::Decode { path, message, .. } => {
                assert_eq!(path, "data");
                assert!(message.contains("missing field `createdAt`"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn trailing_garbage_is_a_decode_error() {
    bounded(async {
        let body = format!("{} trailing", thing_json());
        let answer = ResponseTemplate::new(200).set_body_raw(body, "application/json");
        match decode_failure(answer, false).await {
            Error::Decode { path, message, .. } => {
                assert_eq!(path, ".");
                assert!(message.contains("trailing"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn http_500_html_gives_a_bounded_snippet() {
    bounded(async {
        let server = MockServer::start().await;
        let page = format!(
            "<html><body>{}</body></html>",
            "Internal Server Error 服务器错误 ".repeat(300)
        );
        mount(
            &server,
            ResponseTemplate::new(500).set_body_raw(page, "text/html"),
        )
        .await;
        match call(&client(&server), get()).await.unwrap_err() {
            Error::Http { status, snippet } => {
                assert_eq!(status, 500);
                assert!(snippet.starts_with("<html><body>Internal"));
                assert!(snippet.len() <= 1024 + '…'.len_utf8(), "{}", snippet.len());
                assert!(snippet.ends_with('…'));
                assert!(!snippet.contains('\u{fffd}'));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(count(&server, THINGS).await, 1, "500 is not retried");
    })
    .await;
}

#[tokio::test]
async fn a_short_json_error_body_is_kept_whole() {
    bounded(async {
        let server = MockServer::start().await;
        let body = json!({ "code": "not_found", "detail": "no thing t9" });
        mount(&server, ResponseTemplate::new(404).set_body_json(&body)).await;
        let error = call(&client(&server), get()).await.unwrap_err();
        assert_eq!(error.status_code(), Some(404));
        assert_eq!(error.http_status(), Some(404));
        assert_eq!(error.body_as::<Value>(), Some(body));
        assert!(
            error
                .to_string()
                .starts_with("HTTP status 404 from the API: {")
        );
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Body limits.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_huge_body_with_a_length_is_refused() {
    bounded(async {
        let server = MockServer::start().await;
        mount(
            &server,
            ResponseTemplate::new(200).set_body_bytes(vec![b' '; 20 * 1024 * 1024]),
        )
        .await;
        let error = call(&client(&server), get()).await.unwrap_err();
        assert!(
            matches!(error, Error::ResponseTooLarge { limit } if limit == 16 * 1024 * 1024),
            "{error:?}"
        );
        assert_eq!(count(&server, THINGS).await, 1, "not retried");
    })
    .await;
}

#[tokio::test]
async fn a_huge_streamed_body_is_cut_off() {
    bounded(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let written = Arc::new(AtomicUsize::new(0));
        let total: usize = 64 * 1024 * 1024;
        let server_written = Arc::clone(&written);
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buf).await.unwrap();
                assert!(n > 0);
                request.extend_from_slice(&buf[..n]);
            }
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                        transfer-encoding: chunked\r\n\r\n";
            socket.write_all(head.as_bytes()).await.unwrap();
            let chunk = vec![b' '; 64 * 1024];
            let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
            while server_written.load(Ordering::SeqCst) < total {
                if socket.write_all(&frame).await.is_err() {
                    return;
                }
                server_written.fetch_add(chunk.len(), Ordering::SeqCst);
            }
            let _ = socket.write_all(b"0\r\n\r\n").await;
        });
        let client = ClientBuilder::new(&format!("http://{addr}"), &[])
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let error = call(&client, get()).await.unwrap_err();
        assert!(
            matches!(error, Error::ResponseTooLarge { limit } if limit == 16 * 1024 * 1024),
            "{error:?}"
        );
        server.await.unwrap();
        assert!(
            written.load(Ordering::SeqCst) < total,
            "the client stopped reading"
        );
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Debug output.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn debug_output_shows_header_names_not_values() {
    let builder = ClientBuilder::new("https://api.example.com", &["key"])
        .header("x-secret-header", "hidden-value-1");
    let shown = format!("{builder:?}");
    assert!(shown.contains("x-secret-header"), "{shown}");
    assert!(!shown.contains("hidden-value-1"), "{shown}");
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("x-secret-header"), "{shown}");
    assert!(!shown.contains("hidden-value-1"), "{shown}");
}

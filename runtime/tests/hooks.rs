//! Hooks: headers added in `on_request` reach the wire, and `on_answer` sees every attempt
//! (retries, token requests, the repeat after a token renewal, failures without an answer).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Recorder, Seen, bounded, fast_retries, header_all, header_str, requests_to};
use oapi_docgen_runtime::client::ClientBuilder;
use oapi_docgen_runtime::error::Error;
use oapi_docgen_runtime::hooks::{Exchange, Hooks};
use oapi_docgen_runtime::oauth2::client_credentials;
use oapi_docgen_runtime::request::ApiRequest;
use oapi_docgen_runtime::testing::{execute, with_credential};
use reqwest::Method;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const THINGS: &str = "/things";

fn seen(method: &str, path: &str, attempt: u32, status: Option<u16>) -> Seen {
    Seen {
        method: method.to_owned(),
        path: path.to_owned(),
        attempt,
        status,
        elapsed_positive: true,
    }
}

#[tokio::test]
async fn on_request_headers_reach_the_wire_and_on_answer_sees_every_attempt() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(path(THINGS))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(2)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(path(THINGS))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": 1 })))
            .with_priority(2)
            .mount(&server)
            .await;
        let recorder = Recorder::default();
        let client = ClientBuilder::new(&server.uri(), &[])
            .retry_policy(fast_retries())
            .hooks(recorder.clone())
            .build()
            .unwrap();
        let request = ApiRequest::new(Method::GET, THINGS, true, &[]).query("page", 2);
        let answer: Value = execute(&client, request).await.unwrap();
        assert_eq!(answer, json!({ "ok": 1 }));

        let requests = requests_to(&server, THINGS).await;
        assert_eq!(requests.len(), 3);
        for (request, attempt) in requests.iter().zip(["1", "2", "3"]) {
            assert_eq!(header_all(request, "x-hooked"), ["yes"]);
            assert_eq!(header_str(request, "x-attempt"), Some(attempt));
            assert_eq!(request.url.query(), Some("page=2"));
        }
        assert_eq!(*recorder.requested.lock().unwrap(), [1, 2, 3]);
        // The path is the operation's, without the query.
        assert_eq!(
            recorder.seen(),
            [
                seen("GET", THINGS, 1, Some(503)),
                seen("GET", THINGS, 2, Some(503)),
                seen("GET", THINGS, 3, Some(200)),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn hooks_see_token_requests_and_the_repeat_after_a_renewal() {
    bounded(async {
        let server = MockServer::start().await;
        let token = |t: &str| {
            ResponseTemplate::new(200).set_body_json(json!({
                "access_token": t, "token_type": "Bearer", "expires_in": 3600
            }))
        };
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(token("tok-a"))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(token("tok-b"))
            .with_priority(2)
            .mount(&server)
            .await;
        Mock::given(path(THINGS))
            .and(header("authorization", "Bearer tok-a"))
            .respond_with(ResponseTemplate::new(401))
            .mount(&server)
            .await;
        Mock::given(path(THINGS))
            .and(header("authorization", "Bearer tok-b"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .mount(&server)
            .await;
        let recorder = Recorder::default();
        let builder = ClientBuilder::new(&server.uri(), &["oauth"])
            .retry_policy(fast_retries())
            .hooks(recorder.clone());
        let credential = client_credentials("/oauth/token", &[], "id", "secret");
        let client = with_credential(builder, 0, credential).build().unwrap();
        let request = ApiRequest::new(Method::GET, THINGS, true, &[&[0]]);
        let _: Value = execute(&client, request).await.unwrap();
        assert_eq!(
            recorder.seen(),
            [
                seen("POST", "/oauth/token", 1, Some(200)),
                seen("GET", THINGS, 1, Some(401)),
                seen("POST", "/oauth/token", 1, Some(200)),
                seen("GET", THINGS, 2, Some(200)),
            ]
        );
        // Every request, token requests included, went through `on_request`.
        for request in server.received_requests().await.unwrap() {
            assert_eq!(header_str(&request, "x-hooked"), Some("yes"));
        }
    })
    .await;
}

#[tokio::test]
async fn a_timeout_is_seen_without_a_status() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(path(THINGS))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({}))
                    .set_delay(Duration::from_secs(3)),
            )
            .mount(&server)
            .await;
        let observed: Observed = Arc::default();
        let client = ClientBuilder::new(&server.uri(), &[])
            .timeout(Duration::from_millis(200))
            .hooks(Elapsed(Arc::clone(&observed)))
            .build()
            .unwrap();
        let request = ApiRequest::new(Method::GET, THINGS, true, &[]);
        let error = execute::<Value>(&client, request).await.unwrap_err();
        assert!(matches!(error, Error::Timeout), "{error:?}");
        let observed = observed.lock().unwrap().clone();
        assert_eq!(observed.len(), 1);
        let (status, elapsed) = observed[0];
        assert_eq!(status, None);
        assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    })
    .await;
}

/// Each answer's status and duration.
type Observed = Arc<Mutex<Vec<(Option<u16>, Duration)>>>;

/// Records each answer's status and duration.
struct Elapsed(Observed);

impl Hooks for Elapsed {
    fn on_answer(&self, exchange: &Exchange<'_>) {
        self.0
            .lock()
            .unwrap()
            .push((exchange.status, exchange.elapsed));
    }
}

/// Hooks that implement nothing.
struct Nothing;

impl Hooks for Nothing {}

#[tokio::test]
async fn hooks_with_the_default_methods_change_nothing() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(path(THINGS))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": 1 })))
            .mount(&server)
            .await;
        let client = ClientBuilder::new(&server.uri(), &[])
            .hooks(Nothing)
            .build()
            .unwrap();
        let answer: Value = execute(&client, ApiRequest::new(Method::GET, THINGS, true, &[]))
            .await
            .unwrap();
        assert_eq!(answer, json!({ "ok": 1 }));
        let request = requests_to(&server, THINGS).await.remove(0);
        assert_eq!(header_str(&request, "x-hooked"), None);
    })
    .await;
}

#[tokio::test]
async fn on_request_can_replace_a_header_the_client_set() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(path(THINGS))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .mount(&server)
            .await;
        struct Accept;
        impl Hooks for Accept {
            fn on_request(&self, request: &mut reqwest::Request, _attempt: u32) {
                request.headers_mut().insert(
                    "accept",
                    reqwest::header::HeaderValue::from_static("application/vnd.api+json"),
                );
            }
        }
        let client = ClientBuilder::new(&server.uri(), &[])
            .hooks(Accept)
            .build()
            .unwrap();
        let _: Value = execute(&client, ApiRequest::new(Method::GET, THINGS, true, &[]))
            .await
            .unwrap();
        let request = requests_to(&server, THINGS).await.remove(0);
        assert_eq!(header_all(&request, "accept"), ["application/vnd.api+json"]);
    })
    .await;
}

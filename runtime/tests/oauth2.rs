//! OAuth 2.0 client credentials against a wiremock token endpoint: the token request's wire
//! form, caching, single flight, renewal after a 401, background refresh, and failures.

mod common;

use std::time::{Duration, Instant};

use common::{bounded, count, fast_retries, header_all, header_str, only_request, requests_to};
use oapi_docgen_runtime::client::{Client, ClientBuilder};
use oapi_docgen_runtime::config::RetryPolicy;
use oapi_docgen_runtime::error::Error;
use oapi_docgen_runtime::oauth2::client_credentials;
use oapi_docgen_runtime::request::ApiRequest;
use oapi_docgen_runtime::testing::{execute, with_credential};
use reqwest::Method;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SCHEMES: &[&str] = &["oauth"];
const OAUTH: usize = 0;
const TOKEN_PATH: &str = "/oauth/token";
const API_PATH: &str = "/things";

/// A token endpoint answer.
fn token(access_token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": access_token, "token_type": "Bearer", "expires_in": expires_in
    }))
}

/// Serves `answer` at the token endpoint, `limit` times when given, at `priority`.
async fn mount_token(
    server: &MockServer,
    answer: ResponseTemplate,
    limit: Option<u64>,
    priority: u8,
) {
    let mock = Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(answer)
        .with_priority(priority);
    let mock = match limit {
        Some(n) => mock.up_to_n_times(n),
        None => mock,
    };
    mock.mount(server).await;
}

/// Answers `{"n":1}` to every GET of the API.
async fn mount_api(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(API_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "n": 1 })))
        .mount(server)
        .await;
}

fn oauth_builder(server: &MockServer, scopes: &'static [&'static str]) -> ClientBuilder {
    let builder = ClientBuilder::new(&server.uri(), SCHEMES)
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries());
    with_credential(
        builder,
        OAUTH,
        client_credentials(TOKEN_PATH, scopes, "client-1", "secret-1"),
    )
}

fn client(server: &MockServer) -> Client {
    oauth_builder(server, &[]).build().unwrap()
}

fn get() -> ApiRequest {
    ApiRequest::new(Method::GET, API_PATH, true, &[&[OAUTH]])
}

async fn call(client: &Client) -> Result<Value, Error> {
    execute(client, get()).await
}

/// The `authorization` of every API request, in order.
async fn api_authorizations(server: &MockServer) -> Vec<String> {
    requests_to(server, API_PATH)
        .await
        .iter()
        .map(|r| header_str(r, "authorization").unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn token_request_is_a_form_with_form_encoded_basic_auth() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, token("tok-1", 3600), None, 1).await;
        mount_api(&server).await;
        let builder = ClientBuilder::new(&server.uri(), SCHEMES);
        let credential = client_credentials(TOKEN_PATH, &["a", "b:c/d"], "my id:1", "sécret/+");
        let client = with_credential(builder, OAUTH, credential).build().unwrap();
        assert_eq!(call(&client).await.unwrap(), json!({ "n": 1 }));

        let request = only_request(&server, TOKEN_PATH).await;
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(
            header_all(&request, "content-type"),
            ["application/x-www-form-urlencoded"]
        );
        assert_eq!(
            String::from_utf8(request.body.clone()).unwrap(),
            "grant_type=client_credentials&scope=a+b%3Ac%2Fd"
        );
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&request.body).unwrap();
        assert_eq!(
            pairs,
            [
                ("grant_type".to_owned(), "client_credentials".to_owned()),
                ("scope".to_owned(), "a b:c/d".to_owned()),
            ]
        );
        // RFC 6749, section 2.3.1: id and secret are form-encoded before base64.
        use base64::Engine as _;
        let expected =
            base64::engine::general_purpose::STANDARD.encode("my+id%3A1:s%C3%A9cret%2F%2B");
        assert_eq!(
            header_all(&request, "authorization"),
            [format!("Basic {expected}")]
        );
        assert_eq!(request.url.query(), None);

        let api = only_request(&server, API_PATH).await;
        assert_eq!(header_all(&api, "authorization"), ["Bearer tok-1"]);
    })
    .await;
}

#[tokio::test]
async fn without_scopes_only_the_grant_type_is_sent() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, token("tok-1", 3600), None, 1).await;
        mount_api(&server).await;
        call(&client(&server)).await.unwrap();
        let request = only_request(&server, TOKEN_PATH).await;
        assert_eq!(request.body, b"grant_type=client_credentials");
        use base64::Engine as _;
        let expected = base64::engine::general_purpose::STANDARD.encode("client-1:secret-1");
        assert_eq!(
            header_str(&request, "authorization"),
            Some(format!("Basic {expected}").as_str())
        );
    })
    .await;
}

#[tokio::test]
async fn the_token_is_cached_across_calls_and_clones() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, token("tok-1", 3600), None, 1).await;
        mount_api(&server).await;
        let client = client(&server);
        for _ in 0..4 {
            call(&client).await.unwrap();
        }
        call(&client.clone()).await.unwrap();
        assert_eq!(count(&server, TOKEN_PATH).await, 1);
        let sent = api_authorizations(&server).await;
        assert_eq!(sent, vec!["Bearer tok-1"; 5]);
    })
    .await;
}

#[tokio::test]
async fn concurrent_first_calls_fetch_one_token() {
    bounded(async {
        let server = MockServer::start().await;
        let slow = token("tok-1", 3600).set_delay(Duration::from_millis(300));
        mount_token(&server, slow, None, 1).await;
        mount_api(&server).await;
        let client = client(&server);
        let calls = (0..20).map(|_| {
            let client = client.clone();
            async move { call(&client).await }
        });
        for answer in futures_util::future::join_all(calls).await {
            assert_eq!(answer.unwrap(), json!({ "n": 1 }));
        }
        assert_eq!(count(&server, TOKEN_PATH).await, 1);
        assert_eq!(api_authorizations(&server).await, vec!["Bearer tok-1"; 20]);
    })
    .await;
}

#[tokio::test]
async fn concurrent_first_calls_on_tasks_fetch_one_token() {
    bounded(async {
        let server = MockServer::start().await;
        let slow = token("tok-1", 3600).set_delay(Duration::from_millis(300));
        mount_token(&server, slow, None, 1).await;
        mount_api(&server).await;
        let client = client(&server);
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { call(&client).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(count(&server, TOKEN_PATH).await, 1);
        assert_eq!(count(&server, API_PATH).await, 20);
    })
    .await;
}

/// Mounts a first token `tok-a` (served once), then `tok-b` forever.
async fn mount_two_tokens(server: &MockServer) {
    mount_token(server, token("tok-a", 3600), Some(1), 1).await;
    mount_token(server, token("tok-b", 3600), None, 2).await;
}

#[tokio::test]
async fn a_401_fetches_a_new_token_once_and_repeats_the_call() {
    bounded(async {
        let server = MockServer::start().await;
        mount_two_tokens(&server).await;
        Mock::given(method("POST"))
            .and(path(API_PATH))
            .and(header("authorization", "Bearer tok-a"))
            .respond_with(ResponseTemplate::new(401))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(API_PATH))
            .and(header("authorization", "Bearer tok-b"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "id": 7 })))
            .mount(&server)
            .await;
        let client = client(&server);
        // A POST that is not idempotent is still repeated after a token renewal.
        let post = || {
            ApiRequest::new(Method::POST, API_PATH, false, &[&[OAUTH]])
                .json(&json!({ "name": "x" }))
        };
        let answer: Value = execute(&client, post()).await.unwrap();
        assert_eq!(answer, json!({ "id": 7 }));
        assert_eq!(count(&server, TOKEN_PATH).await, 2);
        let requests = requests_to(&server, API_PATH).await;
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].body, br#"{"name":"x"}"#);
        assert_eq!(
            requests[0].body, requests[1].body,
            "the same body is repeated"
        );
        assert_eq!(
            header_str(&requests[1], "authorization"),
            Some("Bearer tok-b")
        );
        // The new token is cached.
        let _: Value = execute(&client, post()).await.unwrap();
        assert_eq!(count(&server, TOKEN_PATH).await, 2);
    })
    .await;
}

#[tokio::test]
async fn a_second_401_is_returned_without_looping() {
    bounded(async {
        let server = MockServer::start().await;
        mount_two_tokens(&server).await;
        Mock::given(method("GET"))
            .and(path(API_PATH))
            .respond_with(ResponseTemplate::new(401).set_body_string("still no"))
            .mount(&server)
            .await;
        let client = client(&server);
        let error = call(&client).await.unwrap_err();
        assert!(
            matches!(&error, Error::Http { status: 401, snippet } if snippet == "still no"),
            "{error:?}"
        );
        assert_eq!(count(&server, TOKEN_PATH).await, 2);
        assert_eq!(
            api_authorizations(&server).await,
            ["Bearer tok-a", "Bearer tok-b"]
        );
    })
    .await;
}

/// Past the refresh point, while the token is still valid, no call waits for the token
/// endpoint: calls go out with the old token while one refresh runs in the background, and the
/// calls after it use the new token.
#[tokio::test]
async fn a_valid_token_is_used_while_one_refresh_runs_in_the_background() {
    bounded(async {
        let server = MockServer::start().await;
        // A 6 s token: its refresh point (a margin of at least 5 s) is 1 s after the request.
        mount_token(&server, token("old", 6), Some(1), 1).await;
        // The refresh answers slowly, so that a call waiting for it would be seen waiting.
        let slow = Duration::from_secs(3);
        mount_token(&server, token("new", 3600).set_delay(slow), None, 2).await;
        mount_api(&server).await;
        let client = client(&server);
        call(&client).await.unwrap();
        // Before the refresh point: no refresh.
        tokio::time::sleep(Duration::from_millis(300)).await;
        call(&client).await.unwrap();
        assert_eq!(count(&server, TOKEN_PATH).await, 1);
        tokio::time::sleep(Duration::from_millis(1000)).await;

        // Twenty concurrent calls past the refresh point: none waits for the slow refresh.
        let started = Instant::now();
        let calls = (0..20).map(|_| {
            let client = client.clone();
            async move { call(&client).await }
        });
        for answer in futures_util::future::join_all(calls).await {
            answer.unwrap();
        }
        let elapsed = started.elapsed();
        assert!(
            elapsed < slow,
            "the calls waited for the refresh: {elapsed:?}"
        );
        // One more call, while the refresh is still running, also goes out at once.
        let started = Instant::now();
        call(&client).await.unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        let sent = api_authorizations(&server).await;
        assert_eq!(sent, vec!["Bearer old"; 23]);

        // Exactly one refresh was started, and the calls after it use the new token.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            call(&client).await.unwrap();
            let last = api_authorizations(&server).await.pop().unwrap();
            if last == "Bearer new" {
                break;
            }
            assert_eq!(last, "Bearer old");
            assert!(Instant::now() < deadline, "the refresh never landed");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(count(&server, TOKEN_PATH).await, 2);
    })
    .await;
}

#[tokio::test]
async fn a_failed_background_refresh_keeps_the_valid_token_and_is_tried_again() {
    bounded(async {
        let server = MockServer::start().await;
        // A 6 s token (refresh point after 1 s), then one failed refresh, then a new token.
        mount_token(&server, token("old", 6), Some(1), 1).await;
        mount_token(&server, ResponseTemplate::new(500), Some(1), 2).await;
        mount_token(&server, token("new", 3600), None, 3).await;
        mount_api(&server).await;
        let client = client(&server);
        call(&client).await.unwrap();
        tokio::time::sleep(Duration::from_millis(1200)).await;
        // Past the refresh point: the call goes out with the old token, the refresh fails.
        call(&client).await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while count(&server, TOKEN_PATH).await < 2 {
            assert!(Instant::now() < deadline, "no refresh was started");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        // The failure reached no caller; the next call still uses the old token and starts
        // another refresh, which lands.
        loop {
            call(&client).await.unwrap();
            let last = api_authorizations(&server).await.pop().unwrap();
            if last == "Bearer new" {
                break;
            }
            assert_eq!(last, "Bearer old");
            assert!(Instant::now() < deadline, "the second refresh never landed");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(count(&server, TOKEN_PATH).await, 3);
        let sent = api_authorizations(&server).await;
        assert_eq!(&sent[..3], ["Bearer old", "Bearer old", "Bearer old"]);
    })
    .await;
}

#[tokio::test]
async fn an_expired_token_is_fetched_again_before_the_call() {
    bounded(async {
        let server = MockServer::start().await;
        // A zero lifetime: the token is expired when it arrives, so every call fetches one
        // (and still uses it once).
        mount_token(&server, token("short", 0), None, 1).await;
        mount_api(&server).await;
        let client = client(&server);
        for _ in 0..3 {
            call(&client).await.unwrap();
        }
        assert_eq!(count(&server, TOKEN_PATH).await, 3);
        assert_eq!(api_authorizations(&server).await, vec!["Bearer short"; 3]);
    })
    .await;
}

#[tokio::test]
async fn a_token_endpoint_failure_is_a_token_error() {
    bounded(async {
        let server = MockServer::start().await;
        let refusal = ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_client", "error_description": "unknown client"
        }));
        mount_token(&server, refusal, None, 1).await;
        mount_api(&server).await;
        let client = client(&server);
        let error = call(&client).await.unwrap_err();
        assert!(
            matches!(&error, Error::Token(inner) if matches!(**inner, Error::Http { status: 400, .. })),
            "{error:?}"
        );
        assert_eq!(error.http_status(), Some(400));
        let body: Value = error.body_as().expect("the error body is kept");
        assert_eq!(body["error"], "invalid_client");
        assert!(error.to_string().starts_with("could not obtain an access token"));
        assert!(!error.is_retryable());
        assert_eq!(count(&server, TOKEN_PATH).await, 1, "a 400 is not retried");
        assert_eq!(count(&server, API_PATH).await, 0);
    })
    .await;
}

#[tokio::test]
async fn a_401_from_the_token_endpoint_is_not_renewed() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, ResponseTemplate::new(401), None, 1).await;
        mount_api(&server).await;
        let error = call(&client(&server)).await.unwrap_err();
        assert!(
            matches!(&error, Error::Token(inner) if matches!(**inner, Error::Http { status: 401, .. })),
            "{error:?}"
        );
        assert_eq!(count(&server, TOKEN_PATH).await, 1);
        assert_eq!(count(&server, API_PATH).await, 0);
    })
    .await;
}

#[tokio::test]
async fn a_token_endpoint_503_is_retried() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, ResponseTemplate::new(503), Some(1), 1).await;
        mount_token(&server, token("tok-1", 3600), None, 2).await;
        mount_api(&server).await;
        call(&client(&server)).await.unwrap();
        assert_eq!(count(&server, TOKEN_PATH).await, 2);
        assert_eq!(api_authorizations(&server).await, ["Bearer tok-1"]);
    })
    .await;
}

#[tokio::test]
async fn a_token_answer_that_does_not_decode_is_redacted() {
    bounded(async {
        let server = MockServer::start().await;
        let odd = ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "leaked-secret", "expires_in": "soon"
        }));
        mount_token(&server, odd, None, 1).await;
        let error = call(&client(&server)).await.unwrap_err();
        match &error {
            Error::Token(inner) => match &**inner {
                Error::Decode { path, snippet, .. } => {
                    assert_eq!(path, "expires_in");
                    assert_eq!(snippet, "<redacted>");
                }
                other => panic!("unexpected {other:?}"),
            },
            other => panic!("unexpected {other:?}"),
        }
        assert!(!format!("{error:?} {error}").contains("leaked-secret"));
        assert_eq!(count(&server, API_PATH).await, 0);
    })
    .await;
}

#[tokio::test]
async fn a_token_that_is_not_a_bearer_token_is_an_auth_error() {
    bounded(async {
        let server = MockServer::start().await;
        let mac = ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok-mac", "token_type": "mac", "expires_in": 3600
        }));
        mount_token(&server, mac, None, 1).await;
        mount_api(&server).await;
        let error = call(&client(&server)).await.unwrap_err();
        assert!(
            matches!(&error, Error::Auth(m) if m.contains("\"mac\"")),
            "{error:?}"
        );
        assert_eq!(count(&server, API_PATH).await, 0);
    })
    .await;
}

#[tokio::test]
async fn bearer_in_any_case_or_no_token_type_is_accepted() {
    bounded(async {
        for kind in [json!("bearer"), json!("BEARER"), Value::Null] {
            let server = MockServer::start().await;
            let mut answer = json!({ "access_token": "tok-x" });
            if !kind.is_null() {
                answer["token_type"] = kind.clone();
            }
            let answer = ResponseTemplate::new(200).set_body_json(answer);
            mount_token(&server, answer, None, 1).await;
            mount_api(&server).await;
            call(&client(&server)).await.unwrap();
            assert_eq!(
                api_authorizations(&server).await,
                ["Bearer tok-x"],
                "{kind}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn an_access_token_not_valid_in_a_header_is_an_auth_error() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, token("bad\ntoken", 3600), None, 1).await;
        mount_api(&server).await;
        let error = call(&client(&server)).await.unwrap_err();
        assert!(matches!(error, Error::Auth(_)), "{error:?}");
        assert_eq!(count(&server, API_PATH).await, 0);
    })
    .await;
}

#[tokio::test]
async fn a_relative_token_url_is_resolved_against_the_host() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, token("tok-1", 3600), None, 1).await;
        mount_api(&server).await;
        // A trailing `/` on the host does not double the slash.
        let builder = ClientBuilder::new(&format!("{}/", server.uri()), SCHEMES);
        let credential = client_credentials(TOKEN_PATH, &[], "id", "secret");
        let client = with_credential(builder, OAUTH, credential).build().unwrap();
        call(&client).await.unwrap();
        assert_eq!(count(&server, TOKEN_PATH).await, 1);
        assert_eq!(api_authorizations(&server).await, ["Bearer tok-1"]);
    })
    .await;
}

/// OpenAPI allows a relative `tokenUrl` without a leading `/` (a relative reference, RFC 3986,
/// resolved against the server URL), and the generator passes it on as written.
#[tokio::test]
async fn a_relative_token_url_without_a_leading_slash_is_resolved_against_the_host() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, token("tok-1", 3600), None, 1).await;
        mount_api(&server).await;
        let builder = ClientBuilder::new(&server.uri(), SCHEMES).retry_policy(RetryPolicy::none());
        let credential = client_credentials("oauth/token", &[], "id", "secret");
        let client = with_credential(builder, OAUTH, credential).build().unwrap();
        let answer = call(&client).await;
        assert!(answer.is_ok(), "{answer:?}");
        assert_eq!(count(&server, TOKEN_PATH).await, 1);
        assert_eq!(api_authorizations(&server).await, ["Bearer tok-1"]);
    })
    .await;
}

#[tokio::test]
async fn an_absolute_token_url_reaches_another_server() {
    bounded(async {
        let api = MockServer::start().await;
        let issuer = MockServer::start().await;
        mount_token(&issuer, token("tok-1", 3600), None, 1).await;
        mount_api(&api).await;
        let url: &'static str = Box::leak(format!("{}{TOKEN_PATH}", issuer.uri()).into_boxed_str());
        let builder = ClientBuilder::new(&api.uri(), SCHEMES);
        let credential = client_credentials(url, &[], "id", "secret");
        let client = with_credential(builder, OAUTH, credential).build().unwrap();
        call(&client).await.unwrap();
        assert_eq!(count(&issuer, TOKEN_PATH).await, 1);
        assert_eq!(count(&api, TOKEN_PATH).await, 0);
        assert_eq!(api_authorizations(&api).await, ["Bearer tok-1"]);
    })
    .await;
}

#[tokio::test]
async fn a_slow_token_endpoint_times_out() {
    bounded(async {
        let server = MockServer::start().await;
        let slow = token("tok-1", 3600).set_delay(Duration::from_secs(3));
        mount_token(&server, slow, None, 1).await;
        mount_api(&server).await;
        let client = oauth_builder(&server, &[])
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let started = Instant::now();
        let error = call(&client).await.unwrap_err();
        assert!(
            matches!(&error, Error::Token(inner) if matches!(**inner, Error::Timeout)),
            "{error:?}"
        );
        assert!(error.is_timeout());
        assert!(
            started.elapsed() < Duration::from_millis(1500),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            count(&server, TOKEN_PATH).await,
            1,
            "timeouts are not retried"
        );
        assert_eq!(count(&server, API_PATH).await, 0);
    })
    .await;
}

#[tokio::test]
async fn empty_client_id_or_secret_is_a_config_error() {
    for (id, secret) in [("", "secret"), ("id", "")] {
        let builder =
            ClientBuilder::new("http://127.0.0.1:1", SCHEMES).retry_policy(RetryPolicy::none());
        let credential = client_credentials(TOKEN_PATH, &[], id, secret);
        let result = with_credential(builder, OAUTH, credential).build();
        assert!(matches!(result, Err(Error::Config(_))), "{id:?} {secret:?}");
    }
}

#[tokio::test]
async fn debug_output_never_shows_the_secret_or_the_token() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, token("tok-visible-never", 3600), None, 1).await;
        mount_api(&server).await;
        let builder = ClientBuilder::new(&server.uri(), SCHEMES);
        let credential = client_credentials(TOKEN_PATH, &[], "id", "hidden-secret-7");
        let shown = format!("{credential:?}");
        assert!(!shown.contains("hidden-secret-7"), "{shown}");
        let builder = with_credential(builder, OAUTH, credential);
        let shown = format!("{builder:?}");
        assert!(!shown.contains("hidden-secret-7"), "{shown}");
        let client = builder.build().unwrap();
        call(&client).await.unwrap();
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("hidden-secret-7") && !shown.contains("tok-visible-never"),
            "{shown}"
        );
    })
    .await;
}

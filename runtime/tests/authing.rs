//! The Authing dialect: its token flow, the user pool id (from the token's claim or
//! configured), its headers, and its `statusCode` envelope.

mod common;

use base64::Engine as _;
use common::{bounded, count, fast_retries, header_all, header_str, only_request, requests_to};
use oapi_docgen_runtime::api_key::ApiKey;
use oapi_docgen_runtime::authing;
use oapi_docgen_runtime::client::{Client, ClientBuilder};
use oapi_docgen_runtime::error::Error;
use oapi_docgen_runtime::request::ApiRequest;
use oapi_docgen_runtime::testing::{execute, with_credential};
use reqwest::Method;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The spec's schemes: the management token, and the user pool header.
const SCHEMES: &[&str] = &["bearerAuth", "userpool"];
const BEARER: usize = 0;
const USERPOOL: usize = 1;
const TOKEN_PATH: &str = "/api/v3/get-management-token";
const API_PATH: &str = "/api/v3/list-things";
const KEY_ID: &str = "key-id-123";
const SECRET: &str = "very-secret-sk-9f8e7d";
const POOL: &str = "pool-from-jwt-42";
const SDK_VERSION: &str = concat!("oapi-docgen-runtime:", env!("CARGO_PKG_VERSION"));

/// A JWT-shaped token carrying `scoped_userpool_id` (its signature is not checked).
fn jwt(pool: &str, nonce: &str) -> String {
    let encode = |value: Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string().as_bytes())
    };
    let head = encode(json!({ "alg": "HS256", "typ": "JWT" }));
    let payload = encode(json!({ "scoped_userpool_id": pool, "sub": "key", "nonce": nonce }));
    format!("{head}.{payload}.c2lnbmF0dXJl")
}

fn token_answer(token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": 200, "message": "ok",
        "data": { "access_token": token, "expires_in": 7200 }
    }))
}

/// A success envelope around `data`.
fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": 200, "message": "ok", "requestId": "r-ok", "data": data
    }))
}

async fn mount_token(server: &MockServer, token: &str) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_answer(token))
        .mount(server)
        .await;
}

/// Mounts a first token `a` (served once), then `b` forever.
async fn mount_two_tokens(server: &MockServer) -> (String, String) {
    let (a, b) = (jwt(POOL, "a"), jwt(POOL, "b"));
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_answer(&a))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_answer(&b))
        .with_priority(2)
        .mount(server)
        .await;
    (a, b)
}

async fn mount_api(server: &MockServer, answer: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(API_PATH))
        .respond_with(answer)
        .mount(server)
        .await;
}

fn builder(server: &MockServer) -> ClientBuilder {
    authing::builder(
        &server.uri(),
        SCHEMES,
        KEY_ID.to_owned(),
        SECRET.to_owned(),
        BEARER,
        Some(USERPOOL),
    )
    .retry_policy(fast_retries())
}

/// A builder whose user pool id is configured (what the generated `userpool_id` setter does).
fn with_pool(builder: ClientBuilder, pool: &str) -> ClientBuilder {
    with_credential(
        builder,
        USERPOOL,
        ApiKey::new("header", "x-authing-userpool-id", pool),
    )
}

/// An operation that needs both schemes, as the management API's operations do.
fn get() -> ApiRequest {
    ApiRequest::new(Method::GET, API_PATH, true, &[&[BEARER, USERPOOL]])
}

async fn call(client: &Client) -> Result<Value, Error> {
    execute(client, get()).await
}

#[tokio::test]
async fn the_token_request_and_the_call_on_the_wire() {
    bounded(async {
        let server = MockServer::start().await;
        let token = jwt(POOL, "a");
        mount_token(&server, &token).await;
        mount_api(&server, ok(json!({ "n": 1 }))).await;
        let client = builder(&server).build().unwrap();
        let answer = call(&client).await.unwrap();
        assert_eq!(answer["data"], json!({ "n": 1 }));

        let request = only_request(&server, TOKEN_PATH).await;
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(
            serde_json::from_slice::<Value>(&request.body).unwrap(),
            json!({ "accessKeyId": KEY_ID, "accessKeySecret": SECRET })
        );
        assert_eq!(header_all(&request, "content-type"), ["application/json"]);
        assert_eq!(header_all(&request, "x-authing-sdk-version"), [SDK_VERSION]);
        assert_eq!(header_str(&request, "authorization"), None);
        assert_eq!(header_str(&request, "x-authing-userpool-id"), None);

        let request = only_request(&server, API_PATH).await;
        assert_eq!(
            header_all(&request, "authorization"),
            [format!("Bearer {token}")]
        );
        assert_eq!(header_all(&request, "x-authing-userpool-id"), [POOL]);
        assert_eq!(header_all(&request, "x-authing-sdk-version"), [SDK_VERSION]);
        assert_eq!(header_str(&request, "x-authing-lang"), None);
        // The token is cached.
        call(&client).await.unwrap();
        assert_eq!(count(&server, TOKEN_PATH).await, 1);
    })
    .await;
}

#[tokio::test]
async fn the_lang_header_is_sent_only_when_set() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, &jwt(POOL, "a")).await;
        mount_api(&server, ok(json!({}))).await;
        call(&builder(&server).build().unwrap()).await.unwrap();
        call(&builder(&server).lang("en-US").build().unwrap())
            .await
            .unwrap();
        let requests = requests_to(&server, API_PATH).await;
        assert_eq!(requests.len(), 2);
        assert_eq!(header_str(&requests[0], "x-authing-lang"), None);
        assert_eq!(header_all(&requests[1], "x-authing-lang"), ["en-US"]);
        let result = builder(&server).lang("bad\nvalue").build();
        assert!(matches!(result, Err(Error::Config(_))), "{result:?}");
    })
    .await;
}

#[tokio::test]
async fn an_envelope_error_in_a_200_answer_is_an_api_error() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, &jwt(POOL, "a")).await;
        mount_api(
            &server,
            ResponseTemplate::new(200).set_body_json(json!({
                "statusCode": 404, "apiCode": 2404, "message": "thing not found",
                "requestId": "req-3", "data": null
            })),
        )
        .await;
        let error = call(&builder(&server).build().unwrap()).await.unwrap_err();
        match &error {
            Error::Api {
                http_status,
                status_code,
                api_code,
                message,
                request_id,
            } => {
                assert_eq!(*http_status, 200);
                assert_eq!(*status_code, 404);
                assert_eq!(*api_code, Some(2404));
                assert_eq!(message, "thing not found");
                assert_eq!(request_id.as_deref(), Some("req-3"));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(error.status_code(), Some(404));
        assert_eq!(error.http_status(), Some(200));
        assert_eq!(error.api_code(), Some(2404));
        assert_eq!(error.request_id(), Some("req-3"));
        assert_eq!(
            error.to_string(),
            "API error: statusCode 404, apiCode 2404: thing not found (requestId req-3)"
        );
        assert!(!error.is_retryable());
        assert_eq!(count(&server, API_PATH).await, 1);
    })
    .await;
}

#[tokio::test]
async fn an_envelope_in_a_non_2xx_answer_is_an_api_error() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, &jwt(POOL, "a")).await;
        mount_api(
            &server,
            ResponseTemplate::new(429).set_body_json(json!({
                "statusCode": 429, "message": "slow down"
            })),
        )
        .await;
        let error = call(&builder(&server).build().unwrap()).await.unwrap_err();
        assert!(
            matches!(
                &error,
                Error::Api { http_status: 429, status_code: 429, api_code: None, message, request_id: None }
                    if message == "slow down"
            ),
            "{error:?}"
        );
        assert!(error.is_retryable());
        assert_eq!(count(&server, API_PATH).await, 3, "a 429 is still retried");
    })
    .await;
}

#[tokio::test]
async fn an_envelope_401_fetches_the_token_again_once() {
    bounded(async {
        let server = MockServer::start().await;
        let (a, b) = mount_two_tokens(&server).await;
        Mock::given(method("GET"))
            .and(header("authorization", format!("Bearer {a}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "statusCode": 401, "message": "invalid token", "apiCode": 2999
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(header("authorization", format!("Bearer {b}").as_str()))
            .respond_with(ok(json!({ "after": "refresh" })))
            .mount(&server)
            .await;
        let client = builder(&server).build().unwrap();
        let answer = call(&client).await.unwrap();
        assert_eq!(answer["data"], json!({ "after": "refresh" }));
        assert_eq!(count(&server, TOKEN_PATH).await, 2);
        assert_eq!(count(&server, API_PATH).await, 2);
        call(&client).await.unwrap();
        assert_eq!(
            count(&server, TOKEN_PATH).await,
            2,
            "the new token is cached"
        );
    })
    .await;
}

#[tokio::test]
async fn a_second_envelope_401_is_returned_without_looping() {
    bounded(async {
        let server = MockServer::start().await;
        mount_two_tokens(&server).await;
        mount_api(
            &server,
            ResponseTemplate::new(401).set_body_json(json!({
                "statusCode": 401, "message": "no", "requestId": "r-401"
            })),
        )
        .await;
        let error = call(&builder(&server).build().unwrap()).await.unwrap_err();
        assert_eq!(error.status_code(), Some(401));
        assert_eq!(error.http_status(), Some(401));
        assert_eq!(error.request_id(), Some("r-401"));
        assert_eq!(count(&server, TOKEN_PATH).await, 2);
        assert_eq!(count(&server, API_PATH).await, 2);
    })
    .await;
}

#[tokio::test]
async fn a_configured_user_pool_overrides_the_claim() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, &jwt(POOL, "a")).await;
        mount_api(&server, ok(json!({}))).await;
        let client = with_pool(builder(&server), "pool-configured")
            .build()
            .unwrap();
        call(&client).await.unwrap();
        // A requirement naming only one of the dialect's schemes gets both.
        const ONLY_BEARER: &[&[usize]] = &[&[BEARER]];
        const ONLY_USERPOOL: &[&[usize]] = &[&[USERPOOL]];
        for security in [ONLY_BEARER, ONLY_USERPOOL] {
            let request = ApiRequest::new(Method::GET, API_PATH, true, security);
            let _: Value = execute(&client, request).await.unwrap();
        }
        let requests = requests_to(&server, API_PATH).await;
        assert_eq!(requests.len(), 3);
        for request in &requests {
            assert_eq!(
                header_all(request, "x-authing-userpool-id"),
                ["pool-configured"]
            );
            assert!(
                header_str(request, "authorization")
                    .unwrap()
                    .starts_with("Bearer ")
            );
        }
    })
    .await;
}

#[tokio::test]
async fn without_a_user_pool_scheme_the_claim_is_still_sent() {
    bounded(async {
        const ONLY_TOKEN: &[&str] = &["bearerAuth"];
        let server = MockServer::start().await;
        let token = jwt(POOL, "a");
        mount_token(&server, &token).await;
        mount_api(&server, ok(json!({}))).await;
        let client = authing::builder(
            &server.uri(),
            ONLY_TOKEN,
            KEY_ID.to_owned(),
            SECRET.to_owned(),
            BEARER,
            None,
        )
        .build()
        .unwrap();
        let request = ApiRequest::new(Method::GET, API_PATH, true, &[&[BEARER]]);
        let _: Value = execute(&client, request).await.unwrap();
        let request = only_request(&server, API_PATH).await;
        assert_eq!(
            header_all(&request, "authorization"),
            [format!("Bearer {token}")]
        );
        assert_eq!(header_all(&request, "x-authing-userpool-id"), [POOL]);
    })
    .await;
}

#[tokio::test]
async fn an_unauthenticated_request_carries_the_configured_user_pool() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, &jwt(POOL, "a")).await;
        mount_api(&server, ok(json!({}))).await;
        let request = || ApiRequest::new(Method::GET, API_PATH, true, &[]);
        let client = with_pool(builder(&server), "pool-configured")
            .build()
            .unwrap();
        let _: Value = execute(&client, request()).await.unwrap();
        // Without a configured pool, nothing is known before a token: no header.
        let client = builder(&server).build().unwrap();
        let _: Value = execute(&client, request()).await.unwrap();
        let requests = requests_to(&server, API_PATH).await;
        assert_eq!(requests.len(), 2);
        assert_eq!(
            header_all(&requests[0], "x-authing-userpool-id"),
            ["pool-configured"]
        );
        assert_eq!(header_str(&requests[1], "x-authing-userpool-id"), None);
        for request in &requests {
            assert_eq!(header_str(request, "authorization"), None);
            assert_eq!(header_all(request, "x-authing-sdk-version"), [SDK_VERSION]);
        }
        assert_eq!(count(&server, TOKEN_PATH).await, 0, "no token was needed");
    })
    .await;
}

#[tokio::test]
async fn an_opaque_token_needs_a_configured_user_pool() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, "opaque-token-without-claims").await;
        mount_api(&server, ok(json!({}))).await;
        let error = call(&builder(&server).build().unwrap()).await.unwrap_err();
        assert!(
            matches!(&error, Error::Auth(message) if message.contains("user pool")),
            "{error:?}"
        );
        assert!(!format!("{error:?} {error}").contains("opaque-token"));
        assert_eq!(count(&server, API_PATH).await, 0);
        let client = with_pool(builder(&server), "pool-configured")
            .build()
            .unwrap();
        call(&client).await.unwrap();
        let request = only_request(&server, API_PATH).await;
        assert_eq!(
            header_all(&request, "authorization"),
            ["Bearer opaque-token-without-claims"]
        );
        assert_eq!(
            header_all(&request, "x-authing-userpool-id"),
            ["pool-configured"]
        );
    })
    .await;
}

#[tokio::test]
async fn a_token_request_failure_is_reported_with_its_envelope() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "statusCode": 400, "apiCode": 1001,
                "message": "accessKeySecret invalid", "requestId": "t-1"
            })))
            .mount(&server)
            .await;
        mount_api(&server, ok(json!({}))).await;
        let error = call(&builder(&server).build().unwrap()).await.unwrap_err();
        assert!(
            matches!(&error, Error::Token(inner) if matches!(**inner, Error::Api { status_code: 400, .. })),
            "{error:?}"
        );
        assert_eq!(error.api_code(), Some(1001));
        assert_eq!(error.request_id(), Some("t-1"));
        assert!(error.to_string().contains("accessKeySecret invalid"));
        assert_eq!(count(&server, TOKEN_PATH).await, 1);
        assert_eq!(count(&server, API_PATH).await, 0);
    })
    .await;
}

#[tokio::test]
async fn an_empty_key_pair_is_a_config_error() {
    for (id, secret) in [("", SECRET), ("  ", SECRET), (KEY_ID, "")] {
        let result = authing::builder(
            "https://api.example.com",
            SCHEMES,
            id.to_owned(),
            secret.to_owned(),
            BEARER,
            Some(USERPOOL),
        )
        .build();
        assert!(matches!(result, Err(Error::Config(_))), "{id:?} {secret:?}");
    }
}

#[tokio::test]
async fn debug_output_never_shows_the_secret_or_the_token() {
    bounded(async {
        let server = MockServer::start().await;
        let token = jwt(POOL, "a");
        mount_token(&server, &token).await;
        mount_api(&server, ok(json!({}))).await;
        let builder = with_pool(builder(&server), "pool-configured");
        let shown = format!("{builder:?}");
        assert!(!shown.contains(SECRET), "{shown}");
        let client = builder.build().unwrap();
        call(&client).await.unwrap();
        let shown = format!("{client:?}");
        assert!(
            !shown.contains(SECRET) && !shown.contains(&token),
            "{shown}"
        );
        assert!(shown.contains(KEY_ID), "{shown}");
    })
    .await;
}

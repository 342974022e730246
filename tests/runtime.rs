//! Loopback tests of the generated `authing-management` client against wiremock servers: the
//! exact wire form of every generated operation, its typed answers, the pagination streams, and
//! what the generated builder adds (the user pool setter, the idempotent mark of a POST that
//! only reads). The runtime's own behaviour (credentials, tokens, retries, errors, limits, the
//! Authing dialect) is tested in `runtime/tests`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use authing_management::models::{
    CreateWebhookDto, DeleteWebhookDto, GetManagementAccessTokenDto, GetWebhookParams,
    ListWebhookLogs, ListWebhooksParams, TriggerWebhookDto, UpdateWebhookDto, WebhookContentType,
    WebhookEvent, WebhookRetryConfig, WebhookRetryConfigDelayUnit,
};
use authing_management::{Error, ManagementClient, ManagementClientBuilder, RetryPolicy};
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN_PATH: &str = "/api/v3/get-management-token";
const KEY_ID: &str = "key-id-123";
const SECRET: &str = "very-secret-sk-9f8e7d";
const POOL: &str = "pool-from-jwt-42";

/// The generated crate's version, read from its manifest.
fn crate_version() -> &'static str {
    include_str!("../generated/Cargo.toml")
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a version line in generated/Cargo.toml")
}

/// Unpadded base64url, as used in JWT segments.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(chunk[0]) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        for i in 0..=chunk.len() {
            let index = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// A JWT-shaped token carrying `scoped_userpool_id` (signature is not checked by the client).
fn jwt(pool: &str, nonce: &str) -> String {
    let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = base64url(
        json!({ "scoped_userpool_id": pool, "sub": "key", "nonce": nonce })
            .to_string()
            .as_bytes(),
    );
    format!("{header}.{payload}.c2lnbmF0dXJl")
}

fn token_answer(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": 200,
        "message": "ok",
        "data": { "access_token": token, "expires_in": expires_in }
    }))
}

/// A success envelope around `data`.
fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "statusCode": 200, "message": "ok", "requestId": "r-ok", "data": data
    }))
}

/// A complete `WebhookDto` as the API sends it.
fn webhook_json(id: &str) -> Value {
    json!({
        "webhookId": id,
        "createdAt": "2022-07-03T02:20:30.000Z",
        "updatedAt": "2022-07-03T02:20:31.000Z",
        "name": format!("hook {id}"),
        "url": "https://example.com/callback",
        "contentType": "application/json",
        "enabled": true
    })
}

/// A complete `WebhookLogDto` as the API sends it.
fn webhook_log_json(webhook_id: &str, event: &str, timestamp: &str) -> Value {
    json!({
        "webhookId": webhook_id,
        "eventName": event,
        "requestBody": { "eventName": event, "data": { "n": 1 } },
        "requestHeaders": { "user-agent": "authing-webhook@2.0" },
        "responseStatusCode": 200,
        "responseHeaders": { "content-type": "application/json" },
        "responseBody": { "success": true },
        "timestamp": timestamp,
        "success": true
    })
}

/// A list-webhooks answer with the given webhook ids.
fn webhook_page(total: u64, ids: &[&str]) -> ResponseTemplate {
    let list: Vec<Value> = ids.iter().map(|id| webhook_json(id)).collect();
    ok(json!({ "totalCount": total, "list": list }))
}

/// An empty list-webhooks answer, valid for the typed operation.
fn empty_page() -> ResponseTemplate {
    webhook_page(0, &[])
}

async fn mount_token(server: &MockServer, token: &str, expires_in: u64) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_answer(token, expires_in))
        .mount(server)
        .await;
}

/// Fast retries, so that tests stay quick.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(2))
        .max_backoff(Duration::from_millis(10))
}

fn builder(server: &MockServer) -> ManagementClientBuilder {
    ManagementClient::builder(KEY_ID, SECRET)
        .host(server.uri())
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries())
}

/// A client of `server` whose token (for `POOL`) is already mounted; returns the token.
async fn ready_client(server: &MockServer) -> (ManagementClient, String) {
    let token = jwt(POOL, "a");
    mount_token(server, &token, 7200).await;
    (builder(server).build().unwrap(), token)
}

/// The recorded requests to `p`, in order.
async fn requests_to(server: &MockServer, p: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("recording on")
        .into_iter()
        .filter(|r| r.url.path() == p)
        .collect()
}

async fn count(server: &MockServer, p: &str) -> usize {
    requests_to(server, p).await.len()
}

/// The first recorded request to `p`.
async fn first_request(server: &MockServer, p: &str) -> wiremock::Request {
    requests_to(server, p)
        .await
        .into_iter()
        .next()
        .expect("request was sent")
}

fn header_str<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

fn body_json(request: &wiremock::Request) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

/// Asserts the complete wire form of one request: method, path, raw query, every header the
/// client sets (authorization and user pool only with a `token`, content-type only with a
/// body) and the exact JSON body.
fn assert_wire(
    request: &wiremock::Request,
    verb: &str,
    route: &str,
    query: Option<&str>,
    body: Option<Value>,
    token: Option<&str>,
) {
    let what = format!("{verb} {route}");
    assert_eq!(request.method.as_str(), verb, "{what}");
    assert_eq!(request.url.path(), route, "{what}");
    assert_eq!(request.url.query(), query, "{what}");
    let version = crate_version();
    let sdk = format!("authing-management:{version}");
    let agent = format!("authing-management/{version}");
    assert_eq!(
        header_str(request, "x-authing-sdk-version"),
        Some(sdk.as_str()),
        "{what}"
    );
    assert_eq!(
        header_str(request, "user-agent"),
        Some(agent.as_str()),
        "{what}"
    );
    assert_eq!(
        header_str(request, "accept"),
        Some("application/json"),
        "{what}"
    );
    let bearer = token.map(|t| format!("Bearer {t}"));
    assert_eq!(
        header_str(request, "authorization"),
        bearer.as_deref(),
        "{what}"
    );
    assert_eq!(
        header_str(request, "x-authing-userpool-id"),
        token.map(|_| POOL),
        "{what}"
    );
    assert_eq!(header_str(request, "x-authing-lang"), None, "{what}");
    assert_eq!(
        header_str(request, "accept-encoding").map(encodings),
        Some(vec!["gzip", "br"]),
        "{what}: compressed answers are welcome"
    );
    let content_type = body.as_ref().map(|_| "application/json");
    assert_eq!(header_str(request, "content-type"), content_type, "{what}");
    for name in request.headers.keys() {
        assert!(
            [
                "host",
                "accept",
                "accept-encoding",
                "user-agent",
                "x-authing-sdk-version",
                "authorization",
                "x-authing-userpool-id",
                "content-type",
                "content-length",
            ]
            .contains(&name.as_str()),
            "{what}: unexpected header {name}"
        );
    }
    match body {
        Some(expected) => assert_eq!(body_json(request), expected, "{what}"),
        None => assert!(request.body.is_empty(), "{what}: body sent"),
    }
}

/// The codings of an `accept-encoding` value, in order.
fn encodings(value: &str) -> Vec<&str> {
    value.split(',').map(str::trim).collect()
}

/// Bounds every test in time.
async fn bounded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("test took too long")
}

#[test]
fn test_helpers_encode_base64url_and_read_the_version() {
    assert_eq!(base64url(b"Man"), "TWFu");
    assert_eq!(base64url(b"Ma"), "TWE");
    assert_eq!(base64url(b"M"), "TQ");
    assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    assert!(!crate_version().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Runtime behaviour, through the generated operations.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn post_sends_exact_headers_and_json_body() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        Mock::given(method("POST"))
            .and(path("/api/v3/create-webhook"))
            .respond_with(ok(webhook_json("w1")))
            .mount(&server)
            .await;
        let dto = CreateWebhookDto::new(
            "hook",
            "https://example.com/hook",
            vec![WebhookEvent::UserCreated],
            WebhookContentType::ApplicationJson,
        )
        .with_enabled(true);
        let answer = client.create_webhook(&dto).await.unwrap();
        assert_eq!(answer.status_code, 200);
        assert_eq!(answer.request_id.as_deref(), Some("r-ok"));
        assert_eq!(answer.data.webhook_id, "w1");

        let token_request = first_request(&server, TOKEN_PATH).await;
        assert_wire(
            &token_request,
            "POST",
            TOKEN_PATH,
            None,
            Some(json!({ "accessKeyId": KEY_ID, "accessKeySecret": SECRET })),
            None,
        );

        let request = first_request(&server, "/api/v3/create-webhook").await;
        assert_wire(
            &request,
            "POST",
            "/api/v3/create-webhook",
            None,
            Some(json!({
                "name": "hook", "url": "https://example.com/hook",
                "events": ["user:created"], "contentType": "application/json", "enabled": true
            })),
            Some(&token),
        );
    })
    .await;
}

#[tokio::test]
async fn get_sends_query_string_and_no_content_type() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        Mock::given(method("GET"))
            .and(path("/api/v3/list-webhooks"))
            .respond_with(empty_page())
            .mount(&server)
            .await;
        let params = ListWebhooksParams::new().with_page(2).with_limit(50);
        client.list_webhooks(&params).await.unwrap();
        client
            .list_webhooks(&ListWebhooksParams::new())
            .await
            .unwrap();
        let requests = requests_to(&server, "/api/v3/list-webhooks").await;
        assert_eq!(requests.len(), 2);
        let route = "/api/v3/list-webhooks";
        assert_wire(
            &requests[0],
            "GET",
            route,
            Some("page=2&limit=50"),
            None,
            Some(&token),
        );
        assert_wire(&requests[1], "GET", route, None, None, Some(&token));
    })
    .await;
}

/// A gzip answer (`content-encoding: gzip`) is decoded; the client asked for gzip and brotli.
#[tokio::test]
async fn gzip_answers_are_decoded() {
    use std::io::Write;
    bounded(async {
        let server = MockServer::start().await;
        let (client, _) = ready_client(&server).await;
        let plain = json!({
            "statusCode": 200, "message": "ok", "requestId": "r-gz",
            "data": webhook_json("gzipped"),
        })
        .to_string();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(plain.as_bytes()).unwrap();
        let gzipped = encoder.finish().unwrap();
        assert_ne!(gzipped, plain.as_bytes());
        Mock::given(method("GET"))
            .and(path("/api/v3/get-webhook"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "application/json")
                    .insert_header("content-encoding", "gzip")
                    .set_body_bytes(gzipped),
            )
            .expect(1)
            .mount(&server)
            .await;
        let answer = client
            .get_webhook(&GetWebhookParams::new("gzipped"))
            .await
            .unwrap();
        assert_eq!(answer.request_id.as_deref(), Some("r-gz"));
        assert_eq!(answer.data.webhook_id, "gzipped");
        let request = first_request(&server, "/api/v3/get-webhook").await;
        let asked = header_str(&request, "accept-encoding").map(encodings);
        assert_eq!(asked, Some(vec!["gzip", "br"]));
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
        let (old, new) = (jwt(POOL, "old"), jwt(POOL, "new"));
        // A 6 s token: its refresh point (a margin of at least 5 s) is 1 s after the request.
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(token_answer(&old, 6))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        // The refresh answers slowly, so that a call waiting for it would be seen waiting.
        let slow = Duration::from_secs(3);
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(token_answer(&new, 7200).set_delay(slow))
            .with_priority(2)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v3/list-webhooks"))
            .respond_with(empty_page())
            .mount(&server)
            .await;
        let client = builder(&server).build().unwrap();
        let params = ListWebhooksParams::new();
        client.list_webhooks(&params).await.unwrap();
        tokio::time::sleep(Duration::from_millis(1200)).await;

        // Fifty concurrent calls past the refresh point: none waits for the slow refresh.
        let started = Instant::now();
        let calls = (0..50).map(|_| {
            let client = client.clone();
            let params = params.clone();
            async move { client.list_webhooks(&params).await }
        });
        for answer in futures_util::future::join_all(calls).await {
            answer.unwrap();
        }
        assert!(
            started.elapsed() < slow,
            "the calls waited for the refresh: {:?}",
            started.elapsed()
        );
        let authorizations = |requests: Vec<wiremock::Request>| -> Vec<String> {
            requests
                .iter()
                .map(|r| header_str(r, "authorization").unwrap().to_string())
                .collect()
        };
        let sent = authorizations(requests_to(&server, "/api/v3/list-webhooks").await);
        assert_eq!(sent.len(), 51);
        assert!(sent.iter().all(|a| *a == format!("Bearer {old}")));
        // Exactly one refresh was started, and the calls after it use the new token.
        while !client_uses(&client, &server, &new).await {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(count(&server, TOKEN_PATH).await, 2);
    })
    .await;
}

/// Makes one call and says whether it went out with `token`.
async fn client_uses(client: &ManagementClient, server: &MockServer, token: &str) -> bool {
    client
        .list_webhooks(&ListWebhooksParams::new())
        .await
        .unwrap();
    let last = requests_to(server, "/api/v3/list-webhooks")
        .await
        .pop()
        .expect("a call was sent");
    header_str(&last, "authorization") == Some(&format!("Bearer {token}"))
}

fn minimal_create() -> CreateWebhookDto {
    CreateWebhookDto::new(
        "hook",
        "https://example.com/hook",
        vec![WebhookEvent::UserCreated],
        WebhookContentType::ApplicationJson,
    )
}

#[tokio::test]
async fn typed_answer_decodes() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        let mut data = webhook_json("w1");
        data["events"] = json!(["user:created", "user:deleted"]);
        data["secret"] = json!("");
        data["retryConfig"] =
            json!({ "enabled": true, "count": 3, "delay": 1, "delayUnit": "Hour" });
        data["unknownNewField"] = json!({ "ignored": true });
        Mock::given(method("GET"))
            .and(path("/api/v3/get-webhook"))
            .respond_with(ok(data))
            .mount(&server)
            .await;
        let answer = client
            .get_webhook(&GetWebhookParams::new("w1"))
            .await
            .unwrap();
        assert_eq!(answer.status_code, 200);
        assert_eq!(answer.message, "ok");
        assert_eq!(answer.api_code, None);
        let webhook = &answer.data;
        assert_eq!(webhook.webhook_id, "w1");
        assert_eq!(webhook.created_at, "2022-07-03T02:20:30.000Z");
        assert_eq!(webhook.updated_at, "2022-07-03T02:20:31.000Z");
        assert_eq!(webhook.name, "hook w1");
        assert_eq!(webhook.url, "https://example.com/callback");
        assert_eq!(webhook.content_type, WebhookContentType::ApplicationJson);
        assert!(webhook.enabled);
        assert_eq!(
            webhook.events,
            Some(vec![WebhookEvent::UserCreated, WebhookEvent::UserDeleted])
        );
        assert_eq!(webhook.secret.as_deref(), Some(""));
        let retry = webhook.retry_config.as_ref().unwrap();
        assert!(retry.enabled);
        assert_eq!(retry.count, Some(3));
        assert_eq!(retry.delay, Some(1));
        assert_eq!(retry.delay_unit, Some(WebhookRetryConfigDelayUnit::Hour));
        let request = first_request(&server, "/api/v3/get-webhook").await;
        assert_wire(
            &request,
            "GET",
            "/api/v3/get-webhook",
            Some("webhookId=w1"),
            None,
            Some(&token),
        );
    })
    .await;
}

#[tokio::test]
async fn idempotent_post_503_is_retried() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, _) = ready_client(&server).await;
        Mock::given(method("POST"))
            .and(path("/api/v3/get-webhook-logs"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let error = client
            .get_webhook_logs(&ListWebhookLogs::new("w1").with_page(3))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::Http { status: 503, .. }),
            "{error:?}"
        );
        let requests = requests_to(&server, "/api/v3/get-webhook-logs").await;
        assert_eq!(requests.len(), 3);
        for request in &requests {
            assert_eq!(body_json(request), json!({ "webhookId": "w1", "page": 3 }));
        }
        // Trigger and delete are plain POSTs: not retried on 503.
        Mock::given(method("POST"))
            .and(path("/api/v3/trigger-webhook"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        client
            .trigger_webhook(&TriggerWebhookDto::new("w1"))
            .await
            .unwrap_err();
        assert_eq!(count(&server, "/api/v3/trigger-webhook").await, 1);
    })
    .await;
}

#[tokio::test]
async fn userpool_id_from_claim_or_override() {
    bounded(async {
        let server = MockServer::start().await;
        mount_token(&server, &jwt(POOL, "a"), 7200).await;
        Mock::given(method("GET"))
            .and(header("x-authing-userpool-id", POOL))
            .respond_with(webhook_page(1, &["claim"]))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(header("x-authing-userpool-id", "pool-override"))
            .respond_with(webhook_page(1, &["override"]))
            .mount(&server)
            .await;
        let params = ListWebhooksParams::new();
        let client = builder(&server).build().unwrap();
        let answer = client.list_webhooks(&params).await.unwrap();
        assert_eq!(answer.data.list[0].webhook_id, "claim");
        let client = builder(&server)
            .userpool_id("pool-override")
            .build()
            .unwrap();
        let answer = client.list_webhooks(&params).await.unwrap();
        assert_eq!(answer.data.list[0].webhook_id, "override");
    })
    .await;
}

#[tokio::test]
async fn envelope_only_operation_checks_status_code() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, _) = ready_client(&server).await;
        Mock::given(method("POST"))
            .and(path("/api/v3/delete-webhook"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "statusCode": 200, "message": "ok"
            })))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/v3/delete-webhook"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "statusCode": 404, "message": "webhook not found", "apiCode": 2404
            })))
            .with_priority(2)
            .mount(&server)
            .await;
        let body = DeleteWebhookDto::new(vec!["w1".to_owned()]);
        let answer = client.delete_webhook(&body).await.unwrap();
        assert_eq!(answer.status_code, 200);
        assert_eq!(answer.message, "ok");
        assert_eq!(answer.request_id, None);
        let error = client.delete_webhook(&body).await.unwrap_err();
        assert_eq!(error.status_code(), Some(404));
        assert_eq!(error.api_code(), Some(2404));
        assert_eq!(count(&server, "/api/v3/delete-webhook").await, 2);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Exact wire form of every operation.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn wire_create_webhook_omits_absent_and_keeps_falsy_optionals() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        Mock::given(method("POST"))
            .and(path("/api/v3/create-webhook"))
            .respond_with(ok(webhook_json("w1")))
            .mount(&server)
            .await;
        client.create_webhook(&minimal_create()).await.unwrap();
        let full = CreateWebhookDto::new(
            "",
            "https://example.com/form",
            vec![
                WebhookEvent::UserCreated,
                WebhookEvent::UserPoolLaunchpadAppUninstalled,
                WebhookEvent::Other("refresh-token".to_owned()),
            ],
            WebhookContentType::ApplicationXWwwFormUrlencoded,
        )
        .with_enabled(false)
        .with_secret("")
        .with_retry_config(
            WebhookRetryConfig::new(false)
                .with_count(0)
                .with_delay(0)
                .with_delay_unit(WebhookRetryConfigDelayUnit::Minute),
        );
        client.create_webhook(&full).await.unwrap();
        let requests = requests_to(&server, "/api/v3/create-webhook").await;
        assert_eq!(requests.len(), 2);
        let route = "/api/v3/create-webhook";
        assert_wire(
            &requests[0],
            "POST",
            route,
            None,
            Some(json!({
                "name": "hook",
                "url": "https://example.com/hook",
                "events": ["user:created"],
                "contentType": "application/json"
            })),
            Some(&token),
        );
        assert_wire(
            &requests[1],
            "POST",
            route,
            None,
            Some(json!({
                "name": "",
                "url": "https://example.com/form",
                "events": [
                    "user:created",
                    "user-pool:launchpad-app-uninstalled",
                    "refresh-token"
                ],
                "contentType": "application/x-www-form-urlencoded",
                "enabled": false,
                "secret": "",
                "retryConfig": { "enabled": false, "count": 0, "delay": 0, "delayUnit": "Minute" }
            })),
            Some(&token),
        );
    })
    .await;
}

#[tokio::test]
async fn wire_update_webhook_sends_only_what_is_set() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        Mock::given(method("POST"))
            .and(path("/api/v3/update-webhook"))
            .respond_with(ok(webhook_json("w1")))
            .mount(&server)
            .await;
        let answer = client
            .update_webhook(&UpdateWebhookDto::new("w1"))
            .await
            .unwrap();
        assert_eq!(answer.data.webhook_id, "w1");
        let full = UpdateWebhookDto::new("w1")
            .with_name("")
            .with_url("https://example.com/new")
            .with_events(vec![])
            .with_content_type(WebhookContentType::ApplicationJson)
            .with_enabled(false)
            .with_secret("")
            .with_retry_config(WebhookRetryConfig::new(true));
        client.update_webhook(&full).await.unwrap();
        let requests = requests_to(&server, "/api/v3/update-webhook").await;
        assert_eq!(requests.len(), 2);
        let route = "/api/v3/update-webhook";
        assert_wire(
            &requests[0],
            "POST",
            route,
            None,
            Some(json!({ "webhookId": "w1" })),
            Some(&token),
        );
        assert_wire(
            &requests[1],
            "POST",
            route,
            None,
            Some(json!({
                "webhookId": "w1",
                "name": "",
                "url": "https://example.com/new",
                "events": [],
                "contentType": "application/json",
                "enabled": false,
                "secret": "",
                "retryConfig": { "enabled": true }
            })),
            Some(&token),
        );
    })
    .await;
}

#[tokio::test]
async fn wire_delete_webhook() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        Mock::given(method("POST"))
            .and(path("/api/v3/delete-webhook"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "statusCode": 200, "message": "ok", "requestId": "r-del"
            })))
            .mount(&server)
            .await;
        let answer = client
            .delete_webhook(&DeleteWebhookDto::new(vec!["w1".into(), "w2".into()]))
            .await
            .unwrap();
        assert_eq!(answer.request_id.as_deref(), Some("r-del"));
        client
            .delete_webhook(&DeleteWebhookDto::new(vec![]))
            .await
            .unwrap();
        let requests = requests_to(&server, "/api/v3/delete-webhook").await;
        assert_eq!(requests.len(), 2);
        let route = "/api/v3/delete-webhook";
        assert_wire(
            &requests[0],
            "POST",
            route,
            None,
            Some(json!({ "webhookIds": ["w1", "w2"] })),
            Some(&token),
        );
        assert_wire(
            &requests[1],
            "POST",
            route,
            None,
            Some(json!({ "webhookIds": [] })),
            Some(&token),
        );
    })
    .await;
}

#[tokio::test]
async fn wire_get_webhook_encodes_the_query_value() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        Mock::given(method("GET"))
            .and(path("/api/v3/get-webhook"))
            .respond_with(ok(webhook_json("w1")))
            .mount(&server)
            .await;
        client
            .get_webhook(&GetWebhookParams::new("w1"))
            .await
            .unwrap();
        let awkward = "a b&c=d/é+?#";
        client
            .get_webhook(&GetWebhookParams::new(awkward))
            .await
            .unwrap();
        client
            .get_webhook(&GetWebhookParams::new(""))
            .await
            .unwrap();
        let requests = requests_to(&server, "/api/v3/get-webhook").await;
        assert_eq!(requests.len(), 3);
        let route = "/api/v3/get-webhook";
        assert_wire(
            &requests[0],
            "GET",
            route,
            Some("webhookId=w1"),
            None,
            Some(&token),
        );
        let pairs: Vec<(String, String)> = requests[1].url.query_pairs().into_owned().collect();
        assert_eq!(pairs, [("webhookId".to_owned(), awkward.to_owned())]);
        assert_wire(
            &requests[1],
            "GET",
            route,
            Some("webhookId=a+b%26c%3Dd%2F%C3%A9%2B%3F%23"),
            None,
            Some(&token),
        );
        assert_wire(
            &requests[2],
            "GET",
            route,
            Some("webhookId="),
            None,
            Some(&token),
        );
    })
    .await;
}

#[tokio::test]
async fn wire_list_webhooks_keeps_zero_and_omits_absent() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        Mock::given(method("GET"))
            .and(path("/api/v3/list-webhooks"))
            .respond_with(webhook_page(7, &["w1", "w2"]))
            .mount(&server)
            .await;
        let answer = client
            .list_webhooks(&ListWebhooksParams::new().with_page(0).with_limit(0))
            .await
            .unwrap();
        assert_eq!(answer.data.total_count, 7);
        let ids: Vec<&str> = answer
            .data
            .list
            .iter()
            .map(|w| w.webhook_id.as_str())
            .collect();
        assert_eq!(ids, ["w1", "w2"]);
        client
            .list_webhooks(&ListWebhooksParams::new().with_limit(50))
            .await
            .unwrap();
        client
            .list_webhooks(&ListWebhooksParams::default())
            .await
            .unwrap();
        let requests = requests_to(&server, "/api/v3/list-webhooks").await;
        assert_eq!(requests.len(), 3);
        let route = "/api/v3/list-webhooks";
        assert_wire(
            &requests[0],
            "GET",
            route,
            Some("page=0&limit=0"),
            None,
            Some(&token),
        );
        assert_wire(
            &requests[1],
            "GET",
            route,
            Some("limit=50"),
            None,
            Some(&token),
        );
        assert_wire(&requests[2], "GET", route, None, None, Some(&token));
    })
    .await;
}

#[tokio::test]
async fn wire_get_webhook_logs_is_a_post_with_the_page_in_the_body() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        let mut log = webhook_log_json("id", "refresh-token", "2022-09-20T08:55:00.188+0800");
        log["success"] = json!(false);
        log["errorMessage"] = json!("ERRTIMEOUT");
        Mock::given(method("POST"))
            .and(path("/api/v3/get-webhook-logs"))
            .respond_with(ok(json!({ "totalCount": 1, "list": [log] })))
            .mount(&server)
            .await;
        let answer = client
            .get_webhook_logs(&ListWebhookLogs::new("id").with_page(0))
            .await
            .unwrap();
        let entry = &answer.data.list[0];
        assert_eq!(
            entry.event_name,
            WebhookEvent::Other("refresh-token".to_owned())
        );
        assert!(!entry.success);
        assert_eq!(entry.error_message.as_deref(), Some("ERRTIMEOUT"));
        assert_eq!(entry.response_status_code, 200);
        assert_eq!(entry.request_body["data"], json!({ "n": 1 }));
        assert_eq!(entry.timestamp, "2022-09-20T08:55:00.188+0800");
        client
            .get_webhook_logs(&ListWebhookLogs::new("id"))
            .await
            .unwrap();
        client
            .get_webhook_logs(&ListWebhookLogs::new("id").with_page(2).with_limit(20))
            .await
            .unwrap();
        let requests = requests_to(&server, "/api/v3/get-webhook-logs").await;
        assert_eq!(requests.len(), 3);
        let route = "/api/v3/get-webhook-logs";
        assert_wire(
            &requests[0],
            "POST",
            route,
            None,
            Some(json!({ "webhookId": "id", "page": 0 })),
            Some(&token),
        );
        assert_wire(
            &requests[1],
            "POST",
            route,
            None,
            Some(json!({ "webhookId": "id" })),
            Some(&token),
        );
        assert_wire(
            &requests[2],
            "POST",
            route,
            None,
            Some(json!({ "webhookId": "id", "page": 2, "limit": 20 })),
            Some(&token),
        );
    })
    .await;
}

#[tokio::test]
async fn wire_trigger_webhook_sends_free_form_maps() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        Mock::given(method("POST"))
            .and(path("/api/v3/trigger-webhook"))
            .respond_with(ok(
                json!({ "response": { "success": true, "echo": [1, 2] } }),
            ))
            .mount(&server)
            .await;
        let answer = client
            .trigger_webhook(&TriggerWebhookDto::new("w1"))
            .await
            .unwrap();
        assert_eq!(answer.data.response["success"], json!(true));
        assert_eq!(answer.data.response["echo"], json!([1, 2]));
        let headers = BTreeMap::from([("x-test".to_owned(), json!("1"))]);
        let body = BTreeMap::from([
            ("flag".to_owned(), json!(false)),
            ("zero".to_owned(), json!(0)),
            ("empty".to_owned(), json!("")),
            ("nothing".to_owned(), Value::Null),
        ]);
        client
            .trigger_webhook(
                &TriggerWebhookDto::new("w1")
                    .with_request_headers(headers)
                    .with_request_body(body),
            )
            .await
            .unwrap();
        client
            .trigger_webhook(
                &TriggerWebhookDto::new("w1")
                    .with_request_headers(BTreeMap::new())
                    .with_request_body(BTreeMap::new()),
            )
            .await
            .unwrap();
        let requests = requests_to(&server, "/api/v3/trigger-webhook").await;
        assert_eq!(requests.len(), 3);
        let route = "/api/v3/trigger-webhook";
        assert_wire(
            &requests[0],
            "POST",
            route,
            None,
            Some(json!({ "webhookId": "w1" })),
            Some(&token),
        );
        assert_wire(
            &requests[1],
            "POST",
            route,
            None,
            Some(json!({
                "webhookId": "w1",
                "requestHeaders": { "x-test": "1" },
                "requestBody": { "flag": false, "zero": 0, "empty": "", "nothing": null }
            })),
            Some(&token),
        );
        assert_wire(
            &requests[2],
            "POST",
            route,
            None,
            Some(json!({ "webhookId": "w1", "requestHeaders": {}, "requestBody": {} })),
            Some(&token),
        );
    })
    .await;
}

#[tokio::test]
async fn wire_get_webhook_event_list_and_unknown_event_names() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        Mock::given(method("GET"))
            .and(path("/api/v3/get-webhook-event-list"))
            .respond_with(ok(json!({
                "categories": [{ "name": "用户", "nameEn": "User", "value": "user" }],
                "events": [
                    { "name": "创建用户", "nameEn": "Create User", "value": "user:created", "category": "user" },
                    { "name": "刷新令牌", "nameEn": "Refresh Token", "value": "refresh-token", "category": "token" }
                ]
            })))
            .mount(&server)
            .await;
        let answer = client.get_webhook_event_list().await.unwrap();
        assert_eq!(answer.data.categories[0].name_en, "User");
        assert_eq!(answer.data.categories[0].value, "user");
        let values: Vec<&WebhookEvent> = answer.data.events.iter().map(|e| &e.value).collect();
        assert_eq!(
            values,
            [
                &WebhookEvent::UserCreated,
                &WebhookEvent::Other("refresh-token".to_owned())
            ]
        );
        assert_eq!(answer.data.events[1].category, "token");
        let request = first_request(&server, "/api/v3/get-webhook-event-list").await;
        assert_wire(
            &request,
            "GET",
            "/api/v3/get-webhook-event-list",
            None,
            None,
            Some(&token),
        );
    })
    .await;
}

#[tokio::test]
async fn unknown_event_from_the_server_round_trips() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        let mut data = webhook_json("w1");
        data["events"] = json!(["user:created", "refresh-token"]);
        data["contentType"] = json!("text/plain");
        data["retryConfig"] = json!({ "enabled": true, "delayUnit": "Fortnight" });
        Mock::given(method("GET"))
            .and(path("/api/v3/get-webhook"))
            .respond_with(ok(data))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/v3/update-webhook"))
            .respond_with(ok(webhook_json("w1")))
            .mount(&server)
            .await;
        let webhook = client
            .get_webhook(&GetWebhookParams::new("w1"))
            .await
            .unwrap()
            .data;
        let events = webhook.events.clone().unwrap();
        assert_eq!(
            events,
            [
                WebhookEvent::UserCreated,
                WebhookEvent::Other("refresh-token".to_owned())
            ]
        );
        assert_eq!(events[1].as_str(), "refresh-token");
        assert_eq!(events[1].to_string(), "refresh-token");
        assert_eq!(
            webhook.content_type,
            WebhookContentType::Other("text/plain".to_owned())
        );
        let retry = webhook.retry_config.clone().unwrap();
        assert_eq!(
            retry.delay_unit,
            Some(WebhookRetryConfigDelayUnit::Other("Fortnight".to_owned()))
        );
        let update = UpdateWebhookDto::new(&webhook.webhook_id)
            .with_events(events)
            .with_content_type(webhook.content_type.clone())
            .with_retry_config(retry);
        client.update_webhook(&update).await.unwrap();
        let request = first_request(&server, "/api/v3/update-webhook").await;
        assert_wire(
            &request,
            "POST",
            "/api/v3/update-webhook",
            None,
            Some(json!({
                "webhookId": "w1",
                "events": ["user:created", "refresh-token"],
                "contentType": "text/plain",
                "retryConfig": { "enabled": true, "delayUnit": "Fortnight" }
            })),
            Some(&token),
        );
    })
    .await;
}

#[tokio::test]
async fn get_management_token_sends_no_token_and_needs_none() {
    bounded(async {
        let server = MockServer::start().await;
        let token = jwt(POOL, "public");
        mount_token(&server, &token, 7200).await;
        let client = builder(&server).build().unwrap();
        let answer = client
            .get_management_token(&GetManagementAccessTokenDto::new("other-id", "other-secret"))
            .await
            .unwrap();
        assert_eq!(answer.status_code, 200);
        assert_eq!(answer.data.access_token, token);
        assert_eq!(answer.data.expires_in, 7200);
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "no token request before the call");
        assert_wire(
            &requests[0],
            "POST",
            TOKEN_PATH,
            None,
            Some(json!({ "accessKeyId": "other-id", "accessKeySecret": "other-secret" })),
            None,
        );

        // An error envelope of the public operation is an `Error::Api`, not a token failure.
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "statusCode": 400, "apiCode": 1001, "message": "bad key", "requestId": "t-2"
            })))
            .mount(&server)
            .await;
        let client = builder(&server).build().unwrap();
        let error = client
            .get_management_token(&GetManagementAccessTokenDto::new("", ""))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::Api { status_code: 400, api_code: Some(1001), request_id: Some(id), .. } if id == "t-2"),
            "{error:?}"
        );
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1);
        assert_wire(
            &requests[0],
            "POST",
            TOKEN_PATH,
            None,
            Some(json!({ "accessKeyId": "", "accessKeySecret": "" })),
            None,
        );
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Pagination streams.
// ---------------------------------------------------------------------------------------------

/// Mounts list-webhooks pages, page `n` (1-based) answering `pages[n - 1]`.
async fn mount_list_pages(server: &MockServer, total: u64, pages: &[&[&str]]) {
    for (index, ids) in pages.iter().enumerate() {
        Mock::given(method("GET"))
            .and(path("/api/v3/list-webhooks"))
            .and(query_param("page", (index + 1).to_string().as_str()))
            .respond_with(webhook_page(total, ids))
            .mount(server)
            .await;
    }
}

fn ids_of(items: &[Result<authing_management::models::WebhookDto, Error>]) -> Vec<&str> {
    items
        .iter()
        .map(|item| item.as_ref().unwrap().webhook_id.as_str())
        .collect()
}

#[tokio::test]
async fn list_stream_walks_all_pages_in_order() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        mount_list_pages(&server, 5, &[&["a", "b"], &["c", "d"], &["e"]]).await;
        let items: Vec<_> = client
            .list_webhooks_stream(&ListWebhooksParams::new().with_limit(2))
            .collect()
            .await;
        assert_eq!(ids_of(&items), ["a", "b", "c", "d", "e"]);
        let requests = requests_to(&server, "/api/v3/list-webhooks").await;
        assert_eq!(requests.len(), 3, "stops once totalCount is reached");
        for (index, request) in requests.iter().enumerate() {
            let query = format!("page={}&limit=2", index + 1);
            assert_wire(
                request,
                "GET",
                "/api/v3/list-webhooks",
                Some(&query),
                None,
                Some(&token),
            );
        }
        assert_eq!(count(&server, TOKEN_PATH).await, 1);
    })
    .await;
}

#[tokio::test]
async fn list_stream_is_lazy_and_starts_at_the_given_page() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, _) = ready_client(&server).await;
        mount_list_pages(&server, 5, &[&["a", "b"], &["c", "d"], &["e"]]).await;
        let stream = client.list_webhooks_stream(&ListWebhooksParams::new());
        assert_eq!(count(&server, "/api/v3/list-webhooks").await, 0);
        let mut stream = std::pin::pin!(stream);
        let first = stream.next().await.unwrap().unwrap();
        assert_eq!(first.webhook_id, "a");
        stream.next().await.unwrap().unwrap();
        assert_eq!(
            count(&server, "/api/v3/list-webhooks").await,
            1,
            "one page fetched per page consumed"
        );
        stream.next().await.unwrap().unwrap();
        assert_eq!(count(&server, "/api/v3/list-webhooks").await, 2);

        // Starting at page 2: page 1 counts as a full page of page 2's size, so the total of 5
        // is reached after page 3 and the empty page 4 is never asked for.
        let server = MockServer::start().await;
        let (client, _) = ready_client(&server).await;
        mount_list_pages(&server, 5, &[&["a", "b"], &["c", "d"], &["e"], &[]]).await;
        let items: Vec<_> = client
            .list_webhooks_stream(&ListWebhooksParams::new().with_page(2))
            .collect()
            .await;
        assert_eq!(ids_of(&items), ["c", "d", "e"]);
        let queries: Vec<Option<String>> = requests_to(&server, "/api/v3/list-webhooks")
            .await
            .iter()
            .map(|r| r.url.query().map(str::to_owned))
            .collect();
        assert_eq!(
            queries,
            [Some("page=2".to_owned()), Some("page=3".to_owned())]
        );
    })
    .await;
}

#[tokio::test]
async fn list_stream_stops_on_an_empty_page() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, _) = ready_client(&server).await;
        mount_list_pages(&server, 100, &[&["a", "b"], &[], &["never"]]).await;
        let items: Vec<_> = client
            .list_webhooks_stream(&ListWebhooksParams::new())
            .collect()
            .await;
        assert_eq!(ids_of(&items), ["a", "b"]);
        let queries: Vec<Option<String>> = requests_to(&server, "/api/v3/list-webhooks")
            .await
            .iter()
            .map(|r| r.url.query().map(str::to_owned))
            .collect();
        assert_eq!(
            queries,
            [Some("page=1".to_owned()), Some("page=2".to_owned())]
        );
    })
    .await;
}

#[tokio::test]
async fn list_stream_yields_an_error_after_earlier_items_and_ends() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, _) = ready_client(&server).await;
        Mock::given(method("GET"))
            .and(path("/api/v3/list-webhooks"))
            .and(query_param("page", "1"))
            .respond_with(webhook_page(6, &["a", "b"]))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v3/list-webhooks"))
            .and(query_param("page", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "statusCode": 500, "apiCode": 5000, "message": "page failed", "requestId": "r-p2"
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v3/list-webhooks"))
            .and(query_param("page", "3"))
            .respond_with(webhook_page(6, &["never"]))
            .mount(&server)
            .await;
        let items: Vec<_> = client
            .list_webhooks_stream(&ListWebhooksParams::new())
            .collect()
            .await;
        assert_eq!(items.len(), 3, "{items:?}");
        assert_eq!(ids_of(&items[..2]), ["a", "b"]);
        match &items[2] {
            Err(Error::Api {
                status_code: 500,
                api_code: Some(5000),
                message,
                request_id,
                ..
            }) => {
                assert_eq!(message, "page failed");
                assert_eq!(request_id.as_deref(), Some("r-p2"));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(count(&server, "/api/v3/list-webhooks").await, 2);
    })
    .await;
}

#[tokio::test]
async fn logs_stream_sends_the_page_in_the_json_body() {
    bounded(async {
        let server = MockServer::start().await;
        let (client, token) = ready_client(&server).await;
        let pages = [
            vec![
                webhook_log_json("w1", "user:created", "t1"),
                webhook_log_json("w1", "refresh-token", "t2"),
            ],
            vec![webhook_log_json("w1", "user:deleted", "t3")],
        ];
        for (index, list) in pages.iter().enumerate() {
            Mock::given(method("POST"))
                .and(path("/api/v3/get-webhook-logs"))
                .and(wiremock::matchers::body_partial_json(
                    json!({ "page": index + 1 }),
                ))
                .respond_with(ok(json!({ "totalCount": 3, "list": list })))
                .mount(&server)
                .await;
        }
        let items: Vec<_> = client
            .get_webhook_logs_stream(&ListWebhookLogs::new("w1").with_limit(2))
            .collect()
            .await;
        let seen: Vec<(String, WebhookEvent)> = items
            .into_iter()
            .map(|item| {
                let log = item.unwrap();
                (log.timestamp, log.event_name)
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("t1".to_owned(), WebhookEvent::UserCreated),
                ("t2".to_owned(), WebhookEvent::Other("refresh-token".into())),
                ("t3".to_owned(), WebhookEvent::UserDeleted),
            ]
        );
        let requests = requests_to(&server, "/api/v3/get-webhook-logs").await;
        assert_eq!(requests.len(), 2);
        for (index, request) in requests.iter().enumerate() {
            assert_wire(
                request,
                "POST",
                "/api/v3/get-webhook-logs",
                None,
                Some(json!({ "webhookId": "w1", "limit": 2, "page": index + 1 })),
                Some(&token),
            );
        }
    })
    .await;
}

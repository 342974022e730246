//! Webhooks end to end, on loopback: a stand-in of the Authing API accepts `create_webhook`
//! from the generated client, then delivers events the way the created webhook says (its
//! callback address, secret and content type, with Authing's headers) to the generated example
//! receiver (`generated/examples/receive_webhooks.rs`, served here), as JSON and as form data.
//! Genuine deliveries arrive as typed events and are answered 200; a wrong or missing secret is
//! 401 and no event, an oversized body 413, a malformed one 400, and a name the crate does not
//! know arrives as `Event::Other`.

use std::sync::Arc;
use std::time::Duration;

use authing_management::ManagementClient;
use authing_management::models::{CreateWebhookDto, WebhookContentType, WebhookEvent};
use authing_management::webhooks::{Event, Receiver};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[allow(
    dead_code,
    reason = "the example's `main` runs its binary; this test serves the example's `app`"
)]
#[path = "../generated/examples/receive_webhooks.rs"]
mod example;

/// The secret the user gives the webhook when creating it.
const HOOK_SECRET: &str = "hook-secret-7c1e";

/// The example receiver on a loopback port: its address and the events it handed on.
async fn start_receiver() -> (String, mpsc::UnboundedReceiver<Event>) {
    let (sender, events) = mpsc::unbounded_channel();
    let on_event = Arc::new(move |event: Event| {
        let _ = sender.send(event);
    });
    let app = example::app(Receiver::new(HOOK_SECRET), on_event);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}/webhook"), events)
}

/// The stand-in API: a management token, and `create-webhook`, which records the webhook.
async fn start_api() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/get-management-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "statusCode": 200, "message": "ok",
            "data": { "access_token": "header.eyJzY29wZWRfdXNlcnBvb2xfaWQiOiJwb29sIn0.sig", "expires_in": 7200 }
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v3/create-webhook"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "statusCode": 200, "message": "ok",
            "data": {
                "webhookId": "w1", "createdAt": "2026-12-01T00:00:00.000Z",
                "updatedAt": "2026-12-01T00:00:00.000Z", "name": "events",
                "url": "http://placeholder", "contentType": "application/json", "enabled": true
            }
        })))
        .mount(&server)
        .await;
    server
}

/// The webhook as the stand-in recorded it: callback address, secret and content type.
struct Webhook {
    url: String,
    secret: String,
    content_type: String,
}

/// Creates the webhook with the generated client, and reads back what the API received.
async fn create_webhook(api: &MockServer, url: &str, content_type: WebhookContentType) -> Webhook {
    let client = ManagementClient::builder("key-id", "key-secret")
        .host(api.uri())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let dto = CreateWebhookDto::new(
        "events",
        url,
        vec![WebhookEvent::UserCreated, WebhookEvent::Test],
        content_type,
    )
    .with_secret(HOOK_SECRET)
    .with_enabled(true);
    let answer = client.create_webhook(&dto).await.unwrap();
    assert_eq!(answer.data.webhook_id, "w1");
    let requests = api.received_requests().await.unwrap();
    let created = requests
        .iter()
        .rev()
        .find(|r| r.url.path() == "/api/v3/create-webhook")
        .expect("the client called create-webhook");
    let body: Value = serde_json::from_slice(&created.body).unwrap();
    let field = |name: &str| body[name].as_str().unwrap().to_owned();
    Webhook {
        url: field("url"),
        secret: field("secret"),
        content_type: field("contentType"),
    }
}

/// What Authing posts for one event: the body in the webhook's content type, its headers,
/// and the secret in `secret_header` (`None`: no secret at all). Returns the answer's status.
async fn deliver(webhook: &Webhook, secret_header: Option<(&str, &str)>, body: Vec<u8>) -> u16 {
    let mut request = authing_management::reqwest::Client::new()
        .post(&webhook.url)
        .header("user-agent", "authing-webhook@2.0")
        .header("x-authing-userpool-id", "pool")
        .header("content-type", &webhook.content_type)
        .body(body);
    if let Some((name, value)) = secret_header {
        request = request.header(name, value);
    }
    request.send().await.unwrap().status().as_u16()
}

/// A JSON delivery body.
fn json_body(event: &str, data: Value) -> Vec<u8> {
    json!({ "eventName": event, "data": data })
        .to_string()
        .into_bytes()
}

/// A form delivery body.
fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The next event the receiver handed on, waiting briefly.
async fn next(events: &mut mpsc::UnboundedReceiver<Event>) -> Event {
    tokio::time::timeout(Duration::from_secs(5), events.recv())
        .await
        .expect("an event arrives")
        .expect("the receiver runs")
}

#[tokio::test]
async fn json_deliveries_of_a_created_webhook_arrive_as_typed_events() {
    let (url, mut events) = start_receiver().await;
    let api = start_api().await;
    let webhook = create_webhook(&api, &url, WebhookContentType::ApplicationJson).await;
    assert_eq!(webhook.url, url);
    assert_eq!(webhook.secret, HOOK_SECRET);
    assert_eq!(webhook.content_type, "application/json");
    let secret = Some(("x-authing-webhook-secret", webhook.secret.as_str()));

    let user = json!({ "userId": "u1", "email": "a@example.com", "customData": { "tier": 2 } });
    let status = deliver(&webhook, secret, json_body("user:created", user)).await;
    assert_eq!(status, 200);
    match next(&mut events).await {
        Event::UserCreated(user) => {
            assert_eq!(user.user_id.as_deref(), Some("u1"));
            assert_eq!(user.email.as_deref(), Some("a@example.com"));
            // Fields the spec does not list are kept.
            assert_eq!(
                user.additional_properties["customData"],
                json!({ "tier": 2 })
            );
        }
        other => panic!("expected user:created, got {other:?}"),
    }

    let status = deliver(
        &webhook,
        secret,
        json_body("test", json!({ "description": "A test from authing" })),
    )
    .await;
    assert_eq!(status, 200);
    match next(&mut events).await {
        Event::Test(data) => assert_eq!(data.description.as_deref(), Some("A test from authing")),
        other => panic!("expected test, got {other:?}"),
    }

    // The header older deliveries use for the same secret.
    let older = Some(("x-authing-token", webhook.secret.as_str()));
    let status = deliver(
        &webhook,
        older,
        json_body("login", json!({ "userId": "u1" })),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        next(&mut events).await,
        Event::Login(json!({ "userId": "u1" }))
    );

    // A name this version does not know (newer SDKs add `refresh-token`).
    let data = json!({ "userId": "u1", "scope": "openid" });
    let status = deliver(&webhook, secret, json_body("refresh-token", data.clone())).await;
    assert_eq!(status, 200);
    assert_eq!(
        next(&mut events).await,
        Event::Other {
            name: "refresh-token".to_owned(),
            data
        }
    );
    assert!(events.try_recv().is_err(), "one event per delivery");
}

#[tokio::test]
async fn form_deliveries_arrive_as_typed_events() {
    let (url, mut events) = start_receiver().await;
    let api = start_api().await;
    let webhook = create_webhook(
        &api,
        &url,
        WebhookContentType::ApplicationXWwwFormUrlencoded,
    )
    .await;
    assert_eq!(webhook.content_type, "application/x-www-form-urlencoded");
    let secret = Some(("x-authing-webhook-secret", webhook.secret.as_str()));

    // `data` as JSON text.
    let body = form(&[
        ("eventName", "mfa:verified"),
        ("data", r#"{"userId":"u3","isValid":true,"type":"SMS"}"#),
    ]);
    assert_eq!(deliver(&webhook, secret, body.into_bytes()).await, 200);
    match next(&mut events).await {
        Event::MfaVerified(data) => {
            assert_eq!(data.user_id.as_deref(), Some("u3"));
            assert_eq!(data.is_valid, Some(true));
            assert_eq!(data.r#type.as_deref(), Some("SMS"));
        }
        other => panic!("expected mfa:verified, got {other:?}"),
    }

    // `data` as bracketed keys.
    let body = form(&[
        ("eventName", "user:deleted"),
        ("data[userId]", "u4"),
        ("data[username]", "dana"),
    ]);
    assert_eq!(deliver(&webhook, secret, body.into_bytes()).await, 200);
    match next(&mut events).await {
        Event::UserDeleted(user) => {
            assert_eq!(user.user_id.as_deref(), Some("u4"));
            assert_eq!(user.username.as_deref(), Some("dana"));
        }
        other => panic!("expected user:deleted, got {other:?}"),
    }
}

#[tokio::test]
async fn refused_deliveries_get_their_status_and_no_event() {
    let (url, mut events) = start_receiver().await;
    let api = start_api().await;
    let webhook = create_webhook(&api, &url, WebhookContentType::ApplicationJson).await;
    let body = || json_body("user:created", json!({ "userId": "u1" }));

    let wrong = Some(("x-authing-webhook-secret", "a guess"));
    assert_eq!(deliver(&webhook, wrong, body()).await, 401);
    assert_eq!(deliver(&webhook, None, body()).await, 401);

    let secret = Some(("x-authing-webhook-secret", webhook.secret.as_str()));
    let huge = json_body("user:created", json!({ "padding": "x".repeat(2 << 20) }));
    assert_eq!(deliver(&webhook, secret, huge).await, 413);
    assert_eq!(
        deliver(&webhook, secret, b"{\"eventName\": ".to_vec()).await,
        400
    );
    // The data does not fit the event's type.
    let misfit = json_body("user:created", json!({ "userId": 42 }));
    assert_eq!(deliver(&webhook, secret, misfit).await, 400);

    // Nothing reached the handler; a genuine delivery still does.
    assert!(
        events.try_recv().is_err(),
        "a refused delivery made no event"
    );
    assert_eq!(deliver(&webhook, secret, body()).await, 200);
    assert!(matches!(next(&mut events).await, Event::UserCreated(_)));
}

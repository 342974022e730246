//! What the webhook tests share: event types written the way generated code writes them, and
//! requests to check.

#![allow(dead_code)]

use oapi_docgen_runtime::webhook::{Delivery, Signature};
use oapi_docgen_runtime::webhook_signature::hmac_sha256;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;
use serde_json::Value;

/// The configured secret of the tests.
pub const SECRET: &str = "whsec-7Hq2pL9xV4mK8nR3tY6uZ1aB5cD0eF";

/// Authing's events, as a generated enum would hold them.
#[derive(Debug, Clone, PartialEq)]
pub enum TestEvent {
    /// `user:created`.
    Created { id: String },
    /// `test`.
    Test { description: String },
    /// Any other event name, with its data as it came.
    Other { name: String, data: Value },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreatedData {
    id: String,
}

#[derive(Deserialize)]
struct TestData {
    description: String,
}

impl Delivery for TestEvent {
    const SECRET_HEADERS: &'static [&'static str] =
        &["x-authing-webhook-secret", "x-authing-token"];

    fn from_delivery(_event_header: Option<&str>, body: Value) -> Result<Self, String> {
        let Value::Object(mut body) = body else {
            return Err("the body is not a JSON object".to_owned());
        };
        let name = match body.remove("eventName") {
            Some(Value::String(name)) => name,
            Some(_) => return Err("`eventName` is not a string".to_owned()),
            None => return Err("the body has no `eventName`".to_owned()),
        };
        let data = body.remove("data").unwrap_or(Value::Null);
        let fit = |e: serde_json::Error| format!("the data of a `{name}` event does not fit: {e}");
        match name.as_str() {
            "user:created" => serde_json::from_value::<CreatedData>(data)
                .map(|d| TestEvent::Created { id: d.id })
                .map_err(fit),
            "test" => serde_json::from_value::<TestData>(data)
                .map(|d| TestEvent::Test {
                    description: d.description,
                })
                .map_err(fit),
            _ => Ok(TestEvent::Other { name, data }),
        }
    }
}

/// The whole body as the receiver read it (to see what a form becomes).
#[derive(Debug, Clone, PartialEq)]
pub struct Raw(pub Value);

impl Delivery for Raw {
    const SECRET_HEADERS: &'static [&'static str] = &["x-authing-webhook-secret"];

    fn from_delivery(_event_header: Option<&str>, body: Value) -> Result<Self, String> {
        Ok(Raw(body))
    }
}

/// A GitHub-style event: signed, named by a header, the body being the payload.
#[derive(Debug, Clone, PartialEq)]
pub struct GitHubEvent {
    pub event: String,
    pub payload: Value,
}

impl Delivery for GitHubEvent {
    const SIGNATURE: Option<Signature> = Some(hmac_sha256("x-hub-signature-256", "sha256="));
    const EVENT_HEADER: Option<&'static str> = Some("x-github-event");

    fn from_delivery(event_header: Option<&str>, payload: Value) -> Result<Self, String> {
        let event = event_header.ok_or("the delivery has no `x-github-event` header")?;
        Ok(GitHubEvent {
            event: event.to_owned(),
            payload,
        })
    }
}

/// Headers of `(name, value)` pairs.
pub fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

/// The headers of an Authing JSON delivery carrying `SECRET` in the current header.
pub fn authing_json() -> HeaderMap {
    headers(&[
        ("content-type", "application/json"),
        ("x-authing-webhook-secret", SECRET),
        ("x-authing-userpool-id", "62a1b2c3d4e5f60718293a4b"),
        ("user-agent", "authing-webhook@2.0"),
    ])
}

/// The headers of an Authing form delivery carrying `SECRET` in the current header.
pub fn authing_form() -> HeaderMap {
    headers(&[
        ("content-type", "application/x-www-form-urlencoded"),
        ("x-authing-webhook-secret", SECRET),
        ("x-authing-userpool-id", "62a1b2c3d4e5f60718293a4b"),
        ("user-agent", "authing-webhook@2.0"),
    ])
}

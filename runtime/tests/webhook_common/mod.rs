//! What the webhook tests share: event types written the way generated code writes them, and
//! requests to check.

#![allow(dead_code)]

use oapi_docgen_runtime::webhook::{Delivery, Envelope, Signature};
use oapi_docgen_runtime::webhook_signature::hmac_sha256;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Deserializer};
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

    const ENVELOPE: Envelope = Envelope::Body {
        name: "eventName",
        data: "data",
    };

    fn from_event<'de, D: Deserializer<'de>>(name: &str, data: D) -> Result<Self, D::Error> {
        Ok(match name {
            "user:created" => TestEvent::Created {
                id: CreatedData::deserialize(data)?.id,
            },
            "test" => TestEvent::Test {
                description: TestData::deserialize(data)?.description,
            },
            _ => TestEvent::Other {
                name: name.to_owned(),
                data: Value::deserialize(data)?,
            },
        })
    }
}

/// The whole body as the receiver read it (to see what a form becomes).
#[derive(Debug, Clone, PartialEq)]
pub struct Raw(pub Value);

impl Delivery for Raw {
    const SECRET_HEADERS: &'static [&'static str] = &["x-authing-webhook-secret"];

    const ENVELOPE: Envelope = Envelope::Single;

    fn from_event<'de, D: Deserializer<'de>>(_name: &str, data: D) -> Result<Self, D::Error> {
        Value::deserialize(data).map(Raw)
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
    const ENVELOPE: Envelope = Envelope::Header("x-github-event");

    fn from_event<'de, D: Deserializer<'de>>(name: &str, data: D) -> Result<Self, D::Error> {
        Ok(GitHubEvent {
            event: name.to_owned(),
            payload: Value::deserialize(data)?,
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

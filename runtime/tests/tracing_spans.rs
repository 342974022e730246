//! With the `tracing` feature, every attempt is one span that names the method, path, attempt
//! and status, and records no credential. Run with
//! `cargo test -p oapi-docgen-runtime --features tracing --test tracing_spans`.
#![cfg(feature = "tracing")]

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use oapi_docgen_runtime::api_key::ApiKey;
use oapi_docgen_runtime::bearer::{Bearer, BearerToken};
use oapi_docgen_runtime::client::ClientBuilder;
use oapi_docgen_runtime::config::RetryPolicy;
use oapi_docgen_runtime::request::ApiRequest;
use oapi_docgen_runtime::testing;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every span: its name and the fields recorded on it, as text.
type Spans = Arc<Mutex<Vec<(String, Vec<(String, String)>)>>>;

/// A subscriber that keeps every span's name and fields.
struct Recorder {
    spans: Spans,
}

/// Writes fields as `(name, value)` text pairs.
struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .push((field.name().to_string(), format!("{value:?}")));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push((span.metadata().name().to_string(), fields));
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        if let Some((_, fields)) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(&mut Fields(fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn one_span_per_attempt_without_credentials() {
    let spans: Spans = Arc::default();
    let _guard = tracing::subscriber::set_default(Recorder {
        spans: Arc::clone(&spans),
    });
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let builder = ClientBuilder::new(&server.uri(), &["token", "key"]).retry_policy(
        RetryPolicy::default()
            .initial_backoff(Duration::from_millis(1))
            .max_backoff(Duration::from_millis(2)),
    );
    let builder =
        testing::with_credential(builder, 0, Bearer::new(BearerToken::from("tok-secret")));
    let builder = testing::with_credential(builder, 1, ApiKey::new("query", "key", "key-secret"));
    let client = builder.build().unwrap();
    let request = ApiRequest::new(reqwest::Method::GET, "/things", true, &[&[0, 1]]);
    let _: serde_json::Value = testing::execute(&client, request).await.unwrap();

    let spans = spans.lock().unwrap().clone();
    let attempts: Vec<&Vec<(String, String)>> = spans
        .iter()
        .filter(|(name, _)| name == "http_request")
        .map(|(_, fields)| fields)
        .collect();
    assert_eq!(attempts.len(), 2, "{spans:?}");
    for (index, (fields, status)) in attempts.iter().zip(["503", "200"]).enumerate() {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("method"), Some("GET"), "{fields:?}");
        assert_eq!(get("path"), Some("/things"), "{fields:?}");
        assert_eq!(get("attempt"), Some((index + 1).to_string().as_str()));
        assert_eq!(get("status"), Some(status), "{fields:?}");
    }
    let everything = format!("{spans:?}");
    for secret in ["tok-secret", "key-secret"] {
        assert!(
            !everything.contains(secret),
            "{secret} recorded: {everything}"
        );
    }
}

{#- A test per page with an HTTP sample: the sample is the request the page's example sends. Fields: api. -#}
//! Every reference page's HTTP sample is the request its Rust example sends. Each test runs the
//! page's example against a stand-in server on loopback, then sends the page's sample there as
//! raw HTTP/1.1, and compares the two requests the server received: method, path and query,
//! every header the sample shows (a `<placeholder>` stands for a credential and matches any
//! value), and the body.
#![allow(deprecated, reason = "the examples of deprecated operations are tested too")]

use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use {{ api.krate.lib_name }} as api;

/// The reference page at `path` under `docs/`.
macro_rules! page {
    ($path:literal) => {
        include_str!(concat!("../docs/", $path))
    };
}

/// A server on loopback that answers every request with 200 and a JSON body
{%- if let Some(Dialect::Authing { .. }) = api.dialect %}
/// (the management token's answer, whose token names a user pool as the API's tokens do).
async fn stand_in() -> MockServer {
    let server = MockServer::start().await;
    let token = "eyJhbGciOiJub25lIn0.eyJzY29wZWRfdXNlcnBvb2xfaWQiOiJzYW1wbGUtcG9vbCJ9.c2ln";
    let answer = serde_json::json!({
        "statusCode": 200,
        "message": "ok",
        "data": { "access_token": token, "expires_in": 7200 }
    });
{%- else %}
/// (an empty object: the test compares requests, not answers).
async fn stand_in() -> MockServer {
    let server = MockServer::start().await;
    let answer = serde_json::json!({});
{%- endif %}
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&server)
        .await;
    server
}

/// The text of the page's `http` block.
fn http_sample(page: &str) -> &str {
    let open = page.find("```http\n").expect("the page has an HTTP sample") + "```http\n".len();
    let end = page[open..].find("\n```").expect("the sample block is closed") + open;
    &page[open..end]
}

/// The last request `server` received.
async fn last_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.expect("the server records requests");
    received.pop().expect("a request arrived")
}

/// Runs `example` with a client from `builder` that sends to a stand-in server on loopback,
/// without retries, then asserts that the request it sent is what the HTTP sample of `page`
/// shows, by sending the sample there too.
async fn sends_its_sample<T>(
    page: &str,
    builder: api::{{ api.client_name }}Builder,
    example: impl AsyncFnOnce(api::{{ api.client_name }}) -> Result<T, api::Error>,
) {
    let server = stand_in().await;
    let client = builder
        .host({% if api.base_path().is_empty() %}server.uri(){% else %}format!("{}{}", server.uri(), {{ api.base_path()|rust_str }}){% endif %})
        .retry_policy(api::RetryPolicy::none())
        .build()
        .expect("the client builds");
    // The page's example, without its printing; the stand-in's answer need not fit its type.
    let _ = example(client).await;
    let example = last_request(&server).await;
    let sample = send_sample(&server, http_sample(page)).await;
    assert_sample_is_example(&sample, &example);
}

/// Sends `sample` to `server` as raw HTTP/1.1 (its lines ended with CRLF, a `content-length`
/// added) and returns the request the server received.
async fn send_sample(server: &MockServer, sample: &str) -> Request {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (head, body) = sample.split_once("\n\n").unwrap_or((sample, ""));
    let raw = format!(
        "{}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        head.replace('\n', "\r\n"),
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(server.address())
        .await
        .expect("connects to the stand-in");
    stream.write_all(raw.as_bytes()).await.expect("sends the sample");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("reads the answer");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "the server rejects the sample:\n{sample}\n{answer}");
    last_request(server).await
}

/// Whether `got` is what the sample shows: equal, or with the same text before a trailing
/// `<placeholder>`, which stands for a credential.
fn shows(want: &str, got: &str) -> bool {
    match want.find('<') {
        Some(at) if want.ends_with('>') => got.len() > at && got.starts_with(&want[..at]),
        _ => got == want,
    }
}

/// Asserts that the example sent what the sample shows.
fn assert_sample_is_example(sample: &Request, example: &Request) {
    assert_eq!(sample.method, example.method, "method");
    assert_eq!(sample.url.path(), example.url.path(), "path");
    let pairs = |r: &Request| -> Vec<(String, String)> {
        r.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
    };
    let (want, got) = (pairs(sample), pairs(example));
    assert_eq!(want.len(), got.len(), "query: the sample shows {want:?}, the example sends {got:?}");
    for ((want_name, want_value), (got_name, got_value)) in want.iter().zip(&got) {
        assert_eq!(want_name, got_name, "query: the sample shows {want:?}, the example sends {got:?}");
        assert!(shows(want_value, got_value), "query `{want_name}`: the sample shows {want_value:?}, the example sends {got_value:?}");
    }
    for (name, value) in &sample.headers {
        if matches!(name.as_str(), "host" | "content-length" | "connection") {
            continue;
        }
        let want = value.to_str().expect("the sample's headers are text");
        let got = example
            .headers
            .get(name)
            .unwrap_or_else(|| panic!("the example sends no `{name}`"))
            .to_str()
            .expect("the example's headers are text");
        assert!(shows(want, got), "`{name}`: the sample shows {want:?}, the example sends {got:?}");
    }
    let json = |r: &Request| serde_json::from_slice::<serde_json::Value>(&r.body).ok();
    match sample.headers.get("content-type").and_then(|v| v.to_str().ok()) {
        Some("application/json") => assert_eq!(json(sample), json(example), "the JSON body"),
        _ => assert_eq!(String::from_utf8_lossy(&sample.body), String::from_utf8_lossy(&example.body), "the body"),
    }
}
{% for op in api.operations %}
{%- if let Some(request) = op.example_request %}

#[tokio::test]
async fn {{ op.method_name|trim_raw }}_sends_its_http_sample() {
    let page = page!("{{ op.page_path|strip_docs }}");
    let example = async |client: api::{{ api.client_name }}| {
        {{ request.statements }}
    };
    sends_its_sample(page, api::{{ api.client_name }}::{{ request.builder }}, example).await;
}
{%- endif %}
{%- endfor %}

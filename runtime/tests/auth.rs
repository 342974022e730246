//! Every kind of security scheme on the wire, and the semantics of security requirements
//! (alternatives in order, schemes that all apply, optional and absent requirements).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{bounded, count, fast_retries, header_all, header_str, only_request, received};
use oapi_docgen_runtime::api_key::ApiKey;
use oapi_docgen_runtime::basic::Basic;
use oapi_docgen_runtime::bearer::{Bearer, BearerToken};
use oapi_docgen_runtime::client::ClientBuilder;
use oapi_docgen_runtime::error::Error;
use oapi_docgen_runtime::request::ApiRequest;
use oapi_docgen_runtime::testing::{execute, with_credential};
use reqwest::Method;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The spec's schemes, by index.
const SCHEMES: &[&str] = &["bearer", "key", "basic"];
const BEARER: usize = 0;
const KEY: usize = 1;
const BASIC: usize = 2;

/// A server that answers `{"ok":true}` to everything.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": true })))
        .mount(&server)
        .await;
    server
}

fn builder(server: &MockServer) -> ClientBuilder {
    ClientBuilder::new(&server.uri(), SCHEMES).retry_policy(fast_retries())
}

/// A builder with all three schemes configured.
fn all_configured(server: &MockServer) -> ClientBuilder {
    let builder = with_credential(builder(server), BEARER, Bearer::new("tok".into()));
    let builder = with_credential(builder, KEY, ApiKey::new("header", "x-api-key", "k1"));
    with_credential(builder, BASIC, Basic::new("user", "pw"))
}

fn get(security: &'static [&'static [usize]]) -> ApiRequest {
    ApiRequest::new(Method::GET, "/things", true, security)
}

// ---------------------------------------------------------------------------------------------
// Scheme kinds.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn bearer_fixed_token_is_sent() {
    bounded(async {
        let server = server().await;
        let client = with_credential(builder(&server), BEARER, Bearer::new("tok-123".into()))
            .build()
            .unwrap();
        let answer: Value = execute(&client, get(&[&[BEARER]])).await.unwrap();
        assert_eq!(answer, json!({ "ok": true }));
        let request = only_request(&server, "/things").await;
        assert_eq!(header_all(&request, "authorization"), ["Bearer tok-123"]);
    })
    .await;
}

#[tokio::test]
async fn bearer_provider_is_asked_before_every_attempt() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .with_priority(2)
            .mount(&server)
            .await;
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        let provider = BearerToken::provider(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok::<_, std::io::Error>(format!("rotating-{n}")) }
        });
        let client = with_credential(builder(&server), BEARER, Bearer::new(provider))
            .build()
            .unwrap();
        assert_eq!(asked.load(Ordering::SeqCst), 0, "build asks nothing");
        // The first call is retried after a 503: the provider is asked for each attempt.
        let _: Value = execute(&client, get(&[&[BEARER]])).await.unwrap();
        let _: Value = execute(&client, get(&[&[BEARER]])).await.unwrap();
        assert_eq!(asked.load(Ordering::SeqCst), 3);
        let sent: Vec<_> = received(&server)
            .await
            .iter()
            .map(|r| header_str(r, "authorization").unwrap().to_owned())
            .collect();
        assert_eq!(
            sent,
            [
                "Bearer rotating-1",
                "Bearer rotating-2",
                "Bearer rotating-3"
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn bearer_provider_failure_is_a_token_error_and_sends_nothing() {
    bounded(async {
        let server = server().await;
        let provider = BearerToken::provider(|| async {
            Err::<String, _>(std::io::Error::other("vault sealed"))
        });
        let client = with_credential(builder(&server), BEARER, Bearer::new(provider))
            .build()
            .unwrap();
        let error = execute::<Value>(&client, get(&[&[BEARER]]))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::Token(inner) if matches!(&**inner, Error::Auth(m) if m.contains("vault sealed"))),
            "{error:?}"
        );
        // An empty token from the provider cannot be sent either.
        let provider = BearerToken::provider(|| async { Ok::<_, std::io::Error>(String::new()) });
        let client = with_credential(builder(&server), BEARER, Bearer::new(provider))
            .build()
            .unwrap();
        let error = execute::<Value>(&client, get(&[&[BEARER]]))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Auth(_)), "{error:?}");
        assert_eq!(received(&server).await.len(), 0);
    })
    .await;
}

#[tokio::test]
async fn basic_sends_the_exact_base64_pair() {
    bounded(async {
        let server = server().await;
        // The example pair of RFC 7617, section 2.
        let client = with_credential(
            builder(&server),
            BASIC,
            Basic::new("Aladdin", "open sesame"),
        )
        .build()
        .unwrap();
        let _: Value = execute(&client, get(&[&[BASIC]])).await.unwrap();
        let request = only_request(&server, "/things").await;
        assert_eq!(
            header_all(&request, "authorization"),
            ["Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="]
        );
        // Non-ASCII is sent as UTF-8, and a `:` in the password is kept.
        let client = with_credential(builder(&server), BASIC, Basic::new("é", "a:b"))
            .build()
            .unwrap();
        let _: Value = execute(&client, get(&[&[BASIC]])).await.unwrap();
        let last = received(&server).await.pop().unwrap();
        assert_eq!(header_str(&last, "authorization"), Some("Basic w6k6YTpi"));
    })
    .await;
}

#[tokio::test]
async fn basic_user_name_with_colon_is_a_config_error() {
    let result = with_credential(
        ClientBuilder::new("http://127.0.0.1:1", SCHEMES),
        BASIC,
        Basic::new("a:b", "pw"),
    )
    .build();
    assert!(matches!(result, Err(Error::Config(_))), "{result:?}");
}

#[tokio::test]
async fn api_key_in_a_header() {
    bounded(async {
        let server = server().await;
        let client = with_credential(
            builder(&server),
            KEY,
            ApiKey::new("header", "X-Api-Key", "k-123"),
        )
        .build()
        .unwrap();
        let _: Value = execute(&client, get(&[&[KEY]])).await.unwrap();
        let request = only_request(&server, "/things").await;
        assert_eq!(header_all(&request, "x-api-key"), ["k-123"]);
        assert_eq!(header_str(&request, "authorization"), None);
        assert_eq!(request.url.query(), None);
        assert_eq!(header_str(&request, "cookie"), None);
    })
    .await;
}

#[tokio::test]
async fn api_key_in_the_query_comes_after_the_operation_parameters() {
    bounded(async {
        let server = server().await;
        let client = with_credential(
            builder(&server),
            KEY,
            ApiKey::new("query", "api_key", "k&1 2"),
        )
        .build()
        .unwrap();
        let request = get(&[&[KEY]]).query("b", "x y").query("a", 1);
        let _: Value = execute(&client, request).await.unwrap();
        let _: Value = execute(&client, get(&[&[KEY]])).await.unwrap();
        let requests = received(&server).await;
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].url.query(), Some("b=x+y&a=1&api_key=k%261+2"));
        assert_eq!(requests[1].url.query(), Some("api_key=k%261+2"));
        for request in &requests {
            assert_eq!(request.url.path(), "/things");
            assert_eq!(header_str(request, "x-api-key"), None);
            assert_eq!(header_str(request, "authorization"), None);
        }
    })
    .await;
}

#[tokio::test]
async fn api_key_in_a_cookie_is_joined_with_the_operation_cookies() {
    bounded(async {
        let server = server().await;
        let client = with_credential(builder(&server), KEY, ApiKey::new("cookie", "sid", "k-9"))
            .build()
            .unwrap();
        let request = get(&[&[KEY]]).cookie("theme", "dark").cookie("lang", "en");
        let _: Value = execute(&client, request).await.unwrap();
        let _: Value = execute(&client, get(&[&[KEY]])).await.unwrap();
        // Without the credential, operation cookies still go out.
        let request = get(&[]).cookie("theme", "light");
        let _: Value = execute(&client, request).await.unwrap();
        let requests = received(&server).await;
        assert_eq!(requests.len(), 3);
        assert_eq!(
            header_all(&requests[0], "cookie"),
            ["theme=dark; lang=en; sid=k-9"]
        );
        assert_eq!(header_all(&requests[1], "cookie"), ["sid=k-9"]);
        assert_eq!(header_all(&requests[2], "cookie"), ["theme=light"]);
        for request in &requests {
            assert_eq!(request.url.query(), None);
            assert_eq!(header_str(request, "sid"), None);
        }
    })
    .await;
}

#[tokio::test]
async fn invalid_or_empty_keys_are_config_errors_at_build() {
    let invalid = [
        ApiKey::new("cookie", "sid", "a;b"),
        ApiKey::new("cookie", "sid", "a b"),
        ApiKey::new("header", "x-api-key", "line\nbreak"),
        ApiKey::new("header", "bad name", "k"),
        ApiKey::new("query", "api_key", ""),
    ];
    for key in invalid {
        let shown = format!("{key:?}");
        let result =
            with_credential(ClientBuilder::new("http://127.0.0.1:1", SCHEMES), KEY, key).build();
        assert!(matches!(result, Err(Error::Config(_))), "{shown}");
    }
    let result = with_credential(
        ClientBuilder::new("http://127.0.0.1:1", SCHEMES),
        BEARER,
        Bearer::new("".into()),
    )
    .build();
    assert!(matches!(result, Err(Error::Config(_))), "{result:?}");
}

#[tokio::test]
async fn a_rejected_fixed_credential_is_returned_without_retry() {
    bounded(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(401).set_body_string("bad token"))
            .mount(&server)
            .await;
        let client = with_credential(builder(&server), BEARER, Bearer::new("tok".into()))
            .build()
            .unwrap();
        let error = execute::<Value>(&client, get(&[&[BEARER]]))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::Http { status: 401, snippet } if snippet == "bad token"),
            "{error:?}"
        );
        assert_eq!(count(&server, "/things").await, 1);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Requirement semantics.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_first_satisfied_alternative_wins() {
    bounded(async {
        let server = server().await;
        // Bearer is not configured: the first alternative is skipped, the second is sent, and
        // the third (also satisfied) is not.
        let builder_ = with_credential(
            builder(&server),
            KEY,
            ApiKey::new("header", "x-api-key", "k1"),
        );
        let client = with_credential(builder_, BASIC, Basic::new("u", "p"))
            .build()
            .unwrap();
        let _: Value = execute(&client, get(&[&[BEARER], &[KEY], &[BASIC]]))
            .await
            .unwrap();
        // With everything configured, the order of the alternatives decides.
        let client = all_configured(&server).build().unwrap();
        let _: Value = execute(&client, get(&[&[BASIC], &[BEARER]])).await.unwrap();
        let _: Value = execute(&client, get(&[&[BEARER], &[BASIC]])).await.unwrap();
        let requests = received(&server).await;
        assert_eq!(requests.len(), 3);
        assert_eq!(header_str(&requests[0], "x-api-key"), Some("k1"));
        assert_eq!(header_str(&requests[0], "authorization"), None);
        assert_eq!(
            header_all(&requests[1], "authorization"),
            ["Basic dXNlcjpwdw=="]
        );
        assert_eq!(header_str(&requests[1], "x-api-key"), None);
        assert_eq!(header_all(&requests[2], "authorization"), ["Bearer tok"]);
        assert_eq!(header_str(&requests[2], "x-api-key"), None);
    })
    .await;
}

#[tokio::test]
async fn all_schemes_of_an_alternative_are_sent() {
    bounded(async {
        let server = server().await;
        let client = all_configured(&server).build().unwrap();
        let _: Value = execute(&client, get(&[&[BEARER, KEY]])).await.unwrap();
        let request = only_request(&server, "/things").await;
        assert_eq!(header_all(&request, "authorization"), ["Bearer tok"]);
        assert_eq!(header_all(&request, "x-api-key"), ["k1"]);
    })
    .await;
}

#[tokio::test]
async fn no_requirement_sends_no_credentials() {
    bounded(async {
        let server = server().await;
        let client = with_credential(
            all_configured(&server),
            KEY,
            ApiKey::new("query", "api_key", "k1"),
        )
        .build()
        .unwrap();
        let _: Value = execute(&client, get(&[])).await.unwrap();
        let request = only_request(&server, "/things").await;
        assert_eq!(header_str(&request, "authorization"), None);
        assert_eq!(header_str(&request, "x-api-key"), None);
        assert_eq!(header_str(&request, "cookie"), None);
        assert_eq!(request.url.query(), None);
    })
    .await;
}

#[tokio::test]
async fn an_empty_alternative_makes_the_credential_optional() {
    bounded(async {
        let server = server().await;
        let with = with_credential(builder(&server), BEARER, Bearer::new("tok".into()))
            .build()
            .unwrap();
        let without = builder(&server).build().unwrap();
        let _: Value = execute(&with, get(&[&[BEARER], &[]])).await.unwrap();
        let _: Value = execute(&without, get(&[&[BEARER], &[]])).await.unwrap();
        // An empty alternative first wins even when a credential is configured.
        let _: Value = execute(&with, get(&[&[], &[BEARER]])).await.unwrap();
        let requests = received(&server).await;
        assert_eq!(requests.len(), 3);
        assert_eq!(
            header_str(&requests[0], "authorization"),
            Some("Bearer tok")
        );
        assert_eq!(header_str(&requests[1], "authorization"), None);
        assert_eq!(header_str(&requests[2], "authorization"), None);
    })
    .await;
}

#[tokio::test]
async fn an_unsatisfiable_requirement_sends_nothing() {
    bounded(async {
        let server = server().await;
        // Only bearer is configured: `key` is missing, and so is `basic` next to `bearer`.
        let client = with_credential(builder(&server), BEARER, Bearer::new("tok".into()))
            .build()
            .unwrap();
        let error = execute::<Value>(&client, get(&[&[KEY], &[BEARER, BASIC]]))
            .await
            .unwrap_err();
        match &error {
            Error::Credentials { required } => {
                assert_eq!(required, "`key`, or `bearer` and `basic`");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(
            error
                .to_string()
                .ends_with("which needs `key`, or `bearer` and `basic`"),
            "{error}"
        );
        assert!(!error.is_retryable());
        // A scheme index the client does not know is named by its number.
        let error = execute::<Value>(&client, get(&[&[7]])).await.unwrap_err();
        assert!(
            matches!(&error, Error::Credentials { required } if required == "scheme #7"),
            "{error:?}"
        );
        // A client with no credentials at all.
        let client = builder(&server).build().unwrap();
        let error = execute::<Value>(&client, get(&[&[BASIC]]))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::Credentials { required } if required == "`basic`"),
            "{error:?}"
        );
        assert_eq!(received(&server).await.len(), 0, "nothing was sent");
    })
    .await;
}

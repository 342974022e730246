//! Fuzzing the webhook receiver: random headers and bodies never make it panic, and whatever
//! it accepts carried the secret (or its signature).

mod webhook_common;

use hmac::{Hmac, KeyInit, Mac};
use oapi_docgen_runtime::webhook::{ReceiveError, Receiver};
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use sha2::Sha256;
use webhook_common::{GitHubEvent, Raw, SECRET, TestEvent};

const SECRET_HEADERS: [&str; 2] = ["x-authing-webhook-secret", "x-authing-token"];

/// Header names: the ones the receiver reads, and a few it does not.
fn header_name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "x-authing-webhook-secret",
        "x-authing-token",
        "content-type",
        "content-length",
        "x-hub-signature-256",
        "x-github-event",
        "x-authing-userpool-id",
        "user-agent",
    ])
}

/// Header values: the secret, near misses, content types, signatures, and random bytes
/// (anything `HeaderValue::from_bytes` takes, including bytes that are not UTF-8).
fn header_value() -> impl Strategy<Value = Vec<u8>> {
    let near = format!("{}x", &SECRET[..SECRET.len() - 1]);
    prop_oneof![
        3 => Just(SECRET.as_bytes().to_vec()),
        1 => Just(near.into_bytes()),
        1 => Just(SECRET.as_bytes()[..5].to_vec()),
        2 => prop::sample::select(vec![
            "application/json",
            "application/json; charset=utf-8",
            "application/x-www-form-urlencoded",
            "APPLICATION/X-WWW-FORM-URLENCODED;charset=utf-8",
            "application/vnd.x+json",
            "text/plain",
            "multipart/form-data",
            "/",
            ";",
            "+json",
            "application/",
            "sha256=",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        2 => "[ -~]{0,80}".prop_map(String::into_bytes),
        2 => prop::collection::vec(
            prop_oneof![Just(b'\t'), 0x20u8..=0x7e, 0x80u8..=0xff],
            0..80
        ),
    ]
}

/// Random headers, half of the time after those of a good delivery (JSON, form, or none).
fn header_map() -> impl Strategy<Value = HeaderMap> {
    let base = prop::sample::select(vec![
        vec![],
        vec![("x-authing-webhook-secret", "application/json")],
        vec![("x-authing-token", "application/x-www-form-urlencoded")],
        vec![("x-authing-webhook-secret", "")],
    ]);
    let random = prop::collection::vec((header_name(), header_value()), 0..6);
    (base, random).prop_map(|(base, pairs)| {
        let mut map = HeaderMap::new();
        for (secret_header, content_type) in base {
            map.append(secret_header, HeaderValue::from_static(SECRET));
            if !content_type.is_empty() {
                map.append("content-type", HeaderValue::from_static(content_type));
            }
        }
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_bytes(&value) {
                map.append(HeaderName::from_static(name), value);
            }
        }
        map
    })
}

const VALID_JSON: &str = r#"{"eventName":"user:created","data":{"id":"u-1","email":"a@example.com","tags":["x"],"n":1.5e3}}"#;
const VALID_FORM: &str =
    r#"eventName=user%3Acreated&data[id]=u-1&data[profile][name]=Ada&tags[]=a&data2={"a":1}"#;

/// A valid delivery with a few bytes replaced, inserted or removed.
fn mutated(base: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    prop::collection::vec((0..=len, any::<u8>(), 0u8..3), 0..6).prop_map(move |edits| {
        let mut bytes = base.as_bytes().to_vec();
        for (at, byte, kind) in edits {
            let at = at.min(bytes.len());
            match kind {
                0 if at < bytes.len() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => {}
            }
        }
        bytes
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        r#"[\[\]{}":,0-9a-z\\ .eE+-]{0,200}"#.prop_map(String::into_bytes),
        "[a-z%=&\\[\\]{}\":+0-9A-F]{0,200}".prop_map(String::into_bytes),
        mutated(VALID_JSON),
        mutated(VALID_FORM),
        Just(VALID_JSON.as_bytes().to_vec()),
        Just(VALID_FORM.as_bytes().to_vec()),
        (1usize..60).prop_map(|depth| format!("a{}=1", "[b]".repeat(depth)).into_bytes()),
        (1usize..200)
            .prop_map(|depth| format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()),
    ]
}

/// Whether the first value of one of the secret headers is the secret.
fn carries_secret(headers: &HeaderMap) -> bool {
    SECRET_HEADERS.iter().any(|name| {
        headers
            .get(*name)
            .is_some_and(|v| v.as_bytes() == SECRET.as_bytes())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn verify_never_panics_and_accepts_only_the_secret(headers in header_map(), body in body()) {
        let receiver = Receiver::<TestEvent>::new(SECRET);
        match receiver.verify(&headers, &body) {
            Ok(_) => prop_assert!(carries_secret(&headers)),
            Err(error) => {
                let message = error.to_string();
                prop_assert!(!message.contains(SECRET));
                prop_assert!((400..=415).contains(&error.status()));
                if !carries_secret(&headers) {
                    prop_assert!(matches!(
                        error,
                        ReceiveError::MissingSecret | ReceiveError::WrongSecret
                    ));
                }
            }
        }
        // The whole body as read, with a limit that cuts some bodies.
        let raw = Receiver::<Raw>::new(SECRET).max_body_bytes(150);
        match raw.verify(&headers, &body) {
            Ok(_) => prop_assert!(
                body.len() <= 150
                    && headers
                        .get("x-authing-webhook-secret")
                        .is_some_and(|v| v.as_bytes() == SECRET.as_bytes())
            ),
            Err(ReceiveError::TooLarge { limit, size }) => {
                prop_assert_eq!((limit, size), (150, body.len()));
                prop_assert!(body.len() > 150);
            }
            Err(_) => {}
        }
    }

    #[test]
    fn signed_verify_never_panics_and_accepts_only_signed_bodies(
        headers in header_map(),
        body in body(),
        sign_it in any::<bool>(),
    ) {
        let mut headers = headers;
        let signature = {
            let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
            mac.update(&body);
            let code: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
            format!("sha256={code}")
        };
        if sign_it {
            headers.insert("x-hub-signature-256", HeaderValue::from_str(&signature).unwrap());
        }
        let receiver = Receiver::<GitHubEvent>::new(SECRET);
        if receiver.verify(&headers, &body).is_ok() {
            let sent = headers.get("x-hub-signature-256").map(|v| v.as_bytes().to_ascii_lowercase());
            prop_assert_eq!(sent, Some(signature.into_bytes()));
        }
    }
}

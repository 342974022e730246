//! The webhook receiver: what it accepts, what it refuses and why, and what it never shows.

mod webhook_common;

use hmac::{Hmac, KeyInit, Mac};
use oapi_docgen_runtime::webhook::{
    DEFAULT_MAX_BODY_BYTES, Delivery, Envelope, ReceiveError, Receiver,
};
use oapi_docgen_runtime::webhook_signature::{hmac_sha256, verify_hmac_sha256_hex};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{Value, json};
use sha2::Sha256;
use webhook_common::{GitHubEvent, Raw, SECRET, TestEvent, authing_form, authing_json, headers};

const CREATED: &str = r#"{"eventName":"user:created","data":{"id":"u-1","username":"ada"}}"#;

fn receiver() -> Receiver<TestEvent> {
    Receiver::new(SECRET)
}

fn with(mut map: HeaderMap, name: &'static str, value: &str) -> HeaderMap {
    map.insert(name, HeaderValue::from_str(value).unwrap());
    map
}

fn without(mut map: HeaderMap, name: &str) -> HeaderMap {
    map.remove(name);
    map
}

#[test]
fn a_json_delivery_becomes_its_event() {
    let event = receiver().verify(&authing_json(), CREATED.as_bytes());
    assert_eq!(event, Ok(TestEvent::Created { id: "u-1".into() }));

    let body = br#"{"eventName":"test","data":{"description":"Hello from Authing"}}"#;
    let event = receiver().verify(&authing_json(), body);
    assert_eq!(
        event,
        Ok(TestEvent::Test {
            description: "Hello from Authing".into()
        })
    );
}

#[test]
fn the_older_secret_header_is_accepted_too() {
    let headers = without(authing_json(), "x-authing-webhook-secret");
    let headers = with(headers, "x-authing-token", SECRET);
    let event = receiver().verify(&headers, CREATED.as_bytes());
    assert_eq!(event, Ok(TestEvent::Created { id: "u-1".into() }));
}

#[test]
fn one_right_secret_header_is_enough_when_both_are_sent() {
    let headers = with(authing_json(), "x-authing-token", "something-else");
    let event = receiver().verify(&headers, CREATED.as_bytes());
    assert_eq!(event, Ok(TestEvent::Created { id: "u-1".into() }));
}

#[test]
fn a_form_delivery_with_data_as_json_text_becomes_its_event() {
    let body = r#"eventName=user%3Acreated&data=%7B%22id%22%3A%22u-2%22%7D"#;
    let event = receiver().verify(&authing_form(), body.as_bytes());
    assert_eq!(event, Ok(TestEvent::Created { id: "u-2".into() }));
    // Unencoded, as the issue shows it.
    let body = r#"eventName=user:created&data={"id":"u-3"}"#;
    let event = receiver().verify(&authing_form(), body.as_bytes());
    assert_eq!(event, Ok(TestEvent::Created { id: "u-3".into() }));
}

#[test]
fn a_form_delivery_with_bracket_keys_becomes_its_event() {
    let body = "eventName=user%3Acreated&data%5Bid%5D=u-4";
    let event = receiver().verify(&authing_form(), body.as_bytes());
    assert_eq!(event, Ok(TestEvent::Created { id: "u-4".into() }));

    let body = "eventName=user:updated&data[user][id]=1&data[user][name]=Ada+L&data[source]=admin";
    let event = receiver().verify(&authing_form(), body.as_bytes());
    assert_eq!(
        event,
        Ok(TestEvent::Other {
            name: "user:updated".into(),
            data: json!({"user": {"id": "1", "name": "Ada L"}, "source": "admin"}),
        })
    );
}

#[test]
fn a_form_becomes_an_object_of_strings() {
    let receiver = Receiver::<Raw>::new(SECRET);
    let form = |body: &str| receiver.verify(&authing_form(), body.as_bytes());
    assert_eq!(
        form("eventName=x&extra=1&flag=&tags[]=a&tags[]=b&data[a][b][c]=deep"),
        Ok(Raw(json!({
            "eventName": "x",
            "extra": "1",
            "flag": "",
            "tags": ["a", "b"],
            "data": {"a": {"b": {"c": "deep"}}},
        })))
    );
    // `data` that is not JSON stays text; other fields are never read as JSON.
    assert_eq!(
        form("data=not+json&other=%7B%7D"),
        Ok(Raw(json!({"data": "not json", "other": "{}"})))
    );
    // Bracket keys add to `data` given as JSON text.
    assert_eq!(
        form(r#"data={"id":"1"}&data[name]=n"#),
        Ok(Raw(json!({"data": {"id": "1", "name": "n"}})))
    );
    // Keys not of the shape `name[a][b]` are taken as they are.
    assert_eq!(
        form("a[b=1&[c]=2&d]=3&e[f]g=4&h[i[j]]=5"),
        Ok(Raw(
            json!({"a[b": "1", "[c]": "2", "d]": "3", "e[f]g": "4", "h[i[j]]": "5"})
        ))
    );
    assert_eq!(form(""), Ok(Raw(json!({}))));
}

#[test]
fn a_form_that_sets_a_value_twice_or_nests_too_deep_is_malformed() {
    let receiver = Receiver::<Raw>::new(SECRET);
    let form = |body: &str| receiver.verify(&authing_form(), body.as_bytes());
    for body in [
        "a=1&a=2",
        "a=1&a[b]=2",
        "a[b]=1&a=2",
        "a[b]=1&a[b]=2",
        "a[b]=1&a[b][c]=2",
        "a=1&a[]=2",
        "a[][b]=1",
        r#"data={"id":"1"}&data[id]=2"#,
    ] {
        let error = form(body).unwrap_err();
        assert!(
            matches!(&error, ReceiveError::MalformedBody(m) if m.contains("form field")),
            "{body}: {error:?}"
        );
        assert_eq!(error.status(), 400);
    }
    let deep = format!("a{}=1", "[x]".repeat(33));
    assert!(matches!(form(&deep), Err(ReceiveError::MalformedBody(m)) if m.contains("deeper")));
    let ok = format!("a{}=1", "[x]".repeat(32));
    assert!(form(&ok).is_ok());
}

#[test]
fn a_delivery_without_a_secret_header_is_refused() {
    let headers = without(authing_json(), "x-authing-webhook-secret");
    let error = receiver().verify(&headers, CREATED.as_bytes()).unwrap_err();
    assert_eq!(error, ReceiveError::MissingSecret);
    assert_eq!(error.status(), 401);
}

#[test]
fn a_wrong_secret_is_refused_whatever_its_length() {
    let same_length: String = SECRET.chars().rev().collect::<String>().replace('7', "8");
    assert_eq!(same_length.len(), SECRET.len());
    assert_ne!(same_length, SECRET);
    let last_differs = format!("{}X", &SECRET[..SECRET.len() - 1]);
    let prefix = &SECRET[..SECRET.len() - 1];
    let longer = format!("{SECRET}0");
    for wrong in [
        same_length.as_str(),
        last_differs.as_str(),
        prefix,
        longer.as_str(),
        "",
        "x",
    ] {
        for header in ["x-authing-webhook-secret", "x-authing-token"] {
            let headers = with(
                without(authing_json(), "x-authing-webhook-secret"),
                header,
                wrong,
            );
            let error = receiver().verify(&headers, CREATED.as_bytes()).unwrap_err();
            assert_eq!(error, ReceiveError::WrongSecret, "{wrong:?} in {header}");
            assert_eq!(error.status(), 401);
        }
    }
}

#[test]
fn an_empty_configured_secret_accepts_nothing() {
    let receiver = Receiver::<TestEvent>::new("");
    let empty = with(authing_json(), "x-authing-webhook-secret", "");
    assert_eq!(
        receiver.verify(&empty, CREATED.as_bytes()),
        Err(ReceiveError::WrongSecret)
    );
    let receiver = Receiver::<GitHubEvent>::new("");
    let mac = sign(b"", b"{}");
    let signed = headers(&[
        ("x-github-event", "ping"),
        ("x-hub-signature-256", &format!("sha256={mac}")),
    ]);
    assert_eq!(
        receiver.verify(&signed, b"{}"),
        Err(ReceiveError::BadSignature)
    );
}

#[test]
fn an_event_type_with_neither_secret_headers_nor_signature_accepts_nothing() {
    #[derive(Debug)]
    struct Open;
    impl Delivery for Open {
        const ENVELOPE: Envelope = Envelope::Single;

        fn from_event<'de, D: serde::Deserializer<'de>>(_: &str, _: D) -> Result<Self, D::Error> {
            Ok(Open)
        }
    }
    let error = Receiver::<Open>::new(SECRET)
        .verify(&authing_json(), CREATED.as_bytes())
        .unwrap_err();
    assert_eq!(error, ReceiveError::MissingSecret);
}

#[test]
fn an_oversized_body_is_refused_before_anything_else() {
    let receiver = receiver().max_body_bytes(64);
    assert_eq!(receiver.body_limit(), 64);
    let body = vec![b'x'; 65];
    // No secret, a content type it does not read, a body that is not JSON: size comes first.
    let headers = headers(&[("content-type", "image/png")]);
    let error = receiver.verify(&headers, &body).unwrap_err();
    assert_eq!(
        error,
        ReceiveError::TooLarge {
            limit: 64,
            size: 65
        }
    );
    assert_eq!(error.status(), 413);

    // At the limit it is read.
    let body = format!(
        "{:<64}",
        r#"{"eventName":"user:created","data":{"id":"7"}}"#
    );
    assert_eq!(body.len(), 64);
    assert_eq!(
        receiver.verify(&authing_json(), body.as_bytes()),
        Ok(TestEvent::Created { id: "7".into() })
    );
}

#[test]
fn the_default_limit_is_one_mebibyte() {
    assert_eq!(DEFAULT_MAX_BODY_BYTES, 1024 * 1024);
    assert_eq!(receiver().body_limit(), DEFAULT_MAX_BODY_BYTES);
    let padding = " ".repeat(DEFAULT_MAX_BODY_BYTES - CREATED.len());
    let body = format!("{CREATED}{padding}");
    assert!(receiver().verify(&authing_json(), body.as_bytes()).is_ok());
    let body = format!("{body} ");
    assert_eq!(
        receiver().verify(&authing_json(), body.as_bytes()),
        Err(ReceiveError::TooLarge {
            limit: DEFAULT_MAX_BODY_BYTES,
            size: DEFAULT_MAX_BODY_BYTES + 1
        })
    );
}

#[test]
fn json_content_types_with_parameters_and_any_case_are_read() {
    for content_type in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=UTF-8",
        "application/vnd.authing.event+json",
        "application/problem+JSON ; q=1",
    ] {
        let headers = with(authing_json(), "content-type", content_type);
        assert_eq!(
            receiver().verify(&headers, CREATED.as_bytes()),
            Ok(TestEvent::Created { id: "u-1".into() }),
            "{content_type}"
        );
    }
    let headers = without(authing_json(), "content-type");
    assert_eq!(
        receiver().verify(&headers, CREATED.as_bytes()),
        Ok(TestEvent::Created { id: "u-1".into() })
    );
    let headers = with(
        authing_form(),
        "content-type",
        "Application/X-WWW-Form-URLEncoded; charset=utf-8",
    );
    assert_eq!(
        receiver().verify(&headers, b"eventName=user:created&data[id]=9"),
        Ok(TestEvent::Created { id: "9".into() })
    );
}

#[test]
fn other_content_types_are_refused() {
    for content_type in [
        "text/plain",
        "text/json",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/jsonp",
        "json",
        "",
    ] {
        let headers = with(authing_json(), "content-type", content_type);
        let error = receiver().verify(&headers, CREATED.as_bytes()).unwrap_err();
        assert_eq!(
            error,
            ReceiveError::UnsupportedContentType(content_type.to_owned())
        );
        assert_eq!(error.status(), 415);
    }
    let mut headers = authing_json();
    headers.insert(
        "content-type",
        HeaderValue::from_bytes(b"application/json\xff").unwrap(),
    );
    let error = receiver().verify(&headers, CREATED.as_bytes()).unwrap_err();
    assert!(matches!(error, ReceiveError::UnsupportedContentType(_)));
    // A long one is cut in the message.
    let long = format!("application/{}", "x".repeat(500));
    let headers = with(authing_json(), "content-type", &long);
    let error = receiver().verify(&headers, CREATED.as_bytes()).unwrap_err();
    assert!(error.to_string().len() < 250, "{error}");
}

#[test]
fn the_secret_is_checked_before_the_content_type_and_body() {
    let headers = headers(&[
        ("content-type", "text/plain"),
        ("x-authing-webhook-secret", "wrong"),
    ]);
    assert_eq!(
        receiver().verify(&headers, b"not json"),
        Err(ReceiveError::WrongSecret)
    );
}

#[test]
fn malformed_json_is_refused() {
    for body in [
        &b""[..],
        b"{",
        b"{\"eventName\":",
        b"\xff\xfe",
        br#"{"eventName":"ping"} trailing"#,
        b"nul",
    ] {
        let error = receiver().verify(&authing_json(), body).unwrap_err();
        assert!(
            matches!(&error, ReceiveError::MalformedBody(m) if m.contains("not valid JSON")),
            "{body:?}: {error:?}"
        );
        assert_eq!(error.status(), 400);
    }
}

#[test]
fn a_json_body_that_is_not_utf8_is_refused_with_where() {
    // A Latin-1 `é` inside a string: JSON text must be UTF-8.
    let body = b"{\"eventName\":\"user:created\",\"data\":{\"id\":\"caf\xe9\"}}";
    let error = receiver().verify(&authing_json(), body).unwrap_err();
    assert_eq!(
        error,
        ReceiveError::MalformedBody(
            "the body is not valid JSON: it is not UTF-8 text (at byte offset 45)".into()
        )
    );
    assert_eq!(error.status(), 400);
}

#[test]
fn a_body_that_does_not_fit_its_event_is_malformed() {
    for (body, needle) in [
        (
            r#"{"eventName":"user:created","data":{"name":"no id"}}"#,
            "missing field `id`",
        ),
        (
            r#"{"eventName":"user:created","data":{"id":7}}"#,
            "invalid type",
        ),
        (r#"{"eventName":"user:created"}"#, "user:created"),
        (r#"{"eventName":"test","data":[]}"#, "`test` event"),
        (r#"{"data":{}}"#, "missing field `eventName`"),
        (r#"{"eventName":1}"#, "expected a string"),
        (
            r#"[1,2]"#,
            "expected an object with the fields `eventName` and `data`",
        ),
        (
            r#"{"eventName":"a","eventName":"b"}"#,
            "duplicate field `eventName`",
        ),
        (
            r#"{"eventName":"a","data":1,"data":2}"#,
            "duplicate field `data`",
        ),
    ] {
        let error = receiver()
            .verify(&authing_json(), body.as_bytes())
            .unwrap_err();
        assert!(
            matches!(&error, ReceiveError::MalformedBody(m) if m.contains(needle)),
            "{body}: {error:?}"
        );
        assert_eq!(error.status(), 400);
    }
    let error = receiver()
        .verify(&authing_form(), b"eventName=test&data[other]=x")
        .unwrap_err();
    assert!(matches!(error, ReceiveError::MalformedBody(m) if m.contains("description")));
}

#[test]
fn data_before_the_name_and_other_fields_are_read_too() {
    let body =
        r#"{"data":{"id":"u-9"},"extra":[1,{"a":2}],"userPoolId":"p","eventName":"user:created"}"#;
    assert_eq!(
        receiver().verify(&authing_json(), body.as_bytes()),
        Ok(TestEvent::Created { id: "u-9".into() })
    );
    let body = r#"{"data":{"id":9},"eventName":"user:created"}"#;
    let error = receiver()
        .verify(&authing_json(), body.as_bytes())
        .unwrap_err();
    assert!(
        matches!(&error, ReceiveError::MalformedBody(m) if m.contains("`user:created` event") && m.contains("invalid type")),
        "{error:?}"
    );
    let body = r#"{"data":{"description":"d"},"eventName":"test"}"#;
    assert_eq!(
        receiver().verify(&authing_json(), body.as_bytes()),
        Ok(TestEvent::Test {
            description: "d".into()
        })
    );
}

#[test]
fn an_unknown_event_keeps_its_name_and_data() {
    let body =
        r#"{"eventName":"user:login","data":{"id":"u-1","ip":"203.0.113.9","extra":[1,null]}}"#;
    assert_eq!(
        receiver().verify(&authing_json(), body.as_bytes()),
        Ok(TestEvent::Other {
            name: "user:login".into(),
            data: json!({"id": "u-1", "ip": "203.0.113.9", "extra": [1, null]}),
        })
    );
    assert_eq!(
        receiver().verify(&authing_json(), br#"{"eventName":"ping"}"#),
        Ok(TestEvent::Other {
            name: "ping".into(),
            data: Value::Null
        })
    );
}

#[test]
fn debug_output_and_error_messages_never_show_a_secret() {
    let receiver = receiver().max_body_bytes(2048);
    let shown = format!("{receiver:?} {:#?} {:?}", receiver.clone(), receiver);
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert!(shown.contains("2048"), "{shown}");

    // A received secret near the right one, in every header, with every kind of failure.
    let near = format!("{}Z", &SECRET[..SECRET.len() - 1]);
    let errors = [
        receiver.verify(
            &without(authing_json(), "x-authing-webhook-secret"),
            CREATED.as_bytes(),
        ),
        receiver.verify(
            &with(authing_json(), "x-authing-webhook-secret", &near),
            CREATED.as_bytes(),
        ),
        receiver.verify(&authing_json(), &vec![b' '; 4096]),
        receiver.verify(
            &with(authing_json(), "content-type", "text/plain"),
            CREATED.as_bytes(),
        ),
        receiver.verify(&authing_json(), b"{"),
        receiver.verify(&authing_json(), br#"{"eventName":"test","data":{}}"#),
    ];
    let signed = Receiver::<GitHubEvent>::new(SECRET);
    let signature_errors = [
        signed.verify(&headers(&[]), b"{}"),
        signed.verify(
            &headers(&[("x-hub-signature-256", &format!("sha256={SECRET}"))]),
            b"{}",
        ),
    ];
    for error in errors
        .iter()
        .map(|r| r.as_ref().unwrap_err())
        .chain(signature_errors.iter().map(|r| r.as_ref().unwrap_err()))
    {
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(SECRET), "{text}");
            assert!(!text.contains(&near), "{text}");
            assert!(!text.contains(&SECRET[..8]), "{text}");
        }
    }
}

#[test]
fn text_quoted_from_an_authentic_delivery_never_shows_the_secret() {
    let content_type = format!("text/{SECRET}");
    let headers = with(authing_json(), "content-type", &content_type);
    let error = receiver().verify(&headers, CREATED.as_bytes()).unwrap_err();
    assert_eq!(
        error,
        ReceiveError::UnsupportedContentType("text/<redacted>".into())
    );
    let body = format!("a={SECRET}&a=2");
    let error = Receiver::<Raw>::new(SECRET)
        .verify(&authing_form(), body.as_bytes())
        .unwrap_err();
    assert_eq!(
        error,
        ReceiveError::MalformedBody(
            "the form field `a` sets a value that another field sets too".into()
        )
    );
    let body = format!("{SECRET}[x]=1&{SECRET}[x]=2");
    let error = Receiver::<Raw>::new(SECRET)
        .verify(&authing_form(), body.as_bytes())
        .unwrap_err();
    let text = error.to_string();
    assert!(
        !text.contains(SECRET) && text.contains("<redacted>[x]"),
        "{text}"
    );
    let body = format!(r#"{{"eventName":"test","data":{{"description":5,"{SECRET}":1}}}}"#);
    let error = receiver()
        .verify(&authing_json(), body.as_bytes())
        .unwrap_err();
    assert!(!error.to_string().contains(SECRET), "{error}");
}

#[test]
fn statuses_are_401_413_415_and_400() {
    let cases = [
        (ReceiveError::MissingSecret, 401),
        (ReceiveError::WrongSecret, 401),
        (ReceiveError::MissingSignature, 401),
        (ReceiveError::BadSignature, 401),
        (ReceiveError::TooLarge { limit: 1, size: 2 }, 413),
        (
            ReceiveError::UnsupportedContentType("text/plain".into()),
            415,
        ),
        (ReceiveError::MalformedBody("x".into()), 400),
    ];
    for (error, status) in cases {
        assert_eq!(error.status(), status, "{error}");
    }
}

// Signatures.

/// GitHub's published example (docs: "Validating webhook deliveries").
const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const GITHUB_PAYLOAD: &[u8] = b"Hello, World!";
const GITHUB_SIGNATURE: &str =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn github(signature: &str) -> HeaderMap {
    headers(&[
        ("x-github-event", "push"),
        ("x-hub-signature-256", signature),
        ("content-type", "application/json"),
    ])
}

#[test]
fn githubs_published_vector_verifies() {
    let code = GITHUB_SIGNATURE.strip_prefix("sha256=").unwrap();
    assert!(verify_hmac_sha256_hex(
        GITHUB_SECRET.as_bytes(),
        GITHUB_PAYLOAD,
        code.as_bytes()
    ));
    assert!(verify_hmac_sha256_hex(
        GITHUB_SECRET.as_bytes(),
        GITHUB_PAYLOAD,
        code.to_uppercase().as_bytes()
    ));
    assert_eq!(sign(GITHUB_SECRET.as_bytes(), GITHUB_PAYLOAD), code);

    let signature = hmac_sha256("x-hub-signature-256", "sha256=");
    assert_eq!(
        signature.check(
            GITHUB_SECRET.as_bytes(),
            &github(GITHUB_SIGNATURE),
            GITHUB_PAYLOAD
        ),
        Ok(())
    );
    // Through the receiver: the signature passes, then the body (not JSON) is refused.
    let receiver = Receiver::<GitHubEvent>::new(GITHUB_SECRET);
    let headers = with(github(GITHUB_SIGNATURE), "content-type", "text/plain");
    assert_eq!(
        receiver.verify(&headers, GITHUB_PAYLOAD),
        Err(ReceiveError::UnsupportedContentType("text/plain".into()))
    );
    let error = receiver
        .verify(&github(GITHUB_SIGNATURE), GITHUB_PAYLOAD)
        .unwrap_err();
    assert!(matches!(error, ReceiveError::MalformedBody(_)), "{error:?}");
}

#[test]
fn a_wrong_missing_or_misshapen_signature_is_refused() {
    let receiver = Receiver::<GitHubEvent>::new(GITHUB_SECRET);
    let signature = hmac_sha256("x-hub-signature-256", "sha256=");
    let check = |headers: &HeaderMap| {
        let direct = signature.check(GITHUB_SECRET.as_bytes(), headers, GITHUB_PAYLOAD);
        let through = receiver.verify(headers, GITHUB_PAYLOAD).map(|_| ());
        assert_eq!(direct, through);
        direct
    };
    // Every single hex digit flipped.
    let code = GITHUB_SIGNATURE.strip_prefix("sha256=").unwrap();
    for at in 0..code.len() {
        let mut flipped = code.as_bytes().to_vec();
        flipped[at] = if flipped[at] == b'0' { b'1' } else { b'0' };
        let flipped = format!("sha256={}", String::from_utf8(flipped).unwrap());
        assert_eq!(
            check(&github(&flipped)),
            Err(ReceiveError::BadSignature),
            "{flipped}"
        );
    }
    let missing = without(github(GITHUB_SIGNATURE), "x-hub-signature-256");
    assert_eq!(check(&missing), Err(ReceiveError::MissingSignature));
    for bad in [
        format!("sha1={code}"),
        format!("SHA256={code}"),
        format!(" sha256={code}x"),
        code.to_owned(),
        "sha256=".to_owned(),
        format!("sha256={}", &code[..62]),
        format!("sha256={code}00"),
        format!("sha256={}zz", &code[..62]),
        "sha256=not hex at all, not hex at all, not hex at all, not hex at".to_owned(),
    ] {
        let error = check(&github(&bad)).unwrap_err();
        assert_eq!(error, ReceiveError::BadSignature, "{bad}");
        assert_eq!(error.status(), 401);
    }
    let mut non_text = github(GITHUB_SIGNATURE);
    non_text.insert(
        "x-hub-signature-256",
        HeaderValue::from_bytes(b"sha256=\xff\xfe").unwrap(),
    );
    assert_eq!(check(&non_text), Err(ReceiveError::BadSignature));
    // The right signature for another secret.
    let other = Receiver::<GitHubEvent>::new("another secret");
    assert_eq!(
        other.verify(&github(GITHUB_SIGNATURE), GITHUB_PAYLOAD),
        Err(ReceiveError::BadSignature)
    );
}

#[test]
fn a_signed_json_delivery_verifies_end_to_end() {
    let secret = "gh-webhook-secret";
    let body = br#"{"ref":"refs/heads/main","repository":{"full_name":"octo/hello"}}"#;
    let signature = format!("sha256={}", sign(secret.as_bytes(), body));
    let receiver = Receiver::<GitHubEvent>::new(secret);
    assert_eq!(
        receiver.verify(&github(&signature), body),
        Ok(GitHubEvent {
            event: "push".into(),
            payload: json!({"ref": "refs/heads/main", "repository": {"full_name": "octo/hello"}}),
        })
    );
    // One byte of the body changed.
    let mut tampered = body.to_vec();
    tampered[10] = b'X';
    assert_eq!(
        receiver.verify(&github(&signature), &tampered),
        Err(ReceiveError::BadSignature)
    );
    // The event header is the event type's to require.
    let headers = without(github(&signature), "x-github-event");
    assert!(matches!(
        receiver.verify(&headers, body),
        Err(ReceiveError::MalformedBody(m)) if m.contains("x-github-event")
    ));
    // Size still comes first.
    let small = receiver.clone().max_body_bytes(8);
    assert_eq!(
        small.verify(&headers, body),
        Err(ReceiveError::TooLarge {
            limit: 8,
            size: body.len()
        })
    );
}

/// GitHub's form deliveries carry their JSON in one field, `payload`: that JSON is the data.
/// A form of several fields, or of one that is not JSON, is the data as its fields.
#[test]
fn a_form_of_one_json_field_is_that_json_where_the_body_is_the_data() {
    let secret = "gh-webhook-secret";
    let receiver = Receiver::<GitHubEvent>::new(secret);
    let form_headers = |body: &[u8]| {
        let signature = format!("sha256={}", sign(secret.as_bytes(), body));
        with(
            github(&signature),
            "content-type",
            "application/x-www-form-urlencoded",
        )
    };
    let body = b"payload=%7B%22ref%22%3A%22refs%2Fheads%2Fmain%22%7D";
    assert_eq!(
        receiver.verify(&form_headers(body), body),
        Ok(GitHubEvent {
            event: "push".into(),
            payload: json!({"ref": "refs/heads/main"}),
        })
    );
    for (body, payload) in [
        (&b"ref=main&zen=hi"[..], json!({"ref": "main", "zen": "hi"})),
        (&b"zen=%22quoted%22"[..], json!({"zen": "\"quoted\""})),
        (&b"zen=hi"[..], json!({"zen": "hi"})),
    ] {
        assert_eq!(
            receiver.verify(&form_headers(body), body),
            Ok(GitHubEvent {
                event: "push".into(),
                payload,
            })
        );
    }
}

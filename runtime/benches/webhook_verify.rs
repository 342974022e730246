//! How many webhook deliveries one thread verifies per second: a ~2 KiB Authing `user:created`
//! delivery (JSON, secret header) checked and decoded into a typed event, N times in a row.
//! Also, for comparison, the same event signed GitHub-style (HMAC-SHA256 of the body) and as a
//! form with bracket keys.
//!
//! `cargo bench -p oapi-docgen-runtime --bench webhook_verify [-- words]` (target: 200,000 a
//! second; words after `--` choose the cases whose labels contain them). With `--profile
//! throughput`, the workspace's fat-LTO profile, serde_json's reader inlines into the visitors.

// The user below is one `json!` literal.
#![recursion_limit = "256"]

use std::hint::black_box;
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use oapi_docgen_runtime::de;
use oapi_docgen_runtime::webhook::{Delivery, Envelope, Receiver, Signature};
use oapi_docgen_runtime::webhook_signature::hmac_sha256;
use reqwest::header::{HeaderMap, HeaderValue};
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};
use sha2::Sha256;

/// A receiver that cares about throughput runs under a fast allocator: decoding a delivery is
/// mostly allocating the event's strings, and glibc's malloc and free were a fifth of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SECRET: &str = "whsec-7Hq2pL9xV4mK8nR3tY6uZ1aB5cD0eF";
const ROUNDS: u32 = 200_000;
const BATCHES: u32 = 20;
const WARM_UP: Duration = Duration::from_secs(3);

/// Authing's user, as a generated model would hold it (most fields optional), and read as the
/// generated crate reads it: `Deserialize` through the runtime's `de::object`, one slot per field.
#[allow(dead_code)]
#[derive(Debug)]
struct User {
    id: String,
    arn: Option<String>,
    user_pool_id: Option<String>,
    status: Option<String>,
    username: Option<String>,
    email: Option<String>,
    email_verified: Option<bool>,
    phone: Option<String>,
    phone_verified: Option<bool>,
    unionid: Option<String>,
    openid: Option<String>,
    nickname: Option<String>,
    register_source: Option<Vec<String>>,
    photo: Option<String>,
    logins_count: Option<i64>,
    last_login: Option<String>,
    last_ip: Option<String>,
    signed_up: Option<String>,
    blocked: Option<bool>,
    is_deleted: Option<bool>,
    device: Option<String>,
    browser: Option<String>,
    company: Option<String>,
    name: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
    middle_name: Option<String>,
    profile: Option<String>,
    preferred_username: Option<String>,
    website: Option<String>,
    gender: Option<String>,
    birthdate: Option<String>,
    zoneinfo: Option<String>,
    locale: Option<String>,
    address: Option<String>,
    formatted: Option<String>,
    street_address: Option<String>,
    locality: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    province: Option<String>,
    country: Option<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
    external_id: Option<String>,
    custom_data: Option<Value>,
    identities: Option<Vec<Value>>,
}

/// The user's fields' wire names, in the order of the spec (and of the model's fields).
const USER_FIELDS: &[&str] = &[
    "id",
    "arn",
    "userPoolId",
    "status",
    "username",
    "email",
    "emailVerified",
    "phone",
    "phoneVerified",
    "unionid",
    "openid",
    "nickname",
    "registerSource",
    "photo",
    "loginsCount",
    "lastLogin",
    "lastIp",
    "signedUp",
    "blocked",
    "isDeleted",
    "device",
    "browser",
    "company",
    "name",
    "givenName",
    "familyName",
    "middleName",
    "profile",
    "preferredUsername",
    "website",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "address",
    "formatted",
    "streetAddress",
    "locality",
    "region",
    "postalCode",
    "city",
    "province",
    "country",
    "createdAt",
    "updatedAt",
    "externalId",
    "customData",
    "identities",
];

impl<'de> Deserialize<'de> for User {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (
            (
                id,
                arn,
                user_pool_id,
                status,
                username,
                email,
                email_verified,
                phone,
                phone_verified,
                unionid,
                openid,
                nickname,
            ),
            (
                register_source,
                photo,
                logins_count,
                last_login,
                last_ip,
                signed_up,
                blocked,
                is_deleted,
                device,
                browser,
                company,
                name,
            ),
            (
                given_name,
                family_name,
                middle_name,
                profile,
                preferred_username,
                website,
                gender,
                birthdate,
                zoneinfo,
                locale,
                address,
                formatted,
            ),
            (
                street_address,
                locality,
                region,
                postal_code,
                city,
                province,
                country,
                created_at,
                updated_at,
                external_id,
                custom_data,
                identities,
            ),
        ) = de::object(
            d,
            "User",
            USER_FIELDS,
            (
                (
                    de::Required::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<bool>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<bool>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                ),
                (
                    de::Optional::<Vec<String>>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<i64>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<bool>::NEW,
                    de::Optional::<bool>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                ),
                (
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                ),
                (
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<String>::NEW,
                    de::Optional::<Value>::NEW,
                    de::Optional::<Vec<Value>>::NEW,
                ),
            ),
        )?;
        Ok(Self {
            id,
            arn,
            user_pool_id,
            status,
            username,
            email,
            email_verified,
            phone,
            phone_verified,
            unionid,
            openid,
            nickname,
            register_source,
            photo,
            logins_count,
            last_login,
            last_ip,
            signed_up,
            blocked,
            is_deleted,
            device,
            browser,
            company,
            name,
            given_name,
            family_name,
            middle_name,
            profile,
            preferred_username,
            website,
            gender,
            birthdate,
            zoneinfo,
            locale,
            address,
            formatted,
            street_address,
            locality,
            region,
            postal_code,
            city,
            province,
            country,
            created_at,
            updated_at,
            external_id,
            custom_data,
            identities,
        })
    }
}

/// The event enum, as generated.
#[allow(dead_code)]
#[derive(Debug)]
enum Event {
    UserCreated(Box<User>),
    Other { name: String, data: Value },
}

fn event<'de, D: Deserializer<'de>>(name: &str, data: D) -> Result<Event, D::Error> {
    Ok(match name {
        "user:created" => Event::UserCreated(Deserialize::deserialize(data)?),
        _ => Event::Other {
            name: name.to_owned(),
            data: Deserialize::deserialize(data)?,
        },
    })
}

impl Delivery for Event {
    const SECRET_HEADERS: &'static [&'static str] =
        &["x-authing-webhook-secret", "x-authing-token"];
    const ENVELOPE: Envelope = Envelope::Body {
        name: "eventName",
        data: "data",
    };

    fn from_event<'de, D: Deserializer<'de>>(name: &str, data: D) -> Result<Self, D::Error> {
        event(name, data)
    }
}

/// The same events, signed GitHub-style and named by a header.
struct Signed(#[allow(dead_code)] Event);

impl Delivery for Signed {
    const SIGNATURE: Option<Signature> = Some(hmac_sha256("x-hub-signature-256", "sha256="));
    const ENVELOPE: Envelope = Envelope::Header("x-github-event");

    fn from_event<'de, D: Deserializer<'de>>(name: &str, data: D) -> Result<Self, D::Error> {
        event(name, data).map(Signed)
    }
}

fn user() -> Value {
    json!({
        "id": "64f0c3a1e2b7d9f1a3c5e7b9",
        "arn": "arn:cn:authing:62a1b2c3d4e5f60718293a4b:user:64f0c3a1e2b7d9f1a3c5e7b9",
        "userPoolId": "62a1b2c3d4e5f60718293a4b",
        "status": "Activated",
        "username": "ada.lovelace",
        "email": "ada.lovelace@example.com",
        "emailVerified": true,
        "phone": "+8613800138000",
        "phoneVerified": false,
        "unionid": "oWmC8xJ3kR5tY7uI9oP1aS3dF5gH",
        "openid": "o6_bmjrPTlm6_2sgVt7hMZOPfL2M",
        "nickname": "Ada",
        "registerSource": ["import:manual", "social:wechat"],
        "photo": "https://files.authing.co/authing-console/default-user-avatar.png",
        "loginsCount": 42,
        "lastLogin": "2024-05-17T08:21:43.512Z",
        "lastIp": "203.0.113.42",
        "signedUp": "2023-09-01T10:00:00.000Z",
        "blocked": false,
        "isDeleted": false,
        "device": "Macintosh; Intel Mac OS X 10_15_7",
        "browser": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "company": "Analytical Engines Ltd",
        "name": "Ada Lovelace",
        "givenName": "Ada",
        "familyName": "Lovelace",
        "middleName": "Augusta",
        "profile": "https://example.com/people/ada",
        "preferredUsername": "ada",
        "website": "https://example.com",
        "gender": "F",
        "birthdate": "1815-12-10",
        "zoneinfo": "Europe/London",
        "locale": "en-GB",
        "address": "12 St James's Square",
        "formatted": "12 St James's Square, London SW1Y 4JH, United Kingdom",
        "streetAddress": "12 St James's Square",
        "locality": "Westminster",
        "region": "Greater London",
        "postalCode": "SW1Y 4JH",
        "city": "London",
        "province": "England",
        "country": "GB",
        "createdAt": "2023-09-01T10:00:00.000Z",
        "updatedAt": "2024-05-17T08:21:43.512Z",
        "externalId": "crm-000123456",
        "customData": {"department": "research", "employeeNumber": 1843, "tags": ["math", "computing"]},
        "identities": [
            {"provider": "wechat", "userIdInIdp": "oWmC8xJ3kR5tY7uI9oP1aS3dF5gH", "isSocial": true, "connectionId": "62a1b2c3d4e5f60718293a4c"},
            {"provider": "github", "userIdInIdp": "1843", "isSocial": true, "connectionId": "62a1b2c3d4e5f60718293a4d"}
        ]
    })
}

/// The envelope deserialized directly, with no checks: what decoding alone costs.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Typed {
    #[serde(rename = "eventName")]
    event_name: String,
    data: Box<User>,
}

/// Runs `verify` `ROUNDS` times, in `BATCHES` batches, and prints the time per delivery and the
/// deliveries per second of the median batch and of the fastest one, by the wall clock (the
/// kernel's per-thread CPU time, as `/proc` gives it, only moves in 4 ms ticks). A shared VM's
/// neighbours make single runs swing by a quarter; the median batch is the figure to quote,
/// the fastest shows what the code does undisturbed.
fn time(label: &str, size: usize, verify: impl Fn() -> bool) {
    if !selected(label) {
        return;
    }
    // Make sure the delivery is accepted, then warm up for `WARM_UP`: the first second or two
    // of a busy thread on this VM runs at about 60% speed (whatever runs first measured 8 µs
    // where it later took 5), as criterion's default 3 s warm-up also allows for.
    assert!(verify(), "{label}: the delivery was refused");
    let warm = Instant::now();
    while warm.elapsed() < WARM_UP {
        for _ in 0..1_000 {
            black_box(verify());
        }
    }
    let per_batch = ROUNDS / BATCHES;
    let mut batches: Vec<Duration> = (0..BATCHES)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_batch {
                black_box(verify());
            }
            start.elapsed()
        })
        .collect();
    batches.sort();
    let per = |total: Duration| total.as_secs_f64() * 1e6 / f64::from(per_batch);
    let rate = |total: Duration| f64::from(per_batch) / total.as_secs_f64();
    let median = batches[batches.len() / 2];
    let best = batches[0];
    println!(
        "{label:<42} {size:>5} bytes  median {:>6.2} µs {:>8.0}/s  fastest {:>6.2} µs {:>8.0}/s",
        per(median),
        rate(median),
        per(best),
        rate(best)
    );
}

/// Whether `label` runs: every case when the command line names none, otherwise those whose
/// label contains one of the words given (`cargo bench --bench webhook_verify -- HMAC`).
fn selected(label: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|word| !word.starts_with("--"))
        .collect();
    words.is_empty() || words.iter().any(|word| label.contains(word.as_str()))
}

fn measure<E: Delivery>(label: &str, receiver: &Receiver<E>, headers: &HeaderMap, body: &[u8]) {
    time(label, body.len(), || {
        receiver.verify(black_box(headers), black_box(body)).is_ok()
    });
}

fn main() {
    // Authing sends the name first; `json!` would sort the fields.
    let user_json = serde_json::to_string(&user()).unwrap();
    let body = format!(r#"{{"eventName":"user:created","data":{user_json}}}"#).into_bytes();

    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert("x-authing-webhook-secret", HeaderValue::from_static(SECRET));
    headers.insert(
        "x-authing-userpool-id",
        HeaderValue::from_static("62a1b2c3d4e5f60718293a4b"),
    );
    headers.insert(
        "user-agent",
        HeaderValue::from_static("authing-webhook@2.0"),
    );
    let receiver = Receiver::<Event>::new(SECRET);
    measure("JSON, secret header", &receiver, &headers, &body);
    // `json!` sorts the names. A server that writes its DTOs as the spec lists their fields
    // sends them in the models' order, the order the runtime tries first.
    let in_order: Vec<String> = USER_FIELDS
        .iter()
        .map(|name| format!("{:?}:{}", name, user()[name]))
        .collect();
    let in_order = format!(
        r#"{{"eventName":"user:created","data":{{{}}}}}"#,
        in_order.join(",")
    );
    measure(
        "JSON, secret header, fields in spec order",
        &receiver,
        &headers,
        in_order.as_bytes(),
    );
    let data_first = format!(r#"{{"data":{user_json},"eventName":"user:created"}}"#).into_bytes();
    measure(
        "JSON, data before the name",
        &receiver,
        &headers,
        &data_first,
    );
    time(
        "serde_json::from_slice, typed, no checks",
        body.len(),
        || serde_json::from_slice::<Typed>(black_box(&body)).is_ok(),
    );
    time("from_utf8 + from_str, typed, no checks", body.len(), || {
        std::str::from_utf8(black_box(&body))
            .is_ok_and(|text| serde_json::from_str::<Typed>(text).is_ok())
    });

    time("scan only: serde_json into IgnoredAny", body.len(), || {
        serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&body)).is_ok()
    });
    time("serde_json into Value", body.len(), || {
        serde_json::from_slice::<Value>(black_box(&body)).is_ok()
    });
    let form = form_of(&user());
    let mut form_headers = headers.clone();
    form_headers.insert(
        "content-type",
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    measure(
        "form with bracket keys",
        &receiver,
        &form_headers,
        form.as_bytes(),
    );

    let user = serde_json::to_vec(&user()).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(&user);
    let code: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut signed_headers = HeaderMap::new();
    signed_headers.insert("content-type", HeaderValue::from_static("application/json"));
    signed_headers.insert("x-github-event", HeaderValue::from_static("user:created"));
    signed_headers.insert(
        "x-hub-signature-256",
        HeaderValue::from_str(&format!("sha256={code}")).unwrap(),
    );
    let signed = Receiver::<Signed>::new(SECRET);
    measure(
        "JSON, HMAC-SHA256 signature",
        &signed,
        &signed_headers,
        &user,
    );
}

/// `eventName=user:created&data[field]=…` for the user's text fields.
fn form_of(user: &Value) -> String {
    let mut form = String::from("eventName=user%3Acreated");
    if let Value::Object(fields) = user {
        for (name, value) in fields {
            // Text fields only, as a form holds strings.
            let Value::String(text) = value else {
                continue;
            };
            let pair: String =
                serde_urlencoded::to_string([(format!("data[{name}]"), text.as_str())]).unwrap();
            form.push('&');
            form.push_str(&pair);
        }
    }
    form
}

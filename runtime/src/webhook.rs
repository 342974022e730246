//! Webhook deliveries: the [`Receiver`] that checks a delivery (size, secret or signature,
//! content type) and hands its body to the spec's event type, a [`Delivery`].
//!
//! The receiver is framework-agnostic: give it the request's headers and raw body bytes, as
//! any HTTP server has them, and it returns the event or a [`ReceiveError`] that tells which
//! HTTP status to answer ([`ReceiveError::status`]). Nothing it prints or returns ever holds the
//! configured secret or the secret a delivery carried.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};
use subtle::{Choice, ConstantTimeEq};

/// The largest body a `Receiver` accepts unless told otherwise: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// The deepest nesting of a form field's bracket key (`data[a][b]…`) a receiver accepts.
const MAX_FORM_DEPTH: usize = 32;

/// The most characters of received text (a content type, a form key) an error message quotes.
const QUOTED_CHARS: usize = 64;

/// The event type of an API's webhook deliveries, as generated from its spec: how deliveries
/// are authenticated, where they name their event, and how an event's data is read.
///
/// A delivery is authenticated by a shared secret sent as it is in a header
/// ([`SECRET_HEADERS`](Delivery::SECRET_HEADERS)), by a [`Signature`] of its body, or by both.
/// A type that sets neither accepts no delivery at all: every one is
/// [`ReceiveError::MissingSecret`].
///
/// A generated implementation looks like this (an unknown event keeps its name and data):
///
/// ```text
/// impl Delivery for WebhookEvent {
///     const SECRET_HEADERS: &'static [&'static str] =
///         &["x-authing-webhook-secret", "x-authing-token"];
///     const ENVELOPE: Envelope = Envelope::Body { name: "eventName", data: "data" };
///
///     fn from_event<'de, D: serde::Deserializer<'de>>(name: &str, data: D) -> Result<Self, D::Error> {
///         use serde::Deserialize;
///         Ok(match name {
///             "user:created" => WebhookEvent::UserCreated(Deserialize::deserialize(data)?),
///             _ => WebhookEvent::Other { name: name.to_owned(), data: Deserialize::deserialize(data)? },
///         })
///     }
/// }
/// ```
pub trait Delivery: Sized {
    /// The headers that carry the shared secret as it is; a delivery must carry one of them,
    /// holding the secret. Empty when the spec authenticates deliveries otherwise.
    const SECRET_HEADERS: &'static [&'static str] = &[];

    /// The signature every delivery must carry, if the spec signs them.
    const SIGNATURE: Option<Signature> = None;

    /// Where a delivery names its event, and where its data is.
    const ENVELOPE: Envelope;

    /// The event named `name` whose data `data` holds: the generated type picks its variant
    /// by name and deserializes the data into it. `data` reads straight from the JSON body
    /// when it can (no intermediate `serde_json::Value`), from a `Value` otherwise (a form
    /// body, or a JSON object holding its data before its name).
    fn from_event<'de, D: Deserializer<'de>>(name: &str, data: D) -> Result<Self, D::Error>;
}

/// Where a delivery names its event (see [`Delivery::ENVELOPE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// The body is an object holding the event's name (text) in the field `name` and its data
    /// in the field `data` (Authing: `eventName` and `data`); its other fields are ignored. No
    /// name field is a malformed body; no data field is data `null`.
    Body {
        /// The field holding the event's name.
        name: &'static str,
        /// The field holding the event's data.
        data: &'static str,
    },
    /// The header names the event and the whole body is its data (GitHub:
    /// `x-github-event`). No such header is a malformed delivery.
    Header(&'static str),
    /// The API has one kind of event: the whole body is its data, and its name is `""`.
    Single,
}

/// How deliveries are signed: a header holding a prefix, then a code of the raw body computed
/// with the shared secret. The codes themselves are in the `webhook_signature` module (for
/// example its `hmac_sha256`, GitHub's `x-hub-signature-256: sha256=<hex>`).
#[derive(Clone, Copy)]
pub struct Signature {
    /// The header that carries the signature, in lower case.
    pub header: &'static str,
    /// What the header's value starts with before the code (`sha256=`; may be empty).
    pub prefix: &'static str,
    /// Whether `code` (the header's value after the prefix) is the right code of `body` for
    /// `secret`; compares in constant time.
    pub verify: fn(secret: &[u8], body: &[u8], code: &[u8]) -> bool,
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("header", &self.header)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl Signature {
    /// Checks the signature `headers` carry for `body` and `secret`: the first value of
    /// [`header`](Signature::header) must start with [`prefix`](Signature::prefix), and the
    /// rest be the body's code.
    pub fn check(
        &self,
        secret: &[u8],
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(), ReceiveError> {
        let value = headers
            .get(self.header)
            .ok_or(ReceiveError::MissingSignature)?;
        let code = value
            .as_bytes()
            .strip_prefix(self.prefix.as_bytes())
            .ok_or(ReceiveError::BadSignature)?;
        // An empty secret would make the code anyone can compute.
        if !secret.is_empty() && (self.verify)(secret, body, code) {
            Ok(())
        } else {
            Err(ReceiveError::BadSignature)
        }
    }
}

/// Why a delivery was refused. No variant holds the configured secret or the one the delivery
/// carried (text quoted from a delivery that holds the secret shows `<redacted>` in its place);
/// [`status`](ReceiveError::status) is the HTTP status to answer with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiveError {
    /// The delivery carries none of the headers that hold the secret.
    #[error("the delivery carries no webhook secret")]
    MissingSecret,
    /// The delivery's secret is not the configured one (or the configured one is empty).
    #[error("the delivery's webhook secret is wrong")]
    WrongSecret,
    /// The delivery carries no signature header.
    #[error("the delivery carries no signature")]
    MissingSignature,
    /// The delivery's signature is not that of its body (or is not in the expected form).
    #[error("the delivery's signature does not match its body")]
    BadSignature,
    /// The body is larger than the receiver accepts.
    #[error("the delivery's body of {size} bytes is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
        /// The body's size in bytes (or, when it was not read in full, a lower bound above the
        /// limit).
        size: usize,
    },
    /// The body is neither JSON nor a form; holds the content type received (at most 64
    /// characters of it).
    #[error(
        "the delivery's content type `{0}` is not supported: send application/json or application/x-www-form-urlencoded"
    )]
    UnsupportedContentType(String),
    /// The body could not be read as JSON or a form, does not name its event (nor its header),
    /// or does not fit the event it names.
    #[error("malformed delivery: {0}")]
    MalformedBody(String),
}

impl ReceiveError {
    /// The error with every occurrence of `secret` in the text it quotes replaced (a sender
    /// may have put it in its content type or body).
    fn redacted(self, secret: &str) -> Self {
        let scrub = |text: String| {
            if !secret.is_empty() && text.contains(secret) {
                text.replace(secret, "<redacted>")
            } else {
                text
            }
        };
        match self {
            ReceiveError::UnsupportedContentType(text) => {
                ReceiveError::UnsupportedContentType(scrub(text))
            }
            ReceiveError::MalformedBody(text) => ReceiveError::MalformedBody(scrub(text)),
            other => other,
        }
    }

    /// The HTTP status to answer with: 401 for a missing or wrong secret or signature, 413 for
    /// a body too large, 415 for an unsupported content type, 400 for a malformed body.
    pub fn status(&self) -> u16 {
        match self {
            ReceiveError::MissingSecret
            | ReceiveError::WrongSecret
            | ReceiveError::MissingSignature
            | ReceiveError::BadSignature => 401,
            ReceiveError::TooLarge { .. } => 413,
            ReceiveError::UnsupportedContentType(_) => 415,
            ReceiveError::MalformedBody(_) => 400,
        }
    }
}

/// Checks webhook deliveries of the event type `E` with the configured secret, and turns them
/// into events.
///
/// Cheap to clone (the secret is shared). Its `Debug` output never shows the secret.
pub struct Receiver<E> {
    /// The shared secret.
    secret: Arc<str>,
    /// The largest body accepted, in bytes.
    max_body_bytes: usize,
    /// The event type (`fn() -> E`: the receiver holds no `E`, so it is `Send` and `Sync`).
    event: PhantomData<fn() -> E>,
}

impl<E> Clone for Receiver<E> {
    fn clone(&self) -> Self {
        Receiver {
            secret: Arc::clone(&self.secret),
            max_body_bytes: self.max_body_bytes,
            event: PhantomData,
        }
    }
}

impl<E> fmt::Debug for Receiver<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("secret", &"<redacted>")
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

impl<E: Delivery> Receiver<E> {
    /// A receiver that accepts deliveries carrying `secret` (or signed with it), with bodies of
    /// at most [`DEFAULT_MAX_BODY_BYTES`]. An empty secret accepts no delivery.
    pub fn new(secret: impl Into<String>) -> Self {
        Receiver {
            secret: Arc::from(secret.into()),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            event: PhantomData,
        }
    }

    /// Sets the largest body accepted, in bytes; a larger one is [`ReceiveError::TooLarge`].
    pub fn max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// The largest body accepted, in bytes.
    pub fn body_limit(&self) -> usize {
        self.max_body_bytes
    }

    /// Checks a delivery and returns its event. `headers` and `body` are the request's headers
    /// and raw body, as received.
    ///
    /// In this order: the body's size ([`ReceiveError::TooLarge`]); the secret, when the event
    /// type has secret headers (the first value of any of them must equal the secret, compared
    /// in constant time: [`ReceiveError::MissingSecret`], [`ReceiveError::WrongSecret`]); the
    /// signature, when it has one ([`ReceiveError::MissingSignature`],
    /// [`ReceiveError::BadSignature`]); the content type (JSON: `application/json`, any
    /// `…+json`, or none; a form: `application/x-www-form-urlencoded`; parameters such as
    /// `charset` are ignored; anything else is [`ReceiveError::UnsupportedContentType`]); then
    /// the body is read, the event's name found (see [`Envelope`]), and the event's data handed
    /// to [`Delivery::from_event`] ([`ReceiveError::MalformedBody`]).
    ///
    /// A form body becomes a JSON object of strings: the envelope's data field (Authing's
    /// `data`, see [`Envelope::Body`]), when its value is JSON text, becomes that JSON; bracket
    /// keys nest (`data[user][id]=1` is
    /// `{"data": {"user": {"id": "1"}}}`, `tags[]=a&tags[]=b` is `{"tags": ["a", "b"]}`); a field
    /// given twice is malformed. Where the whole body is the data ([`Envelope::Header`],
    /// [`Envelope::Single`]), a form of one field whose value is a JSON object or array
    /// (GitHub's `payload=<json>`) carries that JSON as the data.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<E, ReceiveError> {
        if body.len() > self.max_body_bytes {
            return Err(ReceiveError::TooLarge {
                limit: self.max_body_bytes,
                size: body.len(),
            });
        }
        let secret = self.secret.as_bytes();
        let signature = E::SIGNATURE;
        if !E::SECRET_HEADERS.is_empty() {
            check_secret(secret, E::SECRET_HEADERS, headers)?;
        } else if signature.is_none() {
            return Err(ReceiveError::MissingSecret);
        }
        if let Some(signature) = signature {
            signature.check(secret, headers, body)?;
        }
        // The delivery is authentic from here on, so looking for the secret in what the
        // messages quote tells the sender nothing it does not know.
        self.read(headers, body)
            .map_err(|error| error.redacted(&self.secret))
    }

    /// The event of an authenticated delivery.
    fn read(&self, headers: &HeaderMap, body: &[u8]) -> Result<E, ReceiveError> {
        let format = content_type(headers)?;
        let mut name = None;
        let read = match (E::ENVELOPE, format) {
            (Envelope::Body { name: field, data }, Format::Json) => {
                let mut json = serde_json::Deserializer::from_str(json_text(body)?);
                EnvelopeSeed::<E>::new(field, data, &mut name)
                    .deserialize(&mut json)
                    .and_then(|event| json.end().map(|()| event))
            }
            (Envelope::Body { name: field, data }, Format::Form) => {
                let form = parse_form(body, Some(data)).map_err(ReceiveError::MalformedBody)?;
                EnvelopeSeed::<E>::new(field, data, &mut name).deserialize(form)
            }
            (Envelope::Header(header), format) => {
                let value = headers.get(header).ok_or_else(|| {
                    ReceiveError::MalformedBody(format!("the delivery has no `{header}` header"))
                })?;
                let value = value.to_str().map_err(|_| {
                    ReceiveError::MalformedBody(format!("the `{header}` header is not text"))
                })?;
                name = Some(value.to_owned());
                read_data(value, format, body)?
            }
            (Envelope::Single, format) => read_data("", format, body)?,
        };
        read.map_err(|e| {
            let message = match (e.classify(), &name) {
                (serde_json::error::Category::Syntax | serde_json::error::Category::Eof, _) => {
                    format!("the body is not valid JSON: {e}")
                }
                (_, Some(name)) => format!("the body does not fit a `{}` event: {e}", quote(name)),
                (_, None) => format!("the body is not a delivery: {e}"),
            };
            ReceiveError::MalformedBody(message)
        })
    }
}

/// A JSON body as text. JSON is UTF-8 (RFC 8259), and checking the whole body once lets
/// serde_json read it as `str`, which skips checking each string again: about a fifth of the
/// decoding time of a typical delivery, most of whose bytes are strings.
fn json_text(body: &[u8]) -> Result<&str, ReceiveError> {
    std::str::from_utf8(body).map_err(|error| {
        ReceiveError::MalformedBody(format!(
            "the body is not valid JSON: it is not UTF-8 text (at byte offset {})",
            error.valid_up_to()
        ))
    })
}

/// The event `name` whose data is the whole `body`.
fn read_data<E: Delivery>(
    name: &str,
    format: Format,
    body: &[u8],
) -> Result<Result<E, serde_json::Error>, ReceiveError> {
    Ok(match format {
        Format::Json => {
            let mut json = serde_json::Deserializer::from_str(json_text(body)?);
            E::from_event(name, &mut json).and_then(|event| json.end().map(|()| event))
        }
        Format::Form => {
            let form = parse_form(body, Some("data")).map_err(ReceiveError::MalformedBody)?;
            E::from_event(name, lone_json_field(form))
        }
    })
}

/// The data of a form that is the whole data: the JSON object or array in its one field when
/// it has one field holding one as text (GitHub's `payload=<json>`), else the form's fields.
fn lone_json_field(form: Value) -> Value {
    let Value::Object(fields) = &form else {
        return form;
    };
    let mut values = fields.values();
    match (values.next(), values.next()) {
        (Some(Value::String(text)), None) => match serde_json::from_str(text) {
            Ok(data @ (Value::Object(_) | Value::Array(_))) => data,
            _ => form,
        },
        _ => form,
    }
}

/// Reads a body object of [`Envelope::Body`]: the event's name, then its data straight into
/// the event (or, when the data comes first, the data as a `Value` until the name is known).
struct EnvelopeSeed<'n, E> {
    /// The field holding the name.
    name_field: &'static str,
    /// The field holding the data.
    data_field: &'static str,
    /// The name, once read (for messages).
    name: &'n mut Option<String>,
    /// The event type.
    event: PhantomData<fn() -> E>,
}

impl<'n, E> EnvelopeSeed<'n, E> {
    /// A seed for the fields `name_field` and `data_field`, storing the name in `name`.
    fn new(
        name_field: &'static str,
        data_field: &'static str,
        name: &'n mut Option<String>,
    ) -> Self {
        EnvelopeSeed {
            name_field,
            data_field,
            name,
            event: PhantomData,
        }
    }
}

impl<'de, E: Delivery> DeserializeSeed<'de> for EnvelopeSeed<'_, E> {
    type Value = E;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<E, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, E: Delivery> Visitor<'de> for EnvelopeSeed<'_, E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an object with the fields `{}` and `{}`",
            self.name_field, self.data_field
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<E, A::Error> {
        let mut event = None;
        let mut early_data = None;
        let mut seen_data = false;
        while let Some(key) = map.next_key_seed(KeySeed {
            name: self.name_field,
            data: self.data_field,
        })? {
            match key {
                Key::Name if self.name.is_some() => {
                    return Err(de::Error::duplicate_field(self.name_field));
                }
                Key::Name => *self.name = Some(map.next_value::<String>()?),
                Key::Data if seen_data => return Err(de::Error::duplicate_field(self.data_field)),
                Key::Data => {
                    seen_data = true;
                    match self.name.as_deref() {
                        Some(name) => event = Some(map.next_value_seed(DataSeed::<E>::new(name))?),
                        None => early_data = Some(map.next_value::<Value>()?),
                    }
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let Some(name) = self.name.as_deref() else {
            return Err(de::Error::missing_field(self.name_field));
        };
        match event {
            Some(event) => Ok(event),
            None => {
                E::from_event(name, early_data.unwrap_or(Value::Null)).map_err(de::Error::custom)
            }
        }
    }
}

/// Reads the data of the event `name` into the event.
struct DataSeed<'a, E> {
    /// The event's name.
    name: &'a str,
    /// The event type.
    event: PhantomData<fn() -> E>,
}

impl<'a, E> DataSeed<'a, E> {
    /// A seed for the event `name`.
    fn new(name: &'a str) -> Self {
        DataSeed {
            name,
            event: PhantomData,
        }
    }
}

impl<'de, E: Delivery> DeserializeSeed<'de> for DataSeed<'_, E> {
    type Value = E;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<E, D::Error> {
        E::from_event(self.name, deserializer)
    }
}

/// The fields of an [`Envelope::Body`] object.
enum Key {
    /// The name field.
    Name,
    /// The data field.
    Data,
    /// Any other field.
    Other,
}

/// Reads a field name as a [`Key`], without allocating.
struct KeySeed {
    /// The name field.
    name: &'static str,
    /// The data field.
    data: &'static str,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<Err: de::Error>(self, key: &str) -> Result<Key, Err> {
        Ok(if key == self.name {
            Key::Name
        } else if key == self.data {
            Key::Data
        } else {
            Key::Other
        })
    }
}

/// Checks that the first value of one of `names` in `headers` is `secret`. Every present
/// header is compared, in a time that depends on the received values' lengths only.
fn check_secret(secret: &[u8], names: &[&str], headers: &HeaderMap) -> Result<(), ReceiveError> {
    let mut present = false;
    let mut matched = Choice::from(0);
    for value in names.iter().filter_map(|name| headers.get(*name)) {
        present = true;
        matched |= equal(secret, value.as_bytes());
    }
    if !present {
        Err(ReceiveError::MissingSecret)
    } else if bool::from(matched) && !secret.is_empty() {
        Ok(())
    } else {
        Err(ReceiveError::WrongSecret)
    }
}

/// Whether `given` equals `expected`, in a time that depends on `given`'s length only (not on
/// `expected`'s length or content, nor where the two differ).
fn equal(expected: &[u8], given: &[u8]) -> Choice {
    let mut same = (expected.len() as u64).ct_eq(&(given.len() as u64));
    for (e, g) in expected.iter().cycle().zip(given) {
        same &= e.ct_eq(g);
    }
    same
}

/// The two body formats a receiver reads.
#[derive(Clone, Copy)]
enum Format {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
}

/// The format the delivery's content type names (JSON when it has none).
fn content_type(headers: &HeaderMap) -> Result<Format, ReceiveError> {
    let Some(value) = headers.get(CONTENT_TYPE) else {
        return Ok(Format::Json);
    };
    let unsupported = || {
        let text = String::from_utf8_lossy(value.as_bytes());
        ReceiveError::UnsupportedContentType(quote(&text))
    };
    let text = value.to_str().map_err(|_| unsupported())?;
    let essence = text.split(';').next().unwrap_or_default().trim();
    let (kind, subtype) = essence.split_once('/').ok_or_else(unsupported)?;
    let plus_json = subtype
        .rsplit_once('+')
        .is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case("json"));
    let application = kind.eq_ignore_ascii_case("application");
    if plus_json || (application && subtype.eq_ignore_ascii_case("json")) {
        Ok(Format::Json)
    } else if application && subtype.eq_ignore_ascii_case("x-www-form-urlencoded") {
        Ok(Format::Form)
    } else {
        Err(unsupported())
    }
}

/// At most [`QUOTED_CHARS`] characters of `text`, for an error message.
fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let mut quoted: String = chars.by_ref().take(QUOTED_CHARS).collect();
    if chars.next().is_some() {
        quoted.push('…');
    }
    quoted
}

/// A form body as a JSON object (see [`Receiver::verify`]); the field `json_field` (the
/// envelope's data field; `data` when the whole body is the data), when its value is JSON
/// text, becomes that JSON.
fn parse_form(body: &[u8], json_field: Option<&str>) -> Result<Value, String> {
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|e| format!("the body is not a valid form: {e}"))?;
    let mut root = Map::new();
    for (key, value) in fields {
        match bracket_path(&key) {
            Some((name, segments)) => insert_nested(&mut root, &key, name, &segments, value)?,
            None => {
                let value = if Some(key.as_str()) == json_field {
                    serde_json::from_str(&value).unwrap_or(Value::String(value))
                } else {
                    Value::String(value)
                };
                insert_leaf(&mut root, &key, key.clone(), value)?;
            }
        }
    }
    Ok(Value::Object(root))
}

/// The name and bracket segments of a key `name[a][b]…` (`None` for a key without brackets,
/// or one not of that shape, which is taken as it is).
fn bracket_path(key: &str) -> Option<(&str, Vec<&str>)> {
    let (name, mut rest) = key.split_once('[')?;
    if name.is_empty() || name.contains(']') {
        return None;
    }
    let mut segments = Vec::new();
    loop {
        let (segment, after) = rest.split_once(']')?;
        if segment.contains('[') {
            return None;
        }
        segments.push(segment);
        if after.is_empty() {
            return Some((name, segments));
        }
        rest = after.strip_prefix('[')?;
    }
}

/// Stores `value` at `name[segments…]` (`key` is the whole field name, for messages): every
/// segment but the last names an object's property; the last does too, or appends to an array
/// when it is empty (`tags[]`).
fn insert_nested(
    root: &mut Map<String, Value>,
    key: &str,
    name: &str,
    segments: &[&str],
    value: String,
) -> Result<(), String> {
    if segments.len() > MAX_FORM_DEPTH {
        return Err(format!(
            "the form field `{}` is nested deeper than {MAX_FORM_DEPTH} levels",
            quote(key)
        ));
    }
    let Some((last, middle)) = segments.split_last() else {
        return insert_leaf(root, key, name.to_owned(), Value::String(value));
    };
    let mut map = root;
    let mut property = name;
    for segment in middle {
        if segment.is_empty() {
            return Err(format!(
                "the form field `{}` has `[]` before its last bracket",
                quote(key)
            ));
        }
        map = object_at(map, key, property)?;
        property = segment;
    }
    if last.is_empty() {
        match map
            .entry(property)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(items) => {
                items.push(Value::String(value));
                Ok(())
            }
            _ => Err(conflict(key)),
        }
    } else {
        let map = object_at(map, key, property)?;
        insert_leaf(map, key, (*last).to_owned(), Value::String(value))
    }
}

/// The object at `map[property]`, made empty if absent.
fn object_at<'m>(
    map: &'m mut Map<String, Value>,
    key: &str,
    property: &str,
) -> Result<&'m mut Map<String, Value>, String> {
    match map
        .entry(property)
        .or_insert_with(|| Value::Object(Map::new()))
    {
        Value::Object(object) => Ok(object),
        _ => Err(conflict(key)),
    }
}

/// Sets `map[property]` to `value`, which must not be set yet.
fn insert_leaf(
    map: &mut Map<String, Value>,
    key: &str,
    property: String,
    value: Value,
) -> Result<(), String> {
    if map.contains_key(&property) {
        return Err(conflict(key));
    }
    map.insert(property, value);
    Ok(())
}

/// The message of a form field that sets a value already set.
fn conflict(key: &str) -> String {
    format!(
        "the form field `{}` sets a value that another field sets too",
        quote(key)
    )
}

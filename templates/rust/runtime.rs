//! The hand-written runtime of the client: configuration, management-token handling, request
//! execution with retries, and decoding of the API's response envelope.
//!
//! # Behaviour
//!
//! * **Token.** The management token is fetched lazily on the first call
//!   (`POST /api/v3/get-management-token`), cached, and shared by all clones of a
//!   [`{{ api.client_name }}`]. Concurrent callers that find no usable token wait for a single token
//!   request (single flight). A token is refreshed before it expires: the refresh point leaves a
//!   margin of 10 % of its lifetime, at least 5 s and at most 5 min, counted from the moment the
//!   token request was sent (a 7200 s token is renewed after 6900 s). Past the refresh point,
//!   calls keep using the token while it is still valid, and one refresh runs in the background;
//!   callers wait for a token only when no valid one exists. When the API rejects a token (HTTP 401, or an envelope `statusCode` of 401)
//!   the client fetches a new token once and repeats the call once; a second rejection is
//!   returned to the caller.
//! * **User pool.** `x-authing-userpool-id` is the configured user pool id or else the token's
//!   `scoped_userpool_id` claim.
//! * **Retries.** See [`RetryPolicy`]: HTTP 429 and connection-establishment failures are retried
//!   for every request; HTTP 502/503/504 and failures after the request may have been sent only
//!   for idempotent requests (GET, or requests marked idempotent). Timeouts are never retried:
//!   the timeout is the caller's budget for one attempt. `Retry-After` is honoured; an answer
//!   asking to wait longer than [`MAX_RETRY_AFTER`] is returned to the caller instead.
//! * **Responses.** See [`Error`] for how answers are classified. Success bodies are read up to
//!   [`MAX_RESPONSE_BYTES`]; error bodies only up to 64 KiB.

{%- if !api.uses_token %}
#![allow(
    dead_code,
    reason = "no operation of this API carries the management token, so the token machinery is unused"
)]
{%- endif %}

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, RwLock};

use crate::error::Error;

/// The default API host, the first server of the spec. (GenAuth's host is
/// `https://api.genauth.ai`.)
pub const DEFAULT_HOST: &str = {{ api.default_host|rust_str }};

/// The default timeout of one request attempt, connection to last body byte.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest success body the client reads; a larger answer is [`Error::ResponseTooLarge`].
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The longest `Retry-After` the client waits for; an answer asking for more is returned to the
/// caller as an error rather than blocking the call.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// The `user-agent` of every request: `<crate name>/<version>`.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The `x-authing-sdk-version` of every request: `<crate name>:<version>`.
pub const SDK_VERSION: &str = concat!(env!("CARGO_PKG_NAME"), ":", env!("CARGO_PKG_VERSION"));

/// The path of the management-token operation.
pub(crate) const TOKEN_PATH: &str = "/api/v3/get-management-token";

/// How much of a non-2xx body is read (to find an envelope and build a snippet).
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// The longest body snippet kept in an error, in bytes.
const SNIPPET_BYTES: usize = 1024;

/// Token refresh margin bounds: 10 % of the lifetime, clamped to this range.
const MIN_REFRESH_MARGIN: Duration = Duration::from_secs(5);

/// See [`MIN_REFRESH_MARGIN`].
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// Token lifetimes are clamped to this (30 days) to keep `Instant` arithmetic safe.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 24 * 3600);

/// Placeholder printed instead of secrets.
const REDACTED: &str = "<redacted>";

/// The header carrying the user pool id.
const USERPOOL_ID_HEADER: HeaderName = HeaderName::from_static("x-authing-userpool-id");

/// The header carrying the SDK name and version.
const SDK_VERSION_HEADER: HeaderName = HeaderName::from_static("x-authing-sdk-version");

/// The header carrying the preferred language of messages.
const LANG_HEADER: HeaderName = HeaderName::from_static("x-authing-lang");

/// Base64url that accepts payloads with or without padding (JWT segments have none).
const BASE64URL_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// When and how often failed requests are retried.
///
/// The default makes up to 2 retries (3 attempts) with exponential backoff: the n-th retry
/// (n = 0, 1, ...) waits a random duration between half and all of
/// `min(max_backoff, initial_backoff * 2^n)` ("equal jitter"), with `initial_backoff` = 200 ms
/// and `max_backoff` = 5 s. A `Retry-After` header (delta-seconds or HTTP-date) replaces the
/// computed wait; above 60 s (`MAX_RETRY_AFTER`) the answer is returned instead.
///
/// Retried: HTTP 429 and failures to establish a connection (the request never reached the
/// server), for every request; HTTP 502, 503, 504 and network failures after the request may
/// have been sent, only for idempotent requests. Never retried: timeouts, other statuses,
/// decoding failures. A rejected token (401) is handled separately (one refresh and one repeat)
/// and does not count as a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Number of retries after the first attempt.
    max_retries: u32,
    /// Backoff ceiling of the first retry.
    initial_backoff: Duration,
    /// Upper bound of any backoff ceiling.
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries (one attempt per call).
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Sets the number of retries after the first attempt.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets the backoff ceiling of the first retry (doubled for each further retry).
    pub fn initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the upper bound of the backoff ceiling.
    pub fn max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The wait before retry number `retry` (0 for the first retry), with equal jitter.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry);
        let ceiling = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = ceiling / 2;
        let spread = u64::try_from((ceiling - half).as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(fastrand::u64(0..=spread))
    }
}

/// Builder of a [`{{ api.client_name }}`]; see [`{{ api.client_name }}::builder`].
#[derive(Clone)]
pub struct {{ api.client_name }}Builder {
    /// The access key id (user pool id or application id of the key pair).
    access_key_id: String,
    /// The access key secret; never printed.
    access_key_secret: String,
    /// Base URL of the API.
    host: String,
    /// Timeout of one request attempt.
    timeout: Duration,
    /// Value of `x-authing-lang`, if any.
    lang: Option<String>,
    /// User pool id overriding the token's claim, if any.
    userpool_id: Option<String>,
    /// Retry policy.
    retry_policy: RetryPolicy,
    /// Caller-supplied HTTP client, if any.
    http_client: Option<reqwest::Client>,
}

impl fmt::Debug for {{ api.client_name }}Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("{{ api.client_name }}Builder")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &format_args!("{}", REDACTED))
            .field("host", &self.host)
            .field("timeout", &self.timeout)
            .field("lang", &self.lang)
            .field("userpool_id", &self.userpool_id)
            .field("retry_policy", &self.retry_policy)
            .field("custom_http_client", &self.http_client.is_some())
            .finish()
    }
}

impl {{ api.client_name }}Builder {
    /// Sets the API host (default `https://api.authing.cn`), e.g. `https://api.genauth.ai`.
    /// A trailing `/` is ignored; a path prefix is kept. Must be an `http` or `https` URL without
    /// query or fragment, else `build` fails with [`Error::Config`].
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// Sets the timeout of each request attempt, from connecting to the last body byte,
    /// including the token request (default 10 s). Applied per request, so it also holds with a
    /// caller-supplied HTTP client. Must not be zero.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the language of the API's messages, sent as `x-authing-lang` (e.g. `zh-CN`,
    /// `en-US`). Not sent unless set.
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = Some(lang.into());
        self
    }

    /// Sets the user pool id sent as `x-authing-userpool-id`, instead of the token's
    /// `scoped_userpool_id` claim.
    pub fn userpool_id(mut self, userpool_id: impl Into<String>) -> Self {
        self.userpool_id = Some(userpool_id.into());
        self
    }

    /// Sets the retry policy (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.retry_policy = retry_policy;
        self
    }

    /// Uses this HTTP client instead of building one. The client's own settings (TLS, proxy,
    /// redirects) are kept; the timeout, headers and user agent are still set on each request.
    pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
        self.http_client = Some(http_client);
        self
    }

    /// Validates the configuration and builds the client. Does no network I/O: the token is
    /// fetched on the first call.
    ///
    /// The HTTP client built here uses rustls with certificate verification against the
    /// platform's trust store, the crate's user agent, and follows no redirects (a 3xx answer
    /// is reported as [`Error::Http`] rather than silently replaying a POST as a GET).
    pub fn build(self) -> Result<{{ api.client_name }}, Error> {
        if self.access_key_id.trim().is_empty() {
            return Err(Error::Config("the access key id is empty".to_owned()));
        }
        if self.access_key_secret.is_empty() {
            return Err(Error::Config("the access key secret is empty".to_owned()));
        }
        let base_url = normalize_host(&self.host)?;
        if self.timeout.is_zero() {
            return Err(Error::Config("the timeout must not be zero".to_owned()));
        }
        let lang = match self.lang {
            Some(lang) => Some(HeaderValue::from_str(&lang).map_err(|_| {
                Error::Config(format!(
                    "the language {:?} is not a valid header value",
                    lang
                ))
            })?),
            None => None,
        };
        let userpool_id = match self.userpool_id {
            Some(id) if id.trim().is_empty() => {
                return Err(Error::Config("the user pool id is empty".to_owned()));
            }
            Some(id) => Some(HeaderValue::from_str(&id).map_err(|_| {
                Error::Config(format!(
                    "the user pool id {:?} is not a valid header value",
                    id
                ))
            })?),
            None => None,
        };
        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .tls_backend_rustls()
                .user_agent(USER_AGENT)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(Error::Transport)?,
        };
        Ok({{ api.client_name }} {
            inner: Arc::new(Inner {
                http,
                base_url,
                access_key_id: self.access_key_id,
                access_key_secret: self.access_key_secret,
                timeout: self.timeout,
                lang,
                userpool_id,
                retry_policy: self.retry_policy,
                token: RwLock::new(None),
                fetching: Mutex::new(()),
                refresh_scheduled: AtomicBool::new(false),
            }),
        })
    }
}

/// Checks the configured host and returns it without trailing `/`.
fn normalize_host(host: &str) -> Result<String, Error> {
    let invalid = |why: &str| Error::Config(format!("invalid host {:?}: {}", host, why));
    let url = reqwest::Url::parse(host.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("no host name"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a query or fragment is not allowed"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("credentials in the URL are not allowed"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Client of the Authing V3 Management API. Cheap to clone: clones share the HTTP connection
/// pool and the cached management token.
#[derive(Clone)]
pub struct {{ api.client_name }} {
    /// Shared state.
    inner: Arc<Inner>,
}

/// The shared state of a [`{{ api.client_name }}`].
struct Inner {
    /// The HTTP client.
    http: reqwest::Client,
    /// Base URL without trailing `/`.
    base_url: String,
    /// Access key id.
    access_key_id: String,
    /// Access key secret; never printed.
    access_key_secret: String,
    /// Timeout of one request attempt.
    timeout: Duration,
    /// `x-authing-lang`, if configured.
    lang: Option<HeaderValue>,
    /// Configured user pool id, if any.
    userpool_id: Option<HeaderValue>,
    /// Retry policy.
    retry_policy: RetryPolicy,
    /// The cached token; its locks are held only to read or replace it, never during a fetch.
    token: RwLock<Option<Arc<CachedToken>>>,
    /// Held while a token is fetched, so that one fetch runs at a time (single flight).
    fetching: Mutex<()>,
    /// Whether a background refresh is scheduled or running.
    refresh_scheduled: AtomicBool,
}

/// A management token ready to be sent.
struct CachedToken {
    /// `Bearer <token>`, marked sensitive.
    authorization: HeaderValue,
    /// The user pool id to send with it.
    userpool_id: HeaderValue,
    /// When the token request was answered.
    obtained_at: Instant,
    /// From when on a refresh is due; the token is still handed out until `expires_at`.
    refresh_at: Instant,
    /// From when on the token is no longer valid (its lifetime, counted from the request).
    expires_at: Instant,
}

impl fmt::Debug for {{ api.client_name }} {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("{{ api.client_name }}")
            .field("host", &inner.base_url)
            .field("access_key_id", &inner.access_key_id)
            .field("access_key_secret", &format_args!("{}", REDACTED))
            .field("timeout", &inner.timeout)
            .field("lang", &inner.lang)
            .field("userpool_id", &inner.userpool_id)
            .field("retry_policy", &inner.retry_policy)
            .finish_non_exhaustive()
    }
}

/// A request to the API, built by the generated operation methods.
pub(crate) struct ApiRequest {
    /// HTTP method.
    method: Method,
    /// Path below the host, starting with `/`, path parameters already encoded.
    path: Cow<'static, str>,
    /// Query parameters, in order (names of exploded objects come from the value).
    query: Vec<(Cow<'static, str>, String)>,
    /// Header parameters of the operation, in order.
    headers: Vec<(&'static str, String)>,
    /// Cookie parameters of the operation, in order.
    cookies: Vec<(&'static str, String)>,
    /// The body, serialized once up front, and its content type.
    body: Option<(Vec<u8>, String)>,
    /// The media type asked for in `accept`.
    accept: &'static str,
    /// Whether repeating the request after it may have reached the server is harmless.
    idempotent: bool,
    /// Whether the success body may contain secrets (kept out of error snippets).
    sensitive: bool,
}

impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body_bytes", &self.body.as_ref().map(|(bytes, _)| bytes.len()))
            .field("idempotent", &self.idempotent)
            .finish()
    }
}

#[allow(dead_code)]
impl ApiRequest {
    /// A request with any method; GET, HEAD, PUT, DELETE and OPTIONS count as idempotent.
    pub(crate) fn new(method: Method, path: impl Into<Cow<'static, str>>) -> Self {
        let idempotent = method.is_idempotent();
        let path = path.into();
        let sensitive = path == TOKEN_PATH;
        ApiRequest {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            accept: "application/json",
            idempotent,
            sensitive,
        }
    }

    /// Adds a cookie parameter of the operation (all are sent in one `cookie` header).
    pub(crate) fn cookie(mut self, name: &'static str, value: impl ToString) -> Self {
        self.cookies.push((name, value.to_string()));
        self
    }

    /// Adds a header parameter of the operation.
    pub(crate) fn header(mut self, name: &'static str, value: impl ToString) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    /// A GET request (idempotent).
    pub(crate) fn get(path: &'static str) -> Self {
        ApiRequest::new(Method::GET, path)
    }

    /// A POST request (not idempotent unless marked so).
    pub(crate) fn post(path: &'static str) -> Self {
        ApiRequest::new(Method::POST, path)
    }

    /// Adds a query parameter (repeat the name for array parameters).
    pub(crate) fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((Cow::Borrowed(name), value.to_string()));
        self
    }

    /// Adds a query parameter that is not plain text (an object, a union, a free-form value),
    /// written from its JSON form in `style` (see [`Style`]); `null` (`None`) sends nothing.
    pub(crate) fn query_shaped<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<Self, Error> {
        let name = Cow::Borrowed(name);
        match Shape::of(&name, value)? {
            Shape::Absent => {}
            Shape::Text(text) => self.query.push((name, text)),
            Shape::List(items) => match style {
                Style::FormExploded | Style::DeepObject => self
                    .query
                    .extend(items.into_iter().map(|item| (name.clone(), item))),
                _ => self.query.push((name, items.join(style.separator()))),
            },
            Shape::Object(properties) => match style {
                Style::FormExploded => self.query.extend(
                    properties
                        .into_iter()
                        .map(|(property, text)| (Cow::Owned(property), text)),
                ),
                Style::DeepObject => {
                    self.query
                        .extend(properties.into_iter().map(|(property, text)| {
                            (Cow::Owned(format!("{name}[{property}]")), text)
                        }))
                }
                _ => self
                    .query
                    .push((name, flatten(properties).join(style.separator()))),
            },
        }
        Ok(self)
    }

    /// Adds a header parameter that is not plain text, written from its JSON form in the
    /// `simple` style (see [`Style`]); `null` (`None`) sends nothing.
    pub(crate) fn header_shaped<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<Self, Error> {
        Ok(match Shape::of(name, value)?.simple(style, str::to_owned) {
            Some(text) => self.header(name, text),
            None => self,
        })
    }

    /// Adds a cookie parameter that is not plain text, written from its JSON form as one cookie
    /// in the `form` style without `explode` (see [`Style`]); `null` (`None`) sends nothing.
    pub(crate) fn cookie_shaped<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Self, Error> {
        Ok(match Shape::of(name, value)?.simple(Style::Form, str::to_owned) {
            Some(text) => self.cookie(name, text),
            None => self,
        })
    }

    /// Adds a query parameter when `value` is `Some`.
    pub(crate) fn query_opt<T: ToString>(self, name: &'static str, value: Option<T>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Sets the JSON body (serialized now; sent with `content-type: application/json`).
    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(Error::Encode)?;
        self.body = Some((bytes, "application/json".to_owned()));
        Ok(self)
    }

    /// Sets an `application/x-www-form-urlencoded` body (flat fields only).
    pub(crate) fn form<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        let text = serde_urlencoded::to_string(body)
            .map_err(|e| Error::Config(format!("the form body cannot be encoded: {e}")))?;
        self.body = Some((
            text.into_bytes(),
            "application/x-www-form-urlencoded".to_owned(),
        ));
        Ok(self)
    }

    /// Sets a `multipart/form-data` body.
    pub(crate) fn multipart(mut self, form: Multipart) -> Self {
        self.body = Some(form.finish());
        self
    }

    /// Sets a body of raw bytes or text with its media type.
    pub(crate) fn raw(mut self, body: impl Into<Vec<u8>>, content_type: &str) -> Self {
        self.body = Some((body.into(), content_type.to_owned()));
        self
    }

    /// Sets the media type asked for in `accept` (for operations that answer other than JSON).
    pub(crate) fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = media_type;
        self
    }

    /// Marks the request as safe to repeat (for POST operations that only read).
    pub(crate) fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Marks the success body as secret: it never appears in a [`Error::Decode`] snippet.
    pub(crate) fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }
}

/// Whether a failed attempt may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retry {
    /// Never.
    Never,
    /// Only if the request is idempotent.
    IfIdempotent,
    /// Always (the request was not processed).
    Always,
}

/// A failed attempt, with what the retry loop needs to know about it.
struct Failure {
    /// The error returned if the attempt is not repeated.
    error: Error,
    /// Whether it may be repeated.
    retry: Retry,
    /// The server's `Retry-After`, if any.
    retry_after: Option<Duration>,
    /// Whether the API rejected the token.
    unauthorized: bool,
}

impl Failure {
    /// A failure that is never retried.
    fn fatal(error: Error) -> Self {
        Failure {
            error,
            retry: Retry::Never,
            retry_after: None,
            unauthorized: false,
        }
    }

    /// Classifies a `reqwest` error.
    fn from_reqwest(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Failure::fatal(Error::Timeout)
        } else {
            let retry = if error.is_connect() {
                Retry::Always
            } else {
                Retry::IfIdempotent
            };
            Failure {
                error: Error::Transport(error),
                retry,
                retry_after: None,
                unauthorized: false,
            }
        }
    }
}

/// The fields of the API envelope that matter for errors.
#[derive(Deserialize)]
struct EnvelopeProbe {
    /// `statusCode`.
    #[serde(rename = "statusCode")]
    status_code: Option<serde_json::Value>,
    /// `message`.
    message: Option<serde_json::Value>,
    /// `apiCode`.
    #[serde(rename = "apiCode")]
    api_code: Option<serde_json::Value>,
    /// `requestId`.
    #[serde(rename = "requestId")]
    request_id: Option<serde_json::Value>,
}

/// A parsed API envelope header.
struct Envelope {
    /// `statusCode`.
    status_code: i64,
    /// `apiCode`.
    api_code: Option<i64>,
    /// `message`.
    message: String,
    /// `requestId`.
    request_id: Option<String>,
}

impl Envelope {
    /// Reads the envelope fields of `body`, if it is a JSON object with a numeric `statusCode`.
    fn probe(body: &[u8]) -> Option<Envelope> {
        let probe: EnvelopeProbe = serde_json::from_slice(body).ok()?;
        let status_code = probe.status_code.as_ref().and_then(json_integer)?;
        let text = |value: serde_json::Value| match value {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        Some(Envelope {
            status_code,
            api_code: probe.api_code.as_ref().and_then(json_integer),
            message: probe.message.map(text).unwrap_or_default(),
            request_id: probe.request_id.filter(|v| !v.is_null()).map(text),
        })
    }

    /// The [`Error::Api`] for this envelope.
    fn into_error(self, http_status: u16) -> Error {
        Error::Api {
            http_status,
            status_code: self.status_code,
            api_code: self.api_code,
            message: self.message,
            request_id: self.request_id,
        }
    }
}

/// A JSON number with an integral value.
fn json_integer(value: &serde_json::Value) -> Option<i64> {
    if let Some(n) = value.as_i64() {
        return Some(n);
    }
    let f = value.as_f64()?;
    if f.fract() == 0.0 && f >= i64::MIN as f64 && f <= i64::MAX as f64 {
        Some(f as i64)
    } else {
        None
    }
}

/// The start of a body for an error message: at most [`SNIPPET_BYTES`] bytes, never cutting a
/// character, `…` appended when cut, invalid UTF-8 replaced.
fn snippet(body: &[u8]) -> String {
    if body.len() <= SNIPPET_BYTES {
        return String::from_utf8_lossy(body).into_owned();
    }
    let mut head = &body[..SNIPPET_BYTES];
    let incomplete_tail = std::str::from_utf8(head)
        .err()
        .filter(|e| e.error_len().is_none());
    if let Some(e) = incomplete_tail {
        head = &head[..e.valid_up_to()];
    }
    let mut text = String::from_utf8_lossy(head).into_owned();
    text.push('…');
    text
}

/// Parses `Retry-After` (delta-seconds or HTTP-date; a date in the past means no wait).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Reads a success body, refusing more than `limit` bytes (by `content-length` before reading,
/// else while streaming).
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, Failure> {
    let too_large = || Failure::fatal(Error::ResponseTooLarge { limit });
    let announced = response.content_length();
    if announced.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let initial = announced.map_or(0, |n| n as usize).min(1024 * 1024);
    let mut body = Vec::with_capacity(initial);
    while let Some(chunk) = response.chunk().await.map_err(Failure::from_reqwest)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads at most `limit` bytes of an error body; a failure while reading keeps what was read.
async fn read_body_prefix(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let take = chunk.len().min(limit - body.len());
                body.extend_from_slice(&chunk[..take]);
            }
            _ => break,
        }
    }
    body
}

/// How a success body becomes the result of an operation.
trait Decode: Sized {
    /// Decodes a 2xx body.
    fn decode(body: &[u8], http_status: u16, sensitive: bool) -> Result<Self, Failure>;
}

/// A JSON answer: the envelope check, then the typed value.
struct Json<T>(T);

impl<T: DeserializeOwned> Decode for Json<T> {
    fn decode(body: &[u8], http_status: u16, sensitive: bool) -> Result<Self, Failure> {
        decode_success(body, http_status, sensitive).map(Json)
    }
}

/// An answer taken as it is (text or binary media types).
struct Raw(Vec<u8>);

impl Decode for Raw {
    fn decode(body: &[u8], _http_status: u16, _sensitive: bool) -> Result<Self, Failure> {
        Ok(Raw(body.to_vec()))
    }
}

/// A `multipart/form-data` body, encoded as it is built so that retries can resend it.
pub(crate) struct Multipart {
    /// The boundary between parts.
    boundary: String,
    /// The encoded parts so far.
    body: Vec<u8>,
}

#[allow(dead_code)]
impl Multipart {
    /// An empty form with a random boundary.
    pub(crate) fn new() -> Self {
        Multipart {
            boundary: format!(
                "oapi-docgen-{:016x}{:016x}",
                fastrand::u64(..),
                fastrand::u64(..)
            ),
            body: Vec::new(),
        }
    }

    /// Starts a part: boundary line and headers.
    fn part_head(&mut self, name: &str, file: bool, content_type: &str) {
        let name = name.replace('"', "%22").replace(['\r', '\n'], " ");
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        self.body.extend_from_slice(name.as_bytes());
        self.body.extend_from_slice(b"\"");
        if file {
            self.body.extend_from_slice(b"; filename=\"");
            self.body.extend_from_slice(name.as_bytes());
            self.body.extend_from_slice(b"\"");
        }
        self.body.extend_from_slice(b"\r\nContent-Type: ");
        self.body.extend_from_slice(content_type.as_bytes());
        self.body.extend_from_slice(b"\r\n\r\n");
    }

    /// Adds a text part.
    pub(crate) fn text(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.part_head(name, false, "text/plain; charset=utf-8");
        self.body.extend_from_slice(value.to_string().as_bytes());
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a file part of raw bytes.
    pub(crate) fn bytes(mut self, name: &str, value: &[u8]) -> Self {
        self.part_head(name, true, "application/octet-stream");
        self.body.extend_from_slice(value);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a part holding a value as JSON.
    pub(crate) fn json<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Result<Self, Error> {
        let text = serde_json::to_vec(value).map_err(Error::Encode)?;
        self.part_head(name, false, "application/json");
        self.body.extend_from_slice(&text);
        self.body.extend_from_slice(b"\r\n");
        Ok(self)
    }

    /// The encoded body and its content type.
    fn finish(mut self) -> (Vec<u8>, String) {
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body.extend_from_slice(b"--\r\n");
        let content_type = format!("multipart/form-data; boundary={}", self.boundary);
        (self.body, content_type)
    }
}

/// Decodes a 2xx body: the envelope with `statusCode` other than 200 is an [`Error::Api`],
/// anything else must deserialize into `T`.
fn decode_success<T: DeserializeOwned>(
    body: &[u8],
    http_status: u16,
    sensitive: bool,
) -> Result<T, Failure> {
    if let Some(envelope) = Envelope::probe(body).filter(|e| e.status_code != 200) {
        let unauthorized = envelope.status_code == 401;
        return Err(Failure {
            unauthorized,
            ..Failure::fatal(envelope.into_error(http_status))
        });
    }
    let decode_error = |path: String, message: String| {
        let snippet = if sensitive {
            REDACTED.to_owned()
        } else {
            snippet(body)
        };
        Failure::fatal(Error::Decode {
            path,
            message,
            snippet,
        })
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| decode_error(e.path().to_string(), e.into_inner().to_string()))?;
    deserializer
        .end()
        .map_err(|e| decode_error(".".to_owned(), e.to_string()))?;
    Ok(value)
}

/// Classifies a non-2xx answer.
fn status_failure(status: StatusCode, retry_after: Option<Duration>, body: &[u8]) -> Failure {
    let code = status.as_u16();
    let envelope = Envelope::probe(body).filter(|e| e.status_code != 200);
    let unauthorized = status == StatusCode::UNAUTHORIZED
        || envelope.as_ref().is_some_and(|e| e.status_code == 401);
    let error = match envelope {
        Some(envelope) => envelope.into_error(code),
        None => Error::Http {
            status: code,
            snippet: snippet(body),
        },
    };
    let retry = match code {
        429 => Retry::Always,
        502..=504 => Retry::IfIdempotent,
        _ => Retry::Never,
    };
    Failure {
        error,
        retry,
        retry_after,
        unauthorized,
    }
}

/// The refresh margin of a token living `lifetime`: 10 %, clamped to 5 s ..= 5 min.
fn refresh_margin(lifetime: Duration) -> Duration {
    (lifetime / 10).clamp(MIN_REFRESH_MARGIN, MAX_REFRESH_MARGIN)
}

/// The `scoped_userpool_id` claim of a JWT, read without verifying the signature, or why it
/// cannot be read.
fn userpool_id_from_jwt(token: &str) -> Result<String, &'static str> {
    let payload = token
        .split('.')
        .nth(1)
        .ok_or("the access token is not a JWT")?;
    let bytes = BASE64URL_LENIENT
        .decode(payload)
        .map_err(|_| "the access token's payload is not base64url")?;
    let claims: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|_| "the access token's payload is not JSON")?;
    claims
        .get("scoped_userpool_id")
        .and_then(serde_json::Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .ok_or("the access token has no scoped_userpool_id claim")
}

/// Body of the token request.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenRequest<'a> {
    /// Access key id.
    access_key_id: &'a str,
    /// Access key secret.
    access_key_secret: &'a str,
}

/// Answer of the token request.
#[derive(Deserialize)]
struct TokenResponse {
    /// The envelope's data.
    data: TokenData,
}

/// The token and its lifetime.
#[derive(Deserialize)]
struct TokenData {
    /// The JWT.
    access_token: String,
    /// Lifetime in seconds.
    expires_in: f64,
}

impl {{ api.client_name }} {
    /// Starts configuring a client with an access key pair (from the console's "access keys"
    /// or the user pool's id and secret).
    pub fn builder(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
    ) -> {{ api.client_name }}Builder {
        {{ api.client_name }}Builder {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            host: DEFAULT_HOST.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            lang: None,
            userpool_id: None,
            retry_policy: RetryPolicy::default(),
            http_client: None,
        }
    }

    /// Sends an authenticated request and decodes the answer into `T`.
    ///
    /// Retries according to the [`RetryPolicy`]; when the API rejects the token, fetches a new
    /// one and repeats the request once.
    pub(crate) async fn execute<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> Result<T, Error> {
        self.send::<Json<T>>(request).await.map(|Json(value)| value)
    }

    /// Sends an authenticated request and returns the answer's bytes (non-JSON answers).
    #[allow(dead_code)]
    pub(crate) async fn execute_raw(&self, request: ApiRequest) -> Result<Vec<u8>, Error> {
        self.send::<Raw>(request).await.map(|Raw(bytes)| bytes)
    }

    /// Sends a request without the management token and returns the answer's bytes.
    #[allow(dead_code)]
    pub(crate) async fn execute_raw_unauthenticated(
        &self,
        request: ApiRequest,
    ) -> Result<Vec<u8>, Error> {
        self.send_unauthenticated::<Raw>(request)
            .await
            .map(|Raw(bytes)| bytes)
    }

    /// The authenticated request loop: token, attempts, one re-authentication, retries.
    async fn send<D: Decode>(&self, request: ApiRequest) -> Result<D, Error> {
        let mut token = self.token().await?;
        let mut retries = 0u32;
        let mut reauthenticated = false;
        loop {
            let failure = match self.attempt(&request, Some(&token)).await {
                Ok(value) => return Ok(value),
                Err(failure) => failure,
            };
            if failure.unauthorized && !reauthenticated {
                token = self.replace_token(&token).await?;
                reauthenticated = true;
                continue;
            }
            let delay = self.retry_delay(&request, failure, retries)?;
            retries += 1;
            tokio::time::sleep(delay).await;
            token = self.token().await?;
        }
    }

    /// Sends a request without the management token (the token request itself) and decodes the
    /// answer into `T`. Retries according to the [`RetryPolicy`].
    pub(crate) async fn execute_unauthenticated<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> Result<T, Error> {
        self.send_unauthenticated::<Json<T>>(request)
            .await
            .map(|Json(value)| value)
    }

    /// The request loop without a token: attempts and retries.
    async fn send_unauthenticated<D: Decode>(&self, request: ApiRequest) -> Result<D, Error> {
        let mut retries = 0u32;
        loop {
            let failure = match self.attempt(&request, None).await {
                Ok(value) => return Ok(value),
                Err(failure) => failure,
            };
            let delay = self.retry_delay(&request, failure, retries)?;
            retries += 1;
            tokio::time::sleep(delay).await;
        }
    }

    /// How long to wait before repeating a failed attempt after `retries` retries, or the error
    /// to return when it must not be repeated.
    fn retry_delay(
        &self,
        request: &ApiRequest,
        failure: Failure,
        retries: u32,
    ) -> Result<Duration, Error> {
        let policy = &self.inner.retry_policy;
        let permitted = match failure.retry {
            Retry::Never => false,
            Retry::IfIdempotent => request.idempotent,
            Retry::Always => true,
        };
        if !permitted || retries >= policy.max_retries {
            return Err(failure.error);
        }
        match failure.retry_after {
            Some(wait) if wait > MAX_RETRY_AFTER => Err(failure.error),
            Some(wait) => Ok(wait),
            None => Ok(policy.backoff(retries)),
        }
    }

    /// One HTTP exchange.
    async fn attempt<D: Decode>(
        &self,
        request: &ApiRequest,
        token: Option<&CachedToken>,
    ) -> Result<D, Failure> {
        let inner = &self.inner;
        let mut headers = HeaderMap::with_capacity(8);
        headers.insert(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
        headers.insert(header::ACCEPT, HeaderValue::from_static(request.accept));
        headers.insert(SDK_VERSION_HEADER, HeaderValue::from_static(SDK_VERSION));
        if let Some(lang) = &inner.lang {
            headers.insert(LANG_HEADER, lang.clone());
        }
        match token {
            Some(token) => {
                headers.insert(header::AUTHORIZATION, token.authorization.clone());
                headers.insert(USERPOOL_ID_HEADER, token.userpool_id.clone());
            }
            None => {
                if let Some(userpool_id) = &inner.userpool_id {
                    headers.insert(USERPOOL_ID_HEADER, userpool_id.clone());
                }
            }
        }
        if let Some((_, content_type)) = &request.body {
            let value = HeaderValue::from_str(content_type).map_err(|_| {
                Failure::fatal(Error::Config(format!(
                    "`{content_type}` is not a valid content type"
                )))
            })?;
            headers.insert(header::CONTENT_TYPE, value);
        }
        for (name, value) in &request.headers {
            let invalid = || {
                Failure::fatal(Error::Config(format!(
                    "header parameter `{name}` is not a valid header name and value"
                )))
            };
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            headers.append(header_name, value);
        }
        if !request.cookies.is_empty() {
            let line = request
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("; ");
            let value = HeaderValue::from_str(&line).map_err(|_| {
                Failure::fatal(Error::Config(
                    "a cookie parameter is not a valid header value".to_owned(),
                ))
            })?;
            headers.insert(header::COOKIE, value);
        }
        let url = format!("{}{}", inner.base_url, request.path);
        let mut builder = inner
            .http
            .request(request.method.clone(), url)
            .timeout(inner.timeout)
            .headers(headers);
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some((body, _)) = &request.body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().await.map_err(Failure::from_reqwest)?;
        let status = response.status();
        if status.is_success() {
            let body = read_body(response, MAX_RESPONSE_BYTES).await?;
            D::decode(&body, status.as_u16(), request.sensitive)
        } else {
            let wait = retry_after(response.headers());
            let body = read_body_prefix(response, MAX_ERROR_BODY_BYTES).await;
            Err(status_failure(status, wait, &body))
        }
    }

    /// A usable token: the cached one while it is valid (past its refresh point, a refresh is
    /// started in the background), or else a fresh one fetched by exactly one of the concurrent
    /// callers.
    async fn token(&self) -> Result<Arc<CachedToken>, Error> {
        let asked_at = Instant::now();
        let cached = self.inner.token.read().await.clone();
        if let Some(token) = cached.filter(|t| asked_at < t.expires_at) {
            if asked_at >= token.refresh_at {
                self.refresh_in_background(&token);
            }
            return Ok(token);
        }
        let _fetching = self.inner.fetching.lock().await;
        let cached = self.inner.token.read().await.clone();
        let usable = cached.filter(|t| Instant::now() < t.expires_at || t.obtained_at >= asked_at);
        if let Some(token) = usable {
            return Ok(token);
        }
        let fresh = Arc::new(self.fetch_token().await?);
        *self.inner.token.write().await = Some(Arc::clone(&fresh));
        Ok(fresh)
    }

    /// Starts one background task that replaces `due` (a valid token past its refresh point),
    /// unless one is scheduled already. Outside a Tokio runtime nothing is started: the token
    /// is then fetched by the first call that finds it expired. A failed refresh leaves the
    /// valid token in place, and the next call past the refresh point tries again.
    fn refresh_in_background(&self, due: &Arc<CachedToken>) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        if self.inner.refresh_scheduled.swap(true, Ordering::AcqRel) {
            return;
        }
        let client = self.clone();
        let due = Arc::clone(due);
        runtime.spawn(async move {
            {
                let _fetching = client.inner.fetching.lock().await;
                let current = client.inner.token.read().await.clone();
                if current.is_some_and(|t| Arc::ptr_eq(&t, &due))
                    && let Ok(fresh) = client.fetch_token().await
                {
                    *client.inner.token.write().await = Some(Arc::new(fresh));
                }
            }
            client.inner.refresh_scheduled.store(false, Ordering::Release);
        });
    }

    /// Replaces a token the API rejected, unless another caller already did.
    async fn replace_token(&self, rejected: &Arc<CachedToken>) -> Result<Arc<CachedToken>, Error> {
        let _fetching = self.inner.fetching.lock().await;
        let cached = self.inner.token.read().await.clone();
        if let Some(token) = cached.filter(|t| !Arc::ptr_eq(t, rejected)) {
            return Ok(token);
        }
        *self.inner.token.write().await = None;
        let fresh = Arc::new(self.fetch_token().await?);
        *self.inner.token.write().await = Some(Arc::clone(&fresh));
        Ok(fresh)
    }

    /// Requests a new management token.
    async fn fetch_token(&self) -> Result<CachedToken, Error> {
        let sent_at = Instant::now();
        let request = ApiRequest::post(TOKEN_PATH)
            .json(&TokenRequest {
                access_key_id: &self.inner.access_key_id,
                access_key_secret: &self.inner.access_key_secret,
            })?
            .idempotent(true)
            .sensitive();
        let answer: TokenResponse = self
            .execute_unauthenticated(request)
            .await
            .map_err(|e| Error::Token(Box::new(e)))?;
        let TokenData {
            access_token,
            expires_in,
        } = answer.data;
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", access_token))
            .map_err(|_| {
                Error::Auth(
                    "the access token contains characters not allowed in a header".to_owned(),
                )
            })?;
        authorization.set_sensitive(true);
        let userpool_id = match &self.inner.userpool_id {
            Some(id) => id.clone(),
            None => {
                let id = userpool_id_from_jwt(&access_token).map_err(|why| {
                    Error::Auth(format!(
                        "cannot determine the user pool id: {}; configure it with \
                         {{ api.client_name }}Builder::userpool_id",
                        why
                    ))
                })?;
                HeaderValue::from_str(&id).map_err(|_| {
                    Error::Auth(
                        "the token's scoped_userpool_id is not a valid header value".to_owned(),
                    )
                })?
            }
        };
        let lifetime = if expires_in.is_finite() && expires_in > 0.0 {
            Duration::from_secs_f64(expires_in.min(MAX_TOKEN_LIFETIME.as_secs_f64()))
        } else {
            Duration::ZERO
        };
        let refresh_at = sent_at + lifetime.saturating_sub(refresh_margin(lifetime));
        Ok(CachedToken {
            authorization,
            userpool_id,
            obtained_at: Instant::now(),
            refresh_at,
            expires_at: sent_at + lifetime,
        })
    }
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
#[allow(dead_code)]
pub(crate) fn encode_path(segment: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

/// The items of a paginated operation as one stream: `fetch(page)` returns a page's items and
/// the total count if the API gives one. The walk ends after an empty page, once `total` items
/// were seen (a walk that starts past page 1 counts the pages before it as full pages of the
/// first page's size), or after the first error, which is the last item of the stream.
#[allow(dead_code)]
pub(crate) fn paginate<T, F, Fut>(
    first: i64,
    fetch: F,
) -> impl futures_core::Stream<Item = Result<T, Error>> + Send + 'static
where
    T: Send + 'static,
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<u64>), Error>> + Send,
{
    /// Where the walk is.
    struct Walk<T, F> {
        /// Fetches one page.
        fetch: F,
        /// The next page to fetch.
        page: i64,
        /// How many items the pages so far held.
        seen: u64,
        /// Whether no page is left to fetch.
        done: bool,
        /// Items fetched and not yet yielded.
        buffer: std::collections::VecDeque<T>,
    }
    let walk = Walk {
        fetch,
        page: first.max(1),
        seen: 0,
        done: false,
        buffer: std::collections::VecDeque::new(),
    };
    futures_util::stream::unfold(walk, |mut walk| async move {
        loop {
            if let Some(item) = walk.buffer.pop_front() {
                return Some((Ok(item), walk));
            }
            if walk.done {
                return None;
            }
            match (walk.fetch)(walk.page).await {
                Err(error) => {
                    walk.done = true;
                    return Some((Err(error), walk));
                }
                Ok((items, total)) => {
                    if walk.seen == 0 && walk.page > 1 {
                        walk.seen = (items.len() as u64).saturating_mul((walk.page - 1) as u64);
                    }
                    walk.seen = walk.seen.saturating_add(items.len() as u64);
                    walk.done = items.is_empty()
                        || total.is_some_and(|total| walk.seen >= total)
                        || walk.page == i64::MAX;
                    walk.page = walk.page.saturating_add(1);
                    walk.buffer.extend(items);
                }
            }
        }
    })
}

/// A page number in the integer type of the request's page field.
#[allow(dead_code)]
pub(crate) fn page_number<N: TryFrom<i64>>(page: i64) -> Result<N, Error> {
    N::try_from(page).map_err(|_| Error::Config(format!("page {page} is out of range")))
}

/// Serde helpers for an optional field that may also be `null`: `None` is absent, `Some(None)`
/// is `null`, `Some(Some(value))` is the value.
#[allow(dead_code)]
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes `Some(None)` as `null` (absent fields are skipped by the caller).
    pub(crate) fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a required field that may be `null`: unlike a plain `Option`, a missing field is
    /// an error.
    pub(crate) fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        Option::<T>::deserialize(deserializer)
    }

    /// Reads a present field: `null` becomes `Some(None)`.
    pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

/// The items of an array parameter as one value, `separator` between them.
#[allow(dead_code)]
pub(crate) fn join<T: fmt::Display>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

/// The items of an array path parameter as one path segment (`simple` style): each item
/// percent-encoded, the `,` between them kept as it is (as RFC 6570 expands a list).
#[allow(dead_code)]
pub(crate) fn encode_path_items<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|item| encode_path(&item.to_string()))
        .collect::<Vec<_>>()
        .join(",")
}

/// How a parameter that is not plain text (an object, a union, a free-form value) is written:
/// OpenAPI's `style` and `explode`. The value is first turned into its JSON form (the same
/// serde form as in a body); then `null` sends nothing (a path segment is left empty), a
/// string is sent as it is, a number or boolean as its JSON text, an array of scalars and an
/// object of scalars (properties in order, `null` items and properties left out) as the style
/// says, and a value with nested arrays or objects, which no style gives a form, as its JSON
/// text. Query values are then percent-encoded as `application/x-www-form-urlencoded`, path
/// values as path segments (the style's `,` `.` `;` `=` stay as they are).
///
/// | Style | Array `[a, b]` | Object `{p: v, q: w}` |
/// | ----- | -------------- | --------------------- |
/// | `FormExploded` (query) | `name=a&name=b` | `p=v&q=w` |
/// | `Form` (query, cookie) | `name=a,b` | `name=p,v,q,w` |
/// | `SpaceDelimited` (query) | `name=a b` | `name=p v q w` |
/// | `PipeDelimited` (query) | `name=a\|b` | `name=p\|v\|q\|w` |
/// | `DeepObject` (query) | `name=a&name=b` | `name[p]=v&name[q]=w` |
/// | `Simple` (path, header) | `a,b` | `p,v,q,w` |
/// | `SimpleExploded` (path, header) | `a,b` | `p=v,q=w` |
/// | `Label` (path) | `.a,b` | `.p,v,q,w` |
/// | `LabelExploded` (path) | `.a.b` | `.p=v.q=w` |
/// | `Matrix` (path) | `;name=a,b` | `;name=p,v,q,w` |
/// | `MatrixExploded` (path) | `;name=a;name=b` | `;p=v;q=w` |
///
/// A scalar `v` is `name=v` in the query styles, `v` in `Simple`, `.v` in `Label` and
/// `;name=v` in `Matrix`.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `form` without `explode`: query and cookie parameters.
    Form,
    /// `form` with `explode` (the query default): each item or property its own pair.
    FormExploded,
    /// `spaceDelimited`: query parameters.
    SpaceDelimited,
    /// `pipeDelimited`: query parameters.
    PipeDelimited,
    /// `deepObject`: query parameters.
    DeepObject,
    /// `simple` (the path and header default).
    Simple,
    /// `simple` with `explode`: properties as `p=v`.
    SimpleExploded,
    /// `label`: path parameters.
    Label,
    /// `label` with `explode`: items and properties each after a `.`.
    LabelExploded,
    /// `matrix`: path parameters.
    Matrix,
    /// `matrix` with `explode`: items and properties each after a `;`.
    MatrixExploded,
}

#[allow(dead_code)]
impl Style {
    /// The separator of items and properties written as one value.
    fn separator(self) -> &'static str {
        match self {
            Style::SpaceDelimited => " ",
            Style::PipeDelimited => "|",
            _ => ",",
        }
    }
}

/// The wire shape of a parameter value, from its JSON form.
#[allow(dead_code)]
enum Shape {
    /// `null`: nothing is sent.
    Absent,
    /// One text: a scalar, or the JSON text of a value with nested arrays or objects.
    Text(String),
    /// An array of scalars, `null` items left out.
    List(Vec<String>),
    /// An object of scalars, properties in order, `null` properties left out.
    Object(Vec<(String, String)>),
}

#[allow(dead_code)]
impl Shape {
    /// The shape of `value` (a parameter called `name`, for the error).
    fn of<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Shape, Error> {
        let invalid =
            |e: serde_json::Error| Error::Config(format!("parameter `{name}` cannot be encoded: {e}"));
        let json = serde_json::to_string(value).map_err(invalid)?;
        let node: Node = serde_json::from_str(&json).map_err(invalid)?;
        Ok(match node {
            Node::Null => Shape::Absent,
            Node::Scalar(text) => Shape::Text(text),
            Node::List(items) if items.iter().all(Node::is_flat) => {
                Shape::List(items.into_iter().filter_map(Node::into_text).collect())
            }
            Node::Object(properties) if properties.iter().all(|(_, v)| v.is_flat()) => {
                Shape::Object(
                    properties
                        .into_iter()
                        .filter_map(|(p, v)| Some((p, v.into_text()?)))
                        .collect(),
                )
            }
            Node::List(_) | Node::Object(_) => Shape::Text(json),
        })
    }

    /// The value as one text in the `simple` style (path and header; a cookie's value is the
    /// same in `form` without `explode`), each piece passed through `encode`; `None` for
    /// `null`.
    fn simple(self, style: Style, encode: impl Fn(&str) -> String) -> Option<String> {
        let explode = style == Style::SimpleExploded;
        Some(match self {
            Shape::Absent => return None,
            Shape::Text(text) => encode(&text),
            Shape::List(items) => items.iter().map(|i| encode(i)).collect::<Vec<_>>().join(","),
            Shape::Object(properties) if explode => properties
                .iter()
                .map(|(p, v)| format!("{}={}", encode(p), encode(v)))
                .collect::<Vec<_>>()
                .join(","),
            Shape::Object(properties) => flatten(properties)
                .iter()
                .map(|piece| encode(piece))
                .collect::<Vec<_>>()
                .join(","),
        })
    }
}

/// The properties of an object as `p, v, q, w`.
#[allow(dead_code)]
fn flatten(properties: Vec<(String, String)>) -> Vec<String> {
    properties.into_iter().flat_map(|(p, v)| [p, v]).collect()
}

/// A path parameter that is not plain text, written from its JSON form in `style` (see
/// [`Style`]), percent-encoded.
#[allow(dead_code)]
pub(crate) fn path_shaped<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
) -> Result<String, Error> {
    let shape = Shape::of(name, value)?;
    let pieces = |items: &[String]| items.iter().map(|i| encode_path(i)).collect::<Vec<_>>();
    let pairs = |properties: &[(String, String)], sep: &str| {
        properties
            .iter()
            .map(|(p, v)| format!("{}={}", encode_path(p), encode_path(v)))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let name = encode_path(name);
    let explode = matches!(style, Style::LabelExploded | Style::MatrixExploded);
    Ok(match (style, shape) {
        (_, Shape::Absent) => String::new(),
        (Style::Label | Style::LabelExploded, shape) => match shape {
            Shape::Text(text) => format!(".{}", encode_path(&text)),
            Shape::List(items) => {
                format!(".{}", pieces(&items).join(if explode { "." } else { "," }))
            }
            Shape::Object(properties) if explode => format!(".{}", pairs(&properties, ".")),
            Shape::Object(properties) => format!(".{}", pieces(&flatten(properties)).join(",")),
            Shape::Absent => String::new(),
        },
        (Style::Matrix | Style::MatrixExploded, shape) => match shape {
            Shape::Text(text) if text.is_empty() => format!(";{name}"),
            Shape::Text(text) => format!(";{name}={}", encode_path(&text)),
            Shape::List(items) if explode => pieces(&items)
                .iter()
                .map(|item| format!(";{name}={item}"))
                .collect(),
            Shape::List(items) => format!(";{name}={}", pieces(&items).join(",")),
            Shape::Object(properties) if explode => format!(";{}", pairs(&properties, ";")),
            Shape::Object(properties) => {
                format!(";{name}={}", pieces(&flatten(properties)).join(","))
            }
            Shape::Absent => String::new(),
        },
        (_, shape) => shape.simple(style, encode_path).unwrap_or_default(),
    })
}

/// A JSON value with its object properties in the order they were written.
#[allow(dead_code)]
enum Node {
    /// `null`.
    Null,
    /// A string, number or boolean, as its parameter text.
    Scalar(String),
    /// An array.
    List(Vec<Node>),
    /// An object.
    Object(Vec<(String, Node)>),
}

#[allow(dead_code)]
impl Node {
    /// Whether the value is a scalar or `null` (an item or property a style can write).
    fn is_flat(&self) -> bool {
        matches!(self, Node::Null | Node::Scalar(_))
    }

    /// The text of a scalar; `None` for anything else.
    fn into_text(self) -> Option<String> {
        match self {
            Node::Scalar(text) => Some(text),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Reads any JSON value into a [`Node`].
#[allow(dead_code)]
struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_string()))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_string()))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_string()))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Scalar(
            serde_json::Number::from_f64(value).map_or_else(|| value.to_string(), |n| n.to_string()),
        ))
    }
    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node::Scalar(value))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut properties = Vec::new();
        while let Some(entry) = map.next_entry::<String, Node>()? {
            properties.push(entry);
        }
        Ok(Node::Object(properties))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_margin_is_clamped() {
        assert_eq!(
            refresh_margin(Duration::from_secs(7200)),
            MAX_REFRESH_MARGIN
        );
        assert_eq!(
            refresh_margin(Duration::from_secs(600)),
            Duration::from_secs(60)
        );
        assert_eq!(refresh_margin(Duration::from_secs(1)), MIN_REFRESH_MARGIN);
    }

    #[test]
    fn backoff_stays_within_equal_jitter_bounds() {
        let policy = RetryPolicy::default();
        for retry in 0..40 {
            let ceiling = Duration::from_millis(200)
                .saturating_mul(2u32.saturating_pow(retry))
                .min(Duration::from_secs(5));
            let wait = policy.backoff(retry);
            assert!(
                wait >= ceiling / 2 && wait <= ceiling,
                "retry {retry}: {wait:?}"
            );
        }
    }

    #[test]
    fn snippet_cuts_at_char_boundary() {
        let body = "é".repeat(1000);
        let cut = snippet(body.as_bytes());
        assert!(cut.ends_with('…'));
        assert!(!cut.contains('\u{fffd}'));
        assert!(cut.len() <= SNIPPET_BYTES + '…'.len_utf8());
        assert_eq!(snippet(b"short"), "short");
    }

    #[test]
    fn retry_after_parses_both_forms() {
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30));
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn jwt_claim_is_read_or_reported() {
        let payload = BASE64URL_LENIENT.encode(br#"{"scoped_userpool_id":"pool-1"}"#);
        assert_eq!(
            userpool_id_from_jwt(&format!("h.{}.s", payload)).unwrap(),
            "pool-1"
        );
        assert!(userpool_id_from_jwt("opaque").is_err());
        assert!(userpool_id_from_jwt("a.!!!.c").is_err());
        let no_claim = BASE64URL_LENIENT.encode(br#"{"sub":"x"}"#);
        assert!(userpool_id_from_jwt(&format!("h.{}.s", no_claim)).is_err());
    }

    #[test]
    fn host_is_validated_and_normalized() {
        assert_eq!(
            normalize_host("https://api.genauth.ai/").unwrap(),
            "https://api.genauth.ai"
        );
        assert_eq!(
            normalize_host("https://example.com/prefix/").unwrap(),
            "https://example.com/prefix"
        );
        assert!(normalize_host("not a url").is_err());
        assert!(normalize_host("ftp://example.com").is_err());
        assert!(normalize_host("https://example.com/?q=1").is_err());
    }
}


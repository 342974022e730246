//! The client: its builder, and the request loop (credentials, attempts, one token renewal,
//! retries).

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use super::config::{
    DEFAULT_TIMEOUT, MAX_RESPONSE_BYTES, MAX_RETRY_AFTER, REDACTED, RetryPolicy, USER_AGENT,
    normalize_host,
};
use super::credential::{Credential, Outgoing};
use super::decode::{
    Decode, Json, MAX_ERROR_BODY_BYTES, read_body, read_body_prefix, status_failure,
};
use super::dialect::Dialect;
use super::error::Error;
use super::hooks::{Exchange, Hooks};
use super::request::ApiRequest;
use super::retry::{Failure, Retry, retry_after};

/// Builder of a [`Client`]: start from the client's `builder`, set what you need, then
/// [`build`](ClientBuilder::build).
pub struct ClientBuilder {
    /// Base URL of the API.
    pub(crate) host: String,
    /// Timeout of one request attempt.
    pub(crate) timeout: Duration,
    /// Retry policy.
    pub(crate) retry_policy: RetryPolicy,
    /// Caller-supplied HTTP client, if any.
    pub(crate) http_client: Option<reqwest::Client>,
    /// The names of the spec's security schemes, by index.
    pub(crate) schemes: &'static [&'static str],
    /// The credential of each scheme, by index (`None`: not configured).
    pub(crate) credentials: Vec<Option<Arc<dyn Credential>>>,
    /// Headers every request carries, as given (checked by `build`).
    pub(crate) headers: Vec<(String, String)>,
    /// The API's dialect, if it has one.
    pub(crate) dialect: Option<Box<dyn Dialect>>,
    /// Code run around every request, if any.
    pub(crate) hooks: Option<Arc<dyn Hooks>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("host", &self.host)
            .field("timeout", &self.timeout)
            .field("retry_policy", &self.retry_policy)
            .field("custom_http_client", &self.http_client.is_some())
            .field("credentials", &Credentials(self.schemes, &self.credentials))
            .field("headers", &HeaderNames(&self.headers))
            .field("dialect", &self.dialect)
            .field("hooks", &self.hooks.is_some())
            .finish()
    }
}

/// Prints which schemes have a credential, never the credential.
struct Credentials<'a>(&'static [&'static str], &'a [Option<Arc<dyn Credential>>]);

impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().zip(self.1).map(|(name, credential)| {
                let shown = match credential {
                    Some(_) => REDACTED,
                    None => "not set",
                };
                (name, shown)
            }))
            .finish()
    }
}

/// Prints header names, not their values (they may be secret).
struct HeaderNames<'a>(&'a [(String, String)]);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, _)| name))
            .finish()
    }
}

impl ClientBuilder {
    /// A builder for an API at `host` whose security schemes are `schemes` (none configured).
    pub fn new(host: &str, schemes: &'static [&'static str]) -> Self {
        ClientBuilder {
            host: host.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            retry_policy: RetryPolicy::default(),
            http_client: None,
            schemes,
            credentials: vec![None; schemes.len()],
            headers: Vec::new(),
            dialect: None,
            hooks: None,
        }
    }

    /// Sets the API host. A trailing `/` is ignored; a path prefix is kept. Must be an `http`
    /// or `https` URL without query or fragment, else `build` fails with [`Error::Config`].
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// Sets the timeout of each request attempt, from connecting to the last body byte,
    /// including token requests (default 10 s). Applied per request, so it also holds with a
    /// caller-supplied HTTP client. Must not be zero.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
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

    /// Adds a header to every request, for example one an authentication scheme needs that
    /// the spec does not describe. It replaces a header of the same name the client sets
    /// (`user-agent`, `accept`); calling it again with the same name adds a second value. `build` fails with [`Error::Config`] when the name or value
    /// is not valid in a header. For headers that change per request, use
    /// [`hooks`](ClientBuilder::hooks).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Runs `hooks` around every request: to add headers, or to observe each attempt's method,
    /// path, status and duration (see [`Hooks`]).
    pub fn hooks(mut self, hooks: impl Hooks) -> Self {
        self.hooks = Some(Arc::new(hooks));
        self
    }

    /// Validates the configuration and builds the client. Does no network I/O: access tokens
    /// are fetched on the first call that needs them.
    ///
    /// The HTTP client built here uses rustls with certificate verification against the
    /// platform's trust store, the crate's user agent, and follows no redirects (a 3xx answer
    /// is reported as [`Error::Http`] rather than silently replaying a POST as a GET).
    pub fn build(self) -> Result<Client, Error> {
        let ClientBuilder {
            host,
            timeout,
            retry_policy,
            http_client,
            schemes,
            mut credentials,
            headers: given_headers,
            mut dialect,
            hooks,
        } = self;
        let base_url = normalize_host(&host)?;
        if timeout.is_zero() {
            return Err(Error::Config("the timeout must not be zero".to_owned()));
        }
        let mut headers = HeaderMap::with_capacity(given_headers.len());
        for (name, value) in given_headers {
            let invalid = || Error::Config(format!("the header {name:?}: {value:?} is not valid"));
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let header_value = HeaderValue::from_str(&value).map_err(|_| invalid())?;
            headers.append(header_name, header_value);
        }
        for credential in credentials.iter().flatten() {
            credential.check()?;
        }
        if let Some(dialect) = &mut dialect {
            dialect.install(&mut credentials)?;
        }
        let http = match http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .tls_backend_rustls()
                .user_agent(USER_AGENT)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(Error::Transport)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                timeout,
                retry_policy,
                schemes,
                credentials,
                headers,
                dialect,
                hooks,
            }),
        })
    }
}

/// A client of the API. Cheap to clone: clones share the HTTP connection pool and any cached
/// access token.
#[derive(Clone)]
pub struct Client {
    /// Shared state.
    pub(crate) inner: Arc<Inner>,
}

/// The shared state of a [`Client`].
pub(crate) struct Inner {
    /// The HTTP client.
    http: reqwest::Client,
    /// Base URL without trailing `/`.
    base_url: String,
    /// Timeout of one request attempt.
    timeout: Duration,
    /// Retry policy.
    retry_policy: RetryPolicy,
    /// The names of the spec's security schemes, by index.
    pub(crate) schemes: &'static [&'static str],
    /// The credential of each scheme, by index.
    pub(crate) credentials: Vec<Option<Arc<dyn Credential>>>,
    /// Headers every request carries.
    headers: HeaderMap,
    /// The API's dialect, if any.
    dialect: Option<Box<dyn Dialect>>,
    /// Code run around every request, if any.
    hooks: Option<Arc<dyn Hooks>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("host", &inner.base_url)
            .field("timeout", &inner.timeout)
            .field("retry_policy", &inner.retry_policy)
            .field(
                "credentials",
                &Credentials(inner.schemes, &inner.credentials),
            )
            .field("headers", &inner.headers.keys().collect::<Vec<_>>())
            .field("dialect", &inner.dialect)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Sends a request and decodes the JSON answer into `T`.
    ///
    /// Applies the credentials of the request's security requirement, retries according to the
    /// [`RetryPolicy`], and when the API rejects an access token the client obtained, fetches a
    /// new one and repeats the request once.
    ///
    /// The future is boxed, so that an operation returns a named type rather than a future of
    /// its own, which the type checker would infer and check once per operation.
    pub(crate) fn execute<'a, T: DeserializeOwned + Send + 'a>(
        &'a self,
        request: ApiRequest,
    ) -> Pending<'a, T> {
        Pending::new(async move { self.send::<Json<T>>(request).await.map(|Json(value)| value) })
    }

    /// The request loop: credentials, attempts, one renewal of rejected tokens, retries.
    pub(crate) async fn send<D: Decode>(&self, mut request: ApiRequest) -> Result<D, Error> {
        if let Some(error) = request.error.take() {
            return Err(error);
        }
        let mut retries = 0u32;
        let mut attempt = 0u32;
        let mut renewed = false;
        loop {
            let mut credentials = self.authorize(request.security).await?;
            if let Some(dialect) = &self.inner.dialect {
                dialect.complete(self, &mut credentials).await?;
            }
            attempt += 1;
            let failure = match self.attempt(&request, &credentials, attempt).await {
                Ok(value) => return Ok(value),
                Err(failure) => failure,
            };
            if failure.unauthorized && !renewed && !credentials.renewals.is_empty() {
                for renewal in &credentials.renewals {
                    renewal.renew(self).await?;
                }
                renewed = true;
                continue;
            }
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

    /// One HTTP exchange, observed by the hooks (and, with the `tracing` feature, in a span).
    async fn attempt<D: Decode>(
        &self,
        request: &ApiRequest,
        credentials: &Outgoing,
        attempt: u32,
    ) -> Result<D, Failure> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            let span = tracing::debug_span!(
                "http_request",
                method = %request.method,
                path = %request.path,
                attempt,
                status = tracing::field::Empty,
            );
            let mut answered = None;
            let outcome = self
                .exchange(request, credentials, attempt, &mut answered)
                .instrument(span.clone())
                .await;
            if let Some(status) = answered {
                span.record("status", status);
            }
            outcome
        }
        #[cfg(not(feature = "tracing"))]
        self.exchange(request, credentials, attempt, &mut None)
            .await
    }

    /// Builds, sends and reads one attempt; `answered` gets the answer's status, if one came.
    async fn exchange<D: Decode>(
        &self,
        request: &ApiRequest,
        credentials: &Outgoing,
        attempt: u32,
        answered: &mut Option<u16>,
    ) -> Result<D, Failure> {
        let inner = &self.inner;
        let mut headers = HeaderMap::with_capacity(8 + inner.headers.len());
        headers.insert(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
        headers.insert(header::ACCEPT, HeaderValue::from_static(request.accept));
        if let Some(dialect) = &inner.dialect {
            dialect.headers(&mut headers);
        }
        for name in inner.headers.keys() {
            headers.remove(name);
        }
        for (name, value) in &inner.headers {
            headers.append(name, value.clone());
        }
        for (name, value) in &credentials.headers {
            headers.insert(name, value.clone());
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
        if !request.cookies.is_empty() || !credentials.cookies.is_empty() {
            let line = request
                .cookies
                .iter()
                .chain(&credentials.cookies)
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("; ");
            let mut value = HeaderValue::from_str(&line).map_err(|_| {
                Failure::fatal(Error::Config(
                    "a cookie is not a valid header value".to_owned(),
                ))
            })?;
            value.set_sensitive(!credentials.cookies.is_empty());
            headers.insert(header::COOKIE, value);
        }
        let path = &request.path;
        let url = if path.starts_with("https://") || path.starts_with("http://") {
            path.to_string()
        } else if path.starts_with('/') {
            format!("{}{}", inner.base_url, path)
        } else {
            format!("{}/{}", inner.base_url, path)
        };
        let mut builder = inner
            .http
            .request(request.method.clone(), url)
            .timeout(inner.timeout)
            .headers(headers);
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if !credentials.query.is_empty() {
            builder = builder.query(&credentials.query);
        }
        if let Some((body, _)) = &request.body {
            builder = builder.body(body.clone());
        }
        let mut http_request = builder.build().map_err(Failure::from_reqwest)?;
        if let Some(hooks) = &inner.hooks {
            hooks.on_request(&mut http_request, attempt);
        }
        let started = Instant::now();
        let sent = inner.http.execute(http_request).await;
        let status = sent.as_ref().ok().map(|response| response.status());
        *answered = status.map(|s| s.as_u16());
        if let Some(hooks) = &inner.hooks {
            hooks.on_answer(&Exchange {
                method: &request.method,
                path: &request.path,
                attempt,
                status: status.map(|s| s.as_u16()),
                elapsed: started.elapsed(),
            });
        }
        let response = sent.map_err(Failure::from_reqwest)?;
        let status = response.status();
        let dialect = inner.dialect.as_deref();
        if status.is_success() {
            let body = read_body(response, MAX_RESPONSE_BYTES).await?;
            D::decode(&body, status.as_u16(), request.sensitive, dialect)
        } else {
            let wait = retry_after(response.headers());
            let body = read_body_prefix(response, MAX_ERROR_BODY_BYTES).await;
            let mut failure = status_failure(status, wait, &body);
            if let Some(dialect) = dialect {
                dialect.classify_failure(&body, &mut failure);
            }
            Err(failure)
        }
    }
}

/// The answer of an operation, on its way: a future of the decoded answer, which sends the
/// request when it is first polled (`.await` it).
#[must_use = "a request is sent only when its answer is awaited"]
pub struct Pending<'a, T>(Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>);

impl<'a, T> Pending<'a, T> {
    /// Boxes the request loop's future.
    pub(crate) fn new(future: impl Future<Output = Result<T, Error>> + Send + 'a) -> Self {
        Self(Box::pin(future))
    }
}

impl<T> Future for Pending<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.0.as_mut().poll(cx)
    }
}

impl<T> fmt::Debug for Pending<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

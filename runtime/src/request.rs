//! A request as the generated operations build it.

use std::borrow::Cow;
use std::fmt;

use reqwest::Method;

use super::error::Error;

/// A request to the API, built by a generated operation method.
pub struct ApiRequest {
    /// HTTP method.
    pub(crate) method: Method,
    /// Path below the host, starting with `/`, path parameters already encoded.
    pub(crate) path: Cow<'static, str>,
    /// Query parameters, in order (names of exploded objects come from the value).
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    /// Header parameters of the operation, in order.
    pub(crate) headers: Vec<(&'static str, String)>,
    /// Cookie parameters of the operation, in order.
    pub(crate) cookies: Vec<(&'static str, String)>,
    /// The body, serialized once up front, and its content type.
    pub(crate) body: Option<(Vec<u8>, String)>,
    /// The media type asked for in `accept`.
    pub(crate) accept: &'static str,
    /// Whether repeating the request after it may have reached the server is harmless.
    pub(crate) idempotent: bool,
    /// Whether the success body may contain secrets (kept out of error snippets).
    pub(crate) sensitive: bool,
    /// The operation's security requirements: alternatives, each a list of scheme indexes
    /// that all apply; empty when the operation needs no credentials.
    pub(crate) security: &'static [&'static [usize]],
    /// The first error met while building the request (a body or parameter that could not be
    /// encoded): sending it returns this error instead. Building never fails, so an
    /// operation's method is a plain function that returns the request's future.
    pub(crate) error: Option<Error>,
}

impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field(
                "body_bytes",
                &self.body.as_ref().map(|(bytes, _)| bytes.len()),
            )
            .field("idempotent", &self.idempotent)
            .field("security", &self.security)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl ApiRequest {
    /// A request to `path` that asks for JSON; `idempotent` says whether it may be repeated
    /// after it may have reached the server, `security` lists the requirements it may satisfy
    /// (see [`ApiRequest::security`](ApiRequest)).
    pub fn new(
        method: Method,
        path: impl Into<Cow<'static, str>>,
        idempotent: bool,
        security: &'static [&'static [usize]],
    ) -> Self {
        ApiRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            accept: "application/json",
            idempotent,
            sensitive: false,
            security,
            error: None,
        }
    }
}

//! HTTP `bearer` security schemes: a fixed token, or one a provider hands out per request.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use reqwest::header::{self, HeaderValue};

use super::client::Client;
use super::config::REDACTED;
use super::credential::{BoxFuture, Credential, Outgoing};
use super::error::Error;

/// Hands out the bearer token for each request, for tokens that rotate (read from a vault, a
/// file, or a token endpoint the spec does not describe). It runs before every attempt, so it
/// should cache: return the current token quickly and fetch a new one only when needed.
///
/// Any `Fn() -> impl Future<Output = Result<String, E>>` closure is a provider:
///
/// ```
/// let provider = || async { std::fs::read_to_string("/run/secrets/token") };
/// # let _ = provider;
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send now, or why there is none.
    fn token(&self) -> BoxFuture<'_, Result<String, Box<dyn std::error::Error + Send + Sync>>>;
}

impl<F, Fut, E> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<String, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn token(&self) -> BoxFuture<'_, Result<String, Box<dyn std::error::Error + Send + Sync>>> {
        let token = self();
        Box::pin(async move { token.await.map_err(Into::into) })
    }
}

/// A bearer token: fixed, or from a [`TokenProvider`]. Made from a `String` or `&str`, or
/// with [`BearerToken::provider`].
#[derive(Clone)]
pub struct BearerToken(Source);

/// Where a [`BearerToken`] comes from.
#[derive(Clone)]
enum Source {
    /// A fixed token.
    Fixed(String),
    /// A provider asked before every attempt.
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Fixed(_) => f.write_str(REDACTED),
            Source::Provider(_) => f.write_str("BearerToken::provider(..)"),
        }
    }
}

impl BearerToken {
    /// A token asked from `provider` before every attempt.
    pub fn provider(provider: impl TokenProvider) -> Self {
        BearerToken(Source::Provider(Arc::new(provider)))
    }
}

impl From<String> for BearerToken {
    fn from(token: String) -> Self {
        BearerToken(Source::Fixed(token))
    }
}

impl From<&str> for BearerToken {
    fn from(token: &str) -> Self {
        BearerToken(Source::Fixed(token.to_owned()))
    }
}

/// `authorization: Bearer <token>`, or why it cannot be sent.
fn authorization(token: &str) -> Result<HeaderValue, String> {
    if token.is_empty() {
        return Err("the bearer token is empty".to_owned());
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
        .map_err(|_| "the bearer token holds characters not allowed in a header".to_owned())?;
    value.set_sensitive(true);
    Ok(value)
}

/// The credential of a bearer scheme.
pub struct Bearer(Kind);

/// A checked [`BearerToken`].
enum Kind {
    /// A fixed token as a header value, or why it cannot be sent.
    Fixed(Result<HeaderValue, String>),
    /// A provider asked before every attempt.
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for Bearer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Fixed(_) => f.write_str(REDACTED),
            Kind::Provider(_) => f.write_str("BearerToken::provider(..)"),
        }
    }
}

impl Bearer {
    /// The credential for `token`; an empty fixed token, or one not valid in a header, is
    /// reported by the builder's `build`.
    pub fn new(token: BearerToken) -> Self {
        Bearer(match token.0 {
            Source::Fixed(token) => Kind::Fixed(authorization(&token)),
            Source::Provider(provider) => Kind::Provider(provider),
        })
    }
}

impl Credential for Bearer {
    fn check(&self) -> Result<(), Error> {
        match &self.0 {
            Kind::Fixed(Err(why)) => Err(Error::Config(why.clone())),
            _ => Ok(()),
        }
    }

    fn apply<'a>(
        &'a self,
        _client: &'a Client,
        out: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let value = match &self.0 {
                Kind::Fixed(Ok(value)) => value.clone(),
                Kind::Fixed(Err(why)) => return Err(Error::Config(why.clone())),
                Kind::Provider(provider) => {
                    let token = provider
                        .token()
                        .await
                        .map_err(|e| Error::Token(Box::new(Error::Auth(e.to_string()))))?;
                    authorization(&token).map_err(Error::Auth)?
                }
            };
            out.headers.insert(header::AUTHORIZATION, value);
            Ok(())
        })
    }
}

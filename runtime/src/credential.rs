//! Credentials: how the schemes of an operation's security requirement get onto a request.
//!
//! The generated crate numbers the spec's security schemes; every operation lists its
//! requirements as alternatives (OR), each a list of schemes that all apply (AND), and an
//! empty list when it needs no credentials. The client sends the first alternative whose
//! schemes all have a credential (an empty alternative always qualifies), and when none
//! qualifies returns [`Error::Credentials`] without sending anything.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use reqwest::header::HeaderMap;

use super::client::Client;
use super::error::Error;

/// A boxed future that can move between threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the credentials of one attempt add to its request.
#[derive(Default)]
pub struct Outgoing {
    /// Headers (`authorization`, API keys, ...).
    pub headers: HeaderMap,
    /// Query pairs (API keys sent in the query).
    pub query: Vec<(Cow<'static, str>, String)>,
    /// Cookies (API keys sent as cookies).
    pub cookies: Vec<(&'static str, String)>,
    /// How to replace the access tokens used, should the API reject them.
    pub renewals: Vec<Box<dyn Renewal>>,
}

impl fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outgoing")
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field(
                "query",
                &self.query.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field(
                "cookies",
                &self.cookies.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("renewals", &self.renewals.len())
            .finish()
    }
}

/// The credential configured for one security scheme.
pub trait Credential: Send + Sync + fmt::Debug {
    /// Whether the credential as configured can be sent; the builder's `build` reports the
    /// first that cannot as [`Error::Config`].
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }

    /// Adds the credential to a request; may first obtain an access token.
    fn apply<'a>(
        &'a self,
        client: &'a Client,
        out: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>>;
}

/// Replaces an access token the API rejected (HTTP 401, or a dialect's equivalent).
pub trait Renewal: Send + Sync {
    /// Fetches a new token, unless another caller already replaced the rejected one.
    fn renew<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<(), Error>>;
}

impl Client {
    /// The credentials of the first alternative of `security` that the configured credentials
    /// satisfy, applied; empty when `security` is.
    pub(crate) async fn authorize(
        &self,
        security: &'static [&'static [usize]],
    ) -> Result<Outgoing, Error> {
        let mut out = Outgoing::default();
        if security.is_empty() {
            return Ok(out);
        }
        let credentials = &self.inner.credentials;
        let configured = |scheme: &usize| credentials.get(*scheme).is_some_and(Option::is_some);
        let Some(chosen) = security.iter().find(|all| all.iter().all(configured)) else {
            return Err(Error::Credentials {
                required: self.describe(security),
            });
        };
        for scheme in chosen.iter() {
            if let Some(Some(credential)) = credentials.get(*scheme) {
                credential.apply(self, &mut out).await?;
            }
        }
        Ok(out)
    }

    /// `security` in words: "`a`, or `b` and `c`", "no credentials" for an empty alternative.
    fn describe(&self, security: &[&[usize]]) -> String {
        let name = |scheme: &usize| match self.inner.schemes.get(*scheme) {
            Some(name) => format!("`{name}`"),
            None => format!("scheme #{scheme}"),
        };
        security
            .iter()
            .map(|all| match all.len() {
                0 => "no credentials".to_owned(),
                _ => all.iter().map(name).collect::<Vec<_>>().join(" and "),
            })
            .collect::<Vec<_>>()
            .join(", or ")
    }
}

//! Access tokens the client obtains by itself (an OAuth 2.0 token endpoint, a dialect's token
//! flow): cached, shared by all clones of a client, fetched once when callers race, refreshed
//! in the background before they expire, and replaced once when the API rejects them.
//!
//! The refresh point leaves a margin of 10 % of the token's lifetime, at least 5 s and at most
//! 5 min, counted from the moment the token request was sent (a 7200 s token is renewed after
//! 6900 s). Past the refresh point, calls keep using the token while it is still valid and one
//! refresh runs in the background; callers wait for a token only when no valid one exists.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderName, HeaderValue};
use tokio::sync::{Mutex, RwLock};

use super::client::Client;
use super::credential::{BoxFuture, Credential, Outgoing, Renewal};
use super::error::Error;

/// Token refresh margin bounds: 10 % of the lifetime, clamped to this range.
const MIN_REFRESH_MARGIN: Duration = Duration::from_secs(5);

/// See [`MIN_REFRESH_MARGIN`].
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// Token lifetimes are clamped to this (30 days) to keep `Instant` arithmetic safe.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 24 * 3600);

/// A token as a token flow returns it.
pub struct FreshToken {
    /// The access token.
    pub access_token: String,
    /// How long it lives, counted from when the token request was sent (non-finite or
    /// negative lifetimes are taken as zero).
    pub lifetime_secs: f64,
    /// A header the flow derived from the token, sent along with it (for example a claim a
    /// dialect's API wants as a header).
    pub extra: Option<(HeaderName, HeaderValue)>,
}

/// How a [`TokenCache`] obtains a token.
pub trait FetchToken: Send + Sync + fmt::Debug + 'static {
    /// Whether the flow's settings can work; the builder's `build` reports the first that
    /// cannot as [`Error::Config`].
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }

    /// Requests a new token (errors are returned as they should reach the caller).
    fn fetch<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<FreshToken, Error>>;
}

/// A token ready to be sent.
pub struct CachedToken {
    /// `Bearer <token>`, marked sensitive.
    pub authorization: HeaderValue,
    /// See [`FreshToken::extra`].
    extra: Option<(HeaderName, HeaderValue)>,
    /// When the token request was answered.
    obtained_at: Instant,
    /// From when on a refresh is due; the token is still handed out until `expires_at`.
    refresh_at: Instant,
    /// From when on the token is no longer valid.
    expires_at: Instant,
}

/// One cached token and the flow that renews it.
pub struct TokenCache {
    /// The token flow.
    fetcher: Box<dyn FetchToken>,
    /// The cached token; its locks are held only to read or replace it, never during a fetch.
    token: RwLock<Option<Arc<CachedToken>>>,
    /// Held while a token is fetched, so that one fetch runs at a time (single flight).
    fetching: Mutex<()>,
    /// Whether a background refresh is scheduled or running.
    refresh_scheduled: AtomicBool,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("fetcher", &self.fetcher)
            .finish_non_exhaustive()
    }
}

/// The refresh margin of a token living `lifetime`: 10 %, clamped to 5 s ..= 5 min.
fn refresh_margin(lifetime: Duration) -> Duration {
    (lifetime / 10).clamp(MIN_REFRESH_MARGIN, MAX_REFRESH_MARGIN)
}

impl TokenCache {
    /// An empty cache filled by `fetcher`.
    pub fn new(fetcher: impl FetchToken) -> Arc<Self> {
        Arc::new(TokenCache {
            fetcher: Box::new(fetcher),
            token: RwLock::new(None),
            fetching: Mutex::new(()),
            refresh_scheduled: AtomicBool::new(false),
        })
    }

    /// A usable token: the cached one while it is valid (past its refresh point, a refresh is
    /// started in the background), or else a fresh one fetched by exactly one of the concurrent
    /// callers.
    pub async fn get(self: &Arc<Self>, client: &Client) -> Result<Arc<CachedToken>, Error> {
        let asked_at = Instant::now();
        let cached = self.token.read().await.clone();
        if let Some(token) = cached.filter(|t| asked_at < t.expires_at) {
            if asked_at >= token.refresh_at {
                self.refresh_in_background(client, &token);
            }
            return Ok(token);
        }
        let _fetching = self.fetching.lock().await;
        let cached = self.token.read().await.clone();
        let usable = cached.filter(|t| Instant::now() < t.expires_at || t.obtained_at >= asked_at);
        if let Some(token) = usable {
            return Ok(token);
        }
        let fresh = Arc::new(self.fetch(client).await?);
        *self.token.write().await = Some(Arc::clone(&fresh));
        Ok(fresh)
    }

    /// Starts one background task that replaces `due` (a valid token past its refresh point),
    /// unless one is scheduled already. Outside a Tokio runtime nothing is started: the token
    /// is then fetched by the first call that finds it expired. A failed refresh leaves the
    /// valid token in place, and the next call past the refresh point tries again.
    fn refresh_in_background(self: &Arc<Self>, client: &Client, due: &Arc<CachedToken>) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        if self.refresh_scheduled.swap(true, Ordering::AcqRel) {
            return;
        }
        let cache = Arc::clone(self);
        let client = client.clone();
        let due = Arc::clone(due);
        runtime.spawn(async move {
            {
                let _fetching = cache.fetching.lock().await;
                let current = cache.token.read().await.clone();
                if current.is_some_and(|t| Arc::ptr_eq(&t, &due))
                    && let Ok(fresh) = cache.fetch(&client).await
                {
                    *cache.token.write().await = Some(Arc::new(fresh));
                }
            }
            cache.refresh_scheduled.store(false, Ordering::Release);
        });
    }

    /// Replaces a token the API rejected, unless another caller already did.
    pub async fn replace(
        &self,
        client: &Client,
        rejected: &Arc<CachedToken>,
    ) -> Result<Arc<CachedToken>, Error> {
        let _fetching = self.fetching.lock().await;
        let cached = self.token.read().await.clone();
        if let Some(token) = cached.filter(|t| !Arc::ptr_eq(t, rejected)) {
            return Ok(token);
        }
        *self.token.write().await = None;
        let fresh = Arc::new(self.fetch(client).await?);
        *self.token.write().await = Some(Arc::clone(&fresh));
        Ok(fresh)
    }

    /// Runs the token flow and prepares its token for sending.
    async fn fetch(&self, client: &Client) -> Result<CachedToken, Error> {
        let sent_at = Instant::now();
        let FreshToken {
            access_token,
            lifetime_secs,
            extra,
        } = self.fetcher.fetch(client).await?;
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", access_token))
            .map_err(|_| {
                Error::Auth(
                    "the access token contains characters not allowed in a header".to_owned(),
                )
            })?;
        authorization.set_sensitive(true);
        let lifetime = if lifetime_secs.is_finite() && lifetime_secs > 0.0 {
            Duration::from_secs_f64(lifetime_secs.min(MAX_TOKEN_LIFETIME.as_secs_f64()))
        } else {
            Duration::ZERO
        };
        Ok(CachedToken {
            authorization,
            extra,
            obtained_at: Instant::now(),
            refresh_at: sent_at + lifetime.saturating_sub(refresh_margin(lifetime)),
            expires_at: sent_at + lifetime,
        })
    }
}

/// Replaces one rejected token of a [`TokenCache`].
struct Renew {
    /// The cache the token came from.
    cache: Arc<TokenCache>,
    /// The token the API rejected.
    rejected: Arc<CachedToken>,
}

impl Renewal for Renew {
    fn renew<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            self.cache.replace(client, &self.rejected).await?;
            Ok(())
        })
    }
}

/// A bearer credential whose token comes from a [`TokenCache`].
#[derive(Debug)]
pub struct ManagedToken(pub Arc<TokenCache>);

impl ManagedToken {
    /// Adds the cache's token as `authorization`, and the header the flow derived from it.
    pub async fn authorize(&self, client: &Client, out: &mut Outgoing) -> Result<(), Error> {
        let token = self.0.get(client).await?;
        out.headers
            .insert(header::AUTHORIZATION, token.authorization.clone());
        if let Some((name, value)) = &token.extra {
            out.headers.insert(name, value.clone());
        }
        out.renewals.push(Box::new(Renew {
            cache: Arc::clone(&self.0),
            rejected: token,
        }));
        Ok(())
    }
}

impl Credential for ManagedToken {
    fn check(&self) -> Result<(), Error> {
        self.0.fetcher.check()
    }

    fn apply<'a>(
        &'a self,
        client: &'a Client,
        out: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.authorize(client, out))
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
}

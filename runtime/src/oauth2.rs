//! OAuth 2.0 `clientCredentials` flows (RFC 6749, section 4.4): the client trades its id and
//! secret for an access token at the spec's token URL, caches it with a margin before it
//! expires, fetches it once when calls race, and replaces it once when the API rejects it.

use std::fmt;

use base64::Engine as _;
use reqwest::Method;
use serde::Deserialize;

use super::client::Client;
use super::config::REDACTED;
use super::credential::BoxFuture;
use super::error::Error;
use super::request::ApiRequest;
use super::token::{FetchToken, FreshToken, ManagedToken, TokenCache};

/// The lifetime assumed when the token answer gives no `expires_in`.
const DEFAULT_LIFETIME_SECS: f64 = 3600.0;

/// The client credentials flow of one scheme.
struct ClientCredentials {
    /// The token endpoint: absolute, or relative to the client's host.
    token_url: &'static str,
    /// The scopes asked for (none: the server's default).
    scopes: &'static [&'static str],
    /// The client id.
    client_id: String,
    /// The client secret; never printed.
    client_secret: String,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("scopes", &self.scopes)
            .field("client_id", &self.client_id)
            .field("client_secret", &format_args!("{}", REDACTED))
            .finish()
    }
}

/// The token endpoint's answer (RFC 6749, section 5.1).
#[derive(Deserialize)]
struct TokenAnswer {
    /// The token.
    access_token: String,
    /// Its type; must be `Bearer` when given.
    token_type: Option<String>,
    /// Its lifetime in seconds.
    expires_in: Option<f64>,
}

/// Encodes a client id or secret for the basic-auth pair as RFC 6749, section 2.3.1 says:
/// `application/x-www-form-urlencoded`.
fn form_encode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|pair| pair.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

impl FetchToken for ClientCredentials {
    fn check(&self) -> Result<(), Error> {
        match self.client_id.is_empty() || self.client_secret.is_empty() {
            true => Err(Error::Config(
                "the OAuth 2.0 client id and secret must not be empty".to_owned(),
            )),
            false => Ok(()),
        }
    }

    fn fetch<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<FreshToken, Error>> {
        Box::pin(async move {
            let pair = format!(
                "{}:{}",
                form_encode(&self.client_id),
                form_encode(&self.client_secret)
            );
            let basic = base64::engine::general_purpose::STANDARD.encode(pair);
            let mut form = vec![("grant_type", "client_credentials".to_owned())];
            if !self.scopes.is_empty() {
                form.push(("scope", self.scopes.join(" ")));
            }
            let body = serde_urlencoded::to_string(&form)
                .map_err(|e| Error::Config(format!("the token request cannot be encoded: {e}")))?;
            let mut request = ApiRequest::new(Method::POST, self.token_url, true, &[]);
            request
                .headers
                .push(("authorization", format!("Basic {basic}")));
            request.body = Some((
                body.into_bytes(),
                "application/x-www-form-urlencoded".to_owned(),
            ));
            request.sensitive = true;
            let answer: TokenAnswer = client
                .execute(request)
                .await
                .map_err(|e| Error::Token(Box::new(e)))?;
            if let Some(kind) = &answer.token_type
                && !kind.eq_ignore_ascii_case("bearer")
            {
                return Err(Error::Auth(format!(
                    "the token endpoint gave a {kind:?} token, not a bearer token"
                )));
            }
            Ok(FreshToken {
                access_token: answer.access_token,
                lifetime_secs: answer.expires_in.unwrap_or(DEFAULT_LIFETIME_SECS),
                extra: None,
            })
        })
    }
}

/// The credential of an OAuth 2.0 client credentials scheme whose token endpoint is
/// `token_url` (absolute, or relative to the client's host).
pub fn client_credentials(
    token_url: &'static str,
    scopes: &'static [&'static str],
    client_id: impl Into<String>,
    client_secret: impl Into<String>,
) -> ManagedToken {
    ManagedToken(TokenCache::new(ClientCredentials {
        token_url,
        scopes,
        client_id: client_id.into(),
        client_secret: client_secret.into(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_form_encoded_for_the_basic_pair() {
        assert_eq!(form_encode("a b:c/é"), "a+b%3Ac%2F%C3%A9");
        assert_eq!(form_encode("plain-id_1."), "plain-id_1.");
    }
}

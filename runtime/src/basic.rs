//! HTTP `basic` security schemes.

use std::fmt;

use base64::Engine as _;
use reqwest::header::{self, HeaderValue};

use super::client::Client;
use super::config::REDACTED;
use super::credential::{BoxFuture, Credential, Outgoing};
use super::error::Error;

/// A user name and password, sent as `authorization: Basic <base64(user:password)>`.
pub struct Basic(Result<HeaderValue, String>);

impl fmt::Debug for Basic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Basic")
            .field(&format_args!("{}", REDACTED))
            .finish()
    }
}

impl Basic {
    /// Encodes the pair (RFC 7617); a user name with `:` is reported by the builder's `build`.
    pub fn new(username: &str, password: &str) -> Self {
        if username.contains(':') {
            return Basic(Err("a basic-auth user name must not contain `:`".to_owned()));
        }
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
        Basic(
            HeaderValue::from_str(&format!("Basic {encoded}"))
                .map(|mut value| {
                    value.set_sensitive(true);
                    value
                })
                .map_err(|_| "the basic-auth pair is not valid".to_owned()),
        )
    }
}

impl Credential for Basic {
    fn check(&self) -> Result<(), Error> {
        self.0
            .as_ref()
            .map(|_| ())
            .map_err(|why| Error::Config(why.clone()))
    }

    fn apply<'a>(
        &'a self,
        _client: &'a Client,
        out: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let applied = match &self.0 {
            Ok(value) => {
                out.headers.insert(header::AUTHORIZATION, value.clone());
                Ok(())
            }
            Err(why) => Err(Error::Config(why.clone())),
        };
        Box::pin(std::future::ready(applied))
    }
}

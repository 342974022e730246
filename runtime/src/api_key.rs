//! `apiKey` security schemes: a key sent in a header, the query or a cookie.

use std::borrow::Cow;
use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};

use super::client::Client;
use super::config::REDACTED;
use super::credential::{BoxFuture, Credential, Outgoing};
use super::error::Error;

/// An API key, ready for where it goes.
enum Placed {
    /// A header, its value marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(String),
    /// A cookie.
    Cookie(String),
}

/// An API key and where it goes.
pub struct ApiKey {
    /// The scheme's parameter name.
    name: &'static str,
    /// The key where it goes, or why it cannot go there.
    placed: Result<Placed, String>,
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("name", &self.name)
            .field("key", &format_args!("{}", REDACTED))
            .finish()
    }
}

impl ApiKey {
    /// A key sent as the spec's scheme says: `location` is its `in` (`header`, `query` or
    /// `cookie`), `name` its `name`. An empty key, or one that is not valid where it goes, is
    /// reported by the builder's `build`.
    pub fn new(location: &str, name: &'static str, key: impl Into<String>) -> Self {
        let key = key.into();
        let invalid = || format!("the API key `{name}` is not valid in a {location}");
        let placed = if key.is_empty() {
            Err(format!("the API key `{name}` is empty"))
        } else {
            match location {
                "query" => Ok(Placed::Query(key)),
                "cookie" if key.contains([';', ',', ' ', '"']) => Err(invalid()),
                "cookie" => HeaderValue::from_str(&key)
                    .map(|_| Placed::Cookie(key))
                    .map_err(|_| invalid()),
                _ => match (
                    HeaderName::from_bytes(name.as_bytes()),
                    HeaderValue::from_str(&key),
                ) {
                    (Ok(header_name), Ok(mut value)) => {
                        value.set_sensitive(true);
                        Ok(Placed::Header(header_name, value))
                    }
                    _ => Err(invalid()),
                },
            }
        };
        ApiKey { name, placed }
    }
}

impl Credential for ApiKey {
    fn check(&self) -> Result<(), Error> {
        match &self.placed {
            Ok(_) => Ok(()),
            Err(why) => Err(Error::Config(why.clone())),
        }
    }

    fn apply<'a>(
        &'a self,
        _client: &'a Client,
        out: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let applied = match &self.placed {
            Ok(Placed::Header(name, value)) => {
                out.headers.insert(name, value.clone());
                Ok(())
            }
            Ok(Placed::Query(key)) => {
                out.query.push((Cow::Borrowed(self.name), key.clone()));
                Ok(())
            }
            Ok(Placed::Cookie(key)) => {
                out.cookies.push((self.name, key.clone()));
                Ok(())
            }
            Err(why) => Err(Error::Config(why.clone())),
        };
        Box::pin(std::future::ready(applied))
    }
}

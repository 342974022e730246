//! The error type of the client.
//!
//! Every fallible call returns [`Error`]. No variant ever carries a credential or an access
//! token: bodies of token answers are redacted before they could end up in an error, and the
//! `Debug` output of every variant is safe to log.

use std::fmt;

/// Everything that can go wrong while talking to the API.
///
/// Classification rules:
///
/// * The HTTP status was not 2xx → [`Error::Http`], with the start of the body. (A client whose
///   API reports failures in an envelope of its own reads that envelope first, see
///   [`Error::Api`].)
/// * A 2xx answer that is not valid JSON, or does not match the expected type → [`Error::Decode`].
/// * The configured timeout elapsed → [`Error::Timeout`]; any other network failure →
///   [`Error::Transport`].
/// * The configured credentials cannot satisfy what the operation requires → [`Error::Credentials`],
///   and nothing is sent.
/// * An access token could not be obtained → [`Error::Token`] wrapping the cause; a token that
///   was obtained but cannot be used → [`Error::Auth`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API reported a failure in its answer's envelope (only clients of APIs that have one
    /// raise this; the others classify answers by HTTP status alone).
    Api {
        /// The HTTP status of the answer (often 200: such APIs report failures in the body).
        http_status: u16,
        /// The envelope's status code (400 invalid argument, 401 unauthorized, 403 forbidden, ...).
        status_code: i64,
        /// The envelope's finer-grained error code, when present.
        api_code: Option<i64>,
        /// The envelope's message (empty when absent).
        message: String,
        /// The envelope's request id, to quote to the API's support, when present.
        request_id: Option<String>,
    },
    /// The HTTP status was not 2xx.
    Http {
        /// The HTTP status code.
        status: u16,
        /// The start of the body (at most 1 KiB, cut at a character boundary, `…` appended when
        /// cut; invalid UTF-8 replaced).
        snippet: String,
    },
    /// The request did not complete within the configured timeout.
    Timeout,
    /// The request failed at the network level (connection refused, TLS failure, reset, ...).
    Transport(#[source] reqwest::Error),
    /// A successful answer could not be decoded into the expected type.
    Decode {
        /// Where in the JSON document decoding failed (for example `data.list[3].createdAt`;
        /// `.` for the document itself).
        path: String,
        /// What went wrong, as reported by `serde_json`.
        message: String,
        /// The start of the body (at most 1 KiB), or `<redacted>` for answers that carry a token.
        snippet: String,
    },
    /// The answer's body was larger than the client accepts; it was not read in full.
    ResponseTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The request body could not be serialized to JSON.
    Encode(#[source] serde_json::Error),
    /// Invalid client configuration (reported by the builder's `build`, or by a call whose
    /// parameters cannot be encoded).
    Config(String),
    /// The configured credentials satisfy none of the operation's security requirements;
    /// nothing was sent.
    Credentials {
        /// What the operation accepts: its requirements, as alternatives (`a, or b and c`).
        required: String,
    },
    /// An access token could not be obtained; the cause is inside.
    Token(#[source] Box<Error>),
    /// An access token was obtained but cannot be used (for example it lacks a claim the API
    /// needs, or holds characters not allowed in a header).
    Auth(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                status_code,
                api_code,
                message,
                request_id,
                ..
            } => {
                write!(f, "API error: statusCode {}", status_code)?;
                if let Some(api_code) = api_code {
                    write!(f, ", apiCode {}", api_code)?;
                }
                if !message.is_empty() {
                    write!(f, ": {}", message)?;
                }
                if let Some(request_id) = request_id {
                    write!(f, " (requestId {})", request_id)?;
                }
                Ok(())
            }
            Error::Http { status, snippet } => {
                write!(f, "HTTP status {} from the API", status)?;
                if !snippet.is_empty() {
                    write!(f, ": {}", snippet)?;
                }
                Ok(())
            }
            Error::Timeout => f.write_str("the request to the API timed out"),
            Error::Transport(source) => {
                write!(f, "could not talk to the API: {}", source)
            }
            Error::Decode { path, message, .. } => {
                write!(
                    f,
                    "could not decode the API answer at `{}`: {}",
                    path, message
                )
            }
            Error::ResponseTooLarge { limit } => {
                write!(
                    f,
                    "the API answer is larger than the limit of {} bytes",
                    limit
                )
            }
            Error::Encode(source) => write!(f, "could not serialize the request body: {}", source),
            Error::Config(message) => write!(f, "invalid client configuration: {}", message),
            Error::Credentials { required } => write!(
                f,
                "the configured credentials do not satisfy the operation, which needs {}",
                required
            ),
            Error::Token(source) => {
                write!(f, "could not obtain an access token: {}", source)
            }
            Error::Auth(message) => write!(f, "unusable access token: {}", message),
        }
    }
}

impl Error {
    /// The body of an [`Error::Http`] answer decoded as `T` (for example an error type the
    /// operation's page lists), when it was JSON and short enough to be kept whole (1 KiB);
    /// looks through [`Error::Token`].
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        match self {
            Error::Http { snippet, .. } => serde_json::from_str(snippet).ok(),
            Error::Token(inner) => inner.body_as(),
            _ => None,
        }
    }

    /// The API-level status: the envelope's status code for [`Error::Api`], the HTTP status
    /// for [`Error::Http`]; looks through [`Error::Token`].
    pub fn status_code(&self) -> Option<i64> {
        match self {
            Error::Api { status_code, .. } => Some(*status_code),
            Error::Http { status, .. } => Some(i64::from(*status)),
            Error::Token(inner) => inner.status_code(),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one; looks through [`Error::Token`].
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api { http_status, .. } => Some(*http_status),
            Error::Http { status, .. } => Some(*status),
            Error::Token(inner) => inner.http_status(),
            _ => None,
        }
    }

    /// The envelope's finer-grained error code, when present; looks through [`Error::Token`].
    pub fn api_code(&self) -> Option<i64> {
        match self {
            Error::Api { api_code, .. } => *api_code,
            Error::Token(inner) => inner.api_code(),
            _ => None,
        }
    }

    /// The envelope's request id, when present; looks through [`Error::Token`].
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => request_id.as_deref(),
            Error::Token(inner) => inner.request_id(),
            _ => None,
        }
    }

    /// Whether the configured timeout elapsed; looks through [`Error::Token`].
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout => true,
            Error::Token(inner) => inner.is_timeout(),
            _ => false,
        }
    }

    /// Whether trying again later may succeed: timeouts, network failures, rate limiting (429)
    /// and the gateway statuses 502, 503 and 504. The client already retries these according to
    /// its `RetryPolicy` (non-idempotent requests only where that is safe); this tells what is
    /// left to the caller once it gave up. Looks through [`Error::Token`].
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout | Error::Transport(_) => true,
            Error::Http { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            Error::Api {
                http_status,
                status_code,
                ..
            } => matches!(http_status, 429 | 502 | 503 | 504) || *status_code == 429,
            Error::Token(inner) => inner.is_retryable(),
            _ => false,
        }
    }
}

//! Reading answers: bounded body reads, error snippets, and decoding a success body.

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::config::REDACTED;
use super::dialect::Dialect;
use super::error::Error;
use super::retry::{Failure, Retry};

/// How much of a non-2xx body is read (to build a snippet, or for a dialect's envelope).
pub(crate) const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// The longest body snippet kept in an error, in bytes.
pub(crate) const SNIPPET_BYTES: usize = 1024;

/// The start of a body for an error message: at most `SNIPPET_BYTES` (1 KiB), never cutting a
/// character, `…` appended when cut, invalid UTF-8 replaced.
pub fn snippet(body: &[u8]) -> String {
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

/// Reads a success body, refusing more than `limit` bytes (by `content-length` before reading,
/// else while streaming).
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, Failure> {
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
pub(crate) async fn read_body_prefix(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
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
pub trait Decode: Sized {
    /// Decodes a 2xx body; `dialect` may first find a failure reported inside it.
    fn decode(
        body: &[u8],
        http_status: u16,
        sensitive: bool,
        dialect: Option<&dyn Dialect>,
    ) -> Result<Self, Failure>;
}

/// A JSON answer: the dialect's check, then the typed value.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned> Decode for Json<T> {
    fn decode(
        body: &[u8],
        http_status: u16,
        sensitive: bool,
        dialect: Option<&dyn Dialect>,
    ) -> Result<Self, Failure> {
        if let Some(failure) = dialect.and_then(|d| d.failure_in_success(body, http_status)) {
            return Err(failure);
        }
        decode_json(body, sensitive).map(Json)
    }
}

/// Deserializes a whole JSON body into `T`, naming the path of the first mismatch. The path is
/// tracked only once decoding failed, so a good answer is decoded once, at full speed.
pub(crate) fn decode_json<T: DeserializeOwned>(body: &[u8], sensitive: bool) -> Result<T, Failure> {
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
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

/// Classifies a non-2xx answer by its HTTP status: [`Error::Http`] with a snippet of the body;
/// 429 is retried always, 502 to 504 when the request is idempotent, and 401 asks for a fresh
/// access token.
pub(crate) fn status_failure(
    status: StatusCode,
    retry_after: Option<std::time::Duration>,
    body: &[u8],
) -> Failure {
    let code = status.as_u16();
    let retry = match code {
        429 => Retry::Always,
        502..=504 => Retry::IfIdempotent,
        _ => Retry::Never,
    };
    Failure {
        error: Error::Http {
            status: code,
            snippet: snippet(body),
        },
        retry,
        retry_after,
        unauthorized: status == StatusCode::UNAUTHORIZED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn decode_names_the_path_and_redacts_sensitive_bodies() {
        type Answer = std::collections::HashMap<String, u32>;
        let failure = decode_json::<Answer>(br#"{"count":"x"}"#, false).unwrap_err();
        match failure.error {
            Error::Decode { path, snippet, .. } => {
                assert_eq!(path, "count");
                assert_eq!(snippet, r#"{"count":"x"}"#);
            }
            other => panic!("{other:?}"),
        }
        let failure = decode_json::<Answer>(br#"{"count":"secret"}"#, true).unwrap_err();
        assert!(matches!(failure.error, Error::Decode { snippet, .. } if snippet == REDACTED));
    }
}

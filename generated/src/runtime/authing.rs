//! The Authing (GenAuth) management dialect: the access key pair is traded for a management
//! token (`POST /api/v3/get-management-token`), the user pool id comes from the configured
//! value or the token's `scoped_userpool_id` claim, every request carries
//! `x-authing-sdk-version` (and `x-authing-lang` when set), and answers carry a `statusCode`
//! envelope: a `statusCode` other than 200 is an [`Error::Api`], whatever the HTTP status, and
//! 401 asks for a fresh token.
//!
//! The dialect serves the spec's `bearer` scheme (the management token) and its user pool
//! scheme (`x-authing-userpool-id`): any requirement that names either gets both.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use reqwest::Method;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};

use super::client::{Client, ClientBuilder};
use super::config::REDACTED;
use super::credential::{BoxFuture, Credential, Outgoing};
use super::dialect::Dialect;
use super::error::Error;
use super::request::ApiRequest;
use super::retry::Failure;
use super::token::{FetchToken, FreshToken, ManagedToken, TokenCache};

/// The `x-authing-sdk-version` of every request: `<crate name>:<version>`.
pub const SDK_VERSION: &str = concat!(env!("CARGO_PKG_NAME"), ":", env!("CARGO_PKG_VERSION"));

/// The path of the management-token operation.
const TOKEN_PATH: &str = "/api/v3/get-management-token";

/// The header carrying the user pool id.
const USERPOOL_ID_HEADER: HeaderName = HeaderName::from_static("x-authing-userpool-id");

/// The header carrying the SDK name and version.
const SDK_VERSION_HEADER: HeaderName = HeaderName::from_static("x-authing-sdk-version");

/// Base64url that accepts payloads with or without padding (JWT segments have none).
const BASE64URL_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A builder for an Authing management API at `host` with the access key pair; `bearer` and
/// `userpool` are the indexes of the spec's token and user pool schemes in `schemes`.
pub fn builder(
    host: &str,
    schemes: &'static [&'static str],
    access_key_id: String,
    access_key_secret: String,
    bearer: usize,
    userpool: Option<usize>,
) -> ClientBuilder {
    let mut builder = ClientBuilder::new(host, schemes);
    builder.dialect = Some(Box::new(Authing {
        access_key_id,
        access_key_secret,
        bearer,
        userpool,
        pool: None,
    }));
    builder
}

impl ClientBuilder {
    /// Sets the language of the API's messages, sent as `x-authing-lang` (e.g. `zh-CN`,
    /// `en-US`). Not sent unless set.
    pub fn lang(self, lang: impl Into<String>) -> Self {
        self.header("x-authing-lang", lang)
    }
}

/// The dialect's settings.
struct Authing {
    /// The access key id (user pool id or application id of the key pair).
    access_key_id: String,
    /// The access key secret; never printed.
    access_key_secret: String,
    /// The index of the token scheme.
    bearer: usize,
    /// The index of the user pool scheme, if the spec has one.
    userpool: Option<usize>,
    /// The configured user pool id, once installed (sent on requests without a token too).
    pool: Option<Arc<dyn Credential>>,
}

impl fmt::Debug for Authing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authing")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &format_args!("{}", REDACTED))
            .field("userpool_id", &self.pool)
            .finish()
    }
}

impl Dialect for Authing {
    fn install(&mut self, credentials: &mut [Option<Arc<dyn Credential>>]) -> Result<(), Error> {
        if self.access_key_id.trim().is_empty() {
            return Err(Error::Config("the access key id is empty".to_owned()));
        }
        if self.access_key_secret.is_empty() {
            return Err(Error::Config("the access key secret is empty".to_owned()));
        }
        let pool = self
            .userpool
            .and_then(|slot| credentials.get_mut(slot))
            .and_then(Option::take);
        let fetcher = ManagementToken {
            access_key_id: self.access_key_id.clone(),
            access_key_secret: self.access_key_secret.clone(),
            claim_needed: pool.is_none(),
        };
        let auth: Arc<dyn Credential> = Arc::new(ManagementAuth {
            token: ManagedToken(TokenCache::new(fetcher)),
            pool: pool.clone(),
        });
        for slot in [Some(self.bearer), self.userpool].into_iter().flatten() {
            if let Some(credential) = credentials.get_mut(slot) {
                *credential = Some(Arc::clone(&auth));
            }
        }
        self.pool = pool;
        Ok(())
    }

    fn headers(&self, headers: &mut HeaderMap) {
        headers.insert(SDK_VERSION_HEADER, HeaderValue::from_static(SDK_VERSION));
    }

    fn complete<'a>(
        &'a self,
        client: &'a Client,
        out: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            match &self.pool {
                Some(pool) if !out.headers.contains_key(USERPOOL_ID_HEADER) => {
                    pool.apply(client, out).await
                }
                _ => Ok(()),
            }
        })
    }

    fn failure_in_success(&self, body: &[u8], http_status: u16) -> Option<Failure> {
        if body.starts_with(br#"{"statusCode":200,"#) {
            // The API's own serialization puts the status first: a success needs no second parse.
            return None;
        }
        let envelope = Envelope::probe(body).filter(|e| e.status_code != 200)?;
        let unauthorized = envelope.status_code == 401;
        Some(Failure {
            unauthorized,
            ..Failure::fatal(envelope.into_error(http_status))
        })
    }

    fn classify_failure(&self, body: &[u8], failure: &mut Failure) {
        let http_status = failure.error.http_status().unwrap_or_default();
        if let Some(envelope) = Envelope::probe(body).filter(|e| e.status_code != 200) {
            failure.unauthorized |= envelope.status_code == 401;
            failure.error = envelope.into_error(http_status);
        }
    }
}

/// The credential of the token and user pool schemes: the management token with its
/// `scoped_userpool_id` claim, replaced by the configured user pool id if there is one.
#[derive(Debug)]
struct ManagementAuth {
    /// The management token.
    token: ManagedToken,
    /// The configured user pool id, if any.
    pool: Option<Arc<dyn Credential>>,
}

impl Credential for ManagementAuth {
    fn apply<'a>(
        &'a self,
        client: &'a Client,
        out: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            if out.headers.contains_key(header::AUTHORIZATION) {
                return Ok(());
            }
            self.token.authorize(client, out).await?;
            if let Some(pool) = &self.pool {
                pool.apply(client, out).await?;
            }
            Ok(())
        })
    }
}

/// The management token flow.
struct ManagementToken {
    /// The access key id.
    access_key_id: String,
    /// The access key secret; never printed.
    access_key_secret: String,
    /// Whether the user pool id must come from the token (none configured).
    claim_needed: bool,
}

impl fmt::Debug for ManagementToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManagementToken")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &format_args!("{}", REDACTED))
            .finish()
    }
}

/// Body of the token request.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenRequest<'a> {
    /// Access key id.
    access_key_id: &'a str,
    /// Access key secret.
    access_key_secret: &'a str,
}

/// Answer of the token request.
#[derive(Deserialize)]
struct TokenResponse {
    /// The envelope's data.
    data: TokenData,
}

/// The token and its lifetime.
#[derive(Deserialize)]
struct TokenData {
    /// The JWT.
    access_token: String,
    /// Lifetime in seconds.
    expires_in: f64,
}

impl FetchToken for ManagementToken {
    fn fetch<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<FreshToken, Error>> {
        Box::pin(async move {
            let body = serde_json::to_vec(&TokenRequest {
                access_key_id: &self.access_key_id,
                access_key_secret: &self.access_key_secret,
            })
            .map_err(Error::Encode)?;
            let mut request = ApiRequest::new(Method::POST, TOKEN_PATH, true, &[]);
            request.body = Some((body, "application/json".to_owned()));
            request.sensitive = true;
            let answer: TokenResponse = client
                .execute(request)
                .await
                .map_err(|e| Error::Token(Box::new(e)))?;
            let TokenData {
                access_token,
                expires_in,
            } = answer.data;
            let extra = match userpool_id_from_jwt(&access_token) {
                Ok(id) => Some((
                    USERPOOL_ID_HEADER,
                    HeaderValue::from_str(&id).map_err(|_| {
                        Error::Auth(
                            "the token's scoped_userpool_id is not a valid header value".to_owned(),
                        )
                    })?,
                )),
                Err(why) if self.claim_needed => {
                    return Err(Error::Auth(format!(
                        "cannot determine the user pool id: {why}; configure it with the \
                         builder's `userpool_id`"
                    )));
                }
                Err(_) => None,
            };
            Ok(FreshToken {
                access_token,
                lifetime_secs: expires_in,
                extra,
            })
        })
    }
}

/// The fields of the API envelope that matter for errors.
#[derive(Deserialize)]
struct EnvelopeProbe {
    /// `statusCode`.
    #[serde(rename = "statusCode")]
    status_code: Option<serde_json::Value>,
    /// `message`.
    message: Option<serde_json::Value>,
    /// `apiCode`.
    #[serde(rename = "apiCode")]
    api_code: Option<serde_json::Value>,
    /// `requestId`.
    #[serde(rename = "requestId")]
    request_id: Option<serde_json::Value>,
}

/// A parsed API envelope header.
struct Envelope {
    /// `statusCode`.
    status_code: i64,
    /// `apiCode`.
    api_code: Option<i64>,
    /// `message`.
    message: String,
    /// `requestId`.
    request_id: Option<String>,
}

impl Envelope {
    /// Reads the envelope fields of `body`, if it is a JSON object with a numeric `statusCode`.
    fn probe(body: &[u8]) -> Option<Envelope> {
        let probe: EnvelopeProbe = serde_json::from_slice(body).ok()?;
        let status_code = probe.status_code.as_ref().and_then(json_integer)?;
        let text = |value: serde_json::Value| match value {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        Some(Envelope {
            status_code,
            api_code: probe.api_code.as_ref().and_then(json_integer),
            message: probe.message.map(text).unwrap_or_default(),
            request_id: probe.request_id.filter(|v| !v.is_null()).map(text),
        })
    }

    /// The [`Error::Api`] for this envelope.
    fn into_error(self, http_status: u16) -> Error {
        Error::Api {
            http_status,
            status_code: self.status_code,
            api_code: self.api_code,
            message: self.message,
            request_id: self.request_id,
        }
    }
}

/// A JSON number with an integral value.
fn json_integer(value: &serde_json::Value) -> Option<i64> {
    if let Some(n) = value.as_i64() {
        return Some(n);
    }
    let f = value.as_f64()?;
    if f.fract() == 0.0 && f >= i64::MIN as f64 && f <= i64::MAX as f64 {
        Some(f as i64)
    } else {
        None
    }
}

/// The `scoped_userpool_id` claim of a JWT, read without verifying the signature, or why it
/// cannot be read.
fn userpool_id_from_jwt(token: &str) -> Result<String, &'static str> {
    let payload = token
        .split('.')
        .nth(1)
        .ok_or("the access token is not a JWT")?;
    let bytes = BASE64URL_LENIENT
        .decode(payload)
        .map_err(|_| "the access token's payload is not base64url")?;
    let claims: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|_| "the access token's payload is not JSON")?;
    claims
        .get("scoped_userpool_id")
        .and_then(serde_json::Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .ok_or("the access token has no scoped_userpool_id claim")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_claim_is_read_or_reported() {
        let payload = BASE64URL_LENIENT.encode(br#"{"scoped_userpool_id":"pool-1"}"#);
        assert_eq!(
            userpool_id_from_jwt(&format!("h.{}.s", payload)).unwrap(),
            "pool-1"
        );
        assert!(userpool_id_from_jwt("opaque").is_err());
        assert!(userpool_id_from_jwt("a.!!!.c").is_err());
        let no_claim = BASE64URL_LENIENT.encode(br#"{"sub":"x"}"#);
        assert!(userpool_id_from_jwt(&format!("h.{}.s", no_claim)).is_err());
    }

    #[test]
    fn only_a_200_envelope_is_a_success() {
        let dialect = Authing {
            access_key_id: String::new(),
            access_key_secret: String::new(),
            bearer: 0,
            userpool: None,
            pool: None,
        };
        assert!(
            dialect
                .failure_in_success(br#"{"statusCode":200,"data":{}}"#, 200)
                .is_none()
        );
        for body in [
            &br#"{"statusCode":2001,"message":"no"}"#[..],
            br#"{"message":"no","statusCode":403}"#,
            br#"{ "statusCode": 500 }"#,
        ] {
            let failure = dialect.failure_in_success(body, 200);
            assert!(
                matches!(failure.map(|f| f.error), Some(Error::Api { .. })),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn envelope_needs_a_numeric_status_code() {
        let envelope =
            Envelope::probe(br#"{"statusCode":403.0,"apiCode":1,"message":"no","requestId":null}"#)
                .unwrap();
        assert_eq!(envelope.status_code, 403);
        assert_eq!(envelope.api_code, Some(1));
        assert_eq!(envelope.request_id, None);
        assert!(Envelope::probe(br#"{"statusCode":"403"}"#).is_none());
        assert!(Envelope::probe(b"[]").is_none());
    }
}

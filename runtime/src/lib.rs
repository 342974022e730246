//! The client runtime of the crates oapi-docgen generates.
//!
//! This crate is never published and no generated crate depends on it. The generator copies
//! its modules byte for byte into each generated crate (`src/runtime/`), only those the spec
//! needs, and writes that folder's `mod.rs` itself. This root declares every module, so that
//! clippy, rustdoc and the tests here see every line. Modules refer to each other through
//! `super::`, which means the crate root here and `crate::runtime` there.
//!
//! | module | what it holds | emitted when |
//! | ------ | ------------- | ------------ |
//! | `error`, `config`, `client`, `request`, `retry`, `decode`, `credential`, `dialect`, `hooks` | the error type, limits and retry policy, the builder and request loop, requests, answers, the credential and dialect seams, hooks | always |
//! | `api_key`, `basic`, `bearer`, `oauth2`, `token` | one module per kind of security scheme; `token` caches tokens the client obtains | the spec has such a scheme (`token`: an OAuth 2.0 scheme or a dialect) |
//! | `authing` | the Authing management dialect | the generator's `dialect` setting is `authing` |
//! | `query`, `optional_query`, `header`, `cookie`, `path`, `path_items`, `join` | parameters given as text | an operation has such a parameter |
//! | `shape`, `style`, `query_shaped`, `header_shaped`, `cookie_shaped`, `path_shaped` | parameters that are not plain text (`style`: their query, header and path styles) | an operation has such a parameter |
//! | `json_body`, `form_body`, `raw_body`, `multipart`, `multipart_text`, `multipart_bytes`, `multipart_json` | request bodies | an operation sends such a body |
//! | `raw_answer`, `secret_answer` | answers that are not JSON; answers that hold secrets | an operation answers so |
//! | `pagination` | page-by-page streams | an operation is paginated |
//! | `de` | the object visitor and field slots of the models' `Deserialize` impls | the crate has a struct |
//! | `de_nullable` | the `Deserialize` slot of an optional nullable field | a struct has such a field |
//! | `de_rest` | the map of other properties (`additionalProperties`) in a `Deserialize` | a struct has one |
//! | `ser` | the object writer of the models' `Serialize` impls | the crate has a struct |
//! | `ser_optional` | the optional fields of the models' `Serialize` impls | a struct has an optional field |
//! | `webhook` | the receiver of webhook deliveries: checks, then hands the body to the spec's event type | the spec describes deliveries |
//! | `webhook_axum` | the axum extractor of checked deliveries | the spec describes deliveries, with the `axum` feature |
//! | `webhook_signature` | the signature codes of deliveries (HMAC-SHA256) | its deliveries are signed |

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api_key;
pub mod authing;
pub mod basic;
pub mod bearer;
pub mod client;
pub mod config;
pub mod cookie;
pub mod cookie_shaped;
pub mod credential;
pub mod de;
pub mod de_nullable;
pub mod de_rest;
pub mod decode;
pub mod dialect;
pub mod error;
pub mod form_body;
pub mod header;
pub mod header_shaped;
pub mod hooks;
pub mod join;
pub mod json_body;
pub mod multipart;
pub mod multipart_bytes;
pub mod multipart_json;
pub mod multipart_text;
pub mod oauth2;
pub mod optional_query;
pub mod pagination;
pub mod path;
pub mod path_items;
pub mod path_shaped;
pub mod query;
pub mod query_shaped;
pub mod raw_answer;
pub mod raw_body;
pub mod request;
pub mod retry;
pub mod secret_answer;
pub mod ser;
pub mod ser_optional;
pub mod shape;
pub mod style;
pub mod token;
pub mod webhook;
#[cfg(feature = "axum")]
pub mod webhook_axum;
pub mod webhook_signature;

/// What a generated operation does with a request, for the tests of this crate (in a
/// generated crate the operations call these methods themselves).
pub mod testing {
    use std::sync::Arc;

    use serde::de::DeserializeOwned;

    use super::client::{Client, ClientBuilder};
    use super::credential::Credential;
    use super::error::Error;
    use super::request::ApiRequest;

    /// Sets the credential of scheme `index` (what a generated setter does); an index past the
    /// builder's schemes is ignored, as a generated setter would never pass one.
    pub fn with_credential(
        mut builder: ClientBuilder,
        index: usize,
        credential: impl Credential + 'static,
    ) -> ClientBuilder {
        if let Some(slot) = builder.credentials.get_mut(index) {
            *slot = Some(Arc::new(credential));
        }
        builder
    }

    /// Sends `request` and decodes its JSON answer.
    pub async fn execute<T: DeserializeOwned + Send>(
        client: &Client,
        request: ApiRequest,
    ) -> Result<T, Error> {
        client.execute(request).await
    }

    /// Sends `request` and returns its answer's bytes.
    pub async fn execute_raw(client: &Client, request: ApiRequest) -> Result<Vec<u8>, Error> {
        client.execute_raw(request).await
    }
}

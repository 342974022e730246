{#- The crate root. Fields: api (the IR). -#}
#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod models;
{%- if api.webhooks.is_some() %}
pub mod webhooks;
{%- endif %}
mod auth;
mod operations;
mod runtime;

pub use auth::DEFAULT_HOST;
pub use runtime::client::{Client as {{ api.client_name }}, ClientBuilder as {{ api.client_name }}Builder, Pending};
pub use runtime::config::{RetryPolicy, DEFAULT_TIMEOUT, MAX_RESPONSE_BYTES, MAX_RETRY_AFTER, USER_AGENT};
pub use runtime::error::Error;
pub use runtime::hooks::{Exchange, Hooks};
{%- if api.has_bearer_tokens() %}
pub use runtime::bearer::{BearerToken, TokenProvider};
{%- endif %}
{%- if let Some(Dialect::Authing { .. }) = api.dialect %}
pub use runtime::authing::SDK_VERSION;
{%- endif %}
/// The HTTP client crate, for [`{{ api.client_name }}Builder::http_client`].
pub use reqwest;

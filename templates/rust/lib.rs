{#- The crate root. Fields: api (the IR). -#}
#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod models;
mod error;
mod operations;
mod runtime;

pub use error::Error;
pub use runtime::{
    {{ api.client_name }}, {{ api.client_name }}Builder, RetryPolicy, DEFAULT_HOST, DEFAULT_TIMEOUT,
    MAX_RESPONSE_BYTES, MAX_RETRY_AFTER, SDK_VERSION, USER_AGENT,
};
/// The HTTP client crate, for [`{{ api.client_name }}Builder::http_client`].
pub use reqwest;

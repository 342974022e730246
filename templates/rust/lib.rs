{#- The crate root. Fields: api (the IR). -#}
#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod models;
mod error;
mod operations;
mod runtime;

pub use error::Error;
pub use runtime::{ {{- api.client_name }}, {{ api.client_name }}Builder, RetryPolicy};

//! The seam for an API's own conventions beyond OpenAPI: extra headers, its own token flow,
//! failures reported inside successful answers.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderMap;

use super::client::Client;
use super::credential::{BoxFuture, Credential, Outgoing};
use super::error::Error;
use super::retry::Failure;

/// An API's conventions that its spec cannot express. A client without a dialect classifies
/// answers by HTTP status alone.
pub trait Dialect: Send + Sync + fmt::Debug + 'static {
    /// Checks the dialect's settings and installs its credentials for the schemes it serves,
    /// next to those the builder was given (one slot per scheme). Runs once, in `build`.
    fn install(&mut self, credentials: &mut [Option<Arc<dyn Credential>>]) -> Result<(), Error>;

    /// Adds the headers every request carries (after `user-agent` and `accept`).
    fn headers(&self, headers: &mut HeaderMap);

    /// Adds what a request needs beyond the credentials of its requirement, already in `out`.
    fn complete<'a>(
        &'a self,
        client: &'a Client,
        out: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>>;

    /// A failure the API reported inside a 2xx answer, if any.
    fn failure_in_success(&self, body: &[u8], http_status: u16) -> Option<Failure>;

    /// Refines the classification of a non-2xx answer from its body.
    fn classify_failure(&self, body: &[u8], failure: &mut Failure);
}

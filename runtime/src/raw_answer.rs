//! Answers taken as they are (text or binary media types).

use super::client::{Client, Pending};
use super::decode::Decode;
use super::dialect::Dialect;
use super::request::ApiRequest;
use super::retry::Failure;

impl ApiRequest {
    /// Sets the media type asked for in `accept` (for operations that answer other than JSON).
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = media_type;
        self
    }
}

/// An answer's bytes, as they came.
struct Raw(Vec<u8>);

impl Decode for Raw {
    fn decode(
        body: &[u8],
        _http_status: u16,
        _sensitive: bool,
        _dialect: Option<&dyn Dialect>,
    ) -> Result<Self, Failure> {
        Ok(Raw(body.to_vec()))
    }
}

impl Client {
    /// Sends a request and returns the answer's bytes (non-JSON answers).
    pub(crate) fn execute_raw(&self, request: ApiRequest) -> Pending<'_, Vec<u8>> {
        Pending::new(async move { self.send::<Raw>(request).await.map(|Raw(bytes)| bytes) })
    }
}

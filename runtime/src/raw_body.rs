//! Request bodies of raw bytes or text.

use super::request::ApiRequest;

impl ApiRequest {
    /// Sets a body of raw bytes or text with its media type.
    pub fn raw(mut self, body: impl Into<Vec<u8>>, content_type: &str) -> Self {
        self.body = Some((body.into(), content_type.to_owned()));
        self
    }
}

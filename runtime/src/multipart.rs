//! `multipart/form-data` request bodies, encoded as they are built so that retries can resend
//! them. Each kind of part is added by its own module.

use super::error::Error;
use super::request::ApiRequest;

/// A `multipart/form-data` body being built.
pub struct Multipart {
    /// The boundary between parts.
    boundary: String,
    /// The encoded parts so far.
    pub(crate) body: Vec<u8>,
    /// The first part that could not be encoded: the request's error once the form is its
    /// body, returned when it is sent.
    pub(crate) error: Option<Error>,
}

impl Default for Multipart {
    fn default() -> Self {
        Multipart::new()
    }
}

impl Multipart {
    /// An empty form with a random boundary.
    pub fn new() -> Self {
        Multipart {
            boundary: format!(
                "oapi-docgen-{:016x}{:016x}",
                fastrand::u64(..),
                fastrand::u64(..)
            ),
            body: Vec::new(),
            error: None,
        }
    }

    /// Starts a part: boundary line and headers.
    pub(crate) fn part_head(&mut self, name: &str, file: bool, content_type: &str) {
        let name = name.replace('"', "%22").replace(['\r', '\n'], " ");
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body
            .extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        self.body.extend_from_slice(name.as_bytes());
        self.body.extend_from_slice(b"\"");
        if file {
            self.body.extend_from_slice(b"; filename=\"");
            self.body.extend_from_slice(name.as_bytes());
            self.body.extend_from_slice(b"\"");
        }
        self.body.extend_from_slice(b"\r\nContent-Type: ");
        self.body.extend_from_slice(content_type.as_bytes());
        self.body.extend_from_slice(b"\r\n\r\n");
    }

    /// The encoded body and its content type.
    fn finish(mut self) -> (Vec<u8>, String) {
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body.extend_from_slice(b"--\r\n");
        let content_type = format!("multipart/form-data; boundary={}", self.boundary);
        (self.body, content_type)
    }
}

impl ApiRequest {
    /// Sets a `multipart/form-data` body.
    pub fn multipart(mut self, mut form: Multipart) -> Self {
        if let Some(error) = form.error.take() {
            self.error.get_or_insert(error);
        }
        self.body = Some(form.finish());
        self
    }
}

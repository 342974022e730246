//! File parts of `multipart/form-data` bodies.

use super::multipart::Multipart;

impl Multipart {
    /// Adds a file part of raw bytes.
    pub fn bytes(mut self, name: &str, value: &[u8]) -> Self {
        self.part_head(name, true, "application/octet-stream");
        self.body.extend_from_slice(value);
        self.body.extend_from_slice(b"\r\n");
        self
    }
}

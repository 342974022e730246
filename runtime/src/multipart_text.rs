//! Text parts of `multipart/form-data` bodies.

use std::fmt;

use super::multipart::Multipart;

impl Multipart {
    /// Adds a text part.
    pub fn text(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.part_head(name, false, "text/plain; charset=utf-8");
        self.body.extend_from_slice(value.to_string().as_bytes());
        self.body.extend_from_slice(b"\r\n");
        self
    }
}

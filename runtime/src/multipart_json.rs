//! JSON parts of `multipart/form-data` bodies.

use serde::Serialize;

use super::error::Error;
use super::multipart::Multipart;

impl Multipart {
    /// Adds a part holding a value as JSON. A value that cannot be serialized is the
    /// request's error, returned when it is sent.
    pub fn json<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(text) => {
                self.part_head(name, false, "application/json");
                self.body.extend_from_slice(&text);
                self.body.extend_from_slice(b"\r\n");
            }
            Err(error) => _ = self.error.get_or_insert(Error::Encode(error)),
        }
        self
    }
}

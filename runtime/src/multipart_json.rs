//! JSON parts of `multipart/form-data` bodies.

use serde::Serialize;

use super::error::Error;
use super::multipart::Multipart;

impl Multipart {
    /// Adds a part holding a value as JSON.
    pub fn json<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Result<Self, Error> {
        let text = serde_json::to_vec(value).map_err(Error::Encode)?;
        self.part_head(name, false, "application/json");
        self.body.extend_from_slice(&text);
        self.body.extend_from_slice(b"\r\n");
        Ok(self)
    }
}

//! JSON request bodies.

use serde::Serialize;

use super::error::Error;
use super::request::ApiRequest;

impl ApiRequest {
    /// Sets the JSON body (serialized now; sent with `content-type: application/json`). A
    /// body that cannot be serialized is the request's error, returned when it is sent.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((bytes, "application/json".to_owned())),
            Err(error) => _ = self.error.get_or_insert(Error::Encode(error)),
        }
        self
    }
}

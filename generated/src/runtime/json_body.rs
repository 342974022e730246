//! JSON request bodies.

use serde::Serialize;

use super::error::Error;
use super::request::ApiRequest;

impl ApiRequest {
    /// Sets the JSON body (serialized now; sent with `content-type: application/json`).
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(Error::Encode)?;
        self.body = Some((bytes, "application/json".to_owned()));
        Ok(self)
    }
}

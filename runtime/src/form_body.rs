//! `application/x-www-form-urlencoded` request bodies.

use serde::Serialize;

use super::error::Error;
use super::request::ApiRequest;

impl ApiRequest {
    /// Sets an `application/x-www-form-urlencoded` body (flat fields only).
    pub fn form<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        let text = serde_urlencoded::to_string(body)
            .map_err(|e| Error::Config(format!("the form body cannot be encoded: {e}")))?;
        self.body = Some((
            text.into_bytes(),
            "application/x-www-form-urlencoded".to_owned(),
        ));
        Ok(self)
    }
}

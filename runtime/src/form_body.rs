//! `application/x-www-form-urlencoded` request bodies.

use serde::Serialize;

use super::error::Error;
use super::request::ApiRequest;

impl ApiRequest {
    /// Sets an `application/x-www-form-urlencoded` body (flat fields only). A body that
    /// cannot be encoded is the request's error, returned when it is sent.
    pub fn form<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_urlencoded::to_string(body) {
            Ok(text) => {
                self.body = Some((
                    text.into_bytes(),
                    "application/x-www-form-urlencoded".to_owned(),
                ));
            }
            Err(e) => {
                let error = Error::Config(format!("the form body cannot be encoded: {e}"));
                self.error.get_or_insert(error);
            }
        }
        self
    }
}

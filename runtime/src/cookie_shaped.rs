//! Cookie parameters that are not plain text.

use serde::Serialize;

use super::request::ApiRequest;
use super::shape::Shape;

impl ApiRequest {
    /// Adds a cookie parameter that is not plain text, written from its JSON form as one cookie
    /// in the `form` style without `explode` (the `Form` style); `null`
    /// (`None`) sends nothing.
    /// A value that cannot be written so is the request's error, returned when it is sent.
    pub fn cookie_shaped<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match Shape::of(name, value).map(|shape| shape.joined(false, ",", str::to_owned)) {
            Ok(Some(text)) => self.cookie(name, text),
            Ok(None) => self,
            Err(error) => {
                self.error.get_or_insert(error);
                self
            }
        }
    }
}

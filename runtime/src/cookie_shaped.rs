//! Cookie parameters that are not plain text.

use serde::Serialize;

use super::error::Error;
use super::request::ApiRequest;
use super::shape::Shape;

impl ApiRequest {
    /// Adds a cookie parameter that is not plain text, written from its JSON form as one cookie
    /// in the `form` style without `explode` (the `Form` style); `null`
    /// (`None`) sends nothing.
    pub fn cookie_shaped<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Self, Error> {
        Ok(
            match Shape::of(name, value)?.joined(false, ",", str::to_owned) {
                Some(text) => self.cookie(name, text),
                None => self,
            },
        )
    }
}

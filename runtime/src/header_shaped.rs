//! Header parameters that are not plain text.

use serde::Serialize;

use super::error::Error;
use super::request::ApiRequest;
use super::shape::Shape;
use super::style::Style;

impl ApiRequest {
    /// Adds a header parameter that is not plain text, written from its JSON form in the
    /// `simple` style (see [`Style`]); `null` (`None`) sends nothing.
    pub fn header_shaped<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<Self, Error> {
        let pairs = style == Style::SimpleExploded;
        Ok(
            match Shape::of(name, value)?.joined(pairs, ",", str::to_owned) {
                Some(text) => self.header(name, text),
                None => self,
            },
        )
    }
}

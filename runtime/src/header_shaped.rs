//! Header parameters that are not plain text.

use serde::Serialize;

use super::request::ApiRequest;
use super::shape::Shape;
use super::style::Style;

impl ApiRequest {
    /// Adds a header parameter that is not plain text, written from its JSON form in the
    /// `simple` style (see [`Style`]); `null` (`None`) sends nothing. A value that cannot be
    /// written so is the request's error, returned when it is sent.
    pub fn header_shaped<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Self {
        let pairs = style == Style::SimpleExploded;
        match Shape::of(name, value).map(|shape| shape.joined(pairs, ",", str::to_owned)) {
            Ok(Some(text)) => self.header(name, text),
            Ok(None) => self,
            Err(error) => {
                self.error.get_or_insert(error);
                self
            }
        }
    }
}

//! Query parameters that are not plain text.

use std::borrow::Cow;

use serde::Serialize;

use super::error::Error;
use super::request::ApiRequest;
use super::shape::Shape;
use super::style::Style;

impl ApiRequest {
    /// Adds a query parameter that is not plain text (an object, a union, a free-form value),
    /// written from its JSON form in `style` (see [`Style`]); `null` (`None`) sends nothing.
    pub fn query_shaped<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<Self, Error> {
        let name = Cow::Borrowed(name);
        let separator = match style {
            Style::SpaceDelimited => " ",
            Style::PipeDelimited => "|",
            _ => ",",
        };
        match (Shape::of(&name, value)?, style) {
            (Shape::List(items), Style::FormExploded | Style::DeepObject) => self
                .query
                .extend(items.into_iter().map(|item| (name.clone(), item))),
            (Shape::Object(properties), Style::FormExploded) => self.query.extend(
                properties
                    .into_iter()
                    .map(|(property, text)| (Cow::Owned(property), text)),
            ),
            (Shape::Object(properties), Style::DeepObject) => self.query.extend(
                properties
                    .into_iter()
                    .map(|(property, text)| (Cow::Owned(format!("{name}[{property}]")), text)),
            ),
            (shape, _) => {
                if let Some(text) = shape.joined(false, separator, str::to_owned) {
                    self.query.push((name, text));
                }
            }
        }
        Ok(self)
    }
}

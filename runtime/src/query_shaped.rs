//! Query parameters that are not plain text.

use std::borrow::Cow;

use serde::Serialize;

use super::request::ApiRequest;
use super::shape::Shape;
use super::style::Style;

impl ApiRequest {
    /// Adds a query parameter that is not plain text (an object, a union, a free-form value),
    /// written from its JSON form in `style` (see [`Style`]); `null` (`None`) sends nothing.
    /// A value that cannot be written so is the request's error, returned when it is sent.
    pub fn query_shaped<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Self {
        let name = Cow::Borrowed(name);
        let separator = match style {
            Style::SpaceDelimited => " ",
            Style::PipeDelimited => "|",
            _ => ",",
        };
        let shape = match Shape::of(&name, value) {
            Ok(shape) => shape,
            Err(error) => {
                self.error.get_or_insert(error);
                return self;
            }
        };
        match (shape, style) {
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
        self
    }
}

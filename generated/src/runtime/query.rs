//! Query parameters given as text.

use std::borrow::Cow;

use super::request::ApiRequest;

impl ApiRequest {
    /// Adds a query parameter (repeat the name for array parameters).
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((Cow::Borrowed(name), value.to_string()));
        self
    }
}

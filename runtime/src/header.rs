//! Header parameters given as text.

use super::request::ApiRequest;

impl ApiRequest {
    /// Adds a header parameter of the operation.
    pub fn header(mut self, name: &'static str, value: impl ToString) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }
}

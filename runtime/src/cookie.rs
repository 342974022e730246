//! Cookie parameters given as text.

use super::request::ApiRequest;

impl ApiRequest {
    /// Adds a cookie parameter of the operation (all are sent in one `cookie` header).
    pub fn cookie(mut self, name: &'static str, value: impl ToString) -> Self {
        self.cookies.push((name, value.to_string()));
        self
    }
}

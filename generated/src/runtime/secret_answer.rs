//! Answers that hold secrets (tokens, keys, passwords).

use super::request::ApiRequest;

impl ApiRequest {
    /// Marks the success body as secret: it never appears in an error snippet.
    pub fn secret_answer(mut self) -> Self {
        self.sensitive = true;
        self
    }
}

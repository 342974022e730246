//! Optional query parameters given as text.

use super::request::ApiRequest;

impl ApiRequest {
    /// Adds the query parameter `name` when `value` is present.
    pub fn optional_query(self, name: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::ApiRequest;

    #[test]
    fn a_present_value_is_added_and_an_absent_one_is_not() {
        let request = ApiRequest::new(reqwest::Method::GET, "/items", true, &[])
            .optional_query("page", Some(2))
            .optional_query("size", None::<i32>)
            .optional_query("q", Some("rust"));
        let expected = [
            (Cow::Borrowed("page"), "2".to_string()),
            (Cow::Borrowed("q"), "rust".to_string()),
        ];
        assert_eq!(request.query, expected);
    }
}

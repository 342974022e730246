//! The optional fields of the models' `Serialize` impls (see [`super::ser`]).

use serde::Serialize;

use super::ser::Field;

/// An optional field: left out when absent. (`Some(None)`, a nullable field's `null`, is
/// written as `null`.) A required field is `(name, false, &value)`.
pub fn optional<'a, T: Serialize>(name: &'static str, value: &'a Option<T>) -> Field<'a> {
    (name, value.is_none(), value)
}

#[cfg(test)]
mod tests {
    use super::optional;

    #[test]
    fn an_absent_field_is_left_out_and_a_null_one_is_kept() {
        let absent: Option<Option<i32>> = None;
        let null: Option<Option<i32>> = Some(None);
        let set: Option<Option<i32>> = Some(Some(3));
        assert!(optional("a", &absent).1);
        assert!(!optional("a", &null).1);
        assert!(!optional("a", &set).1);
        assert_eq!(optional("a", &set).0, "a");
    }
}

//! What the models' `Serialize` impls share: writing an object from a list of fields.
//!
//! The generator writes each struct's `Serialize` itself instead of deriving it: one call to
//! [`object`] with the struct's fields, each its wire name, whether it is left out (an absent
//! optional field, whose entry `ser_optional::optional` makes) and its value as a `&dyn
//! erased_serde::Serialize`. Only this module is generic over the serializer, so a struct
//! costs the type checker a list of references instead of serde's derived body, which was a
//! third of the cost of checking a generated crate.

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

/// A field: its wire name, whether it is left out, and its value.
pub type Field<'a> = (&'static str, bool, &'a dyn erased_serde::Serialize);

/// The map of other properties (`additionalProperties`), written after the fields.
pub trait Rest {
    /// The names and values, in order.
    fn entries(&self) -> Vec<(&str, &dyn erased_serde::Serialize)>;
}

impl<V: Serialize> Rest for BTreeMap<String, V> {
    fn entries(&self) -> Vec<(&str, &dyn erased_serde::Serialize)> {
        self.iter()
            .map(|(name, value)| (name.as_str(), value as &dyn erased_serde::Serialize))
            .collect()
    }
}

/// Writes the struct `name` as an object of `fields` that are not left out, then the `rest`:
/// a struct (`serialize_struct`) when there is no rest, a map when there is, as serde's derive
/// does for a struct with a flattened map.
pub fn object<S: Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[Field<'_>],
    rest: Option<&dyn Rest>,
) -> Result<S::Ok, S::Error> {
    match rest {
        None => {
            let len = fields.iter().filter(|(_, skip, _)| !skip).count();
            let mut state = serializer.serialize_struct(name, len)?;
            for &(key, skip, value) in fields {
                match skip {
                    true => state.skip_field(key)?,
                    false => state.serialize_field(key, value)?,
                }
            }
            state.end()
        }
        Some(rest) => {
            let mut state = serializer.serialize_map(None)?;
            for &(key, _, value) in fields.iter().filter(|(_, skip, _)| !skip) {
                state.serialize_entry(key, value)?;
            }
            for (key, value) in rest.entries() {
                state.serialize_entry(key, value)?;
            }
            state.end()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Rest, object};
    use serde::{Serialize, Serializer};
    use std::collections::BTreeMap;

    /// A struct as the generator writes it: a required nullable `id`, an optional `name`, and
    /// other properties when `rest` is set.
    struct User {
        id: Option<String>,
        name: Option<String>,
        rest: Option<BTreeMap<String, i64>>,
    }

    impl Serialize for User {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            object(
                serializer,
                "User",
                &[
                    ("id", false, &self.id),
                    ("name", self.name.is_none(), &self.name),
                ],
                self.rest.as_ref().map(|rest| rest as &dyn Rest),
            )
        }
    }

    #[test]
    fn absent_optional_fields_are_left_out_and_null_required_ones_written() {
        let user = User {
            id: None,
            name: None,
            rest: None,
        };
        assert_eq!(serde_json::to_string(&user).unwrap(), r#"{"id":null}"#);
        let user = User {
            id: Some("u1".into()),
            name: Some("Ada".into()),
            rest: None,
        };
        assert_eq!(
            serde_json::to_string(&user).unwrap(),
            r#"{"id":"u1","name":"Ada"}"#
        );
    }

    #[test]
    fn other_properties_follow_the_fields() {
        let rest = BTreeMap::from([("age".to_owned(), 3), ("zip".to_owned(), 9)]);
        let user = User {
            id: Some("u1".into()),
            name: None,
            rest: Some(rest),
        };
        assert_eq!(
            serde_json::to_string(&user).unwrap(),
            r#"{"id":"u1","age":3,"zip":9}"#
        );
    }

    #[test]
    fn a_form_serializer_sees_the_same_fields() {
        let user = User {
            id: Some("u 1".into()),
            name: Some("Ada".into()),
            rest: None,
        };
        assert_eq!(
            serde_urlencoded::to_string(&user).unwrap(),
            "id=u+1&name=Ada"
        );
    }
}

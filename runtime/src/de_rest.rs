//! The map of other properties (`additionalProperties`) in the models' `Deserialize` impls
//! (see [`super::de`]).

use std::collections::BTreeMap;

use serde::de::{Deserialize, Deserializer, MapAccess};

use super::de::{Fields, Key, Rest, read};

/// A struct's fields' values, then the map of its other properties.
pub type WithRest<T, V> = (T, BTreeMap<String, V>);

/// [`super::de::object`] for a struct that keeps the names no field has, with their values,
/// in a map: the fields' values, then that map.
pub fn object<'de, D: Deserializer<'de>, F: Fields<'de>, V: Deserialize<'de>>(
    deserializer: D,
    name: &'static str,
    names: &'static [&'static str],
    slots: F,
) -> Result<WithRest<F::Output, V>, D::Error> {
    read(deserializer, name, names, slots, BTreeMap::new())
}

/// The map of other properties: every name that no field has, with its value.
impl<'de, V: Deserialize<'de>> Rest<'de> for BTreeMap<String, V> {
    fn put<A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        self.insert(key.as_str().to_owned(), map.next_value()?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::de::{Optional, Required};
    use super::object;
    use serde::{Deserialize, Deserializer};
    use std::collections::BTreeMap;

    /// A required `id`, an optional `name`, and other properties.
    #[derive(Debug, PartialEq)]
    struct User {
        id: String,
        name: Option<String>,
        rest: BTreeMap<String, i64>,
    }

    impl<'de> Deserialize<'de> for User {
        fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
            let slots = (Required::NEW, Optional::NEW);
            let ((id, name), rest) = object(input, "User", &["id", "name"], slots)?;
            Ok(User { id, name, rest })
        }
    }

    #[test]
    fn names_no_field_has_go_to_the_map() {
        let user: User = serde_json::from_str(r#"{"age":3,"id":"u1","zip":9}"#).unwrap();
        let rest = BTreeMap::from([("age".to_owned(), 3), ("zip".to_owned(), 9)]);
        let expected = User {
            id: "u1".into(),
            name: None,
            rest,
        };
        assert_eq!(user, expected);
        let wrong = serde_json::from_str::<User>(r#"{"id":"u1","age":"three"}"#).unwrap_err();
        assert!(
            wrong.to_string().contains("invalid type: string"),
            "{wrong}"
        );
        let missing = serde_json::from_str::<User>(r#"{"age":3}"#).unwrap_err();
        assert!(
            missing.to_string().starts_with("missing field `id`"),
            "{missing}"
        );
    }
}

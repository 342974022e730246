//! The map of other properties (`additionalProperties`) in the models' `Deserialize` impls
//! (see [`super::de`]).

use std::collections::BTreeMap;

use serde::de::{Deserialize, Error, IgnoredAny, MapAccess};

use super::de::{Fields, Key};

/// The slot of a map of other properties: every name that no field has, with its value. It
/// takes no name of its own.
pub struct Rest<V>(BTreeMap<String, V>);

impl<V> Rest<V> {
    /// The slot, empty.
    pub const NEW: Self = Self(BTreeMap::new());
}

impl<'de, V: Deserialize<'de>> Fields<'de> for Rest<V> {
    const LEN: usize = 0;
    type Output = BTreeMap<String, V>;

    fn put<A: MapAccess<'de>>(&mut self, _: usize, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }

    fn other<A: MapAccess<'de>>(&mut self, key: &Key<'de>, map: &mut A) -> Result<bool, A::Error> {
        self.0.insert(key.as_str().to_owned(), map.next_value()?);
        Ok(true)
    }

    fn finish<E: Error>(&mut self, _: &'static [&'static str]) -> Result<Self::Output, E> {
        Ok(std::mem::take(&mut self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::super::de::{Optional, Required, object};
    use super::Rest;
    use serde::{Deserialize, Deserializer};
    use std::collections::BTreeMap;

    /// A required `id`, other properties, then an optional `name`.
    #[derive(Debug, PartialEq)]
    struct User {
        id: String,
        rest: BTreeMap<String, i64>,
        name: Option<String>,
    }

    impl<'de> Deserialize<'de> for User {
        fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
            let slots = (
                Required::<String>::NEW,
                Rest::<i64>::NEW,
                Optional::<String>::NEW,
            );
            let (id, rest, name) = object(input, "User", &["id", "name"], slots)?;
            Ok(User { id, rest, name })
        }
    }

    #[test]
    fn names_no_field_has_go_to_the_map() {
        let json = r#"{"age":3,"id":"u1","zip":9,"name":"Ada"}"#;
        let user: User = serde_json::from_str(json).unwrap();
        let rest = BTreeMap::from([("age".to_owned(), 3), ("zip".to_owned(), 9)]);
        let expected = User {
            id: "u1".into(),
            rest,
            name: Some("Ada".into()),
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

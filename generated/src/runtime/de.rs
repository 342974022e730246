//! What the models' `Deserialize` impls share: the name of an object's field, the visitor of
//! an object, and the slots its fields are read into.
//!
//! The generator writes each struct's `Deserialize` itself instead of deriving it: the struct
//! implements [`Object`], whose `visit` keeps one slot per field and matches each name to its
//! slot; [`object`] is the visitor that calls it. There is no field enum and no `visit_seq`
//! (a JSON object is never an array), and each field is one call to [`Slot::put`]. It
//! type-checks in a fraction of the time of serde's derive, which was most of the cost of
//! checking a generated crate.
//!
//! A field's slot says what its value means:
//! - `Result<T, &'static str>`, which starts as `Err(name)`: a required field, still missing
//!   while it is `Err` (then `missing_field(name)` is the error);
//! - `Option<T>`: any other field, `Some` once its value came. An optional field reads
//!   `Option<T>` there, so that `null` is `Some(None)`: a nullable field keeps it, a field that
//!   is not nullable flattens it to absent;
//! - the map of other properties (`additionalProperties`) takes the names no field has;
//! - [`IgnoredAny`] skips them when there is no such map.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// The name of a field, borrowed from the input where it has no escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name, as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads a field name given as text or as UTF-8 bytes.
struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(value)))
    }

    fn visit_borrowed_bytes<E: Error>(self, value: &'de [u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(value) {
            Ok(text) => Ok(Key(Cow::Borrowed(text))),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(value), &self)),
        }
    }

    fn visit_bytes<E: Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(value) {
            Ok(text) => Ok(Key(Cow::Owned(text.to_owned()))),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(value), &self)),
        }
    }
}

/// A struct read from an object, field by field.
pub trait Object<'de>: Sized {
    /// Reads the struct from the object's names and values.
    fn visit<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes the [`Object`] `T`, the struct `name` (for error messages: `expected struct
/// User`), from a map: what each struct's `Deserialize` calls.
pub fn object<'de, D: Deserializer<'de>, T: Object<'de>>(
    deserializer: D,
    name: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(name, PhantomData))
}

/// The one visitor of every [`Object`]: the struct's name, and its type.
struct ObjectVisitor<T>(&'static str, PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// Where a struct's `Deserialize` keeps a field while it reads the object (see the module's
/// documentation for what each slot means).
pub trait Slot<'de> {
    /// Reads the value of the name `key` into the slot.
    fn put<A: MapAccess<'de>>(&mut self, key: &Key<'de>, map: &mut A) -> Result<(), A::Error>;
}

/// A required field: `Err(name)` until its value came.
impl<'de, T: Deserialize<'de>> Slot<'de> for Result<T, &'static str> {
    fn put<A: MapAccess<'de>>(&mut self, _: &Key<'de>, map: &mut A) -> Result<(), A::Error> {
        *self = Ok(map.next_value()?);
        Ok(())
    }
}

/// An optional field: `None` until its value came.
impl<'de, T: Deserialize<'de>> Slot<'de> for Option<T> {
    fn put<A: MapAccess<'de>>(&mut self, _: &Key<'de>, map: &mut A) -> Result<(), A::Error> {
        *self = Some(map.next_value()?);
        Ok(())
    }
}

/// The map of other properties: every name that no field has.
impl<'de, V: Deserialize<'de>> Slot<'de> for BTreeMap<String, V> {
    fn put<A: MapAccess<'de>>(&mut self, key: &Key<'de>, map: &mut A) -> Result<(), A::Error> {
        self.insert(key.as_str().to_owned(), map.next_value()?);
        Ok(())
    }
}

/// A name that no field has, where the struct keeps no other properties: skipped.
impl<'de> Slot<'de> for IgnoredAny {
    fn put<A: MapAccess<'de>>(&mut self, _: &Key<'de>, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Deserialize, Deserializer, Error, Key, MapAccess, Object, Slot, object};
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    #[test]
    fn a_plain_name_is_borrowed_and_an_escaped_one_owned() {
        let plain: Key<'_> = serde_json::from_str(r#""userId""#).unwrap();
        assert!(matches!(plain.0, Cow::Borrowed("userId")));
        let escaped: Key<'_> = serde_json::from_str(r#""user\u0049d""#).unwrap();
        assert!(matches!(&escaped.0, Cow::Owned(name) if name == "userId"));
        assert_eq!(escaped.as_str(), "userId");
    }

    /// The slots of a struct as the generator writes them: a required `id`, an optional
    /// `name`, a nullable optional `note`, and other properties.
    #[derive(Debug, PartialEq)]
    struct User {
        id: String,
        name: Option<String>,
        note: Option<Option<String>>,
        rest: BTreeMap<String, i64>,
    }

    impl<'de> Object<'de> for User {
        fn visit<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut f0: Result<String, &'static str> = Err("id");
            let mut f1: Option<Option<String>> = None;
            let mut f2: Option<Option<String>> = None;
            let mut f3: BTreeMap<String, i64> = BTreeMap::new();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "id" => f0.put(&key, &mut map),
                    "name" => f1.put(&key, &mut map),
                    "note" => f2.put(&key, &mut map),
                    _ => f3.put(&key, &mut map),
                }?;
            }
            Ok(User {
                id: f0.map_err(Error::missing_field)?,
                name: f1.flatten(),
                note: f2,
                rest: f3,
            })
        }
    }

    impl<'de> Deserialize<'de> for User {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer, "User")
        }
    }

    #[test]
    fn slots_keep_required_optional_nullable_and_other_fields() {
        let user: User =
            serde_json::from_str(r#"{"id":"u1","name":null,"note":null,"age":3}"#).unwrap();
        assert_eq!(
            user,
            User {
                id: "u1".into(),
                name: None,
                note: Some(None),
                rest: BTreeMap::from([("age".to_owned(), 3)]),
            }
        );
        let user: User = serde_json::from_str(r#"{"name":"Ada","id":"u2"}"#).unwrap();
        assert_eq!(user.name.as_deref(), Some("Ada"));
        assert_eq!(user.note, None);
    }

    #[test]
    fn a_missing_required_field_and_a_non_object_are_errors() {
        let missing = serde_json::from_str::<User>(r#"{"name":"Ada"}"#).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "missing field `id` at line 1 column 14"
        );
        let array = serde_json::from_str::<User>(r#"["u1"]"#).unwrap_err();
        assert!(
            array.to_string().contains("expected struct User"),
            "{array}"
        );
        let null_id = serde_json::from_str::<User>(r#"{"id":null}"#).unwrap_err();
        assert!(
            null_id.to_string().contains("invalid type: null"),
            "{null_id}"
        );
    }

    #[test]
    fn a_name_that_is_not_text_is_refused() {
        assert!(serde_json::from_str::<Key<'_>>("12").is_err());
    }
}

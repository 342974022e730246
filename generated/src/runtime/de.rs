//! What the models' `Deserialize` impls share: the name of an object's field, the visitor of
//! an object, and the slots its fields are read into.
//!
//! The generator writes each struct's `Deserialize` itself instead of deriving it, as one call
//! to [`object`]: the struct's name, its fields' wire names, and a tuple of slots, one per
//! field in the same order, whose values come back as a tuple of the same shape. The visitor,
//! the loop over the object's names and the dispatch to each slot are written once, here,
//! generic over the tuple. A struct's body is then a call and a struct literal: it
//! type-checks in a fraction of the time of serde's derive, or of a loop written out per
//! struct, which were most of the cost of checking a generated crate.
//!
//! A field's slot says what its value means:
//! - [`Required`]: the field must come (else `missing_field(name)` is the error);
//! - [`Optional`]: a field that may be absent; `null` reads as absent too;
//! - `de_nullable::Nullable`: a nullable field that may be absent, whose `null` is kept:
//!   absent is `None`, `null` is `Some(None)`;
//! - `de_rest::Rest`: the map of other properties (`additionalProperties`), which takes the
//!   names no field has (it has no name of its own); without it, their values are skipped;
//! - a tuple of up to 12 slots (a tuple of tuples past that) is itself a slot, for every field
//!   of a struct.

use std::borrow::Cow;
use std::fmt;

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

/// Deserializes an object whose fields are `names` into `slots` (in the same order), and
/// returns their values: what each struct's `Deserialize` calls. `name` is the struct's, for
/// error messages (`expected struct User`). A name that no field has
/// goes to the slots' map of other properties if they have one, and is skipped otherwise.
pub fn object<'de, D: Deserializer<'de>, F: Fields<'de>>(
    deserializer: D,
    name: &'static str,
    names: &'static [&'static str],
    mut slots: F,
) -> Result<F::Output, D::Error> {
    // The visitor borrows the slots, so that it stays small as serde moves it around.
    let slots = &mut slots;
    deserializer.deserialize_map(ObjectVisitor { name, names, slots })
}

/// The one visitor of every struct: its name, and its fields' names and slots.
struct ObjectVisitor<'a, F> {
    name: &'static str,
    names: &'static [&'static str],
    slots: &'a mut F,
}

impl<'de, F: Fields<'de>> Visitor<'de> for ObjectVisitor<'_, F> {
    type Value = F::Output;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F::Output, A::Error> {
        // Objects mostly come in the fields' order: the name after the last one found is tried
        // first.
        let mut next = 0;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match find(self.names, next, key.as_str()) {
                Some(index) => {
                    self.slots.put(index, &mut map)?;
                    next = index + 1;
                }
                None => {
                    if !self.slots.other(&key, &mut map)? {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
        }
        self.slots.finish(self.names)
    }
}

/// The index of `key` in `names`, looked for from `start` on, then before it.
fn find(names: &[&str], start: usize, key: &str) -> Option<usize> {
    let start = start.min(names.len());
    let (before, after) = names.split_at(start);
    let matches = |name: &&str| *name == key;
    match after.iter().position(matches) {
        Some(index) => Some(start + index),
        None => before.iter().position(matches),
    }
}

/// The slots a struct's fields are read into: one field's ([`Required`], [`Optional`],
/// `de_nullable::Nullable`, `de_rest::Rest`), or a tuple of slots, for several.
pub trait Fields<'de> {
    /// How many fields: how many of the names these slots take.
    const LEN: usize;
    /// The fields' values, once the object is read.
    type Output;
    /// Reads the value of field `index` (of `0..LEN`).
    fn put<A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
    /// Reads the value of `key`, a name that no field has, if these slots keep such names (a
    /// map of other properties); whether they did.
    fn other<A: MapAccess<'de>>(&mut self, key: &Key<'de>, map: &mut A) -> Result<bool, A::Error> {
        let _ = (key, map);
        Ok(false)
    }
    /// Takes the values out; an error if a required field never came. `names` are the
    /// fields' names, for that error.
    fn finish<E: Error>(&mut self, names: &'static [&'static str]) -> Result<Self::Output, E>;
}

// A crate built with only some tags' features may compile structs with only one kind of
// field: the other slot is then unused, which is not an error of the generated code.

/// A required field: its value, or `missing field` if it never came.
#[allow(
    dead_code,
    reason = "a crate built with some features may have no required field"
)]
pub struct Required<T>(Option<T>);

/// An optional field: absent until its value came; a `null` value is absent too.
#[allow(
    dead_code,
    reason = "a crate built with some features may have no optional field"
)]
pub struct Optional<T>(Option<T>);

#[allow(
    dead_code,
    reason = "a crate built with some features may have no required field"
)]
impl<T> Required<T> {
    /// The slot, empty.
    pub const NEW: Self = Self(None);
}

#[allow(
    dead_code,
    reason = "a crate built with some features may have no optional field"
)]
impl<T> Optional<T> {
    /// The slot, empty.
    pub const NEW: Self = Self(None);
}

impl<'de, T: Deserialize<'de>> Fields<'de> for Required<T> {
    const LEN: usize = 1;
    type Output = T;

    fn put<A: MapAccess<'de>>(&mut self, _: usize, map: &mut A) -> Result<(), A::Error> {
        self.0 = Some(map.next_value()?);
        Ok(())
    }

    fn finish<E: Error>(&mut self, names: &'static [&'static str]) -> Result<T, E> {
        let name = names.first().copied().unwrap_or("field");
        self.0.take().ok_or_else(|| E::missing_field(name))
    }
}

impl<'de, T: Deserialize<'de>> Fields<'de> for Optional<T> {
    const LEN: usize = 1;
    type Output = Option<T>;

    fn put<A: MapAccess<'de>>(&mut self, _: usize, map: &mut A) -> Result<(), A::Error> {
        self.0 = map.next_value()?;
        Ok(())
    }

    fn finish<E: Error>(&mut self, _: &'static [&'static str]) -> Result<Option<T>, E> {
        Ok(self.0.take())
    }
}

/// A tuple of slots is the slots of its fields in order: field `index` is in the first slot
/// whose fields reach past it.
macro_rules! tuple_fields {
    ($($slot:ident $value:ident),+) => {
        impl<'de, $($slot: Fields<'de>),+> Fields<'de> for ($($slot,)+) {
            const LEN: usize = 0 $(+ $slot::LEN)+;
            type Output = ($($slot::Output,)+);

            fn put<A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
                #[allow(non_snake_case)]
                let ($($value,)+) = self;
                let mut start = 0;
                $(
                    if index < start + $slot::LEN {
                        return $value.put(index - start, map);
                    }
                    start += $slot::LEN;
                )+
                let _ = start;
                map.next_value::<IgnoredAny>().map(drop)
            }

            fn other<A: MapAccess<'de>>(&mut self, key: &Key<'de>, map: &mut A) -> Result<bool, A::Error> {
                #[allow(non_snake_case)]
                let ($($value,)+) = self;
                $(
                    if $value.other(key, map)? {
                        return Ok(true);
                    }
                )+
                Ok(false)
            }

            fn finish<E: Error>(&mut self, names: &'static [&'static str]) -> Result<Self::Output, E> {
                #[allow(non_snake_case)]
                let ($($value,)+) = self;
                let mut start = 0;
                $(
                    let part = names.get(start..).unwrap_or_default();
                    start += $slot::LEN;
                    #[allow(non_snake_case)]
                    let $value = $value.finish(part)?;
                )+
                let _ = start;
                Ok(($($value,)+))
            }
        }
    };
}

/// A struct without fields.
impl<'de> Fields<'de> for () {
    const LEN: usize = 0;
    type Output = ();

    fn put<A: MapAccess<'de>>(&mut self, _: usize, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }

    fn finish<E: Error>(&mut self, _: &'static [&'static str]) -> Result<(), E> {
        Ok(())
    }
}

tuple_fields!(A0 a0);
tuple_fields!(A0 a0, A1 a1);
tuple_fields!(A0 a0, A1 a1, A2 a2);
tuple_fields!(A0 a0, A1 a1, A2 a2, A3 a3);
tuple_fields!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4);
tuple_fields!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5);
tuple_fields!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6);
tuple_fields!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7);
tuple_fields!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8);
tuple_fields!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9);
tuple_fields!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10);
tuple_fields!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11);

#[cfg(test)]
mod tests {
    use super::{Deserialize, Deserializer, Key, Optional, Required, object};
    use std::borrow::Cow;

    #[test]
    fn a_plain_name_is_borrowed_and_an_escaped_one_owned() {
        let plain: Key<'_> = serde_json::from_str(r#""userId""#).unwrap();
        assert!(matches!(plain.0, Cow::Borrowed("userId")));
        let escaped: Key<'_> = serde_json::from_str(r#""user\u0049d""#).unwrap();
        assert!(matches!(&escaped.0, Cow::Owned(name) if name == "userId"));
        assert_eq!(escaped.as_str(), "userId");
    }

    /// A struct as the generator writes it: a required `id` and an optional `name`.
    #[derive(Debug, PartialEq)]
    struct User {
        id: String,
        name: Option<String>,
    }

    impl<'de> Deserialize<'de> for User {
        fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
            let slots = (Required::<String>::NEW, Optional::<String>::NEW);
            let (id, name) = object(input, "User", &["id", "name"], slots)?;
            Ok(User { id, name })
        }
    }

    #[test]
    fn slots_keep_required_and_optional_fields_and_skip_other_names() {
        let user: User = serde_json::from_str(r#"{"id":"u1","name":null,"age":3}"#).unwrap();
        let expected = User {
            id: "u1".into(),
            name: None,
        };
        assert_eq!(user, expected);
        let user: User = serde_json::from_str(r#"{"name":"Ada","id":"u2"}"#).unwrap();
        assert_eq!(user.name.as_deref(), Some("Ada"));
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

    /// A struct without fields reads any object.
    #[derive(Debug, PartialEq)]
    struct Empty {}

    impl<'de> Deserialize<'de> for Empty {
        fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
            let () = object(input, "Empty", &[], ())?;
            Ok(Empty {})
        }
    }

    #[test]
    fn a_struct_without_fields_skips_every_name() {
        let empty: Empty = serde_json::from_str(r#"{"a":[1,{"b":2}],"c":null}"#).unwrap();
        assert_eq!(empty, Empty {});
        assert!(serde_json::from_str::<Empty>("[]").is_err());
    }

    /// Fourteen fields, as the generator nests them past twelve: a tuple of two tuples.
    #[derive(Debug, PartialEq)]
    struct Wide {
        values: [u8; 13],
        last: String,
    }

    const WIDE: &[&str] = &[
        "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "last",
    ];

    impl<'de> Deserialize<'de> for Wide {
        fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
            let byte = || Required::<u8>::NEW;
            let slots = (
                (
                    byte(),
                    byte(),
                    byte(),
                    byte(),
                    byte(),
                    byte(),
                    byte(),
                    byte(),
                    byte(),
                    byte(),
                    byte(),
                    byte(),
                ),
                (byte(), Required::<String>::NEW),
            );
            let ((f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11), (f12, last)) =
                object(input, "Wide", WIDE, slots)?;
            let values = [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12];
            Ok(Wide { values, last })
        }
    }

    #[test]
    fn nested_slots_take_the_names_in_order() {
        let mut json: String = (0..13).map(|i| format!(r#""f{i}":{i},"#)).collect();
        json = format!(r#"{{"other":[1],{json}"last":"end"}}"#);
        let wide: Wide = serde_json::from_str(&json).unwrap();
        let values: Vec<u8> = (0..13).collect();
        assert_eq!(wide.values.to_vec(), values);
        assert_eq!(wide.last, "end");
        let missing = json.replace(r#""f12":12,"#, "");
        let error = serde_json::from_str::<Wide>(&missing).unwrap_err();
        assert!(
            error.to_string().starts_with("missing field `f12`"),
            "{error}"
        );
        let missing = json.replace(r#","last":"end""#, "");
        let error = serde_json::from_str::<Wide>(&missing).unwrap_err();
        assert!(
            error.to_string().starts_with("missing field `last`"),
            "{error}"
        );
    }

    #[test]
    fn a_name_that_is_not_text_is_refused() {
        assert!(serde_json::from_str::<Key<'_>>("12").is_err());
    }
}

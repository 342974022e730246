//! What the models' `Deserialize` impls share: the name of an object's field.
//!
//! The generator writes each struct's `Deserialize` itself instead of deriving it: one
//! `visit_map` that matches each field name, no field enum and no `visit_seq` (a JSON object
//! is never an array). It type-checks in about half the time of serde's derive, which was most
//! of the cost of checking a generated crate.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, Error, Visitor};

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

#[cfg(test)]
mod tests {
    use super::Key;
    use std::borrow::Cow;

    #[test]
    fn a_plain_name_is_borrowed_and_an_escaped_one_owned() {
        let plain: Key<'_> = serde_json::from_str(r#""userId""#).unwrap();
        assert!(matches!(plain.0, Cow::Borrowed("userId")));
        let escaped: Key<'_> = serde_json::from_str(r#""user\u0049d""#).unwrap();
        assert!(matches!(&escaped.0, Cow::Owned(name) if name == "userId"));
        assert_eq!(escaped.as_str(), "userId");
    }

    #[test]
    fn a_name_that_is_not_text_is_refused() {
        assert!(serde_json::from_str::<Key<'_>>("12").is_err());
    }
}

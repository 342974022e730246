//! The slot of an optional nullable field in the models' `Deserialize` impls (see
//! [`super::de`]).

use serde::de::{Deserialize, Error, MapAccess};

use super::de::Fields;

/// An optional nullable field (`T` is `Option<_>`): `None` if it never came, `Some(None)` if
/// it came as `null`.
pub struct Nullable<T>(Option<T>);

impl<T> Nullable<T> {
    /// The slot, empty.
    pub const NEW: Self = Self(None);
}

impl<'de, T: Deserialize<'de>> Fields<'de> for Nullable<T> {
    const LEN: usize = 1;
    type Output = Option<T>;

    fn put<A: MapAccess<'de>>(&mut self, _: usize, map: &mut A) -> Result<(), A::Error> {
        self.0 = Some(map.next_value()?);
        Ok(())
    }

    fn finish<E: Error>(&mut self, _: &'static [&'static str]) -> Result<Option<T>, E> {
        Ok(self.0.take())
    }
}

#[cfg(test)]
mod tests {
    use super::super::de::{Required, object};
    use super::Nullable;
    use serde::{Deserialize, Deserializer};

    /// A required `id` and an optional nullable `note`.
    #[derive(Debug, PartialEq)]
    struct Note {
        id: u32,
        note: Option<Option<String>>,
    }

    impl<'de> Deserialize<'de> for Note {
        fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
            let slots = (Required::<u32>::NEW, Nullable::<Option<String>>::NEW);
            let (id, note) = object(input, "Note", &["id", "note"], slots)?;
            Ok(Note { id, note })
        }
    }

    #[test]
    fn absent_null_and_set_are_three_values() {
        let read = |json: &str| serde_json::from_str::<Note>(json).unwrap().note;
        assert_eq!(read(r#"{"id":1}"#), None);
        assert_eq!(read(r#"{"id":1,"note":null}"#), Some(None));
        assert_eq!(read(r#"{"id":1,"note":"hi"}"#), Some(Some("hi".into())));
    }
}

//! The slot of an optional nullable field in the models' `Deserialize` impls (see
//! [`super::de`]).

use serde::de::{Deserialize, Error, MapAccess};

use super::de::Fields;

/// An optional nullable field (`T` is `Option<_>`): `None` if it never came, `Some(None)` if
/// it came as `null`.
pub struct Nullable<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Fields<'de> for Nullable<T> {
    const LEN: usize = 1;
    const EMPTY: Self = Self(None);
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
    use super::super::de::{Model, Required, model};
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
            model(input, "Note", &["id", "note"])
        }
    }

    impl Model<'_> for Note {
        type Slots = (Required<u32>, Nullable<Option<String>>);

        fn from_fields((id, note): (u32, Option<Option<String>>)) -> Self {
            Note { id, note }
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

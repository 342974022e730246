//! Serde helper for a required field that may be `null`.

use serde::{Deserialize, Deserializer};

/// Reads a required field that may be `null`: unlike a plain `Option`, a missing field is an
/// error. Use with `#[serde(deserialize_with = "nullable::present")]`.
pub fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}

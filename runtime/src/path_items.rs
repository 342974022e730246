//! Array path parameters given as text.

use std::fmt;

use super::path::encode_path;

/// The items of an array path parameter as one path segment (`simple` style): each item
/// percent-encoded, the `,` between them kept as it is (as RFC 6570 expands a list).
pub fn encode_path_items<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|item| encode_path(&item.to_string()))
        .collect::<Vec<_>>()
        .join(",")
}

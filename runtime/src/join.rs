//! Array parameters sent as one delimited value.

use std::fmt;

/// The items of an array parameter as one value, `separator` between them.
pub fn join<T: fmt::Display>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

//! Path parameters that are not plain text.

use serde::Serialize;

use super::error::Error;
use super::path::encode_path;
use super::shape::{Shape, flatten};
use super::style::Style;

/// A path parameter that is not plain text, written from its JSON form in `style` (see
/// [`Style`]), percent-encoded.
pub fn path_shaped<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
) -> Result<String, Error> {
    let shape = Shape::of(name, value)?;
    let pieces = |items: &[String]| items.iter().map(|i| encode_path(i)).collect::<Vec<_>>();
    let pairs = |properties: &[(String, String)], sep: &str| {
        properties
            .iter()
            .map(|(p, v)| format!("{}={}", encode_path(p), encode_path(v)))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let name = encode_path(name);
    let explode = matches!(style, Style::LabelExploded | Style::MatrixExploded);
    Ok(match (style, shape) {
        (_, Shape::Absent) => String::new(),
        (Style::Label | Style::LabelExploded, shape) => match shape {
            Shape::Text(text) => format!(".{}", encode_path(&text)),
            Shape::List(items) => {
                format!(".{}", pieces(&items).join(if explode { "." } else { "," }))
            }
            Shape::Object(properties) if explode => format!(".{}", pairs(&properties, ".")),
            Shape::Object(properties) => format!(".{}", pieces(&flatten(properties)).join(",")),
            Shape::Absent => String::new(),
        },
        (Style::Matrix | Style::MatrixExploded, shape) => match shape {
            Shape::Text(text) if text.is_empty() => format!(";{name}"),
            Shape::Text(text) => format!(";{name}={}", encode_path(&text)),
            Shape::List(items) if explode => pieces(&items)
                .iter()
                .map(|item| format!(";{name}={item}"))
                .collect(),
            Shape::List(items) => format!(";{name}={}", pieces(&items).join(",")),
            Shape::Object(properties) if explode => format!(";{}", pairs(&properties, ";")),
            Shape::Object(properties) => {
                format!(";{name}={}", pieces(&flatten(properties)).join(","))
            }
            Shape::Absent => String::new(),
        },
        (_, shape) => shape
            .joined(style == Style::SimpleExploded, ",", encode_path)
            .unwrap_or_default(),
    })
}

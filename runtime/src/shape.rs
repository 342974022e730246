//! Parameters that are not plain text (objects, unions, free-form values): the value's JSON
//! form as a wire shape, which each parameter location that needs it writes in OpenAPI's
//! `style` and `explode` (see `style`) with its own method (`query_shaped`, `header_shaped`,
//! `cookie_shaped`, `path_shaped`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::Error;

/// The wire shape of a parameter value, from its JSON form.
pub(crate) enum Shape {
    /// `null`: nothing is sent.
    Absent,
    /// One text: a scalar, or the JSON text of a value with nested arrays or objects.
    Text(String),
    /// An array of scalars, `null` items left out.
    List(Vec<String>),
    /// An object of scalars, properties in order, `null` properties left out.
    Object(Vec<(String, String)>),
}

impl Shape {
    /// The shape of `value` (a parameter called `name`, for the error).
    pub(crate) fn of<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Shape, Error> {
        let invalid = |e: serde_json::Error| {
            Error::Config(format!("parameter `{name}` cannot be encoded: {e}"))
        };
        let json = serde_json::to_string(value).map_err(invalid)?;
        let node: Node = serde_json::from_str(&json).map_err(invalid)?;
        Ok(match node {
            Node::Null => Shape::Absent,
            Node::Scalar(text) => Shape::Text(text),
            Node::List(items) if items.iter().all(Node::is_flat) => {
                Shape::List(items.into_iter().filter_map(Node::into_text).collect())
            }
            Node::Object(properties) if properties.iter().all(|(_, v)| v.is_flat()) => {
                Shape::Object(
                    properties
                        .into_iter()
                        .filter_map(|(p, v)| Some((p, v.into_text()?)))
                        .collect(),
                )
            }
            Node::List(_) | Node::Object(_) => Shape::Text(json),
        })
    }

    /// The value as one text: items and, unless `pairs`, properties as `p, v, q, w`, joined by
    /// `separator`; with `pairs`, properties as `p=v`. Each piece passes through `encode`;
    /// `None` for `null`. This is the `simple` style (path, header; a cookie's value is the
    /// same in `form` without `explode`) and every query style that writes one value.
    pub(crate) fn joined(
        self,
        pairs: bool,
        separator: &str,
        encode: impl Fn(&str) -> String,
    ) -> Option<String> {
        Some(match self {
            Shape::Absent => return None,
            Shape::Text(text) => encode(&text),
            Shape::List(items) => items
                .iter()
                .map(|i| encode(i))
                .collect::<Vec<_>>()
                .join(separator),
            Shape::Object(properties) if pairs => properties
                .iter()
                .map(|(p, v)| format!("{}={}", encode(p), encode(v)))
                .collect::<Vec<_>>()
                .join(separator),
            Shape::Object(properties) => flatten(properties)
                .iter()
                .map(|piece| encode(piece))
                .collect::<Vec<_>>()
                .join(separator),
        })
    }
}

/// The properties of an object as `p, v, q, w`.
pub(crate) fn flatten(properties: Vec<(String, String)>) -> Vec<String> {
    properties.into_iter().flat_map(|(p, v)| [p, v]).collect()
}

/// A JSON value with its object properties in the order they were written.
enum Node {
    /// `null`.
    Null,
    /// A string, number or boolean, as its parameter text.
    Scalar(String),
    /// An array.
    List(Vec<Node>),
    /// An object.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// Whether the value is a scalar or `null` (an item or property a style can write).
    fn is_flat(&self) -> bool {
        matches!(self, Node::Null | Node::Scalar(_))
    }

    /// The text of a scalar; `None` for anything else.
    fn into_text(self) -> Option<String> {
        match self {
            Node::Scalar(text) => Some(text),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Reads any JSON value into a [`Node`].
struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_string()))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_string()))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_string()))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Scalar(
            serde_json::Number::from_f64(value)
                .map_or_else(|| value.to_string(), |n| n.to_string()),
        ))
    }
    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node::Scalar(value))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut properties = Vec::new();
        while let Some(entry) = map.next_entry::<String, Node>()? {
            properties.push(entry);
        }
        Ok(Node::Object(properties))
    }
}

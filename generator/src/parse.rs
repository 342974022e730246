//! Reading a spec file's bytes as a JSON tree: JSON or YAML (by extension, else by content),
//! with errors that give the line and column. Used by `load` for the spec and by `bundle` for
//! the files its `$ref`s point into.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::pointer::pointer_token;

/// Reads JSON or YAML bytes into a JSON tree (empty, binary and non-UTF-8 input refused).
pub(crate) fn parse_value(path: &Path, bytes: &[u8]) -> Result<Value> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    if is_json(path, text) {
        parse_json(path, text)
    } else {
        parse_yaml(path, text)
    }
}

fn is_json(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => true,
        Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => false,
        _ => text.trim_start().starts_with('{'),
    }
}

fn parse_json(path: &Path, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| Error::Syntax {
        path: path.to_path_buf(),
        format: "JSON",
        line: e.line(),
        column: e.column(),
        message: strip_location(&e.to_string()),
    })
}

fn parse_yaml(path: &Path, text: &str) -> Result<Value> {
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        Error::Syntax {
            path: path.to_path_buf(),
            format: "YAML",
            line,
            column,
            message: strip_location(&e.to_string()),
        }
    })?;
    yaml_to_json(yaml, "").map_err(|(pointer, message)| Error::spec(path, pointer, message))
}

/// Drops the " at line X column Y" suffix that the parsers add, since the error says it already.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Converts YAML to JSON. Mapping keys that are numbers or booleans (such as `200:` for a
/// response code) become strings, as OpenAPI means them.
fn yaml_to_json(
    value: serde_yaml_ng::Value,
    pointer: &str,
) -> std::result::Result<Value, (String, String)> {
    use serde_yaml_ng::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| {
                        (
                            crate::pointer::in_fragment(pointer),
                            format!("the number {n} cannot be represented in JSON"),
                        )
                    })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| yaml_to_json(v, &format!("{pointer}/{i}")))
                .collect::<std::result::Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    _ => {
                        return Err((
                            crate::pointer::in_fragment(pointer),
                            "a mapping key must be a string".to_string(),
                        ));
                    }
                };
                let child = format!("{pointer}/{}", pointer_token(&key));
                out.insert(key, yaml_to_json(v, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

//! Loading: reads a spec file (JSON or YAML), keeps the raw JSON tree for pointers, and
//! checks the OpenAPI version before typed parsing.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// A parsed spec: the raw tree (for JSON pointers and `$ref` resolution) and the typed document.
#[derive(Debug)]
pub struct Spec {
    /// The file the spec was read from.
    pub path: PathBuf,
    /// The document as plain JSON (`Null` from [`load_validated`], which frees it once it is
    /// checked).
    pub raw: Value,
    /// The typed OpenAPI 3.0 document.
    pub doc: openapiv3::OpenAPI,
    /// What loading was lenient about (a number where a string belongs), each with its pointer.
    pub warnings: Vec<String>,
}

/// Reads and parses a spec file.
pub fn load(path: &Path) -> Result<Spec> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    if path.is_dir() {
        return Err(read_err(std::io::Error::other(
            "it is a directory, not a file",
        )));
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    parse(path, &bytes)
}

/// Reads a spec file and applies `overlays` to it, in order, before anything else; an overlay
/// action that matches nothing is a warning of the spec, or with `strict` an error.
pub fn load_with(path: &Path, overlays: &[PathBuf], strict: bool) -> Result<Spec> {
    let (raw, warnings) = read_checked(path, overlays, strict)?;
    with_tree(path, raw, warnings)
}

/// [`load_with`], then [`crate::validate`], for a run that needs only the typed document: its
/// [`Spec::raw`] is `Null`. The tree is checked, printed and freed before the document is
/// typed, so that the two are never whole at once (on the largest specs, the peak of a run).
pub fn load_validated(path: &Path, overlays: &[PathBuf], strict: bool) -> Result<Spec> {
    let (raw, warnings) = read_checked(path, overlays, strict)?;
    crate::validate::validate_tree(path, &raw)?;
    let text = serde_json::to_string(&raw).map_err(|e| Error::spec(path, "#", e.to_string()))?;
    drop(raw);
    let doc = match serde_json::from_str::<openapiv3::OpenAPI>(&text) {
        Ok(doc) => doc,
        // The error is found again, from the tree read back, to say where it is.
        Err(_) => {
            let raw =
                serde_json::from_str(&text).map_err(|e| Error::spec(path, "#", e.to_string()))?;
            drop(text);
            typed(path, &raw)?
        }
    };
    Ok(Spec {
        path: path.to_path_buf(),
        raw: Value::Null,
        doc,
        warnings,
    })
}

/// The spec file read, its overlays applied and its tree checked: the tree, with what loading
/// was lenient about.
fn read_checked(path: &Path, overlays: &[PathBuf], strict: bool) -> Result<(Value, Vec<String>)> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    if path.is_dir() {
        return Err(read_err(std::io::Error::other(
            "it is a directory, not a file",
        )));
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    let mut raw = crate::parse::parse_value(path, &bytes)?;
    // The text is not needed once parsed: freed before the spec is typed, the peak of a run.
    drop(bytes);
    let mut warnings = Vec::new();
    for overlay in overlays {
        warnings.extend(crate::overlay::apply_file(&mut raw, overlay, strict)?);
    }
    warnings.extend(checked(path, &mut raw)?);
    Ok((raw, warnings))
}

/// Parses spec bytes; `path` is used for messages and to choose the format by extension.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Spec> {
    let mut raw = crate::parse::parse_value(path, bytes)?;
    let warnings = checked(path, &mut raw)?;
    with_tree(path, raw, warnings)
}

/// The spec of a checked tree, typed, the tree kept.
fn with_tree(path: &Path, raw: Value, warnings: Vec<String>) -> Result<Spec> {
    let doc = typed(path, &raw)?;
    Ok(Spec {
        path: path.to_path_buf(),
        raw,
        doc,
        warnings,
    })
}

/// Checks a tree already read into JSON and brings it to the form that is typed: external
/// `$ref`s bundled, 3.1 rewritten to 3.0, scalars where text belongs made text (the warnings
/// returned), and its shape checked.
fn checked(path: &Path, raw: &mut Value) -> Result<Vec<String>> {
    let version = check_version(path, raw)?;
    crate::bundle::bundle(path, raw)?;
    if version == Version::V31 {
        normalize_31(raw);
    }
    let warnings = crate::lenient::stringify_scalars(raw);
    if let Some((pointer, message)) = crate::shape::check(raw) {
        return Err(Error::spec(path, pointer, message));
    }
    Ok(warnings)
}

/// The typed document of a checked tree.
fn typed(path: &Path, raw: &Value) -> Result<openapiv3::OpenAPI> {
    from_tree(raw).map_err(|(pointer, message)| Error::spec(path, pointer, message))
}

/// A part of a spec typed from its tree, or where and why it does not fit: the pointer (below
/// the tree's root, `#`) and the message.
///
/// openapiv3's types read a tree slowly: their untagged enums and flattened maps buffer each
/// part, and from a borrowed tree every buffered string is copied. Printed to compact JSON and
/// read back, the same tree types about three times as fast into the same value: the text
/// holds exactly the tree's keys, order and numbers. Only when that fails is the tree read
/// again, tracking the path, so that the error names where.
pub(crate) fn from_tree<T: serde::de::DeserializeOwned>(
    raw: &Value,
) -> std::result::Result<T, (String, String)> {
    let fast = serde_json::to_string(raw)
        .ok()
        .and_then(|text| serde_json::from_str::<T>(&text).ok());
    if let Some(typed) = fast {
        return Ok(typed);
    }
    serde_path_to_error::deserialize::<_, T>(raw).map_err(|e| {
        (
            crate::pointer::from_serde_path(e.path()),
            e.inner().to_string(),
        )
    })
}

/// The OpenAPI versions the loader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V30,
    /// 3.1, whose common forms are rewritten to their 3.0 equivalents before parsing.
    V31,
}

fn check_version(path: &Path, raw: &Value) -> Result<Version> {
    let err = |pointer: &str, message: String| Error::spec(path, pointer, message);
    let Some(root) = raw.as_object() else {
        return Err(err("#", "the document must be a JSON/YAML object".into()));
    };
    if let Some(v) = root.get("swagger") {
        return Err(err(
            "#/swagger",
            format!(
                "Swagger {} documents are not supported; convert to OpenAPI 3.0 first",
                show(v)
            ),
        ));
    }
    match root.get("openapi") {
        None => Err(err(
            "#",
            "missing the required field `openapi` (the OpenAPI version)".into(),
        )),
        Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Ok(Version::V30),
        Some(Value::String(v)) if v.starts_with("3.1.") || v == "3.1" => Ok(Version::V31),
        Some(v) => Err(err(
            "#/openapi",
            format!(
                "unsupported OpenAPI version {}; 3.0.x and 3.1.x are supported",
                show(v)
            ),
        )),
    }
}

/// Rewrites the common OpenAPI 3.1 forms into OpenAPI 3.0 ones, in place: `type: [T, "null"]`
/// becomes `type: T` with `nullable: true` (several non-null types become a `oneOf`), a
/// `oneOf`/`anyOf` alternative `{type: "null"}` becomes `nullable: true`, `const`
/// becomes a one-value `enum`, a schema's `examples` array gives its first value as `example`,
/// numeric `exclusiveMinimum`/`exclusiveMaximum` become `minimum`/`maximum` with the boolean
/// form, and `paths` becomes optional. 3.1-only top-level fields (`webhooks`,
/// `jsonSchemaDialect`) are dropped.
fn normalize_31(raw: &mut Value) {
    if let Some(root) = raw.as_object_mut() {
        root.insert("openapi".to_string(), Value::from("3.0.3"));
        // 3.0 has no `webhooks`; its deliveries move to `x-webhooks`, where 3.0 documents keep
        // them (GitHub's does), unless the document has both.
        if let Some(webhooks) = root.remove("webhooks")
            && !root.contains_key("x-webhooks")
        {
            root.insert("x-webhooks".to_string(), webhooks);
        }
        root.remove("jsonSchemaDialect");
        root.entry("paths")
            .or_insert_with(|| Value::Object(Default::default()));
    }
    normalize_node(raw);
}

fn normalize_node(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get("type").cloned() {
                let nullable = types.iter().any(|t| t == "null");
                let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
                map.remove("type");
                match others.len() {
                    0 => {}
                    1 => {
                        map.insert("type".to_string(), others[0].clone());
                    }
                    _ => {
                        let alternatives = others
                            .into_iter()
                            .map(|t| Value::Object([("type".to_string(), t)].into_iter().collect()))
                            .collect();
                        map.insert("oneOf".to_string(), Value::Array(alternatives));
                    }
                }
                if nullable {
                    map.insert("nullable".to_string(), Value::Bool(true));
                }
            }
            if map.get("type").and_then(Value::as_str) == Some("null") {
                map.remove("type");
                map.insert("nullable".to_string(), Value::Bool(true));
            }
            for keyword in ["oneOf", "anyOf"] {
                let Some(Value::Array(alternatives)) = map.get(keyword) else {
                    continue;
                };
                let is_null = |v: &Value| {
                    v.get("type").and_then(Value::as_str) == Some("null")
                        || v.get("type")
                            .and_then(Value::as_array)
                            .is_some_and(|t| t.len() == 1 && t[0] == "null")
                };
                if !alternatives.iter().any(is_null) {
                    continue;
                }
                let rest: Vec<Value> = alternatives
                    .iter()
                    .filter(|v| !is_null(v))
                    .cloned()
                    .collect();
                map.remove(keyword);
                map.insert("nullable".to_string(), Value::Bool(true));
                match rest.len() {
                    0 => {}
                    1 => {
                        map.insert("allOf".to_string(), Value::Array(rest));
                    }
                    _ => {
                        map.insert(keyword.to_string(), Value::Array(rest));
                    }
                }
            }
            if let Some(constant) = map.remove("const") {
                let inferred = match &constant {
                    Value::String(_) => Some("string"),
                    Value::Bool(_) => Some("boolean"),
                    Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
                    Value::Number(_) => Some("number"),
                    _ => None,
                };
                if let Some(ty) = inferred {
                    map.entry("type").or_insert_with(|| Value::from(ty));
                }
                map.insert("enum".to_string(), Value::Array(vec![constant]));
            }
            let first_example = match map.get("examples") {
                Some(Value::Array(examples)) => Some(examples.first().cloned()),
                _ => None,
            };
            if let Some(first) = first_example {
                map.remove("examples");
                if let Some(first) = first {
                    map.entry("example").or_insert(first);
                }
            }
            for (exclusive, bound) in [
                ("exclusiveMinimum", "minimum"),
                ("exclusiveMaximum", "maximum"),
            ] {
                if let Some(n @ Value::Number(_)) = map.get(exclusive).cloned() {
                    map.insert(bound.to_string(), n);
                    map.insert(exclusive.to_string(), Value::Bool(true));
                }
            }
            for child in map.values_mut() {
                normalize_node(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_node),
        _ => {}
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

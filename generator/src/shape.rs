//! Shape checks of schemas in the raw JSON tree, before the typed parse. The typed parser
//! (`openapiv3`, built on untagged enums) retries every alternative at every level when
//! something deep inside a schema is wrong, which takes time exponential in the nesting depth,
//! and its error then names only the outer schema. These checks find the common mistakes first
//! and name their exact JSON pointer; nesting deeper than [`MAX_SCHEMA_DEPTH`] is refused.

use serde_json::Value;

use crate::error::is_data_key;
use crate::pointer::{percent_decoded, pointer_token, push_index, push_token};

/// Schemas nested deeper than this are refused (real specs stay far below it).
pub const MAX_SCHEMA_DEPTH: usize = 24;

const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// The first shape problem in the document: its JSON pointer and what is wrong.
pub fn check(raw: &Value) -> Option<(String, String)> {
    let mut pointer = String::from("#");
    walk(raw, Ctx::Normal, 0, &mut pointer)
}

/// What a value of an OpenAPI document holds, as far as schemas go. One map of where schemas
/// are, shared by these checks and by bundling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ctx {
    /// Not a schema (the document, a path item, a media type, ...).
    Normal,
    /// A schema.
    Schema,
    /// A map whose values are schemas (`schemas`, `properties`, `definitions`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
}

impl Ctx {
    /// What the member `key` (holding `child`) of an object in this context holds; `None` when
    /// it holds no schema anywhere inside (data such as examples, or a schema's other keywords).
    pub(crate) fn member(self, key: &str, child: &Value) -> Option<Ctx> {
        match self {
            Ctx::SchemaMap => Some(Ctx::Schema),
            Ctx::Schema => match key {
                "items" | "not" => Some(Ctx::Schema),
                "additionalProperties" if child.is_object() => Some(Ctx::Schema),
                "properties" | "definitions" => Some(Ctx::SchemaMap),
                "allOf" | "oneOf" | "anyOf" => Some(Ctx::SchemaList),
                _ => None,
            },
            Ctx::Normal | Ctx::SchemaList => match key {
                _ if is_data_key(key) => None,
                "schema" => Some(Ctx::Schema),
                "schemas" => Some(Ctx::SchemaMap),
                _ => Some(Ctx::Normal),
            },
        }
    }

    /// What an element of an array in this context holds.
    pub(crate) fn element(self) -> Ctx {
        match self {
            Ctx::SchemaList => Ctx::Schema,
            _ => Ctx::Normal,
        }
    }
}

/// The value a local JSON pointer (`#/…`, RFC 6901) lands on in the document `raw`, and
/// whether it sits where a schema goes. A pointer that finds nothing as written is tried again
/// with its URI percent-escapes decoded (`~1pets~1%7Bid%7D`).
pub(crate) fn lookup<'v>(raw: &'v Value, pointer: &str) -> Option<(&'v Value, bool)> {
    let fragment = pointer.strip_prefix('#')?;
    find(raw, fragment).or_else(|| find(raw, &percent_decoded(fragment)?))
}

fn find<'v>(raw: &'v Value, fragment: &str) -> Option<(&'v Value, bool)> {
    let mut value = raw;
    let mut ctx = Some(Ctx::Normal);
    if fragment.is_empty() {
        return Some((value, false));
    }
    for token in fragment.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        match value {
            Value::Object(map) => {
                let child = map.get(&token)?;
                ctx = ctx.and_then(|c| c.member(&token, child));
                value = child;
            }
            Value::Array(items) => {
                let canonical = token == "0" || !token.starts_with('0');
                if !canonical || !token.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                value = items.get(token.parse::<usize>().ok()?)?;
                ctx = ctx.map(Ctx::element);
            }
            _ => return None,
        }
    }
    Some((value, ctx == Some(Ctx::Schema)))
}

fn walk(value: &Value, ctx: Ctx, depth: usize, pointer: &mut String) -> Option<(String, String)> {
    let problem = |pointer: &str, message: String| Some((pointer.to_string(), message));
    match ctx {
        Ctx::Schema => {
            let Some(map) = value.as_object() else {
                return problem(
                    pointer,
                    format!("a schema must be an object, not {}", kind(value)),
                );
            };
            if depth > MAX_SCHEMA_DEPTH {
                return problem(
                    pointer,
                    format!(
                        "schemas nested deeper than {MAX_SCHEMA_DEPTH} levels are not supported"
                    ),
                );
            }
            if map.contains_key("$ref") {
                if !map.get("$ref").is_some_and(Value::is_string) {
                    return problem(&format!("{pointer}/$ref"), "`$ref` must be a string".into());
                }
                return None;
            }
            if let Some(found) = check_keywords(map, pointer) {
                return Some(found);
            }
        }
        Ctx::SchemaMap => {
            if !value.is_object() {
                return problem(
                    pointer,
                    format!("expected a map of schemas, not {}", kind(value)),
                );
            }
        }
        Ctx::SchemaList => {
            if !value.is_array() {
                return problem(
                    pointer,
                    format!("expected a list of schemas, not {}", kind(value)),
                );
            }
        }
        Ctx::Normal => {}
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let Some(child_ctx) = ctx.member(key, child) else {
                    continue;
                };
                let child_depth = match child_ctx {
                    Ctx::Schema => depth + 1,
                    _ => depth,
                };
                let len = pointer.len();
                push_token(pointer, key);
                let found = walk(child, child_ctx, child_depth, pointer);
                pointer.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                push_index(pointer, i);
                let found = walk(child, ctx.element(), depth, pointer);
                pointer.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
        }
        _ => {}
    }
    None
}

/// The types of a schema's common keywords.
fn check_keywords(map: &serde_json::Map<String, Value>, pointer: &str) -> Option<(String, String)> {
    let at = |key: &str| format!("{pointer}/{}", pointer_token(key));
    for (key, value) in map {
        let wrong = match key.as_str() {
            "type" => match value.as_str() {
                Some(t) if TYPES.contains(&t) => None,
                Some(t) => Some(format!(
                    "unknown type `{t}`; expected one of {}",
                    TYPES.join(", ")
                )),
                None => Some(format!("`type` must be a string, not {}", kind(value))),
            },
            "required" => match value.as_array() {
                Some(items) if items.iter().all(Value::is_string) => None,
                _ => Some("`required` must be a list of property names".to_string()),
            },
            "enum" => (!value.is_array()).then(|| "`enum` must be a list".to_string()),
            "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems" => {
                (!value.is_boolean()).then(|| format!("`{key}` must be true or false"))
            }
            "additionalProperties" => (!value.is_boolean() && !value.is_object())
                .then(|| "`additionalProperties` must be true, false or a schema".to_string()),
            "format" | "pattern" | "title" | "description" => {
                (!value.is_string()).then(|| format!("`{key}` must be a string"))
            }
            "minimum" | "maximum" | "multipleOf" => {
                (!value.is_number()).then(|| format!("`{key}` must be a number"))
            }
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" => (value.as_u64().is_none())
                .then(|| format!("`{key}` must be a non-negative integer")),
            "discriminator" => match value.get("propertyName") {
                Some(Value::String(_)) => None,
                _ => Some("`discriminator` needs a string `propertyName`".to_string()),
            },
            _ => None,
        };
        if let Some(message) = wrong {
            return Some((at(key), message));
        }
    }
    None
}

/// What a JSON value is, for messages (`a list`, `an object`).
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize, leaf: Value) -> Value {
        let mut schema = leaf;
        for _ in 0..depth {
            schema = serde_json::json!({"type": "array", "items": schema});
        }
        serde_json::json!({"openapi": "3.0.3", "components": {"schemas": {"A": schema}}})
    }

    #[test]
    fn a_boolean_schema_is_named_exactly() {
        let (pointer, message) = check(&nested(3, Value::Bool(true))).expect("a problem");
        assert_eq!(pointer, "#/components/schemas/A/items/items/items");
        assert!(message.contains("must be an object"), "{message}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let (_, message) =
            check(&nested(40, serde_json::json!({"type": "string"}))).expect("a problem");
        assert!(message.contains("nested deeper"), "{message}");
        assert!(check(&nested(10, serde_json::json!({"type": "string"}))).is_none());
    }

    #[test]
    fn lookup_tells_schemas_from_other_values() {
        let doc = serde_json::json!({
            "components": {"schemas": {"Pet": {"type": "object", "required": ["a"],
                "properties": {"a": {"type": "array", "items": {"type": "string"}}},
                "additionalProperties": {"type": "integer"},
                "allOf": [{"type": "object"}], "example": {"a": ["x"]}}}},
            "paths": {"/p/{id}": {"get": {"responses": {"200": {"content": {
                "application/json": {"schema": {"oneOf": [{"type": "string"}]}}}}}}}}
        });
        let schema = |p: &str| lookup(&doc, p).map(|(_, is_schema)| is_schema);
        assert_eq!(schema("#/components/schemas/Pet"), Some(true));
        assert_eq!(
            schema("#/components/schemas/Pet/properties/a/items"),
            Some(true)
        );
        assert_eq!(
            schema("#/components/schemas/Pet/additionalProperties"),
            Some(true)
        );
        assert_eq!(schema("#/components/schemas/Pet/allOf/0"), Some(true));
        assert_eq!(schema("#/components/schemas/Pet/required"), Some(false));
        assert_eq!(schema("#/components/schemas/Pet/properties"), Some(false));
        assert_eq!(schema("#/components/schemas/Pet/example/a"), Some(false));
        assert_eq!(schema("#/components/schemas/Pet/allOf/00"), None);
        assert_eq!(schema("#/components/schemas/Pet/properties/b"), None);
        assert_eq!(schema("#"), Some(false));
        let response = "#/paths/~1p~1{id}/get/responses/200/content/application~1json/schema";
        assert_eq!(schema(&format!("{response}/oneOf/0")), Some(true));
        let encoded = response.replace('{', "%7B").replace('}', "%7D");
        assert_eq!(schema(&format!("{encoded}/oneOf/0")), Some(true));
    }

    #[test]
    fn keyword_types_are_checked() {
        let doc = serde_json::json!({"components": {"schemas": {"A": {"type": "object",
            "properties": {"b": {"type": "strin"}}}}}});
        let (pointer, message) = check(&doc).expect("a problem");
        assert_eq!(pointer, "#/components/schemas/A/properties/b/type");
        assert!(message.contains("unknown type `strin`"), "{message}");
    }
}
